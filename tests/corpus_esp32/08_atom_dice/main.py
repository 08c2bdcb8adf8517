# ATOM Matrix dice: shake the ATOM and it rolls a dice on its 5x5 LED matrix.
from machine import Pin, I2C
from neopixel import NeoPixel
import random
import time
from mpu6886 import MPU6886

matrix = NeoPixel(Pin(27), 25)
imu = MPU6886(I2C(0, scl=Pin(21), sda=Pin(25)))
DOTS = {1: [12], 2: [0, 24], 3: [0, 12, 24], 4: [0, 4, 20, 24],
        5: [0, 4, 12, 20, 24], 6: [0, 4, 10, 14, 20, 24]}


def show(number):
    matrix.fill((0, 0, 0))
    for i in DOTS[number]:
        matrix[i] = (40, 40, 40)
    matrix.write()


rolls = 0
show(1)
while rolls < 2:
    x, y, z = imu.acceleration
    strength = (x * x + y * y + z * z) ** 0.5
    if strength > 2.0:
        number = random.randint(1, 6)
        rolls += 1
        show(number)
        print("shake %.1f g -> rolled %d" % (strength, number))
        time.sleep(1)
    time.sleep_ms(20)
print("lit:", sum(1 for i in range(25) if matrix[i] != (0, 0, 0)))
