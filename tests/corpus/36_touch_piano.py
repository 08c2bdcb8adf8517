# Touch piano: touch pin 0, 1 or 2 (while holding GND) to play C, D or E.
# The display shows the note you play.
from microbit import *
import music

keys = [(pin0, 'C', 262), (pin1, 'D', 294), (pin2, 'E', 330)]
for pin, name, frequency in keys:
    pin.set_touch_mode(pin.RESISTIVE)
display.show(Image.MUSIC_CROTCHET)

while True:
    for pin, name, frequency in keys:
        if pin.is_touched():
            display.show(name)
            print('note', name)
            music.pitch(frequency, 300)
            display.show(Image.MUSIC_CROTCHET)
    sleep(20)
