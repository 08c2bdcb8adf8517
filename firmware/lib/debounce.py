# SPDX-License-Identifier: MIT
# Terakoya firmware: a push button that counts each press once, like the micro:bit's buttons.
#
#   from debounce import Button
#   button = Button(4)            # between GPIO4 and GND, with the chip's pull-up
#   while True:
#       if button.was_pressed():  # pressed since the last time we asked?
#           print("pressed", button.get_presses(), "times")
#       time.sleep_ms(50)
#
# Button(pin, pull=Pin.PULL_UP, active=0, ms=20): pull=None for pins with a resistor of
# their own (the ATOM Matrix's G39, or GPIO34-39, which have no pull-ups); active=1 for a
# button to 3.3 V (with pull=Pin.PULL_DOWN). A switch's contacts bounce for a millisecond or
# so when they meet or part: the pin's interrupt reads the pin at each edge, and a change is
# taken only `ms` after the last one, so the bounce that follows a press or a release is not
# taken for more presses. Presses are seen by the interrupt: none is missed while the
# program sleeps.
import time

from machine import Pin


class Button:
    def __init__(self, pin, pull=Pin.PULL_UP, active=0, ms=20):
        if isinstance(pin, int):
            pin = Pin(pin, Pin.IN) if pull is None else Pin(pin, Pin.IN, pull)
        self.pin = pin
        self._active = active
        self._ms = ms
        self._down = pin.value() == active
        self._edge = time.ticks_add(time.ticks_ms(), -ms)
        self._presses = 0
        self._was = False
        pin.irq(self._irq, Pin.IRQ_FALLING | Pin.IRQ_RISING)

    def _irq(self, pin):
        now = time.ticks_ms()
        down = pin.value() == self._active
        if down != self._down and time.ticks_diff(now, self._edge) >= self._ms:
            self._down, self._edge = down, now
            if down:
                self._presses += 1
                self._was = True

    def is_pressed(self):
        """Is it held down now?"""
        now = time.ticks_ms()
        down = self.pin.value() == self._active
        if down != self._down and time.ticks_diff(now, self._edge) >= self._ms:
            self._down, self._edge = down, now  # settled
        return self._down

    def was_pressed(self):
        """Was it pressed since the last call (or since the start)?"""
        was, self._was = self._was, False
        return was

    def get_presses(self):
        """How many presses since the last call; the count starts again from 0."""
        presses = self._presses
        self._presses -= presses
        return presses
