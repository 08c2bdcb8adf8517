"""The edge connector of a micro:bit: pin modes, levels, PWM, pulls and touch."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .microbit import MicrobitBoard


class Pins:
    def __init__(self, board: MicrobitBoard):
        self.board = board

    def reset(self) -> None:
        """What a board reset clears."""
