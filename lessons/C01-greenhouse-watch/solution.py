# ハウスの見張り番 (Greenhouse watch) - ESP32
# DHT22 on GPIO4, vent servo on GPIO18, fan (through a motor driver) on GPIO19.
# Open the vent and run the fan at 30 C or more; close them at 27 C or less.
# Between 27 and 30 C nothing changes, so a little noise cannot make them flap.
import time
import dht
from machine import Pin, PWM

OPEN_AT = 30.0    # C: open at this temperature or hotter
CLOSE_AT = 27.0   # C: close at this temperature or cooler
TRIES = 3         # a DHT22 sometimes misses a reading: try again before giving up

sensor = dht.DHT22(Pin(4))
vent = PWM(Pin(18), freq=50)
fan = Pin(19, Pin.OUT)


def set_vent(angle):
    # a servo pulse of 0.5 ms (0 degrees) to 2.5 ms (180 degrees)
    vent.duty_ns(500000 + angle * 2000000 // 180)


def read_temperature():
    # the temperature, or None when the sensor did not answer TRIES times
    for attempt in range(TRIES):
        try:
            sensor.measure()
            return sensor.temperature()
        except OSError:
            time.sleep(2)   # a DHT22 needs 2 seconds between two readings
    return None


cooling = False
set_vent(0)
fan.off()
print("greenhouse watch: start")
while True:
    t = read_temperature()
    if t is None:
        print("sensor error: check the DHT22 wires (the vent stays as it is)")
    elif not cooling and t >= OPEN_AT:
        cooling = True
        set_vent(90)
        fan.on()
        print(t, "C: hot - vent open, fan on")
    elif cooling and t <= CLOSE_AT:
        cooling = False
        set_vent(0)
        fan.off()
        print(t, "C: cool - vent closed, fan off")
    else:
        print(t, "C")
    time.sleep(2)
