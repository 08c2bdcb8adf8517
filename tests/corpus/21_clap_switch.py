# Clap switch: clap once (a loud sound) to switch the lights on,
# clap again to switch them off.
from microbit import *

microphone.set_threshold(SoundEvent.LOUD, 150)
lights_on = False
display.clear()

while True:
    if microphone.was_event(SoundEvent.LOUD):
        lights_on = not lights_on
        if lights_on:
            display.show(Image('99999:99999:99999:99999:99999'))
            print('clap! lights on')
        else:
            display.clear()
            print('clap! lights off')
    sleep(100)
