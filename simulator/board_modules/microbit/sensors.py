"""``microbit.accelerometer``, ``compass``, ``microphone`` and ``SoundEvent``."""

from __future__ import annotations

from ...model.microbit import MicrobitBoard
from ..not_simulated import NotSimulated


def build_sensors(board: MicrobitBoard) -> dict[str, object]:
    """The sensor objects of ``microbit`` for one board, by name."""
    return {name: NotSimulated(f"microbit.{name}")
            for name in ("accelerometer", "compass", "microphone", "SoundEvent")}
