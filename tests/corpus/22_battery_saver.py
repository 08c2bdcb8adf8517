# Battery-saving badge: shows a smile for a second, then sleeps deeply until
# A is pressed (or 10 seconds pass). After two naps it switches itself off.
from microbit import *
import power

naps = 0
while True:
    display.show(Image.HAPPY)
    sleep(1000)
    if naps == 2:
        print('Good night!')
        display.clear()
        power.off()
    display.show(Image.ASLEEP)
    sleep(200)
    display.clear()
    power.deep_sleep(wake_on=button_a, ms=10000)
    naps += 1
    print('woke up after nap', naps)
