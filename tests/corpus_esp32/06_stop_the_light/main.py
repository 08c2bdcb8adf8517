# Stop the light: a light runs round a ring of 12 NeoPixels; press the button when it is
# at the top (pixel 0) to win. Three tries.
from machine import Pin
from neopixel import NeoPixel
import time

ring = NeoPixel(Pin(5), 12)
button = Pin(15, Pin.IN, Pin.PULL_UP)
score = 0
for game in range(3):
    position = 0
    while True:
        ring.fill((0, 0, 0))
        ring[position] = (0, 0, 80)
        ring.write()
        time.sleep_ms(100)
        if button.value() == 0:
            break
        position = (position + 1) % 12
    if position == 0:
        score += 1
        ring.fill((0, 80, 0))
        print("try", game + 1, "stopped at 0: you win!")
    else:
        ring.fill((80, 0, 0))
        print("try", game + 1, "stopped at", position)
    ring.write()
    while button.value() == 0:
        time.sleep_ms(10)
    time.sleep_ms(500)
print("score", score, "of 3")
