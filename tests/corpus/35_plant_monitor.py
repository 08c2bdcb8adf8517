# Plant monitor: a soil moisture probe on pin1 (powered from pin2) checks the soil
# every second. A sad face means the plant needs water.
from microbit import *

DRY = 300
while True:
    pin2.write_digital(1)  # power the probe only while reading, so it lasts longer
    sleep(10)
    moisture = pin1.read_analog()
    pin2.write_digital(0)
    if moisture < DRY:
        display.show(Image.SAD)
        print('Water me! moisture', moisture)
    else:
        display.show(Image.HAPPY)
        print('All good, moisture', moisture)
    sleep(1000)
