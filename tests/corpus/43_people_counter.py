# People counter for the library door: press A every time someone comes in.
# Each count goes into the data log with the time; B clears the log for a new day.
from microbit import *
import log

log.set_labels('people', timestamp=log.MILLISECONDS)
log.set_mirroring(True)
people = 0
display.show(people)

while True:
    if button_a.was_pressed():
        people += 1
        log.add({'people': people})
        display.show(people)
    if button_b.was_pressed():
        log.delete()
        log.set_labels('people', timestamp=log.MILLISECONDS)
        people = 0
        display.show(Image.YES)
        sleep(500)
        display.show(people)
    sleep(50)
