# Rainbow ring: the colour wheel turns round 16 NeoPixels.
from machine import Pin
import neopixel
import time

N = 16
np = neopixel.NeoPixel(Pin(13), N)


def wheel(pos):
    # 0..255 -> red, green, blue and back to red
    pos = pos % 256
    if pos < 85:
        return (255 - pos * 3, pos * 3, 0)
    if pos < 170:
        pos -= 85
        return (0, 255 - pos * 3, pos * 3)
    pos -= 170
    return (pos * 3, 0, 255 - pos * 3)


for step in range(0, 256, 32):
    for i in range(N):
        np[i] = wheel(i * 256 // N + step)
    np.write()
    print("step", step, "first pixel", np[0])
    time.sleep_ms(200)
np.fill((0, 0, 0))
np.write()
print("off")
