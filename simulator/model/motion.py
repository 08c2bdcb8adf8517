"""Movement and sound sensing of a micro:bit: accelerometer, gestures, compass, microphone."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .microbit import MicrobitBoard


class Motion:
    def __init__(self, board: MicrobitBoard):
        self.board = board

    def reset(self) -> None:
        """What a board reset clears."""
