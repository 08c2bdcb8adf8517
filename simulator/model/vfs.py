"""The folder filesystem of an ESP32 board: LittleFS (version 2) as MicroPython 1.23's ESP32
port mounts it at ``/`` on the flash's ``vfs`` partition.

The files stay in ``board.files`` (name -> bytes, with ``/`` between folders and no leading
``/``: ``lib/foo.py``), so every other part of the simulator keeps working; this class adds
what a flat dict cannot hold: empty folders, the current folder, and modification times.

Facts kept from the port (ESP32_GENERIC, 4 MB flash):
- the ``vfs`` partition starts at 0x200000 and is 2 MB: 512 blocks of 4096 bytes;
- a freshly flashed board's first boot formats it and writes ``boot.py`` with five comment
  lines (``inisetup.py``); ``BOOT_PY`` below has that text;
- LittleFS reports errors as negative errno values that the port raises as they are:
  ENOENT 2, EEXIST 17, ENOTDIR 20, EISDIR 21, EINVAL 22, ENOSPC 28, and ENOTEMPTY as 39
  (LittleFS's own number, which the board's errno module has no name for: ``OSError: 39``).
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .board import Board

ENOENT, EEXIST, ENOTDIR, EISDIR, EINVAL, ENOSPC, ENOTEMPTY = 2, 17, 20, 21, 22, 28, 39
BLOCK_SIZE = 4096
BLOCKS = 512  # the 2 MB vfs partition of ESP32_GENERIC
USED_BY_LITTLEFS = 2  # the two superblocks
NAME_MAX = 255
S_IFDIR, S_IFREG = 0x4000, 0x8000
BOOT_PY = (b"# This file is executed on every boot (including wake-boot from deepsleep)\n"
           b"#import esp\n#esp.osdebug(None)\n#import webrepl\n#webrepl.start()\n")


class VfsError(OSError):
    """A filesystem error with the number LittleFS gives it (``errno``)."""

    def __init__(self, code: int):
        super().__init__(code)
        self.errno = code


class FolderFs:
    """Folders over ``board.files``. Paths may be absolute or relative to ``cwd``."""

    def __init__(self, board: Board):
        self.board = board
        self.folders: set[str] = set()  # folders made by mkdir (others come from files)
        self.mtimes: dict[str, int] = {}
        self.cwd = ""  # "" is the root
        if "boot.py" not in board.files:  # the first boot formats the flash
            board.files["boot.py"] = BOOT_PY

    # -- paths ------------------------------------------------------------------------
    def resolve(self, path: str) -> str:
        """The storage key of ``path`` ("" for the root), with ``.`` and ``..`` taken out."""
        if not path.startswith("/"):
            path = self.cwd + "/" + path
        parts: list[str] = []
        for part in path.split("/"):
            if part in ("", "."):
                continue
            if part == "..":
                if parts:
                    parts.pop()
                continue
            parts.append(part)
        return "/".join(parts)

    def kind(self, key: str) -> int:
        """0: nothing there, 1: a folder, 2: a file (MicroPython's import_stat)."""
        if key == "" or key in self.folders:
            return 1
        if key in self.board.files:
            return 2
        prefix = key + "/"
        if any(name.startswith(prefix) for name in self.board.files):
            return 1
        return 0

    def children(self, key: str) -> list[tuple[str, bool]]:
        """(name, is_folder) of what a folder holds, in the order LittleFS lists them."""
        if self.kind(key) != 1:
            raise VfsError(ENOENT if self.kind(key) == 0 else ENOTDIR)
        prefix = key + "/" if key else ""
        found: dict[str, bool] = {}
        for name in [*self.board.files, *self.folders]:
            if name.startswith(prefix) and name != key:
                head, sep, _ = name[len(prefix):].partition("/")
                found[head] = found.get(head, False) or bool(sep) or name in self.folders
        return sorted(found.items())

    def parent_ok(self, key: str) -> None:
        parent = key.rpartition("/")[0]
        kind = self.kind(parent)
        if kind == 0:
            raise VfsError(ENOENT)
        if kind == 2:
            raise VfsError(ENOTDIR)

    # -- changes ------------------------------------------------------------------------
    def mkdir(self, path: str) -> None:
        key = self.resolve(path)
        if self.kind(key) != 0:
            raise VfsError(EEXIST)
        self.parent_ok(key)
        if len(key.rpartition("/")[2].encode()) > NAME_MAX:
            raise VfsError(EINVAL)
        self.folders.add(key)

    def remove(self, path: str, folder: bool | None = None) -> None:
        """Remove a file or an empty folder (``folder`` True/False: only that kind)."""
        key = self.resolve(path)
        kind = self.kind(key)
        if kind == 0 or key == "":
            raise VfsError(ENOENT if kind == 0 else EINVAL)
        if kind == 1:
            if folder is False:
                raise VfsError(EISDIR)
            if self.children(key):
                raise VfsError(ENOTEMPTY)
            self.folders.discard(key)
            return
        if folder:
            raise VfsError(ENOTDIR)
        del self.board.files[key]
        self.mtimes.pop(key, None)

    def rename(self, old: str, new: str) -> None:
        src, dst = self.resolve(old), self.resolve(new)
        kind = self.kind(src)
        if kind == 0:
            raise VfsError(ENOENT)
        self.parent_ok(dst)
        if kind == 2:
            if self.kind(dst) == 1:
                raise VfsError(EISDIR)
            self.board.files[dst] = self.board.files.pop(src)
            self.mtimes[dst] = self.mtimes.pop(src, 0)
            return
        if dst == src or dst.startswith(src + "/"):
            raise VfsError(EINVAL)
        if self.kind(dst) == 2 or (self.kind(dst) == 1 and self.children(dst)):
            raise VfsError(ENOTDIR if self.kind(dst) == 2 else ENOTEMPTY)
        self._move_folder(src, dst)

    def _move_folder(self, src: str, dst: str) -> None:
        files = self.board.files
        for name in [n for n in files if n.startswith(src + "/")]:
            files[dst + name[len(src):]] = files.pop(name)
        moved = {dst + f[len(src):] for f in self.folders if f == src or f.startswith(src + "/")}
        self.folders = {f for f in self.folders if not (f == src or f.startswith(src + "/"))}
        self.folders |= moved | {dst}

    def write(self, key: str, data: bytes, now_s: int) -> None:
        if self.used_blocks() - self._blocks(key) + self._blocks_of(data) > BLOCKS:
            raise VfsError(ENOSPC)
        self.board.files[key] = data
        self.mtimes[key] = now_s

    def chdir(self, path: str) -> None:
        key = self.resolve(path)
        kind = self.kind(key)
        if kind != 1:
            raise VfsError(ENOENT if kind == 0 else ENOTDIR)
        self.cwd = "/" + key if key else ""

    def getcwd(self) -> str:
        return self.cwd or "/"

    # -- space -----------------------------------------------------------------------------
    @staticmethod
    def _blocks_of(data: bytes) -> int:
        return max(1, -(-len(data) // BLOCK_SIZE))

    def _blocks(self, key: str) -> int:
        data = self.board.files.get(key)
        return 0 if data is None else self._blocks_of(data)

    def used_blocks(self) -> int:
        folders = {n.rpartition("/")[0] for n in self.board.files} | self.folders
        return (USED_BY_LITTLEFS + sum(self._blocks_of(d) for d in self.board.files.values())
                + len(folders - {""}))


_FOLDERS: weakref.WeakKeyDictionary[Board, FolderFs] = weakref.WeakKeyDictionary()


def folders_of(board: Board) -> FolderFs | None:
    """The folder filesystem of a board with one (the ESP32 family), made (and the flash
    formatted, with its boot.py) the first time it is asked for; None for other boards."""
    fs = _FOLDERS.get(board)
    if fs is None:
        if getattr(board.spec, "family", None) != "esp32":
            return None
        fs = _FOLDERS[board] = FolderFs(board)
    return fs


__all__ = ["BOOT_PY", "FolderFs", "VfsError", "folders_of"]
