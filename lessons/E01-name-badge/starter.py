# Name and feelings badge / なまえと きもちの バッジ
# Step 1: change HANA to your own name (roman letters).
# Step 2: make button B show a feeling face.
from microbit import *

name = 'HANA'    # your name in roman letters / ローマ字で じぶんの なまえ

display.scroll(name)
display.show(Image.HAPPY)

while True:
    if button_a.was_pressed():
        display.scroll(name)
        display.show(Image.HAPPY)
    # button B: write your code here / ボタンB: ここに かこう
    sleep(100)
