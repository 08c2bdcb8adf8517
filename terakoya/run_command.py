"""``terakoya run``: run programs headless and stream each board's serial output."""

from __future__ import annotations

import dataclasses
import os
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from .i18n import tr
from .simulator.boards import BoardSpec
from .simulator.model.circuit import CircuitError, load_circuit
from .simulator.model.clock import RealtimePacer
from .simulator.model.events import Event, NetworkChanged, SerialOutput
from .simulator.runner.broker import (
    Address,
    BrokerError,
    broker_reachable,
    parse_broker_address,
)
from .simulator.runner.scenario import Action, ScenarioError, load_scenario, schedule_scenario
from .simulator.runner.session import (
    Simulation,
    circuit_path,
    load_program_files,
    read_circuit_text,
)
from .simulator.ui.network_notes import NetworkNotes
from .terminal_input import TerminalInput
from .usage import UsageError, board_spec

MAX_DURATION_S = 1_000_000  # 11 virtual days: anything longer is a typing slip
MAX_PROGRAM_BYTES = 4 * 1024 * 1024  # more than any board's whole filesystem


@dataclass(frozen=True)
class RunOptions:
    files: list[Path]
    board: str = "microbit"
    duration_s: float = 10.0
    realtime: bool = False
    scenario: Path | None = None
    seed: int | None = None
    lang: str = "en"
    broker: str | None = None  # HOST:PORT of the class's MQTT broker (else Terakoya's own)


class SerialPrinter:
    """Writes serial output as it comes; with several boards, whole lines prefixed ``[N] ``."""

    def __init__(self, out: TextIO, prefixed: bool, on_closed: Callable[[], None] = lambda: None):
        self.out = out
        self.prefixed = prefixed
        self.on_closed = on_closed  # whoever reads the output stopped (``| head``)
        self.closed = False
        self._partial: dict[int, str] = {}

    def __call__(self, event: Event) -> None:
        if not isinstance(event, SerialOutput) or self.closed:
            return
        try:
            self._write(event)
        except (BrokenPipeError, ValueError):  # the reader went away: end quietly
            self.closed = True
            self.on_closed()

    def _write(self, event: SerialOutput) -> None:
        if not self.prefixed:
            self.out.write(event.text)
            self.out.flush()
            return
        text = self._partial.pop(event.board, "") + event.text
        *lines, rest = text.split("\n")
        for line in lines:
            self.out.write(f"[{event.board}] {line}\n")
        if rest:
            self._partial[event.board] = rest
        self.out.flush()

    def finish(self) -> None:
        if self.closed:
            return
        try:
            for board, rest in sorted(self._partial.items()):
                self.out.write(f"[{board}] {rest}\n")
            self._partial.clear()
            self.out.flush()
        except (BrokenPipeError, ValueError):
            self.closed = True


@dataclass(frozen=True)
class Program:
    """One board's program: its files, and its circuit.toml's text if its board has a
    breadboard and the program a circuit."""

    files: dict[str, bytes]
    circuit: str | None = None


def check_options(options: RunOptions) -> tuple[list[Program], list[Action]]:
    """Everything that can be wrong with the command line, as one clear UsageError."""
    lang = options.lang
    spec = board_spec(options.board, lang)
    board = spec.id
    if not 0 < options.duration_s <= MAX_DURATION_S:
        raise UsageError(tr("bad_duration", lang, value=options.duration_s))
    files = [_read_program(path, lang) for path in options.files]
    circuits = [_circuit(path, spec, lang) for path in options.files]
    programs = [Program(f, text) for f, (text, _) in zip(files, circuits)]
    actions: list[Action] = []
    if options.scenario is not None:
        if not options.scenario.is_file():
            raise UsageError(tr("scenario_missing", lang, path=options.scenario))
        try:
            actions = load_scenario(options.scenario, boards=[board] * len(programs),
                                    circuits=[parts for _, parts in circuits])
        except (ScenarioError, UnicodeDecodeError) as exc:
            problem = exc.text(lang) if isinstance(exc, ScenarioError) else str(exc)
            raise UsageError(tr("scenario_bad", lang, path=options.scenario,
                                problem=problem)) from None
    return programs, actions


def _circuit(path: Path, spec: BoardSpec, lang: str) -> tuple[str | None, list]:
    """The text and parts of the program's circuit.toml, if its board has a breadboard."""
    if not spec.breadboard:
        return None, []
    try:
        text = read_circuit_text(path)
        built_in = load_circuit(spec.circuit, spec) if spec.circuit else []  # the ATOM's matrix
        return text, built_in + (load_circuit(text, spec) if text is not None else [])
    except CircuitError as exc:
        raise UsageError(tr("circuit_bad", lang, path=circuit_path(path),
                            problem=exc.text(lang))) from None


def _read_program(path: Path, lang: str) -> dict[str, bytes]:
    if not path.exists():
        raise UsageError(tr("file_missing", lang, path=path))
    if not (path.is_file() or path.is_dir()):  # /dev/zero, a FIFO: never read to the end
        raise UsageError(tr("not_a_file", lang, path=path))
    sizes = [p.stat().st_size for p in ([path] if path.is_file() else path.glob("*.py"))]
    if sum(sizes) > MAX_PROGRAM_BYTES:
        raise UsageError(tr("too_big", lang, path=path, size=sum(sizes),
                            limit=MAX_PROGRAM_BYTES))
    try:
        files = load_program_files(path)
    except FileNotFoundError:
        raise UsageError(tr("folder_no_main", lang, path=path)) from None
    except OSError:
        raise UsageError(tr("file_missing", lang, path=path)) from None
    for data in files.values():
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            raise UsageError(tr("not_text", lang, path=path)) from None
    return files


def _quiet_stdout() -> None:
    """Standard output's reader is gone: Python must not complain about it at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def prepare_engine(board: str, lang: str | None) -> None:
    """Build the board's MicroPython engine if this computer has not yet, saying so; a build
    that fails is one plain line (a UsageError: exit code 2), never a traceback."""
    from .simulator.engine.build import EngineBuildError
    from .simulator.runner.core_program import engine_executable, engine_ready

    if engine_ready(board):
        return
    print(tr("engine_first_use", lang, board=board_spec(board, lang).name(lang or "en")),
          file=sys.stderr)
    start = time.perf_counter()
    try:
        engine_executable(board)
    except EngineBuildError as exc:
        raise UsageError(tr("engine_failed", lang, detail=str(exc))) from None
    print(tr("engine_ready", lang, seconds=time.perf_counter() - start), file=sys.stderr)


def broker_address(text: str | None, lang: str) -> Address | None:
    """``--broker HOST:PORT``: a broker that must answer before the boards start."""
    if text is None:
        return None
    try:
        address = parse_broker_address(text)
    except BrokerError as problem:
        raise UsageError(problem.text(lang)) from None
    answer = broker_reachable(address.host, address.port)
    if not answer:
        raise UsageError(answer.text(lang))
    return address


def run_programs(options: RunOptions, out: TextIO | None = None) -> int:
    """Run every program until they end or the duration passes; 1 if any raised."""
    programs, actions = check_options(options)
    board = board_spec(options.board, options.lang).id
    options = dataclasses.replace(options, board=board)
    prepare_engine(board, options.lang)
    broker = broker_address(options.broker, options.lang)
    sim = Simulation(seed=options.seed, broker=broker)
    notes = NetworkNotes(sim.network, lambda line: print(line, file=sys.stderr), options.lang,
                         options.realtime, str(broker) if broker else "terakoya")
    printer = SerialPrinter(out or sys.stdout, prefixed=len(programs) > 1,
                            on_closed=sim.request_stop)
    if options.realtime:
        sim.pacer = RealtimePacer()
    previous = signal.getsignal(signal.SIGINT)
    keys = TerminalInput(sim)
    try:
        signal.signal(signal.SIGINT, lambda *_: sim.request_stop())
        for program in programs:
            board = sim.add_board(files=program.files, kind=options.board, start=False,
                                  circuit=program.circuit)
            board.model.bus.subscribe(printer)
            board.model.bus.subscribe(notes, NetworkChanged)
        schedule_scenario(sim, actions)
        sim.scheduler.before_advance.append(keys)  # input() reads the terminal
        for board in sim.boards:
            board.program.start()
        sim.run_until_done(options.duration_s * 1000)
    finally:
        keys.close()
        sim.close()
        signal.signal(signal.SIGINT, previous)
        printer.finish()
    if printer.closed:  # `terakoya run prog.py | head`: what was wanted was read
        _quiet_stdout()
        return 0
    if sim.stop_requested:
        print(tr("interrupted", options.lang), file=sys.stderr)
        return 130
    if any(board.program.task and board.program.task.thread.is_alive() for board in sim.boards):
        print(tr("thread_left", options.lang), file=sys.stderr)
    return 1 if sim.ended_with_error() else 0
