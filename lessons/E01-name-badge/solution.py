# Name and feelings badge / なまえと きもちの バッジ
# Button A: my name scrolls across the LEDs.
# Button B: the next feeling face.
from microbit import *

name = 'HANA'    # your name in roman letters / ローマ字で じぶんの なまえ
feelings = [Image.HAPPY, Image.SURPRISED, Image.SAD, Image.ASLEEP, Image.HEART]
now = 0          # which feeling is showing / いま どの きもちか

display.scroll(name)
display.show(feelings[now])

while True:
    if button_a.was_pressed():
        display.scroll(name)
        display.show(feelings[now])
    if button_b.was_pressed():
        now = now + 1
        if now == len(feelings):
            now = 0
        display.show(feelings[now])
    sleep(100)
