# Animation studio: a duck walks across the screen, then a banner slides in
# from the right. A makes everything glow in negative, B pauses the show.
from microbit import *

duck = Image.DUCK
walk = [duck.shift_left(n) for n in range(-4, 5)]
banner = Image('99999:90009:90909:90009:99999')
slide = [banner.shift_right(5 - n) for n in range(6)]
negative = False
display.show(walk, delay=100)

while True:
    frames = slide + [banner.crop(1, 1, 3, 3), banner]
    if negative:
        frames = [frame.invert() for frame in frames]
    display.show(frames, delay=120)
    if button_a.was_pressed():
        negative = not negative
        print('negative' if negative else 'positive')
    if button_b.was_pressed():
        display.off()
        print('paused, display on:', display.is_on())
        sleep(1000)
        display.on()
