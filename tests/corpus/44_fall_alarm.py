# Fall alarm for a bag or a climbing toy: when the micro:bit falls freely
# it shows a surprised face, plays a sad sound and says "help" three times.
from microbit import *
import speech

falls = 0
display.show(Image.HAPPY)

while True:
    if accelerometer.was_gesture('freefall'):
        falls += 1
        print('fall detected! falls so far:', falls)
        display.show(Image.SURPRISED)
        audio.play(Sound.SAD)
        for i in range(3):
            speech.say('help')
        display.show(Image.HAPPY)
    sleep(50)
