"""The ``os`` module and the ``open()`` builtin: the board's flat filesystem."""

from __future__ import annotations

from types import ModuleType

from ..model.microbit import MicrobitBoard
from .not_simulated import not_simulated_yet


def build_os(board: MicrobitBoard) -> ModuleType:
    return not_simulated_yet(board, name="os")


def build_file_builtins(board: MicrobitBoard) -> ModuleType:
    """Builtins that use the board's files (``open``); empty until files are simulated."""
    return ModuleType("builtins")
