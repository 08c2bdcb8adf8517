"""NeoPixel strips a program drives, with their colours, so a window can draw them."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .microbit import MicrobitBoard


class NeoPixels:
    def __init__(self, board: MicrobitBoard):
        self.board = board

    def reset(self) -> None:
        """What a board reset clears."""
