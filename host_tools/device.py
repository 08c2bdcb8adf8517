"""A simulated board behind a pseudo-terminal, as a micro:bit plugged in by USB.

Tools made for real boards (mpremote, Thonny, Mu) talk to it as to a micro:bit: the board's
own MicroPython core runs its own REPL (MicroPython 1.18's ``pyexec.c`` and ``readline.c``:
the friendly REPL with its banner, prompts, echo and auto-indent, paste mode, the raw REPL
and raw-paste with its flow-control window, soft reset, Ctrl-C), with the micro:bit's flat
filesystem. This module only carries the serial line: ``CoreDevice`` joins it to a simulation
on the virtual clock (what tests drive); ``PtyServer`` runs a device in scaled real time
behind ``os.openpty()``, its line paced as a real board's. The simulation and its program are
handed in (``terakoya.device_command.make_device``): host tools do not import the runner.
The board turns ``\\n`` into ``\\r\\n`` on the serial line.
"""

from __future__ import annotations

import errno
import os
import select
import socket
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any

from ..simulator.model.clock import US_PER_MS, US_PER_S
from ..simulator.model.events import Event, SerialOutput, StopKind
from ..simulator.model.vfs import folders_of

CTRL_C = 3
POWER_ON_MS = 2000  # how long switching a device on runs, at most, to reach its REPL
ANSWER_MS = 200  # how long the board may take to answer what it was sent, at most
MAX_PENDING_OUTPUT = 64 * 1024  # beyond this, output nobody reads is dropped (as over USB)


def serial_bytes(text: str) -> bytes:
    """What the board sends for ``text``: every ``\\n`` becomes ``\\r\\n``."""
    return text.replace("\n", "\r\n").encode("utf-8", "surrogateescape")


class CoreDevice:
    """A simulated board whose own MicroPython core runs its REPL (the firmware's pyexec:
    friendly REPL, raw REPL, raw-paste, soft reset, Ctrl-C): this class only carries the
    serial line's bytes both ways and runs virtual time.

    ``new_program(model)`` makes the board's program with a REPL after main.py.
    """

    def __init__(self, sim: Any, sim_board: Any, new_program: Callable[[Any], Any],
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

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        try:
            self.sim.close()
        except RuntimeError:  # Ctrl-C struck while the board's task was switching
            self.sim_board.program.kill()  # its process is ended all the same

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
        self._run_until_reading(POWER_ON_MS)

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
        answer goes out) until it waits for a key again, for ANSWER_MS at most."""
        self._run_until_reading(ANSWER_MS)

    def _run_until_reading(self, most_ms: int) -> None:
        """Run time until the board waits for a key (or its program has ended), for
        ``most_ms`` at most; first, what is due now, and no earlier than the program's own
        time if it ran ahead (a print still going out on the line)."""
        program = self.sim_board.program
        end = self.now_us + most_ms * US_PER_MS
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

    # -- files, as the board's own filesystem keeps them (WebREPL's file transfers) ----------
    def _file_key(self, path: str) -> str:
        folders = folders_of(self.model)
        if folders is not None:
            return folders.resolve(path)
        name = path.lstrip("/")  # a flat filesystem: names only
        if not name or "/" in name:
            raise OSError(errno.ENOENT, path)
        return name

    def read_file(self, path: str) -> bytes:
        """A file on the board by its path there; OSError if there is none."""
        data = self.model.files.get(self._file_key(path))
        if data is None:
            raise OSError(errno.ENOENT, path)
        return data

    def write_file(self, path: str, data: bytes) -> None:
        """Put a file on the board as its filesystem would (OSError: no such folder, full)."""
        key = self._file_key(path)
        folders = folders_of(self.model)
        if folders is not None:
            folders.parent_ok(key)
            if folders.kind(key) == 1:
                raise OSError(errno.EISDIR, path)
            folders.write(key, data, self.model.ticks_us() // US_PER_S)
            return
        flat = self.model.fs
        try:
            flat.create(key)
            flat.append(key, data)
            flat.close(key)
        except Exception as error:  # the flat filesystem's FileSystemFull
            raise OSError(errno.ENOSPC, path) from error

    def folders(self) -> list[str]:
        """The board's empty folders, which its files do not show (none on a flat one)."""
        folders = folders_of(self.model)
        if folders is None:
            return []
        holding = {name.rpartition("/")[0] for name in self.model.files}
        return sorted(f for f in folders.folders
                      if not any(h == f or h.startswith(f + "/") for h in holding))

    def make_folders(self, names: list[str]) -> None:
        """Folders a board had when it was switched off (kept by ``device_files``)."""
        folders = folders_of(self.model)
        if folders is not None:
            folders.folders.update(names)

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


class LineServer:
    """Serves a ``CoreDevice`` to one host in real time, through a line of ``baud`` (None: as
    fast as the computer can). How the bytes reach the host is a subclass's: a
    pseudo-terminal (``PtyServer``), RFC 2217 or WebREPL on 127.0.0.1 (``device_net``). This
    is the one seam between a served board and the programs that talk to it.

    A subclass gives ``address`` (what a host opens) and the five ``_host`` methods below.
    """

    STEP_US = 10 * US_PER_MS  # time runs on in steps this long between looks at the line
    IDLE_WAIT_S = 0.25
    BUDGET_S = 0.02
    CHUNK = Line.BURST  # with a slow line, wait until this many bytes may pass
    FRAME_BURST_S = 0.05  # looked at once a window frame: what a slow frame's time carries
    address = ""

    def __init__(self, device: CoreDevice, speed: float = 1.0, baud: int | None = None):
        self.device = device
        self.speed = speed
        line_baud = round(baud * speed) if baud else None  # the board's time runs at speed
        self.to_host, self.from_host = Line(line_baud), Line(line_baud)
        self._stop_r, self._stop_w = socket.socketpair()  # select takes sockets everywhere

    # -- the seam: what each kind of server does ------------------------------------------
    def _host_fds(self, may_read: bool, may_write: bool) -> tuple[list[Any], list[Any]]:
        """What select waits on: (to read, to write)."""
        raise NotImplementedError

    def _read_host(self, most: int) -> bytes:
        """Up to ``most`` bytes the host sent for the board (b"" if none now)."""
        raise NotImplementedError

    def _write_host(self, data: bytes) -> int | None:
        """Pass the board's bytes on; how many were taken (None: none can be now)."""
        raise NotImplementedError

    def _host_waiting(self) -> bool:
        """Whether bytes from the host are already here (select would not wake for them)."""
        return False

    def _close_host(self) -> None:
        raise NotImplementedError

    # -- the loop -------------------------------------------------------------------------
    def __enter__(self) -> LineServer:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()

    def stop(self) -> None:
        """Ask ``serve_forever`` to return (safe from another thread)."""
        try:
            self._stop_w.send(b"x")
        except OSError:
            pass

    def close(self) -> None:
        self._close_host()
        self._stop_r.close()
        self._stop_w.close()

    def serve_forever(self) -> None:
        clock = WallClock(self.device.now_us, self.speed)
        while True:
            self._run_time(clock)
            may_read = self.from_host.allowance() > 0
            may_write = bool(self.device.output) and self.to_host.allowance() > 0
            reading, writing = self._host_fds(may_read, may_write)
            readable, _, _ = select.select([*reading, self._stop_r], writing, [],
                                           self._timeout(clock, may_read, may_write))
            if self._stop_r in readable:
                return
            if readable or (may_read and self._host_waiting()):
                self._receive()
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
        if may_read and self._host_waiting():
            return 0.0
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
        data = self._read_host(allowed)
        if not data:
            return False
        self.from_host.spend(len(data))
        self.device.feed(data)
        self._send()
        return True

    def _send(self) -> None:
        output = self.device.output
        while output:
            allowed = self.to_host.allowance()
            if allowed <= 0:
                return
            sent = self._write_host(bytes(output[:allowed]))
            if not sent:
                return
            self.to_host.spend(sent)
            del output[:sent]


class PtyServer(LineServer):
    """Serves a ``CoreDevice`` on a new pseudo-terminal (``path``: Linux and macOS)."""

    def __init__(self, device: CoreDevice, speed: float = 1.0, baud: int | None = None):
        import tty  # POSIX only: imported where a pty is made, not when the module is

        super().__init__(device, speed, baud)
        self.master, self._slave = os.openpty()
        tty.setraw(self._slave)  # no echo, no line editing, no CR/LF changes: a plain line
        os.set_blocking(self.master, False)
        self.path = self.address = os.ttyname(self._slave)

    def _host_fds(self, may_read: bool, may_write: bool) -> tuple[list[Any], list[Any]]:
        return ([self.master] if may_read else []), ([self.master] if may_write else [])

    def _read_host(self, most: int) -> bytes:
        try:
            return os.read(self.master, most)
        except (BlockingIOError, InterruptedError):
            return b""
        except OSError:  # nobody has the port open (EIO): nothing to read
            return b""

    def _write_host(self, data: bytes) -> int | None:
        try:
            return os.write(self.master, data)
        except (BlockingIOError, InterruptedError):
            return None
        except OSError:  # the port is gone: what the board wrote is lost, as on a cable
            self.device.output.clear()
            return None

    def _close_host(self) -> None:
        for fd in (self.master, self._slave):
            try:
                os.close(fd)
            except OSError:
                pass


class FrameDriven:
    """A device shown in the simulator window (``terakoya device --window``).

    The window's frames drive its time, as they do for a program opened from a file; the
    port is served between frames. The window's Reset is the board's reset button (main.py
    runs again and the host sees it start) and its Stop is Ctrl-C on the line.
    """

    def __init__(self, device: CoreDevice, server: LineServer):
        self.device = device
        self.server = server

    @property
    def sim(self) -> Any:
        return self.device.sim

    @property
    def port(self) -> str:
        return self.server.address

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
