# Greenhouse: a DHT22 measures the air; above 28 C the vent opens (servo) and the fan runs,
# below 26 C they close again (hysteresis, so they do not flap around 27 C).
from machine import Pin, PWM
import dht
import time

sensor = dht.DHT22(Pin(4))
vent = PWM(Pin(18), freq=50)
fan = Pin(19, Pin.OUT)
OPEN_AT = 28.0
CLOSE_AT = 26.0


def set_vent(angle):
    # 0.5 ms .. 2.5 ms pulse for 0 .. 180 degrees
    vent.duty_ns(500000 + angle * 2000000 // 180)


cooling = False
set_vent(0)
fan.off()
for minute in range(9):
    sensor.measure()
    t = sensor.temperature()
    h = sensor.humidity()
    if not cooling and t >= OPEN_AT:
        cooling = True
        set_vent(90)
        fan.on()
        print("too hot: vent open, fan on")
    elif cooling and t <= CLOSE_AT:
        cooling = False
        set_vent(0)
        fan.off()
        print("cool enough: vent closed, fan off")
    print("t=%.1f h=%.1f cooling=%s" % (t, h, cooling))
    time.sleep(1)
