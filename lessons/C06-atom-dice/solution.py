# ふってサイコロ (Shake dice) - one program for the micro:bit and the M5Stack ATOM Matrix
# (on the ATOM, microbit.py from Terakoya's firmware/atom_matrix goes beside it).
# Shake to roll: the dice shows 1 to 6 dots, as a real dice does. Button A: how many rolls.
from microbit import *
import random

try:
    import music          # the micro:bit has a speaker...
    SPEAKER = True
except ImportError:
    SPEAKER = False       # ...the ATOM Matrix has none: roll in silence

FACES = [
    Image("00000:00000:00900:00000:00000"),
    Image("90000:00000:00000:00000:00009"),
    Image("90000:00000:00900:00000:00009"),
    Image("90009:00000:00000:00000:90009"),
    Image("90009:00000:00900:00000:90009"),
    Image("90009:00000:90009:00000:90009"),
]

rolls = 0
face = Image.DIAMOND_SMALL
display.show(face)
while True:
    if accelerometer.was_gesture("shake"):
        display.show(Image.DIAMOND)           # rolling...
        if SPEAKER:
            music.pitch(880, 60)
        sleep(300)
        number = random.randint(1, 6)
        face = FACES[number - 1]
        display.show(face)
        rolls += 1
        print("roll", rolls, ":", number)
    if button_a.was_pressed():
        display.scroll(str(rolls))
        display.show(face)
    sleep(20)
