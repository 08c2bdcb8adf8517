# ATOM Matrix spirit level: a green dot rolls to the low side of the 5x5 matrix;
# in the middle it turns blue: level!
from machine import Pin, I2C
from neopixel import NeoPixel
import time
from mpu6886 import MPU6886

matrix = NeoPixel(Pin(27), 25)
imu = MPU6886(I2C(0, scl=Pin(21), sda=Pin(25), freq=100000))
last = None
for i in range(50):
    ax, ay, az = imu.acceleration
    col = 2 + max(-2, min(2, round(ax * 4)))
    row = 2 + max(-2, min(2, round(ay * 4)))
    if (row, col) != last:
        last = (row, col)
        matrix.fill((0, 0, 0))
        matrix[row * 5 + col] = (0, 0, 40) if (row, col) == (2, 2) else (0, 40, 0)
        matrix.write()
        print("x %.2f g y %.2f g -> row %d col %d%s" % (ax, ay, row, col,
              " level!" if (row, col) == (2, 2) else ""))
    time.sleep_ms(100)
