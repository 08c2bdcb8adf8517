# Classroom data logger: every second it writes the temperature and the light level
# into the micro:bit's data log (open MY_DATA.HTM on the MICROBIT drive to see it).
# Press A to see how many rows have been logged.
from microbit import *
import log

log.set_labels('temperature', 'light', timestamp=log.SECONDS)
log.set_mirroring(True)
rows = 0


@run_every(s=1)
def record():
    global rows
    log.add(temperature=temperature(), light=display.read_light_level())
    rows += 1


display.show(Image.DIAMOND_SMALL)
while True:
    if button_a.was_pressed():
        display.scroll(rows, delay=80)
        display.show(Image.DIAMOND_SMALL)
    sleep(100)
