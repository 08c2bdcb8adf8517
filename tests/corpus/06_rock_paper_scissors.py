# Rock, paper, scissors for two players over radio.
# Shake to choose; when your friend has chosen too, both micro:bits show who won.
from microbit import *
import radio
import random

radio.config(group=7)
radio.on()
names = ['rock', 'paper', 'scissors']
pictures = [Image('00000:09990:09990:09990:00000'), Image.SQUARE, Image.SCISSORS]
mine = None
theirs = None

while True:
    if accelerometer.was_gesture('shake') and mine is None:
        mine = random.randint(0, 2)
        display.show(pictures[mine])
        radio.send(str(mine))
    message = radio.receive()
    if message:
        theirs = int(message)
    if mine is not None and theirs is not None:
        sleep(1000)
        if mine == theirs:
            result = 'draw'
            display.show(Image.MEH)
        elif (mine - theirs) % 3 == 1:
            result = 'I win'
            display.show(Image.HAPPY)
        else:
            result = 'I lose'
            display.show(Image.SAD)
        print(names[mine], 'against', names[theirs] + ':', result)
        mine = None
        theirs = None
    sleep(20)
