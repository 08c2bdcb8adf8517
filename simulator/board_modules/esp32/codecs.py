"""``binascii`` and ``hashlib`` of MicroPython 1.23's ESP32 port (extmod/modbinascii.c,
extmod/modhashlib.c with mbedTLS: sha256, sha1 and md5).

- ``hexlify(data, sep=None)``, ``unhexlify`` (``ValueError: odd-length string`` /
  ``non-hex digit found``), ``a2b_base64`` (``ValueError: incorrect padding``),
  ``b2a_base64(data, *, newline=True)``, ``crc32(data, value=0)``.
- A hash has ``update`` and ``digest`` only (no ``hexdigest``); after ``digest()`` it is
  final: ``ValueError: hash is final``.
"""

from __future__ import annotations

import binascii as _binascii
import hashlib as _hashlib
from types import ModuleType

from ...model.esp32 import Esp32Board
from ..machine import plain_names
from ..mp import mp_int, read_buffer

HEX = "0123456789abcdefABCDEF"


def build_binascii(board: Esp32Board) -> ModuleType:
    def hexlify(data: object, sep: object = None) -> bytes:
        raw = read_buffer(data)
        text = raw.hex()
        if sep is not None and raw:
            joint = read_buffer(sep).decode("latin-1")
            text = joint.join(text[i:i + 2] for i in range(0, len(text), 2))
        return text.encode("latin-1")

    def unhexlify(data: object) -> bytes:
        text = read_buffer(data).decode("latin-1")
        if len(text) % 2:
            raise ValueError("odd-length string")
        if any(c not in HEX for c in text):
            raise ValueError("non-hex digit found")
        return bytes.fromhex(text)

    def a2b_base64(data: object) -> bytes:
        try:
            return _binascii.a2b_base64(read_buffer(data))
        except _binascii.Error:
            raise ValueError("incorrect padding") from None

    def b2a_base64(data: object, *, newline: object = True) -> bytes:
        return _binascii.b2a_base64(read_buffer(data), newline=bool(newline))

    def crc32(data: object, value: object = 0) -> int:
        return _binascii.crc32(read_buffer(data), mp_int(value) & 0xFFFFFFFF)

    mod = ModuleType("binascii")
    for function in plain_names(hexlify, unhexlify, a2b_base64, b2a_base64, crc32):
        setattr(mod, function.__name__, function)
    return mod


class _Hash:
    _algorithm = "sha256"

    def __init__(self, data: object = None) -> None:
        self._hash = _hashlib.new(self._algorithm)
        self._final = False
        if data is not None:
            self.update(data)

    def update(self, data: object) -> None:
        if self._final:
            raise ValueError("hash is final")
        self._hash.update(read_buffer(data))

    def digest(self) -> bytes:
        if self._final:
            raise ValueError("hash is final")
        self._final = True
        return self._hash.digest()


def build_hashlib(board: Esp32Board) -> ModuleType:
    mod = ModuleType("hashlib")
    for name in ("sha256", "sha1", "md5"):
        setattr(mod, name, type(name, (_Hash,), {"_algorithm": name}))
    return mod
