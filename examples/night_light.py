# A light that turns on in the dark.
from microbit import *

display.read_light_level()  # the first reading starts the light sensor
for check in range(4):
    sleep(1000)
    level = display.read_light_level()
    if level < 50:
        display.show(Image("99999:" * 5))
        print(running_time(), "dark", level, "-> light on")
    else:
        display.clear()
        print(running_time(), "bright", level, "-> light off")
