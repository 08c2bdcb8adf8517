"""``os`` and ``open()`` of MicroPython 1.23's ESP32 port: LittleFS mounted at ``/``
(extmod/vfs.c, vfs_lfsx.c, vfs_lfsx_file.c, modos.c), over ``model/vfs.py``.

- ``open(name, mode='r')`` takes ``r``, ``w``, ``a``, ``x``, ``+``, ``b`` and ``t``; a
  missing file or folder is ``OSError: [Errno 2] ENOENT``, a folder ``[Errno 21] EISDIR``,
  ``x`` on a file that exists ``[Errno 17] EEXIST``. Files are ``io.TextIOWrapper`` or
  ``io.FileIO`` with read, readinto, readline, readlines, write, seek, tell, flush, close,
  ``with`` and iteration by lines; reading a file opened for writing (or the other way) is
  ``[Errno 9] EBADF``; a closed file is ``ValueError``. What a file holds is kept in
  ``board.files`` as it is written (LittleFS makes it visible at ``flush``/``close``; here at
  once).
- ``os``: listdir, ilistdir ((name, type, 0, size); type 0x4000 for a folder, 0x8000 for a
  file), mkdir, rmdir, remove, rename, stat (mode, ..., size, mtime, mtime, mtime), statvfs,
  getcwd, chdir, sync, uname, urandom, dupterm (no second terminal: it keeps what it is
  given and returns the last one). ``mount``/``umount``/``VfsLfs2``/``VfsFat`` are not
  simulated.
"""

from __future__ import annotations

from types import ModuleType

from ...model.esp32 import Esp32Board
from ...model.vfs import (
    BLOCK_SIZE,
    BLOCKS,
    NAME_MAX,
    S_IFDIR,
    S_IFREG,
    FolderFs,
    VfsError,
    folders_of,
)
from ..machine import plain_names
from ..mp import mp_int, read_buffer, str_text, write_buffer
from ..os_module import _UnameResult
from .chip import EBADF, EEXIST, EINVAL, EISDIR, ENOENT, not_simulated, os_error

UNAME = ("esp32", "esp32", "1.23.0", "v1.23.0 on 2024-06-02", "Generic ESP32 module with ESP32")
S3_MACHINE = "Generic ESP32S3 module with ESP32S3"


def _fs(board: Esp32Board) -> FolderFs:
    fs = folders_of(board)
    assert fs is not None
    return fs


def checked(call, *args: object) -> object:
    """Run a filesystem change; LittleFS's error becomes the board's OSError."""
    try:
        return call(*args)
    except VfsError as error:
        raise os_error(error.errno) from None


class _File:
    _text = True

    def __init__(self, board: Esp32Board, key: str, mode: str):
        self._board, self._key = board, key
        self._readable = "r" in mode or "+" in mode
        self._writable = any(c in mode for c in "wax+")
        self._append = "a" in mode
        self._pos = len(board.files[key]) if self._append else 0
        self._closed = False

    def __repr__(self) -> str:
        return f"<io.{type(self).__name__} {id(self) & 0x3FFFFFFF | 0x3FC00000:x}>"

    def _check(self, reading: bool) -> bytes:
        if self._closed:
            raise ValueError
        if not (self._readable if reading else self._writable):
            raise os_error(EBADF)
        return self._board.files.get(self._key, b"")

    def _out(self, data: bytes) -> str | bytes:
        return data.decode("utf-8", "replace") if self._text else data

    def read(self, size: object = -1) -> str | bytes:
        content = self._check(reading=True)
        count = -1 if size is None else mp_int(size)
        end = len(content) if count < 0 else min(len(content), self._pos + count)
        if self._text and count >= 0:  # text mode counts characters
            end = self._pos
            for _ in range(count):
                if end >= len(content):
                    break
                end += 1
                while end < len(content) and content[end] & 0xC0 == 0x80:
                    end += 1
        data, self._pos = content[self._pos:end], max(self._pos, end)
        return self._out(data)

    def readinto(self, buf: object, *size: object) -> int:
        view = write_buffer(buf)
        content = self._check(reading=True)
        count = min(len(view), mp_int(size[0])) if size else len(view)
        data = content[self._pos:self._pos + count]
        view[:len(data)] = data
        self._pos += len(data)
        return len(data)

    def readline(self, size: object = -1) -> str | bytes:
        content = self._check(reading=True)
        end = content.find(b"\n", self._pos)
        end = len(content) if end < 0 else end + 1
        limit = mp_int(size) if size is not None else -1
        if limit >= 0:
            end = min(end, self._pos + limit)
        data, self._pos = content[self._pos:end], end
        return self._out(data)

    def readlines(self) -> list[str | bytes]:
        return list(iter(self.readline, self._out(b"")))

    def __iter__(self) -> _File:
        return self

    def __next__(self) -> str | bytes:
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    def write(self, buf: object) -> int:
        content = self._check(reading=False)
        data = read_buffer(buf)
        if self._append:
            self._pos = len(content)
        new = content[:self._pos].ljust(self._pos, b"\0") + data + content[self._pos + len(data):]
        checked(_fs(self._board).write, self._key, new, self._board.ticks_us() // 1_000_000)
        self._pos += len(data)
        return len(data)

    def seek(self, offset: object, whence: object = 0) -> int:
        if self._closed:
            raise ValueError
        base = {0: 0, 1: self._pos, 2: len(self._board.files.get(self._key, b""))}
        where = base.get(mp_int(whence))
        if where is None or where + mp_int(offset) < 0:
            raise os_error(EINVAL)
        self._pos = where + mp_int(offset)
        return self._pos

    def tell(self) -> int:
        return self._pos

    def flush(self) -> None:
        if self._closed:
            raise ValueError

    def close(self) -> None:
        self._closed = True

    def __enter__(self) -> _File:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class TextIOWrapper(_File):
    _text = True


class FileIO(_File):
    _text = False


def parse_mode(mode: str) -> str:
    if not mode or any(c not in "rwaxbt+" for c in mode) or \
            sum(c in "rwax" for c in mode) > 1:
        raise os_error(EINVAL)
    return mode


def build_open(board: Esp32Board):
    def open(file: object, mode: object = "r", *args: object, **kwargs: object) -> _File:
        fs = _fs(board)
        text_mode = parse_mode(str_text(mode))
        key = fs.resolve(str_text(file))
        kind = fs.kind(key)
        if kind == 1:
            raise os_error(EISDIR)
        creating = any(c in text_mode for c in "wax")
        if kind == 0 and not creating:
            raise os_error(ENOENT)
        if kind == 2 and "x" in text_mode:
            raise os_error(EEXIST)
        if creating:
            checked(fs.parent_ok, key)
            if kind == 0 or "w" in text_mode:
                checked(fs.write, key, b"", board.ticks_us() // 1_000_000)
        cls = FileIO if "b" in text_mode else TextIOWrapper
        return cls(board, key, text_mode)

    return open


def build_builtins(board: Esp32Board) -> ModuleType:
    module = ModuleType("builtins")
    module.open = build_open(board)  # type: ignore[attr-defined]
    return module


def _listing(board: Esp32Board, path: object) -> list[tuple[str, int, int, int]]:
    fs = _fs(board)
    key = fs.resolve(str_text(path))
    items = checked(fs.children, key)
    prefix = key + "/" if key else ""
    return [(name, S_IFDIR if folder else S_IFREG, 0,
             0 if folder else len(board.files.get(prefix + name, b"")))
            for name, folder in items]  # type: ignore[union-attr]


class _Entries:
    """What ``os.ilistdir()`` gives: an iterator of (name, type, inode, size)."""

    def __init__(self, items: list[tuple[str, int, int, int]]):
        self._items = iter(items)

    def __iter__(self) -> _Entries:
        return self

    def __next__(self) -> tuple[str, int, int, int]:
        return next(self._items)


_Entries.__name__ = _Entries.__qualname__ = "iterator"


def build_os(board: Esp32Board) -> ModuleType:
    fs = _fs(board)
    terminal: list[object] = [None]

    def listdir(path: object = "") -> list[str]:
        return [item[0] for item in _listing(board, path)]

    def ilistdir(path: object = "") -> _Entries:
        return _Entries(_listing(board, path))

    def mkdir(path: object) -> None:
        checked(fs.mkdir, str_text(path))

    def rmdir(path: object) -> None:
        checked(fs.remove, str_text(path), True)

    def remove(path: object) -> None:
        checked(fs.remove, str_text(path), None)

    def rename(old: object, new: object) -> None:
        checked(fs.rename, str_text(old), str_text(new))

    def stat(path: object) -> tuple[int, ...]:
        key = fs.resolve(str_text(path))
        kind = fs.kind(key)
        if kind == 0:
            raise os_error(ENOENT)
        size = len(board.files[key]) if kind == 2 else 0
        mtime = fs.mtimes.get(key, 0)
        return (S_IFREG if kind == 2 else S_IFDIR, 0, 0, 0, 0, 0, size, mtime, mtime, mtime)

    def statvfs(path: object) -> tuple[int, ...]:
        free = BLOCKS - fs.used_blocks()
        return (BLOCK_SIZE, BLOCK_SIZE, BLOCKS, free, free, 0, 0, 0, 0, NAME_MAX)

    def getcwd() -> str:
        return fs.getcwd()

    def chdir(path: object) -> None:
        checked(fs.chdir, str_text(path))

    def sync() -> None:
        pass

    def uname() -> tuple[str, ...]:
        machine = S3_MACHINE if board.spec.chip == "ESP32-S3" else UNAME[4]
        return _UnameResult((*UNAME[:4], machine))

    def urandom(n: object) -> bytes:
        return bytes(board.random.getrandbits(8) for _ in range(mp_int(n)))

    def dupterm(stream: object = None, index: object = 0) -> object:
        previous, terminal[0] = terminal[0], stream
        return previous

    def dupterm_notify(obj: object) -> None:
        """The firmware's hook for a dupterm stream with data waiting: with no second terminal
        attached here, there is nothing to poll."""

    def mount(*args: object, **kwargs: object) -> None:
        raise not_simulated("os.mount()")

    def umount(*args: object) -> None:
        raise not_simulated("os.umount()")

    mod = ModuleType("os", "Basic operating system services.")
    for function in plain_names(listdir, ilistdir, mkdir, rmdir, remove, rename, stat, statvfs,
                                getcwd, chdir, sync, uname, urandom, dupterm, dupterm_notify,
                                mount, umount):
        setattr(mod, function.__name__, function)
    mod.sep = "/"  # type: ignore[attr-defined]
    return mod
