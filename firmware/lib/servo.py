# SPDX-License-Identifier: MIT
# Terakoya firmware: a hobby servo (SG90 and the like) on a PWM pin (MicroPython 1.19+).
#
#   from servo import Servo
#   arm = Servo(13)               # pulses of 500-2500 us at 50 Hz: 0-180 degrees
#   arm.angle(90)
#   print(arm.angle())            # 90
#   arm.off()                     # no more pulses: it goes limp (and quiet)
#
# Angles outside 0-180 are taken as 0 or 180, so a servo is never driven past its ends.
# Servos differ: if yours buzzes at the ends or does not reach them, give its own range,
# such as Servo(13, min_us=600, max_us=2400). Power servos from 5 V, not from the 3.3 V pin.
from machine import PWM, Pin


class Servo:
    def __init__(self, pin, min_us=500, max_us=2500, freq=50, angle=None):
        self.min_us = min_us
        self.max_us = max_us
        self._pwm = PWM(Pin(pin) if isinstance(pin, int) else pin, freq=freq, duty=0)
        self._angle = None
        if angle is not None:
            self.angle(angle)

    def angle(self, degrees=None):
        """Turn to ``degrees`` (0-180); without it, the angle it was last sent to (or None)."""
        if degrees is None:
            return self._angle
        degrees = min(180, max(0, degrees))
        self.write_us(self.min_us + (self.max_us - self.min_us) * degrees / 180)
        self._angle = degrees

    def write_us(self, us):
        """Send pulses ``us`` microseconds long."""
        self._pwm.duty_ns(int(us * 1000))

    def off(self):
        self._pwm.duty_ns(0)
        self._angle = None

    def deinit(self):
        self._pwm.deinit()
