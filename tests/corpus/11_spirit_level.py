# Spirit level: one LED shows which way the micro:bit is tilted.
# When it is lying flat the LED sits in the middle.
from microbit import *


def to_led(mg):
    led = scale(mg, from_=(-512, 512), to=(0, 4))
    return min(4, max(0, led))


level = False
while True:
    x = to_led(accelerometer.get_x())
    y = to_led(accelerometer.get_y())
    display.clear()
    display.set_pixel(x, y, 9)
    if x == 2 and y == 2 and not level:
        print('level!')
    level = x == 2 and y == 2
    sleep(100)
