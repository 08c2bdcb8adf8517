"""Every board Terakoya simulates, as data (``spec.BoardSpec``), one file per family here.

Adding a board is adding a file with a ``SPECS`` tuple (and the board's own code where its
specification points): no layer keeps a list of boards of its own.
"""

from __future__ import annotations

import difflib
import importlib
import pkgutil
from functools import cache

from .spec import BoardSpec, Impl

DEFAULT_BOARD = "microbit"


class UnknownBoard(ValueError):
    """A board id nobody knows; ``suggestion`` is the nearest known id, if any."""

    def __init__(self, word: str, suggestion: str | None):
        super().__init__(word)
        self.word = word
        self.suggestion = suggestion


@cache
def all_specs() -> tuple[BoardSpec, ...]:
    """Every board, in the order of their files (micro:bit first), then as each file lists."""
    specs: list[BoardSpec] = []
    names = sorted(m.name for m in pkgutil.iter_modules(__path__) if m.name != "spec")
    names.sort(key=lambda name: name != DEFAULT_BOARD)
    for name in names:
        module = importlib.import_module(f"{__name__}.{name}")
        specs.extend(getattr(module, "SPECS", ()))
    return tuple(specs)


def board_ids() -> tuple[str, ...]:
    return tuple(spec.id for spec in all_specs())


def _normal(word: str) -> str:
    return word.strip().lower().replace("_", "-")


def spec_for(word: str | BoardSpec) -> BoardSpec:
    """The board a word names: its id, or one of its aliases (``micro:bit``, ``microbit_v2``,
    ``atom``), in any case. Raises ``UnknownBoard`` with the nearest id."""
    if isinstance(word, BoardSpec):
        return word
    wanted = _normal(str(word))
    for spec in all_specs():
        if wanted == spec.id or wanted in (_normal(a) for a in spec.aliases):
            return spec
    close = difflib.get_close_matches(wanted, board_ids(), n=1, cutoff=0.6)
    raise UnknownBoard(str(word), close[0] if close else None)


def family_of(word: str) -> str:
    return spec_for(word).family


def load(impl: Impl) -> object:
    """The object an ``Impl`` points to (a layer calls this only for its own pieces)."""
    return getattr(importlib.import_module(impl.module), impl.attribute)


__all__ = ["BoardSpec", "DEFAULT_BOARD", "UnknownBoard", "all_specs", "board_ids", "family_of",
           "load", "spec_for"]
