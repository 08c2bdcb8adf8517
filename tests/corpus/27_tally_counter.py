# Tally counter for a traffic survey: A counts one more car, B takes one away
# if you made a mistake. Counting stops at 99.
from microbit import *
from micropython import const
import gc

MAX_COUNT = const(99)
count = 0
display.show(0)

while True:
    changed = False
    if button_a.was_pressed() and count < MAX_COUNT:
        count += 1
        changed = True
    if button_b.was_pressed() and count > 0:
        count -= 1
        changed = True
    if changed:
        print('cars:', count)
        display.scroll(count, delay=60, wait=False)
        gc.collect()
    sleep(20)
