"""Sound a micro:bit makes: tones, melodies, sound effects and speech, as events."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .microbit import MicrobitBoard


class Audio:
    def __init__(self, board: MicrobitBoard):
        self.board = board

    def reset(self) -> None:
        """What a board reset clears."""
