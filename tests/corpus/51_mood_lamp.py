# Mood lamp: an 8-pixel NeoPixel strip on pin0 glows blue when it is cold
# and red when it is warm. The display shows the temperature.
from microbit import *
import neopixel

strip = neopixel.NeoPixel(pin0, 8)
last = None

while True:
    t = temperature()
    warmth = min(255, max(0, scale(t, from_=(15, 30), to=(0, 255))))
    colour = (warmth, 0, 255 - warmth)
    strip.fill(colour)
    strip.write()
    if t != last:
        print('temperature', t, 'colour', strip[0], 'on', len(strip), 'pixels')
        display.show(t, delay=300, wait=False)
        last = t
    sleep(500)
