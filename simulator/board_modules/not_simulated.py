"""Deliberate gaps: modules the board has but the simulator does not model (yet).

Importing one raises an error that says so plainly, instead of a module that pretends
to work. Every name here is listed under "Deliberate gaps" in the README.
"""

from __future__ import annotations

from types import ModuleType

from ..model.microbit import MicrobitBoard


class NotSimulatedError(ImportError):
    """The real board has this, the simulator does not (yet)."""


def not_simulated_yet(board: MicrobitBoard, name: str) -> ModuleType:
    raise NotSimulatedError(
        f"the '{name}' module works on a real micro:bit, but this simulator cannot run it "
        f"yet (see 'Deliberate gaps' in the Terakoya README)")


class NotSimulated:
    """A part of the board this simulator does not model (yet): any use says so."""

    def __init__(self, name: str):
        self._name = name

    def __repr__(self) -> str:
        return f"<{self._name}: not simulated>"

    def _fail(self, *args: object, **kwargs: object) -> None:
        raise NotSimulatedError(
            f"{self._name} works on a real micro:bit, but this simulator cannot run it yet "
            f"(see 'Deliberate gaps' in the Terakoya README)")

    def __getattr__(self, attr: str) -> object:
        if attr.startswith("__"):
            raise AttributeError(attr)
        self._fail()

    __call__ = _fail
