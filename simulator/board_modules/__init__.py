"""The modules a student's program imports, built fresh for each simulated board.

Each entry maps an importable name to a factory ``factory(board) -> module``. These
modules call only the board model; the runner decides which of them a program can see.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from types import ModuleType

from ..model.microbit import MicrobitBoard
from . import audio, easter, log, machine, music, neopixel, os_module, power, radio, speech, stdlib
from .microbit import build_microbit, show_error, show_error_text

ModuleFactory = Callable[[MicrobitBoard], ModuleType]

MICROBIT_MODULES: dict[str, ModuleFactory] = {
    "microbit": build_microbit,
    "time": partial(stdlib.build_time, name="utime"),  # MicroPython 1.18 calls it utime
    "random": stdlib.build_random,
    "math": stdlib.build_math,
    "gc": stdlib.build_gc,
    "micropython": stdlib.build_micropython,
    "struct": stdlib.build_struct,
    "sys": stdlib.build_sys,
    "array": stdlib.build_array,
    "collections": stdlib.build_collections,
    "errno": stdlib.build_errno,
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
    "builtins": os_module.build_file_builtins,  # open(): not importable, added to builtins
}

# ``import utime`` gives the very module ``import time`` gives (MicroPython's weak links).
ALIASES = {f"u{name}": name for name in
           ("time", "random", "struct", "sys", "array", "collections", "errno")}

REGISTRIES: dict[str, dict[str, ModuleFactory]] = {"microbit": MICROBIT_MODULES}

# What each board shows on its own display after an uncaught error in main.py.
ERROR_DISPLAYS = {"microbit": show_error}
# The same, from the type name and message the board's own core reports.
ERROR_TEXT_DISPLAYS = {"microbit": show_error_text}


def registry_for(board_kind: str) -> dict[str, ModuleFactory]:
    return REGISTRIES[board_kind]


def canonical_name(name: str) -> str:
    return ALIASES.get(name, name)
