# Calming sensory light (S02)
# The LEDs "breathe": they fade up and down, one brightness step at a time, and one
# breath always takes 4 seconds, so the light never blinks.
# The light listens gently: when the room gets louder, the glow slowly grows
# (middle LED -> 3 x 3 -> all 25 LEDs); when it is quiet again, it slowly shrinks.
# Touch the logo to choose how bright it may get: soft, middle or bright.
from microbit import *

BREATH_MS = 4000      # one breath in and out
TOPS = [3, 5, 7]      # the brightest step of a breath: soft, middle, bright
top_choice = 0
brightness = 1
going_up = True
size = 0              # 0: the middle LED, 1: the middle 3 x 3, 2: all 25 LEDs
noise = 0             # the room's sound level, smoothed so a single bang changes little


def draw(level, size):
    picture = Image(5, 5)
    for x in range(2 - size, 3 + size):
        for y in range(2 - size, 3 + size):
            picture.set_pixel(x, y, level)
    display.show(picture)


def closer(size, wanted):
    if wanted > size:
        return size + 1
    if wanted < size:
        return size - 1
    return size


def wanted_size(noise):
    if noise < 30:
        return 0
    if noise < 90:
        return 1
    return 2


next_step = 0         # when (running_time, in ms) the light takes its next step

while True:
    # look at the logo often, so even a short touch is noticed
    if pin_logo.is_touched():
        top_choice = (top_choice + 1) % len(TOPS)
        while pin_logo.is_touched():
            sleep(50)
    if running_time() >= next_step:
        top = TOPS[top_choice]
        noise = (noise * 7 + microphone.sound_level()) // 8
        if going_up and brightness < top:
            brightness = brightness + 1
        elif brightness > 1:
            going_up = False
            brightness = brightness - 1
        else:
            # resting at the dimmest step: the only moment the glow changes size
            going_up = True
            size = closer(size, wanted_size(noise))
        draw(brightness, size)
        next_step = running_time() + BREATH_MS // (2 * top - 1)
    sleep(50)
