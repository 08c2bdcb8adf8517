# 気温と明るさの記録係 / Temperature and light logger
from microbit import *
import log

log.set_labels('temperature', 'light', timestamp=log.SECONDS)

# A を押すたびに 1 行記録します。/ Each press of A logs one row.
display.show(Image.DIAMOND_SMALL)
while True:
    if button_a.was_pressed():
        log.add(temperature=temperature(), light=display.read_light_level())
        display.show(Image.YES)
        sleep(500)
        display.show(Image.DIAMOND_SMALL)
    sleep(100)
