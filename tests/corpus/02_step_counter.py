# Step counter: every shake counts as one step.
# A scrolls the number of steps, B starts again from zero.
from microbit import *

steps = 0
display.show(Image.STICKFIGURE)

while True:
    if accelerometer.was_gesture('shake'):
        steps += 1
        print('steps:', steps)
    if button_a.was_pressed():
        display.scroll(steps)
        display.show(Image.STICKFIGURE)
    if button_b.was_pressed():
        steps = 0
        print('steps reset')
    sleep(100)
