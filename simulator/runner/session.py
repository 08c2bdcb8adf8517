"""A simulation: one or more boards on one virtual clock, in one radio space.

This is the Python API for tests and lesson checks::

    from terakoya.simulator import Simulation

    with Simulation() as sim:
        board = sim.add_board(source="from microbit import *\\ndisplay.show(Image.HEART)")
        sim.run(ms=100)
        assert board.display_image() == "09090:99999:99999:09990:00900"
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ..boards import DEFAULT_BOARD, BoardSpec, load, spec_for
from ..engine.process import restore_cpus, share_cpu
from ..model.board import Board
from ..model.circuit import CircuitError, attach_circuit, circuit_networks, load_circuit
from ..model.clock import US_PER_MS, RealtimePacer, Scheduler
from ..model.events import DisplayChanged, Event, ProgramStopped, SerialOutput, StopKind
from ..model.network import Network
from ..model.radio import RadioSpace
from .core_program import CoreProgram
from .gateway import Gateway

if TYPE_CHECKING:
    from .broker import EmbeddedBroker

CIRCUIT_FILE = "circuit.toml"
MAX_CIRCUIT_BYTES = 1_000_000
RADIO_STRING_HEADER = b"\x01\x00\x01"  # what radio.send() puts before a text message
REALTIME_STEP_US = 10 * US_PER_MS  # with a pacer, time moves on in steps this long
KILL_AFTER_S = 0.1  # a stop request ends a board process that has not stopped by then


class SimBoard:
    """One board of a simulation, with what a test or a teacher's check needs.

    It keeps the board's recent history: at least the last ``EVENT_HISTORY`` events and the
    last ``SERIAL_HISTORY`` characters of serial output, so that a window left open for a whole
    lesson (or a served board for a day) does not grow without end.
    """

    EVENT_HISTORY = 20_000
    SERIAL_HISTORY = 1_000_000

    def __init__(self, sim: Simulation, board: Board, files: dict[str, bytes]):
        self.sim = sim
        self.model = board
        self.number = board.number
        board.files.update(files)
        self.program = CoreProgram(board, boot_log=sim.boot_log)
        self.events: list[Event] = []
        self._serial: list[str] = []
        self._serial_chars = 0
        board.bus.subscribe(self._record)

    def _record(self, event: Event) -> None:
        self.events.append(event)
        if len(self.events) > 2 * self.EVENT_HISTORY:  # trimmed now and then, not each time
            del self.events[:-self.EVENT_HISTORY]
        if isinstance(event, SerialOutput):
            self._serial.append(event.text)
            self._serial_chars += len(event.text)
            if self._serial_chars > 2 * self.SERIAL_HISTORY:
                kept = "".join(self._serial)[-self.SERIAL_HISTORY:]
                self._serial, self._serial_chars = [kept], len(kept)

    # -- what the board shows ---------------------------------------------------------
    @property
    def serial_output(self) -> str:
        """What the board printed (its last ``SERIAL_HISTORY`` characters, at most)."""
        text = "".join(self._serial)
        return text[-self.SERIAL_HISTORY:]

    def display_rows(self) -> list[str]:
        """The 5 display rows as digit strings, e.g. ``["09090", ...]``."""
        return ["".join(str(v) for v in row) for row in self.model.display.pixels]

    def display_image(self) -> str:
        return ":".join(self.display_rows())

    def display_history(self) -> list[str]:
        """Every distinct picture the display showed, in order (as ``display_image``), as far
        back as the board's kept history goes."""
        return [":".join("".join(map(str, row)) for row in e.pixels)
                for e in self.events if isinstance(e, DisplayChanged)]

    @property
    def running(self) -> bool:
        return self.program.running

    @property
    def end_kind(self) -> str | None:
        """How the program ended: ``ended``, ``error``, ``panic``, ``stopped``, or None."""
        return self.program.end_kind

    @property
    def error(self) -> str | None:
        return self.program.error

    # -- the one way in: inputs, at the current virtual time ----------------------------
    def press(self, button: str, hold_ms: int = 50) -> None:
        self._hold(lambda down: self.model.press(button.upper(), down), hold_ms)

    def touch(self, pin: str, hold_ms: int = 50) -> None:
        self._hold(lambda down: self.model.touch(pin, down), hold_ms)

    def _hold(self, act, hold_ms: int) -> None:
        act(True)
        self.sim.scheduler.call_later(hold_ms * US_PER_MS, lambda: act(False))

    def set(self, sensor: str, value: object) -> None:
        self.model.set_value(sensor, value)

    def gesture(self, name: str) -> None:
        self.model.gesture(name)

    def serial_input(self, text: str) -> None:
        """Type text into the serial line; a newline is the Enter key (sent as CR)."""
        self.model.feed_serial(text.replace("\r\n", "\r").replace("\n", "\r"))

    def radio_receive(self, message: str | bytes) -> bool:
        packet = message if isinstance(message, bytes) else RADIO_STRING_HEADER + message.encode()
        return self.model.receive_radio(packet)


class Simulation:
    """Boards on one virtual clock. Use as a context manager so threads always end."""

    def __init__(self, seed: int | None = None, broker: tuple[str, int] | None = None):
        """Each board's program runs on the board's own MicroPython core, in a process of its
        own (``core_program.CoreProgram``)."""
        self.scheduler = Scheduler()
        # The scheduler's thread, the boards' threads and their processes take turns, never
        # run at once: on one processor the turns are handed over ten times faster.
        self._affinity = share_cpu()
        self.boards: list[SimBoard] = []
        self.seed = seed
        self.pacer: RealtimePacer | None = None
        self.stop_requested = False
        self.radio_space = RadioSpace()  # every board of a simulation shares the air
        self.network = Network(self.scheduler)  # ... and the Wi-Fi and IP network
        self.network.epoch_s = time.time()
        # the class's MQTT broker: one already running (--broker), else Terakoya's own,
        # started when a board first connects to it
        self.broker_address = broker
        self._embedded_broker: EmbeddedBroker | None = None
        self.gateway = Gateway(self.scheduler, self.network, self.broker)
        self.boot_log = False  # boards print their ROM's boot lines (a serial console shows them)

    def __enter__(self) -> Simulation:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def now_ms(self) -> int:
        return self.scheduler.now_us // US_PER_MS

    def add_board(self, path: str | Path | None = None, *, source: str | None = None,
                  files: dict[str, str | bytes] | None = None,
                  kind: str | BoardSpec = DEFAULT_BOARD, start: bool = True,
                  circuit: str | None = None) -> SimBoard:
        """A board running ``path`` (a .py file, or a folder with main.py) or ``source``.

        ``circuit``: the text of a circuit.toml (parts wired to the board's pins); else the
        circuit.toml beside ``path``, if there is one. A wrong circuit is a ``CircuitError``.
        """
        board_files = dict(files or {})
        spec = spec_for(kind)
        given = circuit
        if path is not None:
            board_files.update(load_program_files(Path(path)))
            if circuit is None:
                circuit = read_circuit_text(Path(path))
        if source is not None:
            board_files["main.py"] = source
        model = load(spec.model)(self.scheduler, number=len(self.boards) + 1,  # type: ignore[operator]
                                 radio_space=self.radio_space, spec=spec,
                                 network=self.network)
        if self.seed is not None:
            model.random.seed(self.seed * 1000 + model.number)
        if circuit is not None and spec.breadboard:
            attach_circuit(model, load_circuit(circuit, spec))
            networks = circuit_networks(circuit)
            if networks is not None:  # the Wi-Fi networks in the air around the boards
                self.network.set_points(networks)
        elif given is not None:  # asked for on a board without a breadboard (one merely found
            raise CircuitError(f"the {spec.name.en} has no breadboard: circuit.toml is for "
                               "ESP32 boards",
                               f"{spec.name.ja} にはブレッドボードがありません。circuit.toml は "
                               "ESP32 のボード用です")  # beside a micro:bit program is ignored)
        encoded = {name: d.encode() if isinstance(d, str) else d for name, d in board_files.items()}
        board = SimBoard(self, model, encoded)
        self.boards.append(board)
        if start:
            board.program.start()
        return board

    def run(self, ms: float) -> None:
        """Advance virtual time by ``ms``, running every program and background task."""
        end = self.scheduler.now_us + int(ms * US_PER_MS)
        self._advance(end, lambda: not self.stop_requested)

    def run_until_done(self, max_ms: float | None = None) -> None:
        """Run until every program has ended, or ``max_ms`` of virtual time has passed."""
        end = math.inf if max_ms is None else self.scheduler.now_us + int(max_ms * US_PER_MS)
        self._advance(end, self.any_running)

    def _advance(self, end_us: float, keep_going: Callable[[], bool]) -> None:
        """Run to ``end_us``; in real time, in small steps so busy programs keep pace too."""
        scheduler = self.scheduler
        if self.pacer is None:
            scheduler.run_until(end_us, None, keep_going)
            return
        while keep_going() and scheduler.now_us < end_us:
            scheduler.run_until(min(end_us, scheduler.now_us + REALTIME_STEP_US), self.pacer,
                                keep_going)

    def any_running(self) -> bool:
        return not self.stop_requested and any(board.running for board in self.boards)

    def request_stop(self) -> None:
        """Ask every program to stop soon; safe from a signal handler or another thread."""
        self.stop_requested = True
        for board in self.boards:
            task = board.program.task
            if task is not None and not task.done and task.stop_kind is None:
                task.stop_kind = StopKind.STOPPED
        timer = threading.Timer(KILL_AFTER_S, self._kill_busy)  # a board busy in one long C
        timer.daemon = True                                     # call is ended all the same
        timer.start()

    def _kill_busy(self) -> None:
        for board in self.boards:
            if board.running:
                board.program.kill()

    def stop(self) -> None:
        """Stop every program still running (as the Stop button does)."""
        for board in self.boards:
            if board.running:
                board.program.stop(StopKind.STOPPED)

    def broker(self) -> tuple[str, int]:
        """The class broker's address (Terakoya's own is started the first time)."""
        if self.broker_address is None:
            from .broker import EmbeddedBroker  # asyncio and amqtt: only when a board asks

            self._embedded_broker = EmbeddedBroker()
            self.broker_address = self._embedded_broker.start()
        return self.broker_address

    def close(self) -> None:
        self.stop()
        for board in self.boards:
            board.model.close()
        self.gateway.close()
        if self._embedded_broker is not None:
            self._embedded_broker.stop()
            self._embedded_broker = None
        if self._affinity is not None:
            restore_cpus(self._affinity)
            self._affinity = None

    def ended_with_error(self) -> list[SimBoard]:
        return [b for b in self.boards if b.end_kind == StopKind.ERROR]


LESSON_ONLY = ("starter.py", "solution.py")  # a lesson folder's programs, not its modules


def load_program_files(path: Path) -> dict[str, bytes]:
    """A .py file becomes main.py; a folder gives its main.py and its other .py files. A
    lesson's folder (lesson.toml, no main.py) gives its starter as main.py, with the lesson's
    modules (not its solution, nor the tests that run on the computer)."""
    if path.is_dir():
        files = {p.name: p.read_bytes() for p in sorted(path.glob("*.py"))}
        if "main.py" not in files and (path / "lesson.toml").is_file() and \
                "starter.py" in files:
            files["main.py"] = files["starter.py"]
            files = {n: d for n, d in files.items()
                     if n not in LESSON_ONLY and not n.startswith("test_")}
        if "main.py" not in files:
            raise FileNotFoundError(f"{path} has no main.py")
        return files
    return {"main.py": path.read_bytes()}


def circuit_path(path: Path) -> Path | None:
    """The circuit.toml of a program: in its folder (a folder given, or the folder of a .py
    file given)."""
    folder = path if path.is_dir() else path.parent
    found = folder / CIRCUIT_FILE
    return found if found.is_file() else None


def read_circuit_text(path: Path) -> str | None:
    found = circuit_path(path)
    if found is None:
        return None
    try:
        return found.read_bytes()[:MAX_CIRCUIT_BYTES].decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CircuitError(f"cannot read {found}: {exc.__class__.__name__}",
                           f"{found} を読めません: {exc.__class__.__name__}") from None


def stop_events(events: Iterable[Event]) -> list[ProgramStopped]:
    return [e for e in events if isinstance(e, ProgramStopped)]
