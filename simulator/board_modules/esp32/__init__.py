"""The ESP32's modules that the host serves to the board's own MicroPython core (1.23,
configured as the ESP32 port): each name maps to ``factory(board) -> module``."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from types import ModuleType

from ...model.esp32 import Esp32Board
from .. import stdlib

ESP32_MODULES: dict[str, Callable[[Esp32Board], ModuleType]] = {
    "random": partial(stdlib.build_random, name="random"),
}
