# まちの見守り (E10) はじめのプログラム / Town watch-over: starter
# 家の micro:bit です。ゆれを感じたら「genki」と電波で送ります。
# This is the HOME board: when it feels a shake, it sends "genki" by radio.
# ほかにどんな「生活のサイン」を使えるか、考えて書き足しましょう。
# What other signs of everyday life could it use? Add them.
from microbit import *
import radio

radio.config(group=31)
radio.on()
display.show(Image.HOUSE)

while True:
    if accelerometer.was_gesture("shake"):
        radio.send("genki")
        display.show(Image.HEART)
        sleep(1000)
        display.show(Image.HOUSE)
    sleep(50)
