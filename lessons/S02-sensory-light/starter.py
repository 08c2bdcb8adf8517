# Calming sensory light (S02): starter
# The middle 3 x 3 LEDs fade up and down, one brightness step at a time.
# Step 2: make the breath slower and softer. Step 3: let the glow listen to the room.
from microbit import *


def draw(level):
    picture = Image(5, 5)
    for x in range(1, 4):
        for y in range(1, 4):
            picture.set_pixel(x, y, level)
    display.show(picture)


while True:
    for level in range(1, 6):         # breathe in: brighter
        draw(level)
        sleep(300)
    for level in range(4, 1, -1):     # breathe out: dimmer
        draw(level)
        sleep(300)
