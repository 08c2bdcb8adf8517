"""The data log a micro:bit keeps in its flash (the ``log`` module), exportable as CSV."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .microbit import MicrobitBoard


class DataLog:
    def __init__(self, board: MicrobitBoard):
        self.board = board

    def reset(self) -> None:
        """What a board reset clears (the log itself survives a reset)."""
