"""Radio between simulated boards: one shared space, per-board settings and queues."""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .microbit import MicrobitBoard

RADIO_QUEUE_DEFAULT = 3  # radio.config(queue=...) default


class RadioSpace:
    """The air that all boards of one simulation share."""

    def __init__(self) -> None:
        self.radios: list[Radio] = []


class Radio:
    def __init__(self, board: MicrobitBoard, space: RadioSpace):
        self.board = board
        self.space = space
        space.radios.append(self)
        self.enabled = False
        self.group = 0
        self.queue: deque[bytes] = deque()
        self.queue_limit = RADIO_QUEUE_DEFAULT

    def receive(self, packet: bytes) -> bool:
        """A packet arrives on the board's current group; False if it is dropped."""
        if not self.enabled or len(self.queue) >= self.queue_limit:
            return False
        self.queue.append(packet)
        self.board.wake_program()
        return True

    def reset(self) -> None:
        """What a board reset clears."""
        self.queue.clear()
        self.enabled = False
