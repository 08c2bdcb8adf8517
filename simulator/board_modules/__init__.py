"""The board's modules that the host serves to the board's own MicroPython core, built
fresh for each simulated board.

Each entry maps a module's name to a factory ``factory(board) -> module``. These modules
call only the board model; the engine serves them (``simulator/engine/services.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from types import ModuleType

from ..boards import BoardSpec, load, spec_for
from ..model.microbit import MicrobitBoard
from . import audio, easter, log, machine, music, neopixel, os_module, power, radio, speech, stdlib
from .microbit import build_microbit

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
    "builtins": os_module.build_builtins,  # what the host serves of them: open()
}

# The board's core asks for ``urandom`` (MicroPython 1.18's weak links give it to
# ``import random`` too).
ALIASES = {"urandom": "random"}



def registry_for(board: str | BoardSpec) -> dict[str, ModuleFactory]:
    """The modules the host serves to a board (its specification's ``modules``)."""
    return load(spec_for(board).modules)  # type: ignore[return-value]


def error_display_for(board: str | BoardSpec) -> Callable[..., None] | None:
    """What a board shows on its own display after an uncaught error in main.py, from the
    type name and message its core reports (None: it shows nothing)."""
    impl = spec_for(board).error_display
    return None if impl is None else load(impl)  # type: ignore[return-value]


def canonical_name(name: str) -> str:
    return ALIASES.get(name, name)
