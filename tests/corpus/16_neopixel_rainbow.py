# NeoPixel rainbow: a ring of 12 NeoPixels on pin0 shows a rainbow that spins round.
# Press A to switch the ring off and on again.
from microbit import *
import neopixel

RING = 12
np = neopixel.NeoPixel(pin0, RING)


def wheel(pos):
    # a rainbow colour for a position from 0 to 255
    if pos < 85:
        return (255 - pos * 3, pos * 3, 0)
    if pos < 170:
        pos -= 85
        return (0, 255 - pos * 3, pos * 3)
    pos -= 170
    return (pos * 3, 0, 255 - pos * 3)


lit = True
offset = 0
while True:
    if button_a.was_pressed():
        lit = not lit
        if not lit:
            np.clear()
            print('ring off, pixel 0 is', np[0])
    if lit:
        for i in range(RING):
            np[i] = wheel((i * 256 // RING + offset) % 256)
        np.show()
        if offset == 0:
            print('pixel 0 is', np[0])
        offset = (offset + 8) % 256
    display.show(Image.HEART if lit else Image.HEART_SMALL)
    sleep(50)
