# Fan controller: a motor on pin1 (through a motor driver board) spins faster as the
# room gets warmer: off at 20 degrees, full speed at 30. The display shows the speed.
from microbit import *

last = None
while True:
    t = temperature()
    speed = scale(t, from_=(20, 30), to=(0, 1023))
    speed = min(1023, max(0, speed))
    pin1.write_analog(speed)
    if speed != last:
        print('temperature', t, 'fan', speed)
        last = speed
    bars = Image(5, 5)
    for x in range(scale(speed, from_=(0, 1023), to=(0, 5))):
        for y in range(5):
            bars.set_pixel(x, y, 6)
    display.show(bars)
    sleep(500)
