# Night light / 暗くなったら点く明かり
# When the light level is below the threshold, the LEDs (and an LED on pin 0) turn on.
# Button A shows the light level now, so you can choose a good threshold.
from microbit import *

threshold = 60   # below this it counts as dark / これより小さいと「暗い」

lamp = Image('99999:99999:99999:99999:99999')

while True:
    level = display.read_light_level()
    if button_a.was_pressed():
        display.scroll(level)
    if level < threshold:
        display.show(lamp)
        pin0.write_digital(1)
    else:
        display.clear()
        pin0.write_digital(0)
    print('light level', level)
    sleep(500)
