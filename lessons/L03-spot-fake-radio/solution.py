# L03 なりすまし無線を見やぶろう / Spot a fake radio message (solution)
# 2 台に同じプログラムを入れます。はじめに「?」が出たら、
#   A を押す → 家のボード（A かゆらすと「genki」を送る）
#   B を押す → 見守るボード（本物の「genki」なら 2 秒にこにこ顔）
# Put this same program on both boards. At the "?":
#   A -> the HOME board (A or a shake sends "genki")
#   B -> the WATCHER board (a smile for 2 seconds for a real "genki")
# 家のボードは "genki:番号:合言葉の計算" を送ります。見守るボードは
#   1) 番号が前より大きい（録音して送り直したものではない）
#   2) 合言葉の計算が合う（合言葉を知らない人がつくったものではない）
# ときだけ信じます。
# The home board sends "genki:number:code". The watcher believes it only if
#   1) the number is bigger than the last one (not a recording sent again), and
#   2) the code matches (nobody without the secret made it up or changed it).
from microbit import *
import radio

SECRET = "tanuki-42"  # 2 台だけの合言葉。班ごとにかえる / the pair's secret: each group its own
WAITING = Image("00000:00000:00900:00000:00000")


def make_code(number):
    """A number worked out from the secret and the message number."""
    code = 7
    for letter in SECRET + str(number):
        code = (code * 31 + ord(letter)) % 10007
    return code


def is_real(message, last):
    """The message's number if it is a real, new "genki", else 0."""
    parts = message.split(":")
    if len(parts) != 3 or parts[0] != "genki":
        return 0
    try:
        number = int(parts[1])
        code = int(parts[2])
    except ValueError:
        return 0
    if number <= last or code != make_code(number):
        return 0
    return number


radio.config(group=31)
radio.on()

display.show("?")
role = ""
while role == "":
    if button_a.was_pressed():
        role = "home"
    elif button_b.was_pressed():
        role = "watcher"
    sleep(20)

if role == "home":
    display.show(Image.HOUSE)
    count = 0
    while True:
        if button_a.was_pressed() or accelerometer.was_gesture("shake"):
            count += 1
            radio.send("genki:" + str(count) + ":" + str(make_code(count)))
            print("sent genki", count)
            display.show(Image.HEART)
            sleep(500)
            display.show(Image.HOUSE)
        sleep(50)

display.show(WAITING)
last = 0
while True:
    try:
        message = radio.receive()
    except ValueError:  # a packet that is not text: not ours either
        message = "?"
    if message:
        number = is_real(message, last)
        if number:
            last = number
            print("genki!", number)
            display.show(Image.HAPPY)
            sleep(2000)
        else:
            print("fake?", message)
            display.show(Image.NO)
            sleep(1000)
        display.show(WAITING)
    sleep(20)
