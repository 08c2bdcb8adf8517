# Parking sensor with an HC-SR04 ultrasonic distance sensor:
# trigger on pin1, echo on pin2. The closer the car, the more LEDs light up.
from microbit import *
import machine
import time

TIMEOUT_US = 30000  # no echo within 30 ms: nothing in front, or no sensor

while True:
    pin1.write_digital(1)
    time.sleep_us(10)
    pin1.write_digital(0)
    echo = machine.time_pulse_us(pin2, 1, TIMEOUT_US)
    if echo < 0:
        print('no echo')
        display.show('?')
    else:
        cm = echo // 58
        print('distance', cm, 'cm')
        leds = max(0, 25 - cm // 4)
        picture = Image(5, 5)
        for i in range(min(25, leds)):
            picture.set_pixel(i % 5, i // 5, 9)
        display.show(picture)
    time.sleep_ms(500)
