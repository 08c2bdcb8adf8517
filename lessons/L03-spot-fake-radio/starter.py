# L03 なりすまし無線を見やぶろう / Spot a fake radio message (starter)
# 2 台に同じプログラムを入れます。はじめに「?」が出たら、
#   A を押す → 家のボード（A かゆらすと「genki」を送る）
#   B を押す → 見守るボード（「genki」が来たら 2 秒にこにこ顔）
# Put this same program on both boards. At the "?":
#   A -> the HOME board (A or a shake sends "genki")
#   B -> the WATCHER board (a smile for 2 seconds when "genki" comes)
# このままでは、見守るボードはだれの「genki」でも信じてしまいます。
# As it is, the watcher believes a "genki" from anyone.
from microbit import *
import radio

WAITING = Image("00000:00000:00900:00000:00000")

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
    while True:
        if button_a.was_pressed() or accelerometer.was_gesture("shake"):
            radio.send("genki")
            print("sent genki")
            display.show(Image.HEART)
            sleep(500)
            display.show(Image.HOUSE)
        sleep(50)

display.show(WAITING)
while True:
    message = radio.receive()
    if message == "genki":
        print("genki!")
        display.show(Image.HAPPY)
        sleep(2000)
        display.show(WAITING)
    sleep(20)
