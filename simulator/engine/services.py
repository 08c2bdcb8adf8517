"""What a board process asks of the host besides its modules' own functions: the serial
line, its files, ``open``, and the contents of a board module the first time it is
imported. Each is one entry of ``link.SYSTEM_METHODS``.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from types import ModuleType

from ..board_modules import ModuleFactory, canonical_name
from ..model.board import Board
from ..model.vfs import folders_of

MAX_READ = 4096


class BoardSystem:
    """The host's system object of one board (handle 1 on the board's side)."""

    def __init__(self, board: Board, registry: dict[str, ModuleFactory], op_ns: int,
                 repl: bool = False, raw: bool = False,
                 show_error: Callable[[tuple], None] | None = None,
                 pending: Callable[[], bool] = lambda: False):
        self.board = board
        self.op_ns = op_ns
        self.repl = repl  # a REPL follows main.py (a board on a serial line)
        self.raw = raw  # ... and it starts as the raw REPL (after a soft reset in it)
        self.interrupt_char = -1  # 3 while Ctrl-C on the serial line is KeyboardInterrupt
        self.showing_error = False
        self._show_error = show_error
        self.pending = pending  # whether something waits for the board (a callback, Ctrl-C)
        self.registry = registry
        self.modules: dict[str, ModuleType] = {}
        # the serial line carries bytes: any that are not UTF-8 travel as surrogates
        self._decoder = codecs.getincrementaldecoder("utf-8")("surrogateescape")
        self.reading = False  # the board waits for a key (at its REPL, or in input())
        self._cr = False  # the last write ended in CR: an LF may follow
        self._open: Callable[..., object] | None = None
        self._rest = b""  # bytes of a typed character not yet read

    def write(self, data: bytes) -> None:
        """Serial output. The board's line ends are CR LF (its UART's cooked output, and
        readline's echo); the board model's text, as a terminal shows it, ends lines in LF."""
        text = self._decoder.decode(bytes(data))
        if self._cr:
            text = "\r" + text
        self._cr = text.endswith("\r")
        if self._cr:
            text = text[:-1]
        text = text.replace("\r\n", "\n")
        if text:
            self.board.write_serial(text)

    def stat(self, name: str) -> int:
        """0: nothing there, 1: a folder, 2: a file (MicroPython's ``mp_import_stat``). A
        board with folders (the ESP32's LittleFS, model/vfs.py) finds ``/lib/x.py`` and
        packages; the micro:bit's filesystem is flat."""
        fs = folders_of(self.board)
        if fs is not None:
            return fs.kind(fs.resolve(name))
        return 2 if name in self.board.files else 0

    def read(self, name: str, offset: int, size: int) -> bytes:
        fs = folders_of(self.board)
        data = self.board.files.get(fs.resolve(name) if fs is not None else name)
        if data is None:
            raise OSError(2)
        size = max(0, min(int(size), MAX_READ))
        return bytes(data[offset:offset + size])

    def getc(self) -> int:
        """The next byte typed on the serial line, or -1 when something else came for the
        board first (a callback, Ctrl-C): it takes that in, then asks again."""
        if self._rest:  # the other bytes of a character of several bytes, one at a time
            byte, self._rest = self._rest[0], self._rest[1:]
            return byte
        board = self.board
        self.reading = True
        try:
            board.wait(lambda: bool(board.serial_in) or self.pending())
        finally:
            self.reading = False
        if not board.serial_in:
            return -1
        char, board.serial_in = board.serial_in[0], board.serial_in[1:]
        data = char.encode("utf-8", "surrogateescape")
        self._rest = data[1:]
        return data[0]

    def open(self, *args: object, **kwargs: object) -> object:
        """The builtin ``open``: the board's files, as its firmware opens them (the board's
        modules serve it as ``builtins.open``)."""
        if self._open is None:
            builtins = self.load("builtins")
            if builtins is None:
                raise OSError(19)  # ENODEV: a board without files
            self._open = builtins.open  # type: ignore[attr-defined]
        return self._open(*args, **kwargs)

    def module(self, name: str) -> dict[str, object] | None:
        module = self.load(name)
        if module is None:
            return None
        return {key: value for key, value in vars(module).items() if not key.startswith("_")}

    def load(self, name: str) -> ModuleType | None:
        key = canonical_name(name)
        if key not in self.modules:
            factory = self.registry.get(key)
            if factory is None:
                return None
            self.modules[key] = factory(self.board)
        return self.modules[key]

    def radio_taken(self, count: int) -> None:
        """The program read ``count`` packets from its copy of the radio queue."""
        for _ in range(max(0, int(count))):
            self.board.radio.pop()

    def started(self) -> tuple[int, bool, bool]:
        """The settings the board process needs: the virtual time of one opcode, whether a
        REPL follows main.py, and whether it starts as the raw REPL."""
        return (self.op_ns, self.repl, self.raw)

    def clock(self) -> tuple[int, int]:
        """What to add to the board's uptime for its real-time clock's time since its epoch,
        as (seconds, microseconds): the RTC keeps counting through resets, and a program can
        set it."""
        board = self.board
        return divmod(board.rtc_offset_us + board.boot_us, 1_000_000)

    def set_interrupt_char(self, char: int) -> None:
        self.interrupt_char = int(char)

    def show_error(self, info: tuple) -> None:
        """What the board shows after main.py's error, before its REPL starts (Ctrl-C stops
        it, as on the board)."""
        if self._show_error is not None:
            self.showing_error = True
            try:
                self._show_error(info)
            finally:
                self.showing_error = False
