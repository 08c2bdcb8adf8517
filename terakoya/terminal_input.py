"""``input()`` in ``terakoya run``: what the person types in the terminal (or what a pipe
gives) reaches the board's serial line, as a terminal program such as Thonny's shell sends it.

The run is in virtual time, so while a board waits for a key and nothing is typed yet, the
clock waits for the person (a hook the scheduler calls before time moves on). In a terminal on
Linux or macOS each key goes to the board as it is pressed, without the terminal's own echo:
the board echoes what it reads, as on a real serial line. Elsewhere (a pipe, a file, Windows)
whole lines go, Enter sent as the board's CR. At the end of the input nothing more is sent.
"""

from __future__ import annotations

import os
import select
import sys
from collections.abc import Callable
from typing import TextIO

from .simulator.runner.session import Simulation

POLL_S = 0.2  # how often a wait for a key looks whether the run was stopped (Ctrl-C)


class TerminalInput:
    """The scheduler's hook: feeds the first board that waits for a key. ``close()`` gives
    the terminal back as it was."""

    def __init__(self, sim: Simulation, stream: TextIO | None = None):
        self.sim = sim
        self.stream = stream if stream is not None else sys.stdin
        self.ended = False
        self._saved: tuple[int, list] | None = None
        self._keys = self._key_reader()

    def __call__(self) -> None:
        if self.ended or self.sim.stop_requested:
            return
        for board in self.sim.boards:
            if board.program.reading_input() and not board.model.serial_in:
                text = self._read()
                if text is None:
                    self.ended = True
                elif text:
                    board.serial_input(text)
                return

    def _read(self) -> str | None:
        """What was typed ('' when the run was stopped meanwhile), None at the end."""
        try:
            return self._keys(lambda: self.sim.stop_requested)
        except (OSError, ValueError, EOFError):  # no terminal (a test's captured stdin)
            return None

    def _key_reader(self) -> Callable[[Callable[[], bool]], str | None]:
        """Keys from a terminal (POSIX: cbreak without echo for the whole run, so a key
        typed while the board is busy is not echoed twice), else lines."""
        stream = self.stream
        try:
            fd = stream.fileno()
            interactive = stream.isatty() and os.name == "posix"
        except (OSError, ValueError, AttributeError):
            interactive = False
        if not interactive:
            return lambda stopped: _line(stream)
        import termios
        import tty

        self._saved = (fd, termios.tcgetattr(fd))
        tty.setcbreak(fd, termios.TCSANOW)  # TCSAFLUSH would drop keys typed already
        return lambda stopped: _key(fd, stopped)

    def close(self) -> None:
        if self._saved is not None:
            import termios

            fd, attributes = self._saved
            self._saved = None
            termios.tcsetattr(fd, termios.TCSADRAIN, attributes)


def _line(stream: TextIO) -> str | None:
    line = stream.readline()
    if not line:
        return None
    return line if line.endswith("\n") else line + "\n"


def _key(fd: int, stopped: Callable[[], bool]) -> str | None:
    """One key (or what arrived together) from a terminal in cbreak mode."""
    while not stopped():
        ready, _, _ = select.select([fd], [], [], POLL_S)
        if ready:
            data = os.read(fd, 16)
            if not data:
                return None
            return data.decode("utf-8", "replace")
    return ""
