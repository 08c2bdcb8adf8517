# Commands over the serial line: "led on", "led off", "servo 90", "rgb 255 0 128", "quit".
# Regular expressions pick out the command and its numbers.
from machine import Pin, PWM
import re

led = Pin(2, Pin.OUT)
servo = PWM(Pin(18), freq=50, duty=0)
rgb = [PWM(Pin(p), freq=1000, duty=0) for p in (25, 26, 27)]
LED = re.compile(r"^led (on|off)$")
SERVO = re.compile(r"^servo (\d+)$")
RGB = re.compile(r"^rgb (\d+) (\d+) (\d+)$")
while True:
    line = input("> ").strip().lower()
    m = LED.match(line)
    if m:
        led.value(m.group(1) == "on")
        print("ok, led", m.group(1))
        continue
    m = SERVO.match(line)
    if m:
        angle = min(180, int(m.group(1)))
        servo.duty_ns(500000 + angle * 2000000 // 180)
        print("ok, servo at", angle)
        continue
    m = RGB.match(line)
    if m:
        for pwm, value in zip(rgb, (m.group(1), m.group(2), m.group(3))):
            pwm.duty(min(255, int(value)) * 1023 // 255)
        print("ok, colour", [int(v) for v in m.groups()])
        continue
    if line == "quit":
        print("bye")
        break
    print("what is", repr(line), "? try: led on, servo 90, rgb 255 0 0")
