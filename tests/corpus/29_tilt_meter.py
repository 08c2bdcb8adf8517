# Tilt meter: works out how far the micro:bit is tipped forwards, in degrees,
# from the accelerometer with a little trigonometry. A prints the angle.
from microbit import *
import math

while True:
    x, y, z = accelerometer.get_values()
    pitch = math.degrees(math.atan2(y, math.sqrt(x * x + z * z)))
    angle = round(pitch)
    if abs(angle) < 5:
        display.show(Image.YES)
    elif angle > 0:
        display.show(Image.ARROW_S)
    else:
        display.show(Image.ARROW_N)
    if button_a.was_pressed():
        print('tilt:', angle, 'degrees')
    sleep(100)
