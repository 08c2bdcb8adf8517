# Welcome to Terakoya! Press A or B on the board (keys A and B), or shake it (key S).
from microbit import *

display.scroll("Hi!")
while True:
    if button_a.was_pressed():
        display.show(Image.HAPPY)
    if button_b.was_pressed():
        display.show(Image.HEART)
    if accelerometer.was_gesture("shake"):
        display.show(Image.SURPRISED)
    sleep(50)
