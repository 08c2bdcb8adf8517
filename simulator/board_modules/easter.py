"""The micro:bit's playful modules: ``love``, ``this`` and ``antigravity``.

The firmware's own texts and animations are not reproduced word for word: these show a
beating heart, a short motto and a little flying figure in the same spirit.
"""

from __future__ import annotations

from types import ModuleType

from ..model.clock import US_PER_MS
from ..model.microbit import MicrobitBoard
from .microbit.display import image_rows
from .microbit.image import Image

BEAT_MS = 100


def build_love(board: MicrobitBoard, name: str = "love") -> ModuleType:
    def badaboom() -> None:
        """A heart that beats a few times, as ``import love`` does on the board."""
        for _ in range(3):
            for level in (*range(1, 10), *range(8, -1, -1)):
                board.display.set_rows(image_rows(Image.HEART * (level / 9)))
                board.sleep_us(BEAT_MS * US_PER_MS // 4)
        board.display.clear()

    mod = ModuleType(name, "A beating heart.")
    mod.badaboom = badaboom  # type: ignore[attr-defined]
    badaboom()  # the firmware runs the animation when the module is imported
    return mod


def build_this(board: MicrobitBoard, name: str = "this") -> ModuleType:
    def authors() -> str:
        return "MicroPython for the micro:bit is the work of many volunteers."

    board.write_serial("Small boards, big ideas: keep it simple, make it blink, share it.\n")
    mod = ModuleType(name, "A motto.")
    mod.authors = authors  # type: ignore[attr-defined]
    return mod


def build_antigravity(board: MicrobitBoard, name: str = "antigravity") -> ModuleType:
    figure = Image("00900:09990:00900:09090:00000")
    for step in range(6):
        board.display.set_rows(image_rows(figure.shift_up(step)))
        board.sleep_us(BEAT_MS * US_PER_MS)
    return ModuleType(name, "Up, up and away.")
