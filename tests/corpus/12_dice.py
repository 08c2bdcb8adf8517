# Dice: shake the micro:bit to roll it. The dots show what you rolled.
from microbit import *
import random

faces = [Image('00000:00000:00900:00000:00000'),
         Image('90000:00000:00000:00000:00009'),
         Image('90000:00000:00900:00000:00009'),
         Image('90009:00000:00000:00000:90009'),
         Image('90009:00000:00900:00000:90009'),
         Image('90009:00000:90009:00000:90009')]

display.show('?')
while True:
    if accelerometer.was_gesture('shake'):
        for i in range(5):
            display.show(random.choice(faces))
            sleep(80)
        number = random.randint(1, 6)
        display.show(faces[number - 1])
        print('You rolled', number)
    sleep(50)
