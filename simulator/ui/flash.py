"""Flash safety: an LED pattern changing more than 3 times a second is shown steady.

WCAG 2.3.1 (three flashes): a flash is a large rise and fall of the display's overall
brightness. The window counts large swings of each board's total brightness in the last
second as a person sees it (virtual time divided by the speed); above the limit it draws
a steady picture and a notice instead, unless flashing is explicitly allowed. Scrolling
text keeps the total brightness about level, so it is not a flash.
"""

from __future__ import annotations

from collections import defaultdict, deque

MAX_FLASHES_PER_SECOND = 3
BIG_SWING = 0.4  # a change of at least this share of the brighter picture's total
MIN_SWING = 20  # and at least this much (of 225: 25 LEDs at brightness 9)


class FlashGuard:
    def __init__(self) -> None:
        self._changes: dict[int, deque[float]] = defaultdict(deque)
        self._totals: dict[int, int] = {}

    def record(self, board: int, virtual_ms: float, pixels) -> None:
        """The display of ``board`` changed to ``pixels`` (rows of 0-9)."""
        total = sum(sum(row) for row in pixels)
        before = self._totals.get(board, 0)
        self._totals[board] = total
        swing = abs(total - before)
        if swing >= MIN_SWING and swing >= BIG_SWING * max(total, before):
            self._changes[board].append(virtual_ms)

    def flashing(self, board: int, virtual_ms: float, speed: float = 1.0) -> bool:
        """True if the display flashed more than 3 times in the last second seen."""
        window_ms = 1000 * speed
        changes = self._changes[board]
        while changes and changes[0] < virtual_ms - window_ms:
            changes.popleft()
        # a flash is a swing and a swing back: more than 3 flashes = more than 6 swings
        return len(changes) > 2 * MAX_FLASHES_PER_SECOND
