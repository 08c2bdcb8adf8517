"""Putting MicroPython onto ESP32 boards through esptool's Python API, one board or a class set
at once.

For each board, on a thread of its own with its own esptool connection: find the chip
(``esptool.cmds.detect_chip``), choose the build for it, start esptool's stub, go to the
faster baud rate, attach the flash, decide what the board needs, write (compressed; esptool
checks the MD5 of what it wrote), and reset the board so MicroPython starts.

What the board needs: the same build already there (the MD5 of the flash where it goes is the
build's MD5) needs nothing; a board whose program at 0x10000 is MicroPython (its app
description says "micropython") or which is blank there gets the new build written over the old
one, which keeps its files; a board with another firmware there (Arduino, ESP-IDF, anything
else) is erased whole first, as MicroPython's own instructions say; ``erase=True`` erases
always.

esptool reports through one logger for the whole process; while boards are flashed, a logger
that hands each line and progress step to the board of the thread it comes from is installed,
so every board has its own progress bar and its own log.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Protocol

from .esp32_chips import APP_OFFSET, Chip, chip_named
from .esp32_problems import explain
from .flash import FlashError

ROM_BAUD = 115200  # esptool connects at this speed, then switches (the ROM auto-bauds)
DEFAULT_BAUD = 460800
CONNECT_ATTEMPTS = 7  # esptool's own default
MAX_WORKERS = 40
# written over the old build | erased first as asked | erased first: another firmware was
# there | the same build was there: nothing written
FLASHED = ("flashed", "flashed_erased", "flashed_other", "same")


class FlashProblem(FlashError):
    """A board-level problem found by Terakoya itself (a row of esp32_problems)."""


@dataclass(frozen=True)
class Build:
    """The bytes to write and what they are."""

    chip: Chip
    version: str
    data: bytes


Chooser = Callable[[Chip], Build]  # the build for a board's chip, or FlashProblem


@dataclass(frozen=True)
class FlashOptions:
    erase: bool = False
    baud: int = DEFAULT_BAUD
    connect_attempts: int = CONNECT_ATTEMPTS
    before: str = "default-reset"  # esptool's reset into the bootloader before connecting


@dataclass(frozen=True)
class BoardResult:
    board: str  # the serial port
    ok: bool
    seconds: float
    key: str = "flashed"  # one of FLASHED, or a key of esp32_problems
    chip: str = ""
    mac: str = ""
    version: str = ""
    values: dict = field(default_factory=dict)  # what the message needs filled in


class Reporter(Protocol):
    """What flashing tells its user interface (called from the boards' threads). Stages:
    connecting, chip (detail: its name), checking, erasing, writing, verifying."""

    def started(self, board: str) -> None: ...
    def stage(self, board: str, stage: str, detail: str = "") -> None: ...
    def progress(self, board: str, done: int, total: int) -> None: ...
    def finished(self, result: BoardResult) -> None: ...


@dataclass
class RecordingReporter:
    """Keeps every call, for tests."""

    events: list[tuple] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def started(self, board: str) -> None:
        self._add(("started", board))

    def stage(self, board: str, stage: str, detail: str = "") -> None:
        self._add(("stage", board, stage, detail) if detail else ("stage", board, stage))

    def progress(self, board: str, done: int, total: int) -> None:
        self._add(("progress", board, done, total))

    def finished(self, result: BoardResult) -> None:
        self._add(("finished", result.board, result.ok, result.key))

    def _add(self, event: tuple) -> None:
        with self.lock:
            self.events.append(event)

    def of(self, board: str) -> list[tuple]:
        return [event for event in self.events if event[1] == board]


# -- esptool's output, board by board ---------------------------------------------------------
@dataclass
class BoardLog:
    board: str
    reporter: Reporter
    lines: list[str] = field(default_factory=list)


_local = threading.local()
_install_lock = threading.Lock()
_installed: list = []  # what was there before ours, then one entry per user


def _per_thread_logger() -> object:
    """A ``TemplateLogger`` (esptool's documented custom-logger interface) handing every
    call to the board of the calling thread; calls from other threads are dropped."""
    from esptool.logger import TemplateLogger

    class PerThread(TemplateLogger):
        def _log(self) -> BoardLog | None:
            return getattr(_local, "board", None)

        def _keep(self, text: str) -> None:
            if (log := self._log()) is not None:
                log.lines.append(text)

        def print(self, *args: object, **kwargs: object) -> None:
            self._keep(" ".join(str(a) for a in args))

        def note(self, message: str) -> None:
            self._keep(f"Note: {message}")

        def warning(self, message: str) -> None:
            self._keep(f"Warning: {message}")

        def error(self, message: str) -> None:
            self._keep(f"Error: {message}")

        def stage(self, finish: bool = False) -> None:
            pass

        def progress_bar(self, cur_iter: int, total_iters: int, prefix: str = "",
                         suffix: str = "", bar_length: int = 30) -> None:
            if (log := self._log()) is not None:
                log.reporter.progress(log.board, cur_iter, total_iters)
                if cur_iter >= total_iters:
                    log.reporter.stage(log.board, "verifying")

        def set_verbosity(self, verbosity: str) -> None:
            pass

    return PerThread()


@contextmanager
def esptool_output_per_board() -> Iterator[None]:
    """While inside, esptool's output goes to the calling thread's board (see ``_board``)."""
    from esp_pylib.logger import EspLog
    from esptool import loader
    from esptool.logger import log
    from esptool.reset import ResetStrategy
    from esptool.util import PrintOnce

    with _install_lock:
        if not _installed:
            _installed.append((EspLog.instance, ResetStrategy.print_once, loader.HexFormatter))
            log.set_logger(_per_thread_logger())
            # esptool's one warning of a reset it could not do was bound to its own logger
            ResetStrategy.print_once = PrintOnce(lambda text: log.warn(text))
            loader.HexFormatter = _Untraced  # type: ignore[misc]
        _installed.append(None)
    try:
        yield
    finally:
        with _install_lock:
            _installed.pop()
            if len(_installed) == 1:
                (EspLog.instance, ResetStrategy.print_once,
                 loader.HexFormatter) = _installed.pop()  # type: ignore[misc]


class _Untraced:
    """Stands in for esptool's HexFormatter while Terakoya flashes. esptool builds the text
    of its --trace lines with f-strings even when tracing is off, so every packet sent or
    received was turned into hex and ASCII: about 2 s of Python for a 1.5 MB firmware, which,
    the GIL being one, would make a class set wait on the computer. Terakoya never traces,
    so a packet's length is all that is formatted."""

    def __init__(self, data: bytes, auto_split: bool = True) -> None:
        self.size = len(data)

    def __str__(self) -> str:
        return f"({self.size} bytes)"


@contextmanager
def _board(log: BoardLog) -> Iterator[BoardLog]:
    _local.board = log
    try:
        yield log
    finally:
        _local.board = None


# -- one board --------------------------------------------------------------------------------
def flash_board(port: str, choose: Chooser, reporter: Reporter,
                options: FlashOptions = FlashOptions(),
                clock: Callable[[], float] = time.monotonic) -> BoardResult:
    """Flash the board on ``port``; never raises: the result says what happened."""
    start = clock()
    reporter.started(port)
    facts: dict[str, str] = {}
    with esptool_output_per_board(), _board(BoardLog(port, reporter)) as log:
        try:
            key = _flash(port, choose, reporter, options, facts)
            values: dict = {}
        except FlashProblem as problem:
            key, values = problem.key, dict(problem.values)
        except Exception as exc:  # esptool's FatalError, pyserial's, OSError, or worse
            key, detail = explain(exc)
            values = {"detail": detail}
    ok = key in FLASHED
    values = {"port": port, "chip": facts.get("chip", "?"), "log": log.lines[-20:], **values}
    result = BoardResult(port, ok, clock() - start, key, facts.get("chip", ""),
                         facts.get("mac", ""), facts.get("version", ""), values)
    reporter.finished(result)
    return result


def _flash(port: str, choose: Chooser, reporter: Reporter, options: FlashOptions,
           facts: dict[str, str]) -> str:
    from esptool import cmds

    reporter.stage(port, "connecting")
    esp = cmds.detect_chip(port, ROM_BAUD, options.before,
                           connect_attempts=options.connect_attempts)
    try:
        chip = chip_named(esp.CHIP_NAME)
        if chip is None:
            raise FlashProblem("unknown_chip", detail=esp.CHIP_NAME)
        facts.update(chip=chip.name, mac=":".join(f"{b:02x}" for b in esp.read_mac()))
        reporter.stage(port, "chip", chip.name)
        build = choose(chip)
        facts["version"] = build.version
        esp = cmds.run_stub(esp)
        if options.baud > ROM_BAUD:
            esp.change_baud(options.baud)
        cmds.attach_flash(esp)
        key = _write(esp, build, options.erase, lambda stage: reporter.stage(port, stage))
        cmds.reset_chip(esp, "hard-reset")
        return key
    finally:
        esp._port.close()


def _write(esp, build: Build, erase: bool, stage: Callable[[str], None]) -> str:  # type: ignore[no-untyped-def]
    """Erase if needed, write and (esptool) verify; the result's key."""
    from esptool import cmds
    from esptool.util import flash_size_bytes

    chip = build.chip
    size = cmds.detect_flash_size(esp)
    if size is not None and chip.offset + len(build.data) > flash_size_bytes(size):
        raise FlashProblem("flash_too_small", size=size, need=_megabytes(len(build.data)))
    stage("checking")
    there = "other" if erase else _what_is_there(esp, build)
    if there == "same":
        return "same"
    if there == "other":
        stage("erasing")
        cmds.erase_flash(esp)
    stage("writing")
    cmds.write_flash(esp, [(chip.offset, build.data)])
    return {"other": "flashed_erased" if erase else "flashed_other"}.get(there, "flashed")


def _what_is_there(esp, build: Build) -> str:  # type: ignore[no-untyped-def]
    """same (this build), micropython (another build of it), blank, or other."""
    image = build.data + b"\xff" * (-len(build.data) % 4)  # as esptool pads it
    if esp.flash_md5sum(build.chip.offset, len(image)) == hashlib.md5(image).hexdigest():
        return "same"
    head = esp.read_flash(APP_OFFSET, 256)
    if head == b"\xff" * len(head):
        return "blank"
    project = head[0x50:0x70].split(b"\0", 1)[0] if head[0] == 0xE9 and \
        head[0x20:0x24] == b"\x32\x54\xcd\xab" else b""
    return "micropython" if project == b"micropython" else "other"


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


# -- a class set ------------------------------------------------------------------------------
def flash_boards(ports: list[str], choose: Chooser, reporter: Reporter,
                 options: FlashOptions = FlashOptions(), workers: int = MAX_WORKERS,
                 clock: Callable[[], float] = time.monotonic) -> list[BoardResult]:
    """Flash every board at once, one thread and one esptool connection each; one board
    failing never stops the others. The results come back in the order of ``ports``."""
    if not ports:
        return []
    with esptool_output_per_board(), \
            ThreadPoolExecutor(max_workers=max(1, min(workers, len(ports)))) as pool:
        jobs = [pool.submit(flash_board, port, choose, reporter, options, clock)
                for port in ports]
        return [job.result() for job in jobs]
