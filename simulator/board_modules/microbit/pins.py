"""``microbit.pin0`` … ``pin20``, ``pin_logo``, ``pin_speaker``, ``i2c``, ``spi``, ``uart``."""

from __future__ import annotations

from ...model.microbit import MicrobitBoard
from ..not_simulated import NotSimulated

PIN_NAMES = tuple(f"pin{n}" for n in (*range(17), 19, 20)) + ("pin_logo", "pin_speaker")


def build_pins(board: MicrobitBoard) -> dict[str, object]:
    """The pin and bus objects of ``microbit`` for one board, by name."""
    return {name: NotSimulated(f"microbit.{name}") for name in (*PIN_NAMES, "i2c", "spi", "uart")}
