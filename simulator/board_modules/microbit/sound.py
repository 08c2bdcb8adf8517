"""Sound names inside ``microbit``: ``microbit.audio``, ``Sound`` and ``speaker``."""

from __future__ import annotations

from ...model.microbit import MicrobitBoard
from ..not_simulated import NotSimulated


def build_sound_names(board: MicrobitBoard) -> dict[str, object]:
    return {name: NotSimulated(f"microbit.{name}") for name in ("audio", "Sound", "speaker")}
