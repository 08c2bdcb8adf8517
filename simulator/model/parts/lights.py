"""Lights the program switches: an LED and an RGB LED.

An LED's brightness follows what the program puts out on its pin: a level (0 or 1), a PWM
duty (the eye averages it), or a DAC voltage (it lights above its forward voltage, about
1.8 V for a red LED, and fully at 3.3 V). An LED wired from 3V3 to the pin (``active =
"low"``) lights when the pin is low; a pin the program does not drive leaves it dark.
"""

from __future__ import annotations

from ..gpio import SUPPLY_V
from .common import ANY_BOARD, CircuitPart, Option

FORWARD_V = 1.8


def brightness(kind: str, value: float, active_low: bool) -> float:
    """How bright an LED on a pin is, 0..1, for what the program puts out on it."""
    if kind == "off":
        return 0.0
    if kind == "dac":
        lit = max(0.0, (value - FORWARD_V) / (SUPPLY_V - FORWARD_V))
        on = max(0.0, ((SUPPLY_V - value) - FORWARD_V) / (SUPPLY_V - FORWARD_V))
        return round(min(1.0, on if active_low else lit), 4)
    return round(1.0 - value if active_low else value, 4)


class Led(CircuitPart):
    """A single LED on ``pin``; publishes ``brightness`` 0..1."""

    type_name = "led"
    families = ANY_BOARD
    program_drives = frozenset({"pin"})
    settings = (Option("color", "text", "red"),
                Option("active", "choice", "high", choices=("high", "low")))

    def attach(self, board) -> None:  # type: ignore[no-untyped-def]
        super().attach(board)
        self.watch("pin", lambda _state: self.update())
        self.update()

    def update(self) -> None:
        kind, value = self.output("pin")
        self.publish_changed("brightness", brightness(kind, value, self.option("active") == "low"))

    def reset(self) -> None:
        self.update()


class RgbLed(CircuitPart):
    """An RGB LED on pins ``r``, ``g``, ``b``; common cathode (to GND, a high pin lights)
    or common anode (to 3V3, a low pin lights). Publishes ``brightness`` as (r, g, b)."""

    type_name = "rgb-led"
    families = ANY_BOARD
    roles = ("r", "g", "b")
    program_drives = frozenset(roles)
    settings = (Option("common", "choice", "cathode", choices=("cathode", "anode")),)

    def attach(self, board) -> None:  # type: ignore[no-untyped-def]
        super().attach(board)
        for role in self.roles:
            self.watch(role, lambda _state: self.update())
        self.update()

    def update(self) -> None:
        anode = self.option("common") == "anode"
        rgb = tuple(brightness(*self.output(role), anode) for role in self.roles)
        self.publish_changed("brightness", rgb)

    def reset(self) -> None:
        self.update()
