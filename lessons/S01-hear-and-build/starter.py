# Hear-and-build sound program (S01): starter
# At the start the board says "ready". Button A (left) plays a happy sound.
# Your job: give button B (right) its own tune, and make the logo talk.
from microbit import *
import music
import speech

speech.say("ready")

while True:
    if button_a.was_pressed():
        audio.play(Sound.HAPPY)
    # Button B: write your tune here (step 2)

    # The logo: make the board say what the buttons do (step 3)

    sleep(50)
