"""The board's flat filesystem: the files themselves live in ``board.files``."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .microbit import MicrobitBoard


class FileSystem:
    def __init__(self, board: MicrobitBoard):
        self.board = board

    def reset(self) -> None:
        """What a board reset clears (files survive)."""
