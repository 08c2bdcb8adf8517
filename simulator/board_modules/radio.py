"""The ``radio`` module of MicroPython on micro:bit V2, built for one board.

Follows ``src/codal_port/modradio.c`` (v2.1.2): importing the module resets the settings
and turns the radio on; every send/receive function raises ``ValueError('radio is not
enabled')`` while it is off (after checking its argument); text messages carry the 3-byte
header ``b'\\x01\\x00\\x01'``. The board model (``model/radio.py``) does the rest.
"""

from __future__ import annotations

from dataclasses import replace
from types import ModuleType

from ..model.microbit import MicrobitBoard
from ..model.radio import (
    DATA_RATES,
    MAX_CHANNEL,
    POWER_DBM,
    RATE_1MBIT,
    RATE_2MBIT,
    TICKS_MASK,
    Radio,
    RadioConfig,
)
from .mp import mp_int, read_buffer, str_data, write_buffer

STRING_HEADER = b"\x01\x00\x01"
# argument (a RadioConfig field of that name) -> its range check; any 32-bit address will do
CONFIG_CHECKS = {
    "length": lambda v: 1 <= v <= 251,
    "queue": lambda v: 1 <= v <= 254,
    "channel": lambda v: 0 <= v <= MAX_CHANNEL,
    "power": lambda v: 0 <= v < len(POWER_DBM),
    "data_rate": lambda v: v in DATA_RATES,
    "group": lambda v: 0 <= v <= 255,
    "address": lambda v: True,
}


def as_builtins(functions: dict[str, object]) -> dict[str, object]:
    """Give closures their plain name in error messages (``send()``, not ``f.<locals>.send()``).

    tracebacks.py rewrites CPython's argument errors into MicroPython's wording only for
    plain or ``Class.method`` names.
    """
    for name, function in functions.items():
        code = getattr(function, "__code__", None)
        if code is not None:
            function.__code__ = code.replace(co_qualname=name)  # type: ignore[attr-defined]
            function.__qualname__ = name  # type: ignore[attr-defined]
    return functions


def truncated_int(value: object) -> int:
    """``mp_obj_get_int_truncated``: an int cut to the board's 32-bit machine word."""
    number = mp_int(value)
    return ((number + (1 << 31)) & 0xFFFFFFFF) - (1 << 31)


def new_config(old: RadioConfig, args: tuple[object, ...],
               kwargs: dict[str, object]) -> RadioConfig:
    """The settings after ``radio.config(**kwargs)``, checked in the order given."""
    if args:
        raise TypeError("arguments must be keywords")
    changes: dict[str, int] = {}
    for name, raw in kwargs.items():
        value = truncated_int(raw)  # converted before the name is looked at, as in C
        check = CONFIG_CHECKS.get(name)
        if check is None:
            raise ValueError(f"unknown argument '{name}'")
        if not check(value):
            raise ValueError(f"value out of range for argument '{name}'")
        changes[name] = value & 0xFFFFFFFF if name == "address" else value
    return replace(old, **changes)


def _enabled(radio: Radio) -> Radio:
    if not radio.enabled:
        raise ValueError("radio is not enabled")
    return radio


def _setting_functions(radio: Radio) -> dict[str, object]:
    def init() -> None:  # radio.__init__: runs on the first import
        radio.reset_config()
        radio.on()

    def on() -> None:
        radio.on()

    def off() -> None:
        radio.off()

    def reset() -> None:
        radio.reset_config()

    def config(*args: object, **kwargs: object) -> None:
        radio.configure(new_config(radio.config, args, kwargs))

    return {"__init__": init, "on": on, "off": off, "reset": reset, "config": config}


def _send_functions(board: MicrobitBoard) -> dict[str, object]:
    radio = board.radio

    def transmit(data: bytes) -> None:
        # drv_radio.c spins until the packet is out, running no callbacks meanwhile
        board.busy_us(_enabled(radio).send(data))

    def send_bytes(message: object, /) -> None:
        transmit(read_buffer(message))

    def send(message: object, /) -> None:
        transmit(STRING_HEADER + str_data(message))

    return {"send_bytes": send_bytes, "send": send}


def _receive_functions(radio: Radio) -> dict[str, object]:
    def receive_bytes() -> bytes | None:
        packet = _enabled(radio).pop()
        return None if packet is None else packet.data

    def receive() -> str | None:
        packet = _enabled(radio).pop()
        if packet is None:
            return None
        if not packet.data.startswith(STRING_HEADER):
            raise ValueError("received packet is not a string")
        return packet.data[3:].decode("utf-8", "replace")

    def receive_bytes_into(buffer: object, /) -> int | None:
        view = write_buffer(buffer)
        packet = _enabled(radio).pop()
        if packet is None:
            return None
        size = min(len(view), len(packet.data))
        view[:size] = packet.data[:size]
        return len(packet.data)

    def receive_full() -> tuple[bytes, int, int] | None:
        packet = _enabled(radio).pop()
        if packet is None:
            return None
        return packet.data, packet.rssi, packet.timestamp_us & TICKS_MASK

    return {"receive_bytes": receive_bytes, "receive": receive,
            "receive_bytes_into": receive_bytes_into, "receive_full": receive_full}


def build_radio(board: MicrobitBoard) -> ModuleType:
    mod = ModuleType("radio", "Communicate between micro:bits with the built-in radio.")
    functions = as_builtins({**_setting_functions(board.radio), **_send_functions(board),
                             **_receive_functions(board.radio)})
    for name, value in {**functions, "RATE_1MBIT": RATE_1MBIT, "RATE_2MBIT": RATE_2MBIT}.items():
        setattr(mod, name, value)
    functions["__init__"]()  # type: ignore[operator]  # MicroPython runs it on first import
    return mod
