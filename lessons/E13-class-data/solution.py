# クラスのデータを集めよう (E13) / Collect the class's data
# どのボードも同じプログラムです。はじめに「?」が出たら、
#   答える人は A、集める人（先生）は B をおします。
# Every board runs this program. At "?", press A to answer, B to collect (teacher).
# 答える人: A で数をえらび (0-9)、B で送る / Answer: A chooses a number (0-9), B sends it
# 集める人: A で結果（数ごとの人数と最頻値）、B で次の質問
# Collector: A shows the result (counts and the mode), B starts the next question
from microbit import *
import machine
import radio

radio.config(group=13, queue=30)  # 30 人ぶん待てる / up to 30 messages can wait
radio.on()

# このボードの名前（ボードごとにちがう） / this board's own name (different on every board)
my_id = ""
for byte in machine.unique_id():
    my_id = my_id + "%02x" % byte

# 1. 役をえらぶ / choose this board's job
display.show("?")
role = ""
while role == "":
    if button_a.was_pressed():
        role = "answer"
    elif button_b.was_pressed():
        role = "collect"
    sleep(20)

# 2a. 答える人 / answering
if role == "answer":
    number = 0
    display.show(number)
    while True:
        if button_a.was_pressed():
            number = (number + 1) % 10
            display.show(number)
        if button_b.was_pressed():
            for i in range(3):  # 電波はとどかないことがあるので 3 回送る / radio can miss: send 3 times
                radio.send("v," + my_id + "," + str(number))
                sleep(30)
            display.show(Image.YES)
            sleep(500)
            display.show(number)
        sleep(20)

# 2b. 集める人 / collecting
counts = [0] * 10   # counts[3] は「3」と答えた人数 / how many answered 3
voted = []          # もう答えたボードの名前 / boards that have answered
display.show(0)
while True:
    message = radio.receive()
    if message:
        parts = message.split(",")
        if len(parts) == 3 and parts[0] == "v" and parts[1] not in voted:
            voted.append(parts[1])      # 同じボードの 2 回目からは数えない / count a board once
            counts[int(parts[2])] += 1
            print("votes:", len(voted))
            display.show(len(voted), wait=False)  # 答えた人数 / how many have answered
    if button_a.was_pressed():
        top = max(counts)
        modes = [n for n in range(10) if counts[n] == top and top > 0]
        print("counts:", counts)
        print("mode:", " ".join([str(n) for n in modes]))
        for n in modes:
            display.show(n)
            sleep(1000)
        display.show(Image.YES)
    if button_b.was_pressed():
        counts = [0] * 10
        voted = []
        print("new question")
        display.show(0)
    sleep(10)
