# Beating heart: the heart glows brighter and dimmer like a heartbeat.
# Press A to make it beat faster, B to make it calmer.
from microbit import *

beat = [Image.HEART * (level / 9) for level in (3, 6, 9, 9, 6, 3)]
rest = 400

while True:
    if button_a.was_pressed() and rest > 100:
        rest -= 100
        print('faster, rest', rest, 'ms')
    if button_b.was_pressed() and rest < 800:
        rest += 100
        print('calmer, rest', rest, 'ms')
    display.show(beat, delay=60)
    display.show(Image.HEART_SMALL)
    sleep(rest)
