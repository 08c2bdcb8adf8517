# Automatic gate: an HC-SR04 measures the distance; when something is closer than 20 cm
# the servo opens the gate, and closes it 2 seconds after the way is clear.
from machine import Pin, PWM, time_pulse_us
import time

trig = Pin(5, Pin.OUT, value=0)
echo = Pin(18, Pin.IN)
gate = PWM(Pin(13), freq=50)


def distance_cm():
    trig.on()
    time.sleep_us(10)
    trig.off()
    pulse = time_pulse_us(echo, 1, 30000)
    if pulse < 0:
        return None
    return pulse / 58


def move_gate(angle):
    gate.duty_u16(int((0.5 + angle / 90) / 20 * 65535))  # 0.5..2.5 ms of 20 ms


move_gate(0)
is_open = False
clear_since = time.ticks_ms()
for i in range(45):
    d = distance_cm()
    if d is not None and d < 20:
        clear_since = time.ticks_ms()
        if not is_open:
            move_gate(90)
            is_open = True
            print("car at %d cm: gate open" % d)
    elif is_open and time.ticks_diff(time.ticks_ms(), clear_since) > 2000:
        move_gate(0)
        is_open = False
        print("way clear (%d cm): gate closed" % d)
    time.sleep_ms(200)
