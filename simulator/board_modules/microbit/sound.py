"""Sound names inside ``microbit``: ``microbit.audio``, ``Sound`` and ``speaker``.

``microbit.audio`` is the very module ``import audio`` gives. ``speaker`` has ``on()`` and
``off()`` only in v2.1.2 (micropython-microbit-v2 ``src/codal_port/microbit_speaker.c``; no
``is_on``): off silences the built-in speaker, while an edge pin still gets the sound.
"""

from __future__ import annotations

from ...model.microbit import MicrobitBoard
from ..audio import MicroBitSound, build_audio


class MicroBitSpeaker:
    """``microbit.speaker``."""

    def __init__(self, board: MicrobitBoard):
        self._board = board

    def __repr__(self) -> str:
        return "<MicroBitSpeaker>"

    def on(self) -> None:
        self._board.audio.set_speaker(True)

    def off(self) -> None:
        self._board.audio.set_speaker(False)


def build_sound_names(board: MicrobitBoard) -> dict[str, object]:
    return {"audio": build_audio(board), "Sound": MicroBitSound,
            "speaker": MicroBitSpeaker(board)}
