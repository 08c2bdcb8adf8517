"""The Terakoya board simulator: board model, board modules, runner (and later the window).

``Simulation`` is imported lazily so that importing the board model stays light.
"""

from __future__ import annotations


def __getattr__(name: str) -> object:
    if name in ("Simulation", "SimBoard"):
        from .runner import session

        return getattr(session, name)
    raise AttributeError(name)
