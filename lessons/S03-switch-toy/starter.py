# Switch-controlled toy (S03): starter
# Switch 1 on pin 0: while it is pressed, the toy wakes up and smiles.
# Your job: more pictures, a sound, and a waving arm (a servo on pin 1).
from microbit import *

while True:
    if pin0.is_touched():
        display.show(Image.HAPPY)
    else:
        display.show(Image.ASLEEP)
    sleep(20)
