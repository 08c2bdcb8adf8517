"""The ESP32's modules that the host serves to the board's own MicroPython core (1.23,
configured as the ESP32 port): each name maps to ``factory(board) -> module``."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from types import ModuleType

from ...model.esp32 import Esp32Board
from .. import stdlib
from . import codecs, esp_modules, files, machine, net, unsimulated

ESP32_MODULES: dict[str, Callable[[Esp32Board], ModuleType]] = {
    "random": partial(stdlib.build_random, name="random"),
    "machine": machine.build_machine,
    "esp": esp_modules.build_esp,
    "esp32": esp_modules.build_esp32,
    "_onewire": esp_modules.build_onewire,
    "os": files.build_os,
    "builtins": files.build_builtins,  # what the host serves of them: open()
    "network": net.build_network,
    "socket": net.build_socket,
    "select": net.build_select,
    "binascii": codecs.build_binascii,
    "hashlib": codecs.build_hashlib,
    "ssl": unsimulated.build_ssl,  # no TLS here: making a context says so
    "tls": unsimulated.build_tls,
}
