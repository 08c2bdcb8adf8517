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
