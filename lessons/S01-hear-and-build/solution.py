# Hear-and-build sound program (S01)
# Everything this program does can be heard, so it can be used and checked by ear.
#   At the start: the board says "ready".
#   Button A (left):  a happy sound.
#   Button B (right): our own three-note tune, played twice.
#   Touch the logo (top middle): the board tells you what the buttons do.
from microbit import *
import music
import speech

TUNE = ["C4:4", "E4:4", "G4:8"]

speech.say("ready")

while True:
    if button_a.was_pressed():
        audio.play(Sound.HAPPY)
    if button_b.was_pressed():
        for count in range(2):
            music.play(TUNE)
            sleep(300)
    if pin_logo.is_touched():
        speech.say("left button, happy. right button, music.")
    sleep(50)
