"""Sound names inside ``microbit``: the ``microbit.audio`` module and ``Sound``."""

from __future__ import annotations

from ...model.microbit import MicrobitBoard
from ..not_simulated import NotSimulated


def build_sound_names(board: MicrobitBoard) -> dict[str, object]:
    return {"audio": NotSimulated("microbit.audio"), "Sound": NotSimulated("microbit.Sound")}
