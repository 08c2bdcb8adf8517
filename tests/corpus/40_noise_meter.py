# Classroom noise meter: the louder the room, the more rows light up.
# When it gets too loud an angry face appears. A prints the sound events heard.
from microbit import *

microphone.set_threshold(SoundEvent.LOUD, 180)
while True:
    level = microphone.sound_level()
    if microphone.current_event() == SoundEvent.LOUD:
        display.show(Image.ANGRY)
        print('Too loud!', level)
        sleep(1000)
    else:
        rows = scale(level, from_=(0, 255), to=(0, 5))
        bars = Image(5, 5)
        for y in range(rows):
            for x in range(5):
                bars.set_pixel(x, 4 - y, 9)
        display.show(bars)
    if button_a.was_pressed():
        print('events:', microphone.get_events())
    sleep(100)
