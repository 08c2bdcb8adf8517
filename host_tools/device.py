"""A simulated board behind a pseudo-terminal that speaks MicroPython's REPL protocols.

Tools made for real boards (mpremote, Thonny, Mu) talk to it as to a micro:bit on USB:

- the friendly REPL (banner, ``>>> `` and ``... `` prompts, echo, auto-indent, paste mode
  with Ctrl-E), as MicroPython 1.18's ``pyexec.c`` and ``readline.c`` behave;
- the raw REPL (Ctrl-A; Ctrl-D runs what was sent: ``OK``, output, ``\\x04``, the error,
  ``\\x04``, ``>``) and raw-paste mode (``\\x05A\\x01``, with its flow-control window);
- soft reset (Ctrl-D at an empty line: ``MPY: soft reboot``; main.py runs again in the
  friendly REPL, not in the raw REPL) and Ctrl-C (KeyboardInterrupt in running code).

The board turns ``\\n`` into ``\\r\\n`` on the serial line. Code runs on the simulator
(``BoardProgram.submit``), so ``open()`` and ``os`` are the micro:bit's flat filesystem.

``ReplMachine`` is the protocol as a plain class (bytes in, bytes out); ``VirtualDevice``
joins it to a simulation on the virtual clock (what tests drive); ``PtyServer`` runs a device
in scaled real time behind ``os.openpty()``. The simulation and its program class are handed
in (``terakoya.device_command.make_device``): host tools do not import the runner.
"""

from __future__ import annotations

import os
import select
import time
import tty
from collections.abc import Callable
from types import TracebackType
from typing import Any, Protocol

from ..simulator.model.clock import US_PER_MS, US_PER_S
from ..simulator.model.events import Event, SerialOutput, StopKind

CTRL_A, CTRL_B, CTRL_C, CTRL_D, CTRL_E = 1, 2, 3, 4, 5
ESC, CR, BACKSPACE, DELETE = 0x1B, 0x0D, 0x08, 0x7F
BANNERS = {"microbit": (b"MicroPython v1.18 on 2023-10-30; micro:bit v2.1.2 with nRF52833\r\n"
                        b'Type "help()" for more information.\r\n')}
RAW_BANNER = b"raw REPL; CTRL-B to exit\r\n"
SOFT_REBOOT = b"MPY: soft reboot\r\n"
PASTE_BANNER = b"\r\npaste mode; Ctrl-C to cancel, Ctrl-D to finish\r\n=== "
PS1, PS2 = b">>> ", b"... "
RAW_PASTE_WINDOW = 128  # half of MicroPython's 256-byte stdin buffer, as pyexec.c offers it
COMPOUND_WORDS = ("if", "while", "for", "try", "with", "def", "class", "async")
POWER_ON_MS = 2000  # how long switching a device on runs, at most, to reach its REPL
ANSWER_MS = 200  # how long the board may take to answer what it was sent, at most
MAX_PENDING_OUTPUT = 64 * 1024  # beyond this, output nobody reads is dropped (as over USB)


def serial_bytes(text: str) -> bytes:
    """What the board sends for ``text``: every ``\\n`` becomes ``\\r\\n``."""
    return text.replace("\n", "\r\n").encode("utf-8", "surrogateescape")


def source_text(data: bytes) -> str:
    """Code received on the serial line, as text to compile (CR and CRLF end lines)."""
    return data.decode("utf-8", "replace").replace("\r\n", "\n").replace("\r", "\n")


def continues(source: str) -> bool:
    """Whether the friendly REPL asks for another line (``... ``), as MicroPython decides."""
    if not source:
        return False
    first = source.split(None, 1)[0] if source.split() else ""
    word = first.split("(")[0].split(":")[0]
    compound = source.startswith("@") or word in COMPOUND_WORDS
    quote, depth = _scan(source)
    if quote in ("'''", '"""') or depth > 0:
        return True
    if source.endswith("\\"):
        return True
    return compound and not source.endswith("\n")


def _scan(source: str) -> tuple[str | None, int]:
    """The quote still open at the end (if any) and how many brackets are still open."""
    quote: str | None = None
    depth = 0
    i = 0
    while i < len(source):
        c = source[i]
        if quote is None:
            if source.startswith(("'''", '"""'), i):
                quote = source[i:i + 3]
                i += 2
            elif c in "'\"":
                quote = c
            elif c == "#":
                while i + 1 < len(source) and source[i + 1] != "\n":
                    i += 1
            elif c in "([{":
                depth += 1
            elif c in ")]}":
                depth -= 1
        elif c == "\\":
            i += 1
        elif source.startswith(quote, i):
            i += len(quote) - 1
            quote = None
        elif c == "\n" and len(quote) == 1:
            quote = None
        i += 1
    return quote, depth


def auto_indent(buffer: bytes) -> int:
    """Spaces MicroPython's readline puts at the start of a continuation line."""
    if len(buffer) < 2 or not buffer.endswith(b"\n"):
        return 0
    lines = buffer[:-1].split(b"\n")
    last = lines[-1]
    spaces = len(last) - len(last.lstrip(b" "))
    if len(lines) > 1 and last.strip(b" ") == b"" and lines[-2].strip(b" ") == b"":
        return 0  # the last two lines are blank: the block is over
    extra = 1 if last.endswith(b":") else 0
    return 4 * (spaces // 4 + extra)


class Job(Protocol):
    """Code sent to the board (the runner's ``Submission``)."""

    done: bool


class Program(Protocol):
    """What the REPL needs of a board's program (the runner's ``BoardProgram``)."""

    task: Any
    end_kind: str | None
    serve_after_main: bool
    run_main: bool

    def start(self) -> None: ...

    def stop(self, kind: str = StopKind.STOPPED) -> None: ...

    def submit(self, source: str, mode: str = "exec") -> Job: ...

    def interrupt(self) -> None: ...


class BoardLink:
    """The simulated board as the REPL sees it: start it, send code, stop code, stdin.

    ``sim_board`` is a runner ``SimBoard``; ``new_program(model)`` makes a board program.
    """

    def __init__(self, sim_board: Any, new_program: Callable[[Any], Program]):
        self.sim_board = sim_board
        self.new_program = new_program
        self.model = sim_board.model
        self.on_output: Callable[[str], None] = lambda text: None
        self.model.bus.subscribe(self._serial, SerialOutput)

    def _serial(self, event: Event) -> None:
        assert isinstance(event, SerialOutput)
        self.on_output(event.text)

    @property
    def program(self) -> Program:
        return self.sim_board.program

    def boot(self, run_main: bool) -> None:
        """Start the board's program afresh (power on, soft reset or hard reset)."""
        old = self.program
        if old.task is not None:
            old.stop(StopKind.STOPPED)
            self.model.reset_state()
        program = self.new_program(self.model)
        program.serve_after_main = True
        program.run_main = run_main
        self.sim_board.program = program
        program.start()

    def has_main(self) -> bool:
        return "main.py" in self.model.files

    def booted(self) -> bool:
        """main.py (if it runs) has ended: the board is at its REPL."""
        return self.program.end_kind is not None

    def halted(self) -> bool:
        task = self.program.task
        return task is not None and task.done

    def reset_requested(self) -> bool:
        """Code sent to the REPL called ``reset()``: the board must start again."""
        task = self.program.task
        return self.halted() and task is not None and task.stop_kind == StopKind.RESET

    def submit(self, source: str, mode: str) -> Job:
        return self.program.submit(source, mode)

    def interrupt(self) -> None:
        self.program.interrupt()

    def feed_stdin(self, data: bytes) -> None:
        self.model.feed_serial(data.decode("latin-1"))

    def take_stdin(self) -> bytes:
        """What was typed while code ran and the code did not read (the REPL reads it next)."""
        data = self.model.serial_in.encode("latin-1")
        self.model.serial_in = ""
        return data


class ReplMachine:
    """MicroPython's REPL protocols: bytes from the host in, bytes to the host out."""

    def __init__(self, link: BoardLink, write: Callable[[bytes], None], board: str = "microbit"):
        self.link = link
        self.write = write
        self.banner = BANNERS[board]
        self.raw = False  # which REPL the board is in (kept across a soft reset)
        self.state = "boot"  # boot | line | paste | raw | paste_raw | run | halted
        self.buffer = bytearray()  # the code typed so far
        self.line_start = 0  # where the line being typed starts in ``buffer``
        self.escape = bytearray()
        self.job: Job | None = None
        self.job_raw = False
        self.eof_sent = False
        self.window_left = 0
        link.on_output = self._board_output

    # -- the board's side ---------------------------------------------------------------
    def power_on(self) -> None:
        self.raw = False
        self._boot()

    def _boot(self) -> None:
        self.state = "boot"
        self.buffer.clear()
        self.link.boot(run_main=not self.raw)

    def _board_output(self, text: str) -> None:
        job = self.job
        if self.state == "run" and self.job_raw and job is not None and job.done \
                and not self.eof_sent:
            self.write(b"\x04")  # the raw REPL sends the error after the output's end mark
            self.eof_sent = True
        self.write(serial_bytes(text))

    def needs_poll(self) -> bool:
        """Something happened that the REPL must answer (checked while time runs)."""
        if self.state == "run":
            return self.job is not None and self.job.done or self.link.halted()
        return self.state == "boot" and (self.link.booted() or self.link.halted())

    def poll(self) -> bool:
        """Answer what happened on the board; True if the REPL's state changed."""
        if self.state == "halted":
            return False
        if self.link.reset_requested():  # reset() from the REPL: a hard reset
            self.raw = False
            self._boot()
            return True
        if self.link.halted():  # panic, power off: silent until reset
            self.state = "halted"
            return True
        if self.state == "boot" and self.link.booted():
            self._at_repl()
            return True
        if self.state == "run" and self.job is not None and self.job.done:
            self._job_done()
            return True
        return False

    def _at_repl(self) -> None:
        if self.raw:
            self._raw_reset()
        else:
            if not self.link.has_main():  # as the firmware does before its first prompt
                self.link.submit("from microbit import *", "exec")
            self.write(self.banner)
            self._prompt()
        self.feed(self.link.take_stdin())

    def _job_done(self) -> None:
        if self.job_raw:
            self.write(b"\x04>" if self.eof_sent else b"\x04\x04>")
            self.state = "raw"
            self.buffer.clear()
        else:
            self._prompt()
        self.job = None
        self.feed(self.link.take_stdin())

    def _run(self, data: bytes, mode: str, raw: bool) -> None:
        self.job = self.link.submit(source_text(data), mode)
        self.job_raw = raw
        self.eof_sent = False
        self.state = "run"
        self.buffer.clear()

    def _soft_reset(self) -> None:
        self.write(SOFT_REBOOT)
        self._boot()

    # -- the host's side ------------------------------------------------------------------
    def feed(self, data: bytes) -> None:
        for byte in data:
            handle = getattr(self, f"_on_{self.state}")
            handle(byte)

    def _on_boot(self, byte: int) -> None:
        self._on_run(byte)

    def _on_run(self, byte: int) -> None:
        if byte == CTRL_C:
            self.link.interrupt()
        else:  # for input(); what the code does not read goes to the REPL after it
            self.link.feed_stdin(bytes([byte]))

    def _on_halted(self, byte: int) -> None:
        return

    # -- friendly REPL --------------------------------------------------------------------
    def _prompt(self) -> None:
        self.state = "line"
        self.buffer.clear()
        self.line_start = 0
        self.write(PS1)

    def _on_line(self, byte: int) -> None:
        if self.escape or byte == ESC:
            self._escape_sequence(byte)
            return
        empty = len(self.buffer) == self.line_start
        first = self.line_start == 0
        if byte == CTRL_C:
            self.write(b"\r\n")
            self._prompt()
        elif byte == CTRL_D and empty:
            self.write(b"\r\n")
            if first:
                self._soft_reset()
            else:  # ends a compound statement
                self._run(bytes(self.buffer), "single", raw=False)
        elif first and empty and byte in (CTRL_A, CTRL_B, CTRL_E):
            self._line_control(byte)
        elif byte == CR:
            self.write(b"\r\n")
            self._line_entered()
        elif byte in (BACKSPACE, DELETE):
            self._backspace()
        elif byte >= 0x20:
            self.buffer.append(byte)
            self.write(bytes([byte]))

    def _line_control(self, byte: int) -> None:
        self.write(b"\r\n")
        if byte == CTRL_A:
            self.raw = True
            self._raw_reset()
        elif byte == CTRL_B:
            self.write(self.banner)
            self._prompt()
        else:
            self.state = "paste"
            self.buffer.clear()
            self.write(PASTE_BANNER[2:])

    def _escape_sequence(self, byte: int) -> None:
        """Arrow keys and the like: read to their end and ignore them (no history here)."""
        self.escape.append(byte)
        if len(self.escape) >= 3 and 0x40 <= byte <= 0x7E or len(self.escape) > 8 or \
                len(self.escape) == 2 and byte not in b"[O":
            self.escape.clear()

    def _backspace(self) -> None:
        typed = bytes(self.buffer[self.line_start:])
        if not typed:
            return
        count = 4 if len(typed) >= 4 and typed.strip(b" ") == b"" else 1
        while count == 1 and len(typed) > 1 and typed[-1] & 0xC0 == 0x80:
            typed = typed[:-1]  # a whole UTF-8 character goes at once
            del self.buffer[-1]
        del self.buffer[-count:]
        self.write(b"\b" * min(count, 4) + b"\x1b[K")

    def _line_entered(self) -> None:
        if not self.buffer:
            self.write(PS1)
            return
        text = source_text(bytes(self.buffer))
        if continues(text):
            self.buffer.append(ord("\n"))
            self.line_start = len(self.buffer)
            self.write(PS2)
            spaces = auto_indent(bytes(self.buffer))
            self.buffer.extend(b" " * spaces)
            self.write(b" " * spaces)
            return
        self._run(bytes(self.buffer), "single", raw=False)

    def _on_paste(self, byte: int) -> None:
        if byte == CTRL_C:
            self.write(b"\r\n")
            self._prompt()
        elif byte == CTRL_D:
            self.write(b"\r\n")
            self._run(bytes(self.buffer), "exec", raw=False)
        else:
            self.buffer.append(byte)
            self.write(b"\r\n=== " if byte == CR else bytes([byte]))

    # -- raw REPL and raw-paste ---------------------------------------------------------
    def _raw_reset(self) -> None:
        self.state = "raw"
        self.buffer.clear()
        self.write(RAW_BANNER + b">")

    def _on_raw(self, byte: int) -> None:
        if byte == CTRL_A:
            if len(self.buffer) == 2 and self.buffer[0] == CTRL_E:
                self._raw_paste(self.buffer[1])
            else:
                self._raw_reset()
        elif byte == CTRL_B:
            self.raw = False
            self.write(b"\r\n" + self.banner)
            self._prompt()
        elif byte == CTRL_C:
            self.buffer.clear()
        elif byte == CTRL_D:
            self.write(b"OK")
            if self.buffer:
                self._run(bytes(self.buffer), "exec", raw=True)
            else:
                self.write(b"\r\n")
                self._soft_reset()
        else:
            self.buffer.append(byte)

    def _raw_paste(self, kind: int) -> None:
        self.buffer.clear()
        if kind != ord("A"):
            self.write(b"R\x00")  # a raw-paste variant this firmware does not know
            return
        self.write(b"R\x01" + RAW_PASTE_WINDOW.to_bytes(2, "little") + b"\x01")
        self.window_left = RAW_PASTE_WINDOW
        self.state = "paste_raw"

    def _on_paste_raw(self, byte: int) -> None:
        if byte == CTRL_D:
            self.write(b"\x04")  # end of data acknowledged; then it runs
            self._run(bytes(self.buffer), "exec", raw=True)
            return
        if byte == CTRL_C:  # stopped while receiving: KeyboardInterrupt, nothing ran
            self.write(b"\x04\x04" + serial_bytes("KeyboardInterrupt: \n") + b"\x04>")
            self.state = "raw"
            self.buffer.clear()
            return
        self.buffer.append(byte)
        self.window_left -= 1
        if self.window_left == 0:
            self.write(b"\x01")  # room for another window
            self.window_left = RAW_PASTE_WINDOW


class VirtualDevice:
    """A simulated board with its REPL, on the virtual clock; output collects in ``output``.

    ``sim`` is a runner ``Simulation`` and ``sim_board`` one of its boards, not yet started;
    it is switched on at once unless ``power_on`` is false (then ``power_on()`` does it).
    """

    def __init__(self, sim: Any, sim_board: Any, new_program: Callable[[Any], Program],
                 power_on: bool = True):
        self.sim = sim
        self.sim_board = sim_board
        self.output = bytearray()
        self.link = BoardLink(sim_board, new_program)
        self.machine = ReplMachine(self.link, self._write, sim_board.model.kind)
        if power_on:
            self.power_on()

    def __enter__(self) -> VirtualDevice:
        return self

    def power_on(self) -> None:
        """Switch the board on (or press its reset button): main.py runs from the start."""
        self.machine.power_on()
        self.settle()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.sim.close()

    @property
    def now_us(self) -> int:
        return self.sim.scheduler.now_us

    def _write(self, data: bytes) -> None:
        self.output += data
        if len(self.output) > MAX_PENDING_OUTPUT:
            del self.output[:len(self.output) - MAX_PENDING_OUTPUT]

    def take_output(self) -> bytes:
        data = bytes(self.output)
        self.output.clear()
        return data

    def feed(self, data: bytes) -> None:
        """Bytes from the host; code they start begins at once (at the current time)."""
        self.machine.feed(data)
        self.settle()

    def settle(self) -> None:
        """Run what is due now and answer it, until nothing changes. "Now" is the program's
        own time if it ran ahead (a print still going out on the line): it is woken no
        earlier than that."""
        for _ in range(100):
            task = self.link.program.task
            ahead = task.own_us if task is not None and not task.done else 0
            self.sim.scheduler.run_until(max(self.now_us, ahead), None, self._keep_going)
            if not self.machine.poll():
                return

    def _keep_going(self) -> bool:
        return not self.machine.needs_poll()

    def advance_to(self, end_us: int) -> None:
        """Let virtual time run to ``end_us``, answering the host as soon as code ends."""
        scheduler = self.sim.scheduler
        while scheduler.now_us < end_us:
            scheduler.run_until(end_us, None, self._keep_going)
            self.settle()

    def run_ms(self, ms: float) -> None:
        self.advance_to(self.now_us + int(ms * US_PER_MS))

    def exchange(self, data: bytes, until: bytes, max_ms: float = 5000) -> bytes:
        """Send ``data``; run virtual time until the output ends with ``until`` (tests)."""
        self.feed(data)
        end = self.now_us + int(max_ms * US_PER_MS)
        while not self.output.endswith(until) and self.now_us < end:
            self.advance_to(min(end, self.now_us + US_PER_MS))
        return self.take_output()


class CoreDevice:
    """A simulated board whose own MicroPython core runs its REPL (the firmware's pyexec:
    friendly REPL, raw REPL, raw-paste, soft reset, Ctrl-C): this class only carries the
    serial line's bytes both ways and runs virtual time. Same interface as VirtualDevice.

    ``new_program(model)`` makes the board's program with a REPL after main.py.
    """

    def __init__(self, sim: Any, sim_board: Any, new_program: Callable[[Any], Program],
                 power_on: bool = True):
        self.sim = sim
        self.sim_board = sim_board
        self.model = sim_board.model
        self.new_program = new_program
        self.output = bytearray()
        self.model.bus.subscribe(self._serial, SerialOutput)
        if power_on:
            self.power_on()

    def __enter__(self) -> CoreDevice:
        return self

    @property
    def link(self) -> CoreDevice:
        """(As VirtualDevice's: ``device.link.model`` is the board.)"""
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.sim.close()

    @property
    def now_us(self) -> int:
        return self.sim.scheduler.now_us

    def power_on(self) -> None:
        """Switch the board on (or press its reset button): main.py runs from the start,
        and time runs until the board waits at its REPL (or for POWER_ON_MS, if main.py
        goes on)."""
        old = self.sim_board.program
        if old.task is not None:
            old.stop(StopKind.STOPPED)
            self.model.reset_state()
        program = self.new_program(self.model)
        self.sim_board.program = program
        program.start()
        end = self.now_us + POWER_ON_MS * US_PER_MS
        while self.now_us < end and not program.reading_input():
            self.advance_to(min(end, self.now_us + US_PER_MS))

    def _serial(self, event: Event) -> None:
        assert isinstance(event, SerialOutput)
        self.output += serial_bytes(event.text)
        if len(self.output) > MAX_PENDING_OUTPUT:
            del self.output[:len(self.output) - MAX_PENDING_OUTPUT]

    def take_output(self) -> bytes:
        data = bytes(self.output)
        self.output.clear()
        return data

    def feed(self, data: bytes) -> None:
        """Bytes from the host, typed on the board's serial line now."""
        self.model.feed_serial(data.decode("utf-8", "surrogateescape"))
        self.settle()

    def settle(self) -> None:
        """Let the board answer what it was sent: time runs (the serial line's time, as the
        answer goes out) until it waits for a key again, for ANSWER_MS at most (a program
        that never reads the line: then only what is due now runs)."""
        program = self.sim_board.program
        end = self.now_us + ANSWER_MS * US_PER_MS
        while True:
            task = program.task
            ahead = task.own_us if task is not None and not task.done else 0
            self.sim.scheduler.run_until(max(self.now_us, ahead))
            if program.reading_input() or not program.running or self.now_us >= end:
                return
            self.sim.scheduler.run_until(min(end, self.now_us + US_PER_MS))

    def advance_to(self, end_us: int) -> None:
        self.sim.scheduler.run_until(end_us)

    def run_ms(self, ms: float) -> None:
        self.advance_to(self.now_us + int(ms * US_PER_MS))

    def exchange(self, data: bytes, until: bytes, max_ms: float = 5000) -> bytes:
        """Send ``data``; run virtual time until the output ends with ``until`` (tests)."""
        self.feed(data)
        end = self.now_us + int(max_ms * US_PER_MS)
        while not self.output.endswith(until) and self.now_us < end:
            self.advance_to(min(end, self.now_us + US_PER_MS))
        return self.take_output()


class WallClock:
    """Maps the wall clock to virtual time (scaled by ``speed``), without ever sleeping."""

    MAX_LAG_US = 200 * US_PER_MS  # a board busier than the computer runs slower instead

    def __init__(self, start_us: int, speed: float = 1.0):
        self.speed = speed
        self.rebase(start_us)

    def rebase(self, virtual_us: int) -> None:
        self._start_us = virtual_us
        self._start_wall = time.perf_counter()

    def virtual_now(self) -> int:
        elapsed = time.perf_counter() - self._start_wall
        return self._start_us + int(elapsed * self.speed * US_PER_S)

    def seconds_until(self, virtual_us: float) -> float:
        return max(0.0, (virtual_us - self.virtual_now()) / US_PER_S / self.speed)


class Line:
    """One direction of a serial line: bytes pass no faster than ``baud`` (10 bits a byte).

    A micro:bit's USB serial port is its interface chip passing on the board's UART at
    115200 baud, about 11.5 kB/s each way; ``baud=None`` passes bytes as fast as they come.
    A UART cannot save up time while it is idle: after a pause only ``burst`` bytes may go at
    once (a few, as its FIFO holds; more when the line is looked at only once a window frame).
    """

    BURST = 16  # bytes

    def __init__(self, baud: int | None, clock: Callable[[], float] = time.perf_counter,
                 burst: int = BURST):
        self.bytes_per_s = baud / 10 if baud else None
        self.clock = clock
        self.burst = float(burst)
        self.tokens = self.burst
        self.last = clock()

    def allowance(self) -> int:
        """How many bytes may pass now."""
        if self.bytes_per_s is None:
            return 1 << 20
        now = self.clock()
        self.tokens = min(self.burst, self.tokens + (now - self.last) * self.bytes_per_s)
        self.last = now
        return int(self.tokens)

    def spend(self, count: int) -> None:
        if self.bytes_per_s is not None:
            self.tokens -= count

    def seconds_until(self, count: int) -> float:
        """How long until ``count`` bytes (at most a burst) may pass."""
        if self.bytes_per_s is None:
            return 0.0
        wanted = min(float(count), self.burst)
        return max(0.0, (wanted - self.tokens) / self.bytes_per_s)


class PtyServer:
    """Serves a ``VirtualDevice`` on a new pseudo-terminal (``path``), in real time, through a
    line of ``baud`` (None: as fast as the computer can)."""

    STEP_US = 10 * US_PER_MS  # time runs on in steps this long between looks at the line
    IDLE_WAIT_S = 0.25
    BUDGET_S = 0.02
    CHUNK = Line.BURST  # with a slow line, wait until this many bytes may pass
    FRAME_BURST_S = 0.05  # looked at once a window frame: what a slow frame's time carries

    def __init__(self, device: VirtualDevice, speed: float = 1.0, baud: int | None = None):
        self.device = device
        self.speed = speed
        line_baud = round(baud * speed) if baud else None  # the board's time runs at speed
        self.to_host, self.from_host = Line(line_baud), Line(line_baud)
        self.master, self._slave = os.openpty()
        tty.setraw(self._slave)  # no echo, no line editing, no CR/LF changes: a plain line
        os.set_blocking(self.master, False)
        self.path = os.ttyname(self._slave)
        self._stop_r, self._stop_w = os.pipe()

    def __enter__(self) -> PtyServer:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()

    def stop(self) -> None:
        """Ask ``serve_forever`` to return (safe from another thread)."""
        os.write(self._stop_w, b"x")

    def close(self) -> None:
        for fd in (self.master, self._slave, self._stop_r, self._stop_w):
            try:
                os.close(fd)
            except OSError:
                pass

    def serve_forever(self) -> None:
        clock = WallClock(self.device.now_us, self.speed)
        while True:
            self._run_time(clock)
            may_read = self.from_host.allowance() > 0
            may_write = bool(self.device.output) and self.to_host.allowance() > 0
            readable, writable, _ = select.select(
                [self.master, self._stop_r] if may_read else [self._stop_r],
                [self.master] if may_write else [], [],
                self._timeout(clock, may_read, may_write))
            if self._stop_r in readable:
                return
            if self.master in readable:
                self._receive()
            if self.master in writable:
                self._send()

    def _run_time(self, clock: WallClock) -> None:
        """Catch up with the wall clock, for at most ``BUDGET_S`` before looking at the line."""
        device = self.device
        target = clock.virtual_now()
        give_up = time.perf_counter() + self.BUDGET_S
        while device.now_us < target and time.perf_counter() < give_up:
            device.advance_to(min(target, device.now_us + self.STEP_US))
            self._send()
        if target - device.now_us > clock.MAX_LAG_US:  # too busy to keep up: run slower
            clock.rebase(device.now_us)

    def _timeout(self, clock: WallClock, may_read: bool = True, may_write: bool = False) -> float:
        """How long select may wait. While bytes may be written, select itself waits for
        the port to take them (a host that reads nothing must not make this spin)."""
        if clock.virtual_now() > self.device.now_us + US_PER_MS:
            return 0.0  # behind the wall clock
        next_event = self.device.sim.scheduler.next_event_us()
        waits = [self.IDLE_WAIT_S, clock.seconds_until(next_event)]
        if not may_read:  # the line is full: look again when some bytes may come in
            waits.append(self.from_host.seconds_until(self.CHUNK))
        if self.device.output and not may_write:  # look again when the line has room
            waits.append(self.to_host.seconds_until(min(len(self.device.output), self.CHUNK)))
        return min(waits)

    def look_once_a_frame(self) -> None:
        """The line is served only between window frames (``pump``): let a frame's worth of
        bytes pass at once, or the line would carry less than its speed. (Once is enough:
        asked again, it changes nothing.)"""
        for line in (self.to_host, self.from_host):
            frame = (line.bytes_per_s or 0) * self.FRAME_BURST_S
            if frame > line.burst:
                line.burst = line.tokens = frame

    def pump(self) -> None:
        """Without waiting: take what the host sent and send what the board wrote."""
        while self._receive():
            pass
        self._send()

    def _receive(self) -> bool:
        """Read what the host sent (as much as the line lets through); True if read."""
        allowed = min(4096, self.from_host.allowance())
        if allowed <= 0:
            return False
        try:
            data = os.read(self.master, allowed)
        except (BlockingIOError, InterruptedError):
            return False
        except OSError:  # nobody has the port open (EIO): nothing to read
            return False
        self.from_host.spend(len(data))
        self.device.feed(data)
        self._send()
        return bool(data)

    def _send(self) -> None:
        output = self.device.output
        while output:
            allowed = self.to_host.allowance()
            if allowed <= 0:
                return
            try:
                sent = os.write(self.master, output[:allowed])
            except (BlockingIOError, InterruptedError):
                return
            except OSError:
                output.clear()
                return
            self.to_host.spend(sent)
            del output[:sent]


class FrameDriven:
    """A device shown in the simulator window (``terakoya device --window``).

    The window's frames drive its time, as they do for a program opened from a file; the
    port is served between frames. The window's Reset is the board's reset button (main.py
    runs again and the host sees it start) and its Stop is Ctrl-C on the line.
    """

    def __init__(self, device: VirtualDevice, server: PtyServer):
        self.device = device
        self.server = server

    @property
    def sim(self) -> Any:
        return self.device.sim

    @property
    def port(self) -> str:
        return self.server.path

    def run(self, virtual_ms: float) -> None:
        """Answer the host, let ``virtual_ms`` pass (0 while paused), answer again."""
        self.server.look_once_a_frame()  # (not before: there may be no screen for a window)
        self.server.pump()
        if virtual_ms > 0:
            self.device.run_ms(virtual_ms)
        self.server.pump()

    def restart(self) -> None:
        """The reset button (the first time: switching the board on)."""
        self.device.power_on()
        self.server.pump()

    def send(self, text: str) -> None:
        """Typed in the window: as typed on the serial line (Enter is CR)."""
        self.device.feed(text.replace("\n", "\r").encode("utf-8"))
        self.server.pump()

    def interrupt(self) -> None:
        self.device.feed(bytes([CTRL_C]))
        self.server.pump()
