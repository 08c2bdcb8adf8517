# SPDX-License-Identifier: MIT
# Terakoya firmware: the HC-SR04 ultrasonic distance sensor (MicroPython 1.19 or newer).
#
#   from hcsr04 import HCSR04
#   sonar = HCSR04(trigger=5, echo=18)
#   print(sonar.distance_cm())    # 2 to 400 cm, as a float
#   print(sonar.distance_mm())    # the same in whole millimetres
#
# When no echo comes back in time it raises OSError with a plain message, rather than giving
# None (which would fail later, far from the cause, as "unsupported types for __lt__"):
#   "no echo started": check the wiring (trig, echo, 5 V and GND);
#   "out of range": nothing within about 5 m (timeout_us=30000), or a soft surface.
# Catch it when nothing in front is normal:
#   try:
#       cm = sonar.distance_cm()
#   except OSError:
#       cm = 500
# The echo pin gives 5 V: use a divider (1 kOhm from echo, 2 kOhm to GND) or the 3.3 V
# HC-SR04P. The sensor needs 60 ms between measurements: a faster loop waits for it here.
import time

from machine import Pin, time_pulse_us

US_PER_CM = 58  # the echo lasts 58 us per cm (there and back at 343 m/s): datasheet


class HCSR04:
    def __init__(self, trigger, echo, timeout_us=30000):
        self.trigger = Pin(trigger, Pin.OUT, value=0)
        self.echo = Pin(echo, Pin.IN)
        self.timeout_us = timeout_us
        self._last = time.ticks_add(time.ticks_ms(), -60)

    def pulse_us(self):
        """The echo's length in microseconds (OSError when there is none)."""
        wait = 60 - time.ticks_diff(time.ticks_ms(), self._last)
        if wait > 0:
            time.sleep_ms(wait)
        self.trigger.value(0)
        time.sleep_us(5)
        self.trigger.value(1)
        time.sleep_us(10)
        self.trigger.value(0)
        us = time_pulse_us(self.echo, 1, self.timeout_us)
        self._last = time.ticks_ms()
        if us == -2:
            raise OSError("HC-SR04: no echo started: check trig, echo, 5 V and GND")
        if us < 0:
            raise OSError("HC-SR04: out of range: nothing within %d cm"
                          % (self.timeout_us // US_PER_CM))
        return us

    def distance_cm(self):
        return self.pulse_us() / US_PER_CM

    def distance_mm(self):
        return self.pulse_us() * 10 // US_PER_CM
