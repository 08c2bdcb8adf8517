# Punch meter: how hard can you move the micro:bit? It keeps the strongest
# acceleration seen, in milli-g. A shows the record, B clears it.
from microbit import *

accelerometer.set_range(8)
record = 0

while True:
    strength = accelerometer.get_strength()
    if strength > record:
        record = strength
        print('new record:', record, 'mg')
    display.show(Image.ALL_CLOCKS[min(11, strength // 500)])
    if button_a.was_pressed():
        display.scroll(record, delay=60)
    if button_b.was_pressed():
        record = 0
        print('record cleared')
    sleep(20)
