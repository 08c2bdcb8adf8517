"""Parts the program moves or sounds: a hobby servo, a buzzer, and things switched on and off
(a relay module, a fan, a DC motor through its driver).

They watch what the program puts out on their pin and publish what they do:

- a servo reads the length of each PWM pulse (``min_us`` → 0°, ``max_us`` → 180°, 500 and
  2500 µs by default, as the SG90's datasheet range) and publishes ``angle``; it holds its
  angle when the pulses stop, as a real one does;
- a passive buzzer sounds the PWM frequency while the duty is between 0 and 1 (``tone``, Hz,
  0 when silent); an active buzzer (``kind = "active"``) beeps at its own 2300 Hz while its
  pin is high;
- a relay, fan or motor is ``on`` while its pin is high (``active = "low"``: while low, as on
  many relay modules); a fan or motor on PWM also publishes ``speed`` (the duty, 0..1).
"""

from __future__ import annotations

from ..gpio import HIGH_ABOVE_V, PinState
from .common import ANY_BOARD, CircuitPart, Option

ACTIVE_BUZZER_HZ = 2300


def _is_high(kind: str, value: float) -> bool:
    if kind == "level":
        return value >= 1
    if kind == "pwm":
        return value > 0
    return kind == "dac" and value > HIGH_ABOVE_V


class _Watching(CircuitPart):
    """A part that looks again whenever the program changes its pin."""

    program_drives = frozenset({"pin"})
    families = ANY_BOARD

    def attach(self, board) -> None:  # type: ignore[no-untyped-def]
        super().attach(board)
        self.watch("pin", self.update)
        self.update(board.gpio.state(self.pins["pin"]))

    def reset(self) -> None:
        if self.board is not None:
            self.update(self.board.gpio.state(self.pins["pin"]))

    def update(self, state: PinState) -> None:
        raise NotImplementedError


class Servo(_Watching):
    """A hobby servo on ``pin``; publishes ``angle`` (0..180 degrees)."""

    type_name = "servo"
    settings = (Option("min_us", "int", 500, 100, 3000),
                Option("max_us", "int", 2500, 100, 5000))

    def update(self, state: PinState) -> None:
        pwm = state.pwm
        if pwm is None or not 10 <= pwm.freq_hz <= 500 or pwm.duty <= 0 or pwm.duty >= 1:
            return  # no pulses: it stays where it is
        low, high = int(self.option("min_us")), int(self.option("max_us"))  # type: ignore[call-overload]
        share = (pwm.pulse_us - low) / max(1, high - low)
        self.publish_changed("angle", round(min(1.0, max(0.0, share)) * 180, 1))


class Buzzer(_Watching):
    """A buzzer on ``pin``; publishes ``tone`` (Hz, 0 when silent)."""

    type_name = "buzzer"
    settings = (Option("kind", "choice", "passive", choices=("passive", "active")),)

    def update(self, state: PinState) -> None:
        kind, value = self.output("pin")
        if self.option("kind") == "active":
            tone: float = ACTIVE_BUZZER_HZ if _is_high(kind, value) else 0
        elif state.pwm is not None and 0 < state.pwm.duty < 1:
            tone = round(state.pwm.freq_hz, 1)
        else:
            tone = 0
        self.publish_changed("tone", tone)


class Relay(_Watching):
    """A relay module on ``pin``; publishes ``on``."""

    type_name = "relay"
    settings = (Option("active", "choice", "high", choices=("high", "low")),)

    def update(self, state: PinState) -> None:
        kind, value = self.output("pin")
        if kind == "off":
            on = False  # a pin nobody drives: the module's own resistor keeps it off
        else:
            on = _is_high(kind, value) != (self.option("active") == "low")
        self.publish_changed("on", on)


class Fan(Relay):
    """A fan (through a transistor or driver) on ``pin``; publishes ``on`` and ``speed``."""

    type_name = "fan"

    def update(self, state: PinState) -> None:
        super().update(state)
        kind, value = self.output("pin")
        speed = value if kind == "pwm" else (1.0 if self._published.get("on") else 0.0)
        if kind == "pwm" and self.option("active") == "low":
            speed = 1.0 - value
        self.publish_changed("speed", round(speed, 4))


class Motor(Fan):
    """A DC motor (through a driver) on ``pin``; publishes ``on`` and ``speed``."""

    type_name = "motor"
