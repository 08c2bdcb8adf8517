"""The HC-SR04 ultrasonic distance sensor.

The program sends a pulse of at least 10 µs on ``trig``; the sensor then sends its burst and
raises ``echo`` for as long as the sound took to come back: 58 µs per centimetre of distance
(there and back at 343 m/s). It answers only after a trigger: a program that forgets the
trigger waits in vain, as with the real sensor. Between answers it holds ``echo`` low.
"""

from __future__ import annotations

from ..gpio import PinState
from .common import CircuitPart, spec

US_PER_CM = 58


class HcSr04(CircuitPart):
    """A PulseDevice on its echo pin: ``pulse_us(1)`` is the echo after a trigger."""

    type_name = "hc-sr04"
    roles = ("trig", "echo")
    program_drives = frozenset({"trig"})
    inputs = (spec("distance", "Distance", "きょり", 2, 400, 100, "cm", 1),)

    def __init__(self, part_id: str, pins: dict[str, int], options: dict[str, object]):
        super().__init__(part_id, pins, options)
        self.triggered = False
        self._trig_high = False

    def attach(self, board) -> None:  # type: ignore[no-untyped-def]
        super().attach(board)
        self.drive("echo", 0.0)
        self.watch("trig", self._trig)

    def _trig(self, state: PinState) -> None:
        kind, value = self.output("trig")
        high = kind == "level" and value >= 1
        if self._trig_high and not high:
            self.triggered = True  # the falling end of the trigger pulse starts a measurement
        self._trig_high = high

    def pulse_us(self, level: int) -> int | None:
        if not level or not self.triggered:
            return None
        self.triggered = False
        return round(float(self.values["distance"]) * US_PER_CM)  # type: ignore[arg-type]

    def changed(self, key: str) -> None:
        self.publish("distance", self.values["distance"])

    def reset(self) -> None:
        self.triggered = self._trig_high = False
