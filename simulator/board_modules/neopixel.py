"""The ``neopixel`` module of MicroPython on micro:bit V2, built for one board."""

from __future__ import annotations

from types import ModuleType

from ..model.microbit import MicrobitBoard
from .not_simulated import not_simulated_yet


def build_neopixel(board: MicrobitBoard) -> ModuleType:
    return not_simulated_yet(board, name="neopixel")
