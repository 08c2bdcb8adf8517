"""The ``os`` module and the ``open()`` builtin: the board's flat filesystem.

As the firmware has them (micropython-microbit-v2 v2.1.2: ``main.c`` defines ``open``,
``modos.c`` the module, ``microbitfs.c`` the files):

- ``open(name, mode='r')`` takes its mode only as the second positional argument: keyword
  arguments are accepted and ignored (``open(f, mode='w')`` opens ``f`` for reading!), and so
  is a mode given with a third positional argument. A mode is any mix of one of ``r``/``w``
  and one of ``b``/``t``; anything else (``a``, ``+``, ``x``, ``rr``) is
  ``ValueError: illegal mode``.
- There is no append mode: ``w`` replaces the file. A name longer than 120 bytes, or a file
  that does not exist, is ``OSError: [Errno 2] ENOENT``; a full filesystem is errno 28
  (ENOSPC, printed ``OSError: 28``: the board's errno module has no name for it), and then
  the file being written is deleted.
- File objects (``TextIO``, ``FileIO``) have ``read``, ``readinto``, ``readline``, ``write``,
  ``close``, ``name()`` (a method), ``writable()`` and ``with``; they cannot be iterated.
  Reading a file opened for writing (or the other way round) is ``[Errno 9] EBADF``; using a
  closed file is ``ValueError: I/O operation on closed file``.
- ``os``: ``listdir``, ``ilistdir``, ``remove``, ``stat``, ``size`` and ``uname``.
"""

from __future__ import annotations

import array
from collections.abc import Iterator
from types import ModuleType

from ..model.filesystem import MAX_FILENAME_LENGTH, FileSystem, FileSystemFull, name_bytes
from ..model.microbit import MicrobitBoard
from .machine import plain_names
from .mp import mp_int, read_buffer, str_text
from .tracebacks import BoardOSError

ENOENT = 2
EBADF = 9
ENOSPC = 28
S_IFREG = 0x8000
UNAME = ("microbit", "microbit", "2.1.2",
         "micro:bit v2.1.2+0697c6d on 2023-10-30; MicroPython v1.18 on 2023-10-30",
         "micro:bit with nRF52833")
UNAME_FIELDS = ("sysname", "nodename", "release", "version", "machine")


def os_error(code: int) -> OSError:
    """``OSError(code)`` as MicroPython raises it (``[Errno 2] ENOENT``, or ``28``)."""
    return BoardOSError(code)


# -- file objects -------------------------------------------------------------------------
class _File:
    """An open file of the board; ``TextIO`` and ``FileIO`` differ only in what read gives."""

    _text = True

    def __init__(self, fs: FileSystem, name: str, writable: bool, generation: int):
        self._fs = fs
        self._name = name
        self._writable = writable
        self._generation = generation
        self._open = True
        self._pos = 0

    def __repr__(self) -> str:  # a native type with no print function
        return f"<{type(self).__name__}>"

    def name(self) -> str:
        return self._name

    def writable(self) -> bool:
        return self._writable

    def close(self) -> None:
        if self._open and self._writable and self._current() and \
                self._fs.is_open_for_writing(self._name):
            self._fs.close(self._name)
        self._open = False

    def __enter__(self) -> _File:
        return self

    def __exit__(self, exc_type: object, exc: object, traceback: object) -> None:
        self.close()

    # -- the stream underneath ------------------------------------------------------------
    def _current(self) -> bool:
        return self._fs.exists(self._name) and \
            self._fs.generation(self._name) == self._generation

    def _check(self, for_writing: bool) -> None:
        if not self._open:
            raise ValueError("I/O operation on closed file")
        if self._writable != for_writing or not self._current():
            raise os_error(EBADF)

    def _take(self, size: int) -> bytes:
        """Up to ``size`` bytes (all if negative) from the read position."""
        self._check(for_writing=False)
        content = self._fs.board.files[self._name]
        end = len(content) if size < 0 else min(len(content), self._pos + size)
        data = content[self._pos:end]
        self._pos = max(self._pos, end)
        return data

    def _result(self, data: bytes) -> str | bytes:
        return data.decode("utf-8", "replace") if self._text else data

    # -- stream methods -----------------------------------------------------------------------
    def read(self, size: int = -1) -> str | bytes:
        size = mp_int(size)
        if size < -1:
            raise MemoryError(f"memory allocation failed, allocating {size & 0xFFFFFFFF} bytes")
        if size == 0:
            return self._result(b"")
        if size == -1 or not self._text:
            return self._result(self._take(size))
        return self._result(self._take_chars(size))

    def _take_chars(self, count: int) -> bytes:
        """Bytes of ``count`` whole UTF-8 characters (text mode reads characters)."""
        self._check(for_writing=False)
        content = self._fs.board.files[self._name]
        end = self._pos
        starts = 0
        while end < len(content):
            if content[end] & 0xC0 != 0x80:
                if starts == count:
                    break
                starts += 1
            end += 1
        data = content[self._pos:end]
        self._pos = end
        return data

    def readline(self, size: int = -1) -> str | bytes:
        limit = mp_int(size)
        line = bytearray()
        while limit < 0 or len(line) < limit:
            byte = self._take(1)
            if not byte:
                break
            line += byte
            if byte == b"\n":
                break
        return self._result(bytes(line))

    def readinto(self, buf: object, *size: int) -> int:
        """Read into a bytearray (or memoryview, array); ``size`` caps how many bytes."""
        if not isinstance(buf, (bytearray, memoryview, array.array)) or \
                isinstance(buf, memoryview) and buf.readonly:
            raise TypeError("object with buffer protocol required")
        if len(size) > 1:
            raise TypeError(f"function expected at most 3 arguments, got {len(size) + 2}")
        view = memoryview(buf).cast("B")
        length = min(mp_int(size[0]) & 0xFFFFFFFF, len(view)) if size else len(view)
        if length == 0:
            return 0
        data = self._take(length)
        view[:len(data)] = data
        return len(data)

    def write(self, buf: object, *where: int) -> int:
        """``write(buf)``, ``write(buf, max_len)`` or ``write(buf, offset, max_len)``."""
        data = read_buffer(buf)
        if len(where) > 2:
            raise TypeError(f"function expected at most 4 arguments, got {len(where) + 2}")
        offset, max_len = (0, *where) if len(where) == 1 else where or (0, None)
        start = min(mp_int(offset) & 0xFFFFFFFF, len(data))
        end = len(data) if max_len is None else start + (mp_int(max_len) & 0xFFFFFFFF)
        data = data[start:end]
        if not data:
            return 0
        self._check(for_writing=True)
        try:
            self._fs.append(self._name, data)
        except FileSystemFull:
            self._open = False
            raise os_error(ENOSPC) from None
        return len(data)


class TextIO(_File):
    _text = True


class FileIO(_File):
    _text = False


# -- open() --------------------------------------------------------------------------------
def parse_mode(mode: str) -> tuple[bool, bool]:
    """(write, binary) from a mode string, as ``uos_mbfs_open`` reads it."""
    read = text = None
    for char in mode:
        if char in "rw" and read is None:
            read = char == "r"
        elif char in "bt" and text is None:
            text = char == "t"
        else:
            raise ValueError("illegal mode")
    return read is False, text is False


def build_open(board: MicrobitBoard):
    fs = board.fs

    def open(*args: object, **ignored: object) -> _File:
        if not args:
            raise TypeError("function missing 1 required positional arguments")
        write = binary = False
        if len(args) == 2:
            write, binary = parse_mode(str_text(args[1]))
        name = str_text(args[0])
        if name_bytes(name) > MAX_FILENAME_LENGTH:
            raise os_error(ENOENT)
        if write:
            try:
                generation = fs.create(name)
            except FileSystemFull:
                raise os_error(ENOSPC) from None
        elif fs.exists(name):
            generation = fs.generation(name)
        else:
            raise os_error(ENOENT)
        return (FileIO if binary else TextIO)(fs, name, write, generation)

    return open


# -- os ----------------------------------------------------------------------------------------
class _UnameResult(tuple):
    """MicroPython's attribute tuple: a tuple whose items also have names."""

    FIELDS = UNAME_FIELDS

    def __getattr__(self, attr: str) -> str:
        if attr in UNAME_FIELDS:
            return self[UNAME_FIELDS.index(attr)]
        raise AttributeError(f"'tuple' object has no attribute '{attr}'")

    def __repr__(self) -> str:
        return "(" + ", ".join(f"{k}={v!r}" for k, v in zip(UNAME_FIELDS, self)) + ")"

    __str__ = __repr__


_UnameResult.__name__ = _UnameResult.__qualname__ = "tuple"


class _DirIterator:
    """What ``os.ilistdir()`` gives: ``(name, type, inode)`` for each file."""

    def __init__(self, names: list[str]):
        self._names: Iterator[str] = iter(names)

    def __repr__(self) -> str:
        return "<iterator>"

    def __iter__(self) -> _DirIterator:
        return self

    def __next__(self) -> tuple[str, int, int]:
        return (next(self._names), S_IFREG, 0)


_DirIterator.__name__ = _DirIterator.__qualname__ = "iterator"


def build_os(board: MicrobitBoard) -> ModuleType:
    fs = board.fs

    def found(filename: object) -> str:
        name = str_text(filename)
        if not fs.exists(name):
            raise os_error(ENOENT)
        return name

    def listdir() -> list[str]:
        return fs.names()

    def ilistdir() -> _DirIterator:
        return _DirIterator(fs.names())

    def remove(filename: object) -> None:
        fs.remove(found(filename))

    def size(filename: object) -> int:
        return fs.size(found(filename))

    def stat(filename: object) -> tuple[int, ...]:
        return (S_IFREG, 0, 0, 0, 0, 0, size(filename), 0, 0, 0)

    def uname() -> tuple[str, ...]:
        return _UnameResult(UNAME)

    mod = ModuleType("os", "Access the file system.")
    for function in plain_names(listdir, ilistdir, remove, size, stat, uname):
        setattr(mod, function.__name__, function)
    return mod


def build_builtins(board: MicrobitBoard) -> ModuleType:
    """The builtins the host serves the board: ``open``."""
    module = ModuleType("builtins")
    module.open = build_open(board)  # type: ignore[attr-defined]
    return module
