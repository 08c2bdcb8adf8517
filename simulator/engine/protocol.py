"""The wire format between the host and a board process (the C side is port/hostlink.c).

A frame is a 4-byte little-endian length and that many bytes; the first byte is its kind.
Every frame from the board then carries a u32: the opcodes it ran since its last frame.
Every answer from the host carries a u32 budget (how many more opcodes the board may run
before it checks in) and a list of events (Ctrl-C, callbacks to schedule, references to let
go). Values are tagged; see ``Writer.value`` and ``Reader.value``. Host objects travel only
as handles (numbers the host checks on every call) and board objects only as reference
numbers, so no name or address of a host object ever reaches the board.
"""

from __future__ import annotations

import math
import struct
import types
from collections.abc import Callable
from dataclasses import dataclass, field

MAX_FRAME = 256 * 1024  # the board's receive buffer (RX_MAX in hostlink.c)
MAX_DEPTH = 12
INT32 = range(-2**31, 2**31)
_U16 = struct.Struct("<H")
_U32 = struct.Struct("<I")
_I32 = struct.Struct("<i")
_F32 = struct.Struct("<f")
_HEAD = struct.Struct("<IIIB")  # an answer's head: budget, time (two halves), events

# board -> host
CALL, SYNC, EXIT, RELEASE, TAKEN, RESULT, ERROR = b"c", b"y", b"x", b"r", b"p", b"R", b"E"
# host -> board
GO, QUERY = b"G", b"Q"
# call modes
MODE_CALL, MODE_GET, MODE_SET = 0, 1, 2
NO_ATTR = 0xFFFF
# query operations
Q_CALL, Q_NEXT, Q_SCHEDULED = 1, 2, 3
# events
EV_INTERRUPT, EV_SCHEDULE, EV_RELEASE, EV_STOP, EV_RADIO, EV_RADIO_STATE = 1, 2, 3, 4, 5, 6
# how a program ended
END_OK, END_ERROR, END_EXIT, END_INTERRUPT, END_SOFT_RESET = 0, 1, 2, 3, 4


class ProtocolError(Exception):
    """A frame that does not follow the protocol (the board process is then ended)."""


@dataclass(frozen=True)
class BoardRef:
    """One of the board's own objects, lent to the host (a callback, an iterator)."""

    ref: int


@dataclass
class ClassInfo:
    """What the board is told about a host class: its name and attributes, in order."""

    class_id: int
    name: str
    attrs: list[tuple[str, str, object]] = field(default_factory=list)  # (name, kind, value)


class Writer:
    """Builds one frame. ``export`` turns a host object into ('H'|'K'|'h', handle, class)."""

    def __init__(self, kind: bytes, export: Callable[[object], tuple] | None = None):
        self.buf = bytearray(4)
        self.buf += kind
        self.export = export

    def u8(self, v: int) -> Writer:
        self.buf.append(v & 0xFF)
        return self

    def u16(self, v: int) -> Writer:
        self.buf += _U16.pack(v)
        return self

    def u32(self, v: int) -> Writer:
        self.buf += _U32.pack(v & 0xFFFFFFFF)
        return self

    def head(self, budget: int, time_ns: int, events: list[bytes]) -> None:
        """An answer's head: the board's budget of opcodes, its time, and the events."""
        self.buf += _HEAD.pack(budget, time_ns & 0xFFFFFFFF, time_ns >> 32, len(events))
        for event in events:
            self.buf += event

    def blob(self, tag: bytes, data: bytes) -> None:
        self.buf += tag
        self.u32(len(data))
        self.buf += data

    def frame(self) -> bytes:
        size = len(self.buf) - 4
        if size > MAX_FRAME:
            raise ProtocolError(f"frame of {size} bytes is larger than {MAX_FRAME}")
        self.buf[0:4] = _U32.pack(size)
        return bytes(self.buf)

    def value(self, obj: object, depth: int = 0) -> None:  # noqa: C901 - one tag each
        if depth > MAX_DEPTH:
            raise ValueError("object too deeply nested")
        if obj is None:
            self.buf += b"N"
        elif obj is True:
            self.buf += b"T"
        elif obj is False:
            self.buf += b"F"
        elif obj is NotImplemented:  # an operator the host object does not support
            self.buf += b"X"
        elif isinstance(obj, int):  # True and False are taken above
            if -0x80000000 <= obj <= 0x7FFFFFFF:
                self.buf += b"i"
                self.buf += _I32.pack(obj)
            else:
                self.blob(b"I", str(int(obj)).encode())
        elif isinstance(obj, float):
            self.buf += b"f"
            self.buf += _float32(obj)
        elif isinstance(obj, str):
            self.blob(b"s", obj.encode("utf-8", "surrogateescape"))
        elif isinstance(obj, (bytes, bytearray, memoryview)):
            self.blob(b"y" if isinstance(obj, bytearray) else b"b", bytes(obj))
        elif isinstance(obj, tuple) and hasattr(obj, "FIELDS"):  # a tuple with named items
            self.buf += b"A"
            self.u32(len(obj))
            for name in obj.FIELDS:  # type: ignore[attr-defined]
                self.value(name, depth + 1)
            for item in obj:
                self.value(item, depth + 1)
        elif type(obj) in (tuple, list):
            self.buf += b"t" if type(obj) is tuple else b"l"
            self.u32(len(obj))
            for item in obj:
                self.value(item, depth + 1)
        elif type(obj) is dict:
            self.buf += b"d"
            self.u32(len(obj))
            for key, item in obj.items():
                self.value(key, depth + 1)
                self.value(item, depth + 1)
        elif isinstance(obj, BoardRef):
            self.buf += b"o"
            self.u32(obj.ref)
        elif isinstance(obj, types.ModuleType):  # another of the board's modules, by name
            self.buf += b"M"
            self.value(obj.__name__)
        else:
            self._host_object(obj)

    def _host_object(self, obj: object) -> None:
        if self.export is None:
            raise TypeError(f"can't send {type(obj).__name__} to the board")
        tag, handle, info, new = self.export(obj)
        if tag == "h":
            self.buf += b"h"
            self.u32(handle)
            return
        self.buf += tag.encode()
        if tag == "H":
            self.u32(handle)
        self.class_info(info, new)
        if tag == "K":
            self.u32(handle)

    def class_info(self, info: ClassInfo | None, new: bool) -> None:
        self.u32(0 if info is None else info.class_id)
        self.u8(1 if new else 0)
        if not new or info is None:
            return
        self.value(info.name)
        self.u16(len(info.attrs))
        for name, kind, value in info.attrs:
            self.value(name)
            self.buf += kind.encode()
            if kind == "v":
                self.value(value, 1)


class Reader:
    """Reads one frame's values; ``lookup`` turns a handle back into the host object."""

    def __init__(self, data: bytes, lookup: Callable[[int], object] | None = None):
        self.data = data
        self.pos = 0
        self.lookup = lookup
        self.buffers: list[bytearray] = []  # writable buffers, to send back after a call

    def take(self, n: int) -> bytes:
        pos = self.pos
        if n < 0 or pos + n > len(self.data):
            raise ProtocolError("frame ends too early")
        self.pos = pos + n
        return self.data[pos:pos + n]

    def u8(self) -> int:
        pos = self.pos
        if pos >= len(self.data):
            raise ProtocolError("frame ends too early")
        self.pos = pos + 1
        return self.data[pos]

    def _unpack(self, fmt: struct.Struct) -> int:
        pos = self.pos
        if pos + fmt.size > len(self.data):
            raise ProtocolError("frame ends too early")
        self.pos = pos + fmt.size
        return fmt.unpack_from(self.data, pos)[0]

    def u16(self) -> int:
        return self._unpack(_U16)

    def u32(self) -> int:
        return self._unpack(_U32)

    def at_end(self) -> bool:
        return self.pos == len(self.data)

    def value(self, depth: int = 0) -> object:  # noqa: C901 - one tag each
        if depth > MAX_DEPTH + 4:
            raise ProtocolError("value nested too deeply")
        tag = self.take(1)
        if tag == b"i":
            return self._unpack(_I32)
        if tag == b"N":
            return None
        if tag == b"T":
            return True
        if tag == b"F":
            return False
        if tag == b"I":
            text = self.take(self.u32())
            if not (text[1:] if text[:1] == b"-" else text).isdigit():  # ASCII digits only
                raise ProtocolError("bad big integer")
            return int(text)
        if tag == b"f":
            return self._unpack(_F32)
        if tag == b"s":
            return self.take(self.u32()).decode("utf-8", "surrogateescape")
        if tag in (b"b", b"y"):
            data = self.take(self.u32())
            return bytearray(data) if tag == b"y" else data
        if tag == b"a":
            buffer = bytearray(self.take(self.u32()))
            self.buffers.append(buffer)
            return buffer
        if tag in (b"t", b"l"):
            items = [self.value(depth + 1) for _ in range(self.u32())]
            return tuple(items) if tag == b"t" else items
        if tag == b"d":
            try:
                return {self.value(depth + 1): self.value(depth + 1)
                        for _ in range(self.u32())}
            except TypeError:  # a key that cannot be one (a list, a bytearray)
                raise ProtocolError("unhashable dict key") from None
        if tag == b"h":
            if self.lookup is None:
                raise ProtocolError("no host objects here")
            return self.lookup(self.u32())
        if tag == b"o":
            return BoardRef(self.u32())
        raise ProtocolError(f"unknown value tag {tag!r}")


def _float32(value: float) -> bytes:
    try:
        return _F32.pack(value)
    except OverflowError:
        return _F32.pack(math.copysign(math.inf, value))


def frame_length(head: bytes) -> int:
    size = _U32.unpack(head)[0]
    if not 0 < size <= MAX_FRAME:
        raise ProtocolError(f"frame length {size} out of range")
    return size
