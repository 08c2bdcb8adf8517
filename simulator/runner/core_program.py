"""Run a board's program on the board's own MicroPython core, in a process of its own.

The engine program (``simulator/engine``) is MicroPython 1.18 configured as the micro:bit
firmware; the host answers its requests with the board model and the board's modules.
A program can reach nothing but its board: the process has no files, no network and no
other process to talk to, and a stop ends it for sure (by killing it, last of all).
"""

from __future__ import annotations

from pathlib import Path

from ..board_modules import ModuleFactory, error_display_for, registry_for
from ..boards import BoardSpec, spec_for
from ..engine.link import BoardLink, Ending, ending_from
from ..engine.process import BoardGone, BoardProcess
from ..engine.protocol import END_ERROR, END_INTERRUPT, END_SOFT_RESET, ProtocolError
from ..engine.services import BoardSystem
from ..model.board import Board
from ..model.clock import US_PER_MS, Task, TaskStopped
from ..model.events import ProgramError, ProgramStarted, ProgramStopped, StopKind

RESET_DELAY_US = 50 * US_PER_MS  # a reset: the board restarts the program after this
SOFT_RESET = "soft reset"  # Ctrl-D at the REPL: the core starts afresh, the board goes on
CTRL_C = "\x03"

BOARD_GONE = ("The board's program stopped working and was ended by the simulator "
              "(it may have used too much memory). Run it again, or make it smaller.")


def engine_executable(board_kind: str | BoardSpec) -> Path:
    """The engine program for a kind of board, built on first use (see engine/build.py);
    an ``EngineBuildError`` (one plain line) if it cannot be built."""
    from ..engine.build import build_engine

    core = spec_for(board_kind).core
    return build_engine(core.version, core.config)


def engine_ready(board_kind: str | BoardSpec) -> bool:
    """Whether the board's engine is built already (no work is done)."""
    from ..engine.build import engine_path_if_built

    core = spec_for(board_kind).core
    return engine_path_if_built(core.version, core.config) is not None


def _raise_interrupt() -> None:
    raise KeyboardInterrupt


class CoreProgram:
    """The program of one board, run by the board's MicroPython core in a process of its
    own: start, stop, interrupt (Ctrl-C), and how it ended."""

    def __init__(self, board: Board, executable: Path | None = None,
                 repl: bool = False, boot_log: bool = False):
        """``repl``: a REPL follows main.py, on the board's serial line, as on a board
        plugged into a computer (``terakoya device``); else the program's end is the end."""
        self.board = board
        self.repl = repl
        # what the board's ROM prints at power-on and reset, before MicroPython starts: on a
        # serial line (a terminal, the window's console), not in `terakoya run`'s output
        self.boot_log = boot_log
        self._raw = False
        self._system: BoardSystem | None = None
        board.serial_filter = self._serial_filter
        self.registry: dict[str, ModuleFactory] = registry_for(board.spec)
        self.executable = executable
        self.task: Task | None = None
        self._end_kind: str | None = None
        self.error: str | None = None
        self.link: BoardLink | None = None
        self._process: BoardProcess | None = None

    # -- lifecycle (scheduler side) ------------------------------------------------
    def start(self) -> None:
        if self.executable is None:
            self.executable = engine_executable(self.board.spec)
        self.task = Task(self.board.scheduler, self._body, name=f"board-{self.board.number}")
        self.board.task = self.task
        self.task.start()

    @property
    def end_kind(self) -> str | None:
        """How the program ended (a StopKind value), or None while it runs. A program
        stopped before it began ended as stopped."""
        task = self.task
        if self._end_kind is None and task is not None and task.done and task.stop_kind:
            return task.stop_kind
        return self._end_kind

    @property
    def running(self) -> bool:
        return self.task is not None and not self.task.done

    def stop(self, kind: str = StopKind.STOPPED) -> None:
        if self.running:
            self.board.stop(kind)
        self.board.cancel_background()

    def reading_input(self) -> bool:
        """Whether the board waits for a key on its serial line (at its REPL, in input())."""
        return self._system is not None and self._system.reading and self.running

    def kill(self) -> None:
        """End the board process now, from any thread (a program busy in one long C call
        does not check in; this is the last resort of a stop)."""
        process = self._process
        if process is not None:
            process.kill()

    def interrupt(self) -> None:
        """Ctrl-C: KeyboardInterrupt in the running code (or in the scrolling of its
        error, which it stops)."""
        if self._system is not None and self._system.showing_error and self.task is not None:
            self.task.schedule(_raise_interrupt)
            return
        if self.link is not None:
            self.link.interrupt()
        if self.task is not None:
            self.task.nudge()

    # -- the task body ---------------------------------------------------------------
    def _body(self) -> None:
        reason: str | None = "power_on"
        while True:
            if self.boot_log and reason is not None:
                self.board.write_serial(self.board.spec.boot_log.get(reason, ""))
            kind = self._run_once()
            if kind == SOFT_RESET:  # Ctrl-D at the REPL: a fresh core, the board goes on
                self.board.cancel_background()
                reason = None  # the chip was not reset: its ROM prints nothing
                continue
            if kind != StopKind.RESET:
                return
            reason = "reset"
            self._restart()

    def _restart(self) -> None:
        task = self.task
        assert task is not None
        task.stop_kind = None
        self._raw = False  # a reset starts at the friendly REPL
        self.board.reset_state()
        task.sleep_until(self.board.scheduler.now_us + RESET_DELAY_US)
        self.board.boot_us = self.board.scheduler.now_us

    def _run_once(self) -> str:
        board = self.board
        board.bus.publish(ProgramStarted(board.number))
        assert self.executable is not None and self.task is not None
        process = BoardProcess(self.executable)
        self._process = process
        system = BoardSystem(board, self.registry, board.spec.core.op_ns, repl=self.repl,
                             raw=self._raw,
                             show_error=self._show_error, pending=lambda: link.has_events())
        link = self.link = BoardLink(process, self.task, system, lambda: board.boot_us)
        board.core_runs += 1
        board.core_started(link)
        self._system = system
        try:
            ending = self.link.serve()
        except TaskStopped:
            process.kill()
            return self._stopped()
        except (BoardGone, ProtocolError):
            return self._gone()
        finally:
            board.cancel_background()  # run_every timers stop when main.py ends
            process.close()
            self._process = None
        return self._ended(ending)

    def _serial_filter(self, text: str) -> str:
        """Ctrl-C typed while the program runs (or its error scrolls) is KeyboardInterrupt,
        and not a key (as the firmware's serial delimiter match); at the REPL it is a key."""
        system = self._system
        if CTRL_C in text and system is not None and (system.interrupt_char == 3
                                                       or system.showing_error):
            self.interrupt()
            text = text.replace(CTRL_C, "")
        return text

    def _show_error(self, info: tuple) -> None:
        ending = ending_from(END_ERROR, info)
        if ending.type_name is not None:
            self._display_error(ending)

    def _ended(self, ending: Ending) -> str:
        if ending.reason == END_SOFT_RESET:
            self._raw = ending.type_name == "raw"
            return SOFT_RESET
        if ending.reason == END_INTERRUPT and ending.type_name is None:
            self._finish(StopKind.STOPPED)
            return StopKind.STOPPED
        if ending.reason == END_ERROR or ending.reason == END_INTERRUPT:
            return self._failed(ending)
        self._finish(StopKind.ENDED)
        return StopKind.ENDED

    def _stopped(self) -> str:
        task = self.task
        assert task is not None
        kind = task.stop_kind or StopKind.STOPPED
        if kind != StopKind.RESET:
            detail = task.stop_detail
            self._finish(kind, None if detail is None else str(detail))
        return kind

    def _gone(self) -> str:
        if self.task is not None and self.task.stop_kind is not None:
            return self._stopped()
        self.error = BOARD_GONE
        self._finish(StopKind.ERROR, self.error)
        return StopKind.ERROR

    def _failed(self, ending: Ending) -> str:
        try:
            self._display_error(ending)
        except TaskStopped:
            pass
        self._finish(StopKind.ERROR, self.error)
        return StopKind.ERROR

    def _display_error(self, ending: Ending) -> None:
        """The error for people, then on the LEDs as the board shows it (sad face, scroll)."""
        board = self.board
        last_line = f"{ending.type_name}: {ending.message}"
        where = f"{ending.file}, line {ending.line}: " if ending.file and ending.line else ""
        self.error = where + last_line
        board.bus.publish(ProgramError(board.number, last_line, ending.line))
        show_error = error_display_for(board.spec)
        if show_error is not None and ending.type_name != "KeyboardInterrupt":
            show_error(board, ending.type_name if ending.native else None, ending.message,
                       ending.line)

    def _finish(self, kind: str, detail: str | None = None) -> None:
        self._end_kind = kind
        self.board.bus.publish(ProgramStopped(self.board.number, kind, detail))
