"""The board's flat filesystem: the files themselves live in ``board.files``.

This follows the firmware's chunked flash filesystem (micropython-microbit-v2 v2.1.2,
``microbitfs.c``, and ``filesystem.ld`` for its place in flash):

- The filesystem has 24 KiB of flash (``0x6D000``-``0x73000``, 4 KiB pages). One page is
  kept spare for bulk erasing, the rest is cut into 128-byte chunks: 160 chunks.
- A chunk holds 126 bytes of data (one marker byte and one link byte). A file's first chunk
  also holds its header: the end offset, the name length and the name (at most 120 bytes).
- When a write fills a chunk to its last byte the firmware takes the next chunk at once, so
  a file always uses ``(2 + len(name) + size) // 126 + 1`` chunks.
- A write that needs a chunk when none is free deletes the whole file (``ENOSPC``).
- A file being written has no end offset until it is closed: the data in its last chunk
  cannot be read back, and its size comes out wrong (as on the board).

``board.files`` always holds what a read (or ``import``) of each file gives; this class keeps
the extra state of files still open for writing and publishes ``FileWritten`` and
``FileRemoved`` on ``board.bus``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .microbit import MicrobitBoard

FLASH_PAGE_SIZE = 4096
FS_START = 0x6D000
FS_END = 0x73000
CHUNK_SIZE = 128
DATA_PER_CHUNK = CHUNK_SIZE - 2
MAX_CHUNKS_IN_FILE_SYSTEM = 252
MAX_FILENAME_LENGTH = 120
HEADER_BYTES = 2  # end offset and name length, before the name
UNSET_END_OFFSET = 0xFF  # an erased byte: the end offset of a file never closed


def chunks_in_file_system(fs_start: int = FS_START, fs_end: int = FS_END,
                          page: int = FLASH_PAGE_SIZE) -> int:
    """How many chunks the firmware's ``init_limits`` finds between the linker's limits."""
    end = (fs_end & -page) - page  # the last page is the spare one
    start = (end - CHUNK_SIZE * MAX_CHUNKS_IN_FILE_SYSTEM + page - 1) & -page
    while start < fs_start:
        start += page
    return (end - start) // CHUNK_SIZE


CHUNKS = chunks_in_file_system()


def name_bytes(name: str) -> int:
    return len(name.encode("utf-8", "surrogateescape"))


def chunks_for(name: str, size: int) -> int:
    """Chunks a file of ``size`` bytes takes, including the spare one at a chunk's end."""
    return (HEADER_BYTES + name_bytes(name) + size) // DATA_PER_CHUNK + 1


def readable_while_open(name: str, size: int) -> int:
    """Bytes of a file still open for writing that a read can get (all but its last chunk)."""
    full_chunks = (HEADER_BYTES + name_bytes(name) + size) // DATA_PER_CHUNK
    if full_chunks == 0:
        return 0
    return full_chunks * DATA_PER_CHUNK - HEADER_BYTES - name_bytes(name)


def max_file_size(name: str) -> int:
    """The largest file called ``name`` an otherwise empty filesystem can hold."""
    return CHUNKS * DATA_PER_CHUNK - 1 - HEADER_BYTES - name_bytes(name)


@dataclass(frozen=True)
class FileWritten:
    """A file was created, grew by a whole chunk, or was closed.

    ``size`` is what a read of it gives now; ``closed`` is False while it is being written.
    """

    board: int
    name: str
    size: int
    closed: bool


@dataclass(frozen=True)
class FileRemoved:
    board: int
    name: str


class FileSystemFull(Exception):
    """No free chunk was left (the firmware's ENOSPC)."""


class FileSystem:
    """Space accounting and open-for-writing state of the files in ``board.files``."""

    def __init__(self, board: MicrobitBoard):
        self.board = board
        self.capacity_chunks = CHUNKS
        self._unclosed: dict[str, bytearray] = {}  # files open for writing: all data written
        self._generation: dict[str, int] = {}

    def reset(self) -> None:
        """A reset clears nothing here: files, even half-written ones, are in flash."""

    # -- what is stored ------------------------------------------------------------------
    def names(self) -> list[str]:
        return list(self.board.files)

    def exists(self, name: str) -> bool:
        return name in self.board.files

    def is_open_for_writing(self, name: str) -> bool:
        return name in self._unclosed

    def generation(self, name: str) -> int:
        """Changes each time ``name`` is created or removed (so old handles can tell)."""
        return self._generation.get(name, 0)

    def size(self, name: str) -> int:
        """What ``os.size`` reports; for a file never closed, the firmware's odd value."""
        if name in self._unclosed:
            offset = 0 if self._full_chunks(name) else HEADER_BYTES + name_bytes(name)
            return len(self.board.files[name]) + UNSET_END_OFFSET - offset
        return len(self.board.files[name])

    def _full_chunks(self, name: str) -> int:
        data = self._unclosed[name]
        return (HEADER_BYTES + name_bytes(name) + len(data)) // DATA_PER_CHUNK

    def used_chunks(self) -> int:
        total = 0
        for name, data in self.board.files.items():
            written = self._unclosed.get(name)
            total += chunks_for(name, len(data if written is None else written))
        return total

    def free_chunks(self) -> int:
        return max(0, self.capacity_chunks - self.used_chunks())

    def free_bytes(self, name: str = "") -> int:
        """How many bytes a new file called ``name`` could hold now."""
        return max(0, self.free_chunks() * DATA_PER_CHUNK - 1 - HEADER_BYTES
                   - name_bytes(name))

    # -- changes -----------------------------------------------------------------------------
    def remove(self, name: str) -> None:
        del self.board.files[name]
        self._unclosed.pop(name, None)
        self._generation[name] = self.generation(name) + 1
        self.board.bus.publish(FileRemoved(self.board.number, name))

    def create(self, name: str) -> int:
        """Start writing ``name`` (an old file of that name is freed first).

        Returns the new file's generation; raises ``FileSystemFull`` if no chunk is free.
        """
        if name in self.board.files:
            self.remove(name)
        if self.free_chunks() < 1:
            raise FileSystemFull(name)
        self.board.files[name] = b""
        self._unclosed[name] = bytearray()
        self._generation[name] = self.generation(name) + 1
        self._published(name, closed=False)
        return self._generation[name]

    def append(self, name: str, data: bytes) -> None:
        """Add to a file open for writing; if space runs out the file is deleted."""
        written = self._unclosed[name]
        if not data:
            return
        own = chunks_for(name, len(written))
        if chunks_for(name, len(written) + len(data)) - own > self.free_chunks():
            self.remove(name)
            raise FileSystemFull(name)
        written += data
        readable = readable_while_open(name, len(written))
        if readable != len(self.board.files[name]):  # a chunk was filled: it can be read
            self.board.files[name] = bytes(written[:readable])
            self._published(name, closed=False)

    def close(self, name: str) -> None:
        """Write the end offset: the whole file can now be read."""
        written = self._unclosed.pop(name)
        self.board.files[name] = bytes(written)
        self._published(name, closed=True)

    def _published(self, name: str, closed: bool) -> None:
        self.board.bus.publish(FileWritten(self.board.number, name,
                                           len(self.board.files[name]), closed))
