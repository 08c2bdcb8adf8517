# Night light / 暗くなったら点く明かり
# Step 1: run this and watch the numbers. Cover the micro:bit with your hand.
# Step 2: add "if ... else" so the LEDs turn on only when it is dark.
from microbit import *

lamp = Image('99999:99999:99999:99999:99999')

while True:
    level = display.read_light_level()
    print('light level', level)
    # write your "if" here / ここに「もし」を かこう
    sleep(500)
