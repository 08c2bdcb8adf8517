"""The firmware's classes for hardware this simulator does not model, with their full API.

Each class has the constants of MicroPython 1.23's ESP32 port (same names, same values) and
every method the firmware gives it; making one, or calling any of its methods, raises
NotSimulatedError with a plain sentence. A program can still read the constants (``I2S.TX``,
``esp32.Partition.RUNNING``) and be checked against the API.

- ``machine.I2S`` (extmod/machine_i2s.c with ports/esp32/machine_i2s.c): RX 1 and TX 2 are
  ESP-IDF's I2S_DIR_RX/I2S_DIR_TX, MONO 0 and STEREO 1 extmod's format enum.
- ``machine.SDCard`` (ports/esp32/machine_sdcard.c): the block-device methods.
- ``esp32.Partition`` (esp32_partition.c): BOOT 0, RUNNING 1, TYPE_APP 0, TYPE_DATA 1.
- ``esp32.RMT`` (esp32_rmt.c as of 1.23): PULSE_MAX 32767; ``source_freq`` is the APB clock
  (80 MHz), the one thing it answers without hardware.
- ``esp32.ULP`` (esp32_ulp.c): RESERVE_MEM 2040, ESP32_GENERIC's CONFIG_ULP_COPROC_RESERVE_MEM.
- ``network.LAN`` and ``network.PPP`` (network_lan.c, network_ppp.c as of 1.23): on the board
  these are functions returning the interface object; here they are classes with that object's
  methods, which nothing can be made of (no Ethernet PHY, no PPP peer).
"""

from __future__ import annotations

from collections.abc import Iterable
from types import ModuleType

from .chip import not_simulated

APB_HZ = 80_000_000


class Unsimulated:
    """A firmware class whose hardware is not simulated: making one says so."""

    _what = "this"

    def __init__(self, *args: object, **kwargs: object) -> None:
        raise not_simulated(self._what)


class ClassFunction:
    """A static or class method: called on the class itself (the board's link sends a plain
    function on a class as a method of its objects, so it goes as a callable value)."""

    def __init__(self, function):
        self._function = function

    def __repr__(self) -> str:
        return "<function>"

    def __call__(self, *args: object, **kwargs: object) -> object:
        return self._function(*args, **kwargs)


def _failing(what: str, name: str, kind: str):
    def method(*args: object, **kwargs: object) -> None:
        raise not_simulated(f"{what}.{name}()")

    method.__name__ = method.__qualname__ = name
    return method if kind == "method" else ClassFunction(method)


def unsimulated_class(what: str, constants: dict[str, object], methods: Iterable[str],
                      static: Iterable[str] = (), classmethods: Iterable[str] = (),
                      extra: dict[str, object] | None = None) -> type:
    """A class named as the firmware's ``what`` (``"machine.I2S"``) with these members."""
    module, _, name = what.rpartition(".")
    body: dict[str, object] = {"_what": what, "__module__": module, **constants}
    for kind, names in (("method", methods), ("static", static), ("class", classmethods)):
        for method in names:
            body[method] = _failing(what, method, kind)
    body.update(extra or {})
    return type(name, (Unsimulated,), body)


def _rmt_source_freq(*args: object) -> int:
    return APB_HZ


I2S_CONSTANTS = {"RX": 1, "TX": 2, "MONO": 0, "STEREO": 1}
PARTITION_CONSTANTS = {"BOOT": 0, "RUNNING": 1, "TYPE_APP": 0, "TYPE_DATA": 1}
PPP_CONSTANTS = {"AUTH_NONE": 0, "AUTH_PAP": 1, "AUTH_CHAP": 2}


def machine_classes() -> dict[str, type]:
    return {
        "I2S": unsimulated_class("machine.I2S", I2S_CONSTANTS,
                                 ("init", "deinit", "readinto", "write", "irq"),
                                 static=("shift",)),
        "SDCard": unsimulated_class("machine.SDCard", {},
                                    ("info", "deinit", "readblocks", "writeblocks", "ioctl")),
    }


def esp32_classes() -> dict[str, type]:
    return {
        "Partition": unsimulated_class(
            "esp32.Partition", PARTITION_CONSTANTS,
            ("info", "readblocks", "writeblocks", "ioctl", "set_boot", "get_next_update"),
            static=("find", "mark_app_valid_cancel_rollback")),
        "RMT": unsimulated_class(
            "esp32.RMT", {"PULSE_MAX": 32767},
            ("deinit", "clock_div", "wait_done", "loop", "write_pulses"),
            static=("bitstream_channel",),
            extra={"source_freq": ClassFunction(_rmt_source_freq)}),
        "ULP": unsimulated_class("esp32.ULP", {"RESERVE_MEM": 2040},
                                 ("set_wakeup_period", "load_binary", "run")),
    }


def network_classes() -> dict[str, type]:
    return {
        "LAN": unsimulated_class("network.LAN", {},
                                 ("active", "isconnected", "status", "config", "ifconfig")),
        "PPP": unsimulated_class("network.PPP", PPP_CONSTANTS,
                                 ("active", "connect", "isconnected", "status", "ifconfig")),
    }


# -- TLS: the firmware has mbedTLS (``tls`` in C, ``ssl`` frozen over it); no TLS here -------
TLS_CONSTANTS = {"PROTOCOL_TLS_CLIENT": 0, "PROTOCOL_TLS_SERVER": 1, "CERT_NONE": 0,
                 "CERT_OPTIONAL": 1, "CERT_REQUIRED": 2}
TLS_CONTEXT_METHODS = ("load_cert_chain", "load_verify_locations", "set_ciphers",
                       "get_ciphers", "wrap_socket")


def _tls_module(name: str, functions: Iterable[str]) -> ModuleType:
    mod = ModuleType(name)
    context = unsimulated_class(f"{name}.SSLContext", {}, TLS_CONTEXT_METHODS)
    setattr(mod, "SSLContext", context)
    for function in functions:
        setattr(mod, function, _failing(name, function, "method"))
    for key, value in TLS_CONSTANTS.items():
        setattr(mod, key, value)
    return mod


def build_tls(board: object) -> ModuleType:
    mod = _tls_module("tls", ())
    mod.MBEDTLS_VERSION = "Mbed TLS 3.5.1"  # type: ignore[attr-defined]
    return mod


def build_ssl(board: object) -> ModuleType:
    return _tls_module("ssl", ("wrap_socket",))
