# Buzz timer (S07, starter) / ぶるぶるタイマー
# This timer BEEPS when the time is up. Someone who cannot hear it will not notice.
#   Button A: one more minute (1 to 10, then 1 again).
#   Button B: start.
# Your job (see your steps): no sound at all; a vibration motor on pin 1 instead,
#      a buzz for each press, the logo to feel the number, and long buzzes until you press.
from microbit import *
import music

minutes = 1


def show(number):
    display.show(number if number < 10 else Image.HEART)   # 10 minutes: a heart


show(minutes)
while True:
    if button_a.was_pressed():
        minutes = minutes % 10 + 1
        show(minutes)
    if button_b.was_pressed():
        display.show(Image.ARROW_S)
        sleep(minutes * 60000)
        display.show(Image.YES)
        while not (button_a.was_pressed() or button_b.was_pressed()):
            music.play(music.BA_DING)
            sleep(1000)
        show(minutes)
    sleep(50)
