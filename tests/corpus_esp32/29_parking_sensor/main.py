# Parking sensor: the closer the wall, the faster the buzzer beeps; under 10 cm it is a
# steady tone. HC-SR04 on trig 12 / echo 14.
from machine import Pin, PWM, time_pulse_us
import time

trig = Pin(12, Pin.OUT)
echo = Pin(14, Pin.IN)
buzzer = PWM(Pin(4), freq=1500, duty=0)


def distance():
    trig.value(0)
    time.sleep_us(2)
    trig.value(1)
    time.sleep_us(10)
    trig.value(0)
    return time_pulse_us(echo, 1, 30000) * 0.0343 / 2


last_zone = None
for i in range(40):
    cm = distance()
    if cm > 100:
        zone, gap = "far", 0
    elif cm > 10:
        zone, gap = "near", int(cm * 5)
    else:
        zone, gap = "STOP", -1
    if zone != last_zone:
        print("%.0f cm: %s" % (cm, zone))
        last_zone = zone
    if gap > 0:
        buzzer.duty(512)
        time.sleep_ms(60)
        buzzer.duty(0)
        time.sleep_ms(gap)
    else:
        buzzer.duty(512 if gap < 0 else 0)
        time.sleep_ms(100)
buzzer.duty(0)
