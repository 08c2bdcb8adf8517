# ふってサイコロ (Shake dice) - starter, written for a micro:bit
# Button A rolls the dice and shows the number. It clicks through the micro:bit's speaker.
# Your tasks: roll when the board is shaken; show dots like a real dice, not a digit;
# and make it run on the ATOM Matrix too (try it: what happens there, and why?).
from microbit import *
import music
import random

rolls = 0
display.show(Image.DIAMOND_SMALL)
while True:
    if button_a.was_pressed():
        music.pitch(880, 60)
        number = random.randint(1, 6)
        display.show(number)
        rolls += 1
        print("roll", rolls, ":", number)
    sleep(20)
