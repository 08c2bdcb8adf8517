# Presence light / 人が来たら点く明かり
# Step 1: the light turns on when the sensor sees someone move.
# Step 2 (your job): make it turn off again when nobody has moved for a while.
from microbit import *

lamp = Image('99999:99999:99999:99999:99999')

while True:
    if pin1.read_digital() == 1:    # the motion sensor says "someone moved"
        display.show(lamp)
        pin0.write_digital(1)
    # when should the light go off? / いつ 消せば よいかな？
    sleep(100)
