# Metal detector: a magnet or a piece of iron near the micro:bit changes the
# magnetic field. The bigger the change, the more LEDs light up.
from microbit import *

normal = compass.get_field_strength()
print('normal field:', normal, 'nT')

while True:
    change = abs(compass.get_field_strength() - normal)
    leds = min(25, change // 2000)
    picture = Image(5, 5)
    for i in range(leds):
        picture.set_pixel(i % 5, i // 5, 9)
    display.show(picture)
    if leds > 10:
        print('metal nearby! change', change, 'nT, x', compass.get_x())
    sleep(200)
