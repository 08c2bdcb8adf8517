# Compass: the clock hand on the display always points to magnetic north.
# Press A to print the heading in degrees.
from microbit import *

while True:
    heading = compass.heading()
    needle = ((15 - heading) // 30) % 12
    display.show(Image.ALL_CLOCKS[needle])
    if button_a.was_pressed():
        print('heading:', heading)
    sleep(100)
