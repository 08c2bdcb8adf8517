# とうひょうマシン (E09) はじめのプログラム / Radio voting machine: starter
# A ボタンで「A」を電波(でんぱ)で送ります。B ボタンも作りましょう。
# Button A sends "A" by radio. Add button B the same way.
from microbit import *
import radio

radio.config(group=12)  # グループ番号はクラブ全員で同じにします / everyone uses the same group
radio.on()
display.show(Image.DIAMOND_SMALL)

while True:
    if button_a.was_pressed():
        radio.send("A")
        display.show(Image.YES)
    # ここに B ボタンのときを書きます / write what button B does here
    sleep(20)
