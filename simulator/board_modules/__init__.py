"""The board's modules that the host serves to the board's own MicroPython core, built
fresh for each simulated board.

Each entry maps a module's name to a factory ``factory(board) -> module``. These modules
call only the board model; the engine serves them (``simulator/engine/services.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from types import ModuleType

from ..model.microbit import MicrobitBoard
from . import audio, easter, log, machine, music, neopixel, os_module, power, radio, speech, stdlib
from .microbit import build_microbit, show_error_text

ModuleFactory = Callable[[MicrobitBoard], ModuleType]

MICROBIT_MODULES: dict[str, ModuleFactory] = {
    "microbit": build_microbit,
    "random": partial(stdlib.build_random, name="urandom"),  # the firmware's name for it
    "love": easter.build_love,
    "this": easter.build_this,
    "antigravity": easter.build_antigravity,
    "music": music.build_music,
    "audio": audio.build_audio,
    "speech": speech.build_speech,
    "radio": radio.build_radio,
    "log": log.build_log,
    "power": power.build_power,
    "machine": machine.build_machine,
    "neopixel": neopixel.build_neopixel,
    "os": os_module.build_os,
}

# The board's core asks for ``urandom`` (MicroPython 1.18's weak links give it to
# ``import random`` too).
ALIASES = {"urandom": "random"}

REGISTRIES: dict[str, dict[str, ModuleFactory]] = {"microbit": MICROBIT_MODULES}

# What each board shows on its own display after an uncaught error in main.py, from the
# type name and message its core reports.
ERROR_TEXT_DISPLAYS = {"microbit": show_error_text}


def registry_for(board_kind: str) -> dict[str, ModuleFactory]:
    return REGISTRIES[board_kind]


def canonical_name(name: str) -> str:
    return ALIASES.get(name, name)
