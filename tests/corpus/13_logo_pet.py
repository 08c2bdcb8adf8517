# Touch pet: stroke the golden logo and your pet giggles.
# Leave it alone for three seconds and it falls asleep.
from microbit import *

last_stroke = running_time()
display.show(Image.SMILE)

while True:
    if pin_logo.is_touched():
        last_stroke = running_time()
        display.show(Image.HAPPY)
        print('hee hee!')
        audio.play(Sound.GIGGLE)
    elif running_time() - last_stroke > 3000:
        display.show(Image.ASLEEP)
    else:
        display.show(Image.SMILE)
    sleep(100)
