# Random name picker for the classroom: press A to pick who answers next.
# Nobody is picked twice until everyone has had a turn.
from microbit import *
import random

names = ['Aiko', 'Ben', 'Chen', 'Dina', 'Eli']
left = []
display.show(Image.ARROW_W)

while True:
    if button_a.was_pressed():
        if not left:
            left = list(names)
        name = random.choice(left)
        left.remove(name)
        print('Next up:', name)
        display.scroll(name, delay=50)
        display.show(Image.ARROW_W)
    sleep(50)
