"""Turning text into display frames, as the firmware's show() and scroll() do.

Scroll follows ``microbit_scrolling_string_iter_next`` (micropython-microbit-v2,
``microbit_image.c``): the first glyph column appears at the right edge at once, one
column moves in per frame, proportional spacing trims only a blank first column and
the blank columns right of column 2, and one gap column follows every character.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

from .font import FALLBACK_CHAR, FONT

Rows = tuple[tuple[int, ...], ...]
Column = tuple[int, ...]
BLANK: Rows = ((0,) * 5,) * 5
TICK_MS = 6  # the display engine runs every 6 ms (drv_system.c)
FOREVER = None  # a negative delay: the animation never moves on


def frame_period(delay_ms: int) -> int | None:
    """How long each frame really stays: delays round up to the 6 ms display tick."""
    if delay_ms < 0:
        return FOREVER
    return max(1, -(-delay_ms // TICK_MS)) * TICK_MS


@functools.lru_cache(maxsize=256)
def glyph(byte: int) -> Rows:
    char = chr(byte) if 32 <= byte <= 126 else FALLBACK_CHAR
    return tuple(tuple(9 if bit == "1" else 0 for bit in row) for row in FONT[char])


def _column(rows: Rows, x: int) -> Column:
    return tuple(row[x] for row in rows)


def _lit(rows: Rows, x: int) -> bool:
    return any(row[x] for row in rows)


def _right_limit(rows: Rows) -> int:
    """Columns 0-2 always show; 3 and 4 only up to the rightmost lit one."""
    return 5 if _lit(rows, 4) else 4 if _lit(rows, 3) else 3


@functools.lru_cache(maxsize=512)
def _glyph_columns(byte: int, monospace: bool, first: bool) -> tuple[Column, ...]:
    """The columns one character brings, and the gap after it."""
    rows = glyph(byte)
    start = 0 if monospace or first or _lit(rows, 0) else 1
    end = 5 if monospace else _right_limit(rows)
    return (*(_column(rows, x) for x in range(start, end)), (0,) * 5)


def scroll_columns(data: bytes, monospace: bool) -> list[Column]:
    """Every column that enters the display at the right, in order, tail included."""
    columns: list[Column] = []
    for index, byte in enumerate(data):
        columns.extend(_glyph_columns(byte, monospace, index == 0))
    if not data:
        return [(0,) * 5] * 5
    columns.extend([(0,) * 5] * 4)  # the text leaves the display completely
    return columns


def scroll_frames(data: bytes, monospace: bool, loop: bool) -> Iterator[Rows]:
    columns = scroll_columns(data, monospace)
    window: list[Column] = [(0,) * 5] * 5
    while True:
        for column in columns:
            window = window[1:] + [column]
            yield tuple(tuple(col[y] for col in window) for y in range(5))
        if not loop:
            return
