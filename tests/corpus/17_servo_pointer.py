# Servo pointer: a servo on pin0 turns from 0 to 180 degrees as you tilt the micro:bit.
# A servo wants a pulse every 20 ms that is 0.5 ms (0 degrees) to 2.5 ms (180 degrees) long.
from microbit import *

pin0.set_analog_period(20)


def servo_write(angle):
    duty = scale(angle, from_=(0, 180), to=(26, 128))
    pin0.write_analog(duty)
    return duty


last = -1
while True:
    angle = scale(accelerometer.get_x(), from_=(-1024, 1024), to=(0, 180))
    angle = min(180, max(0, angle))
    if angle != last:
        duty = servo_write(angle)
        print('angle', angle, 'duty', duty)
        display.show(Image.ALL_ARROWS[2 if angle > 90 else 0])
        last = angle
    sleep(100)
