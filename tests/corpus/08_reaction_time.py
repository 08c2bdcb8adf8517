# Reaction game: wait for the target, then press A as fast as you can.
# Pressing before the target appears is a false start.
from microbit import *
import random

print('Get ready...')
while True:
    display.show(Image.ASLEEP)
    sleep(random.randint(1000, 3000))
    if button_a.was_pressed():
        print('False start!')
        display.show(Image.NO)
        sleep(1000)
        continue
    display.show(Image.TARGET)
    start = running_time()
    while not button_a.was_pressed():
        pass
    reaction = running_time() - start
    print('Reaction time:', reaction, 'ms')
    display.scroll(reaction, delay=80)
