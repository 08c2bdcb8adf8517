"""Shared helpers for the real-core engine's tests (issue 11): a program on the board's own
MicroPython 1.18, in its own process, on the virtual clock.

Every expectation in these tests is what the micro:bit V2 firmware (MicroPython 1.18: 32-bit
``mp_int_t``, single-precision floats, MPZ long ints, normal error reporting, a 64 KB heap)
prints -- never what CPython prints.
"""

from __future__ import annotations

import re
import resource
import sys
import textwrap
import time
from collections.abc import Iterable

from terakoya.simulator.runner.session import SimBoard, Simulation

SEED = 1
MEMORY_LIMIT_MB = 256  # the whole test module, the host and every board process

# An uncaught exception on the board ends its serial output with "Type: message"; these are
# the types a sandboxed program may meet when it reaches for something it cannot have.
BOARD_ERRORS = ("AttributeError", "NameError", "ImportError", "TypeError", "OSError",
                "KeyError", "ValueError", "NotImplementedError", "IndexError", "MemoryError",
                "RuntimeError",
                # the simulator's deliberate gaps (an ImportError subclass on the board)
                "NotSimulatedError")

# Words that would mean a program saw the host: its paths, its packages, its modules.
# Words that would show that a program reached the computer (a path, a host module's
# repr); the board's own "no module named 'subprocess'" only repeats the program's words.
HOST_MARKERS = ("terakoya", "site-packages", "/usr/", "/home/", "/work/",
                "/tmp/", "/etc/", "posix", "subprocess", "ctypes", "CPython", "cpython",
                "<module 'os' from", "pygame", "importlib", "__loader__", "linux", "darwin",
                "win32")


def core_simulation() -> Simulation:
    """A simulation on the real-core engine (the engine's own processes, seed 1)."""
    return Simulation(seed=SEED)


def run_core(source: str, ms: float = 10_000, files: dict[str, str] | None = None) -> SimBoard:
    """Run ``source`` as main.py on one core-engine board until it ends (or ``ms`` virtual
    ms have passed), close the simulation and return the board."""
    extra = {name: textwrap.dedent(text) for name, text in (files or {}).items()}
    with core_simulation() as sim:
        board = sim.add_board(source=textwrap.dedent(source), files=extra)
        sim.run_until_done(ms)
        if board.running:
            sim.stop()
    return board


def last_line(text: str) -> str:
    lines = text.splitlines()
    return lines[-1] if lines else ""


def error_type(board: SimBoard) -> str:
    """The exception type of the board's last serial line (``"OSError"`` for ``OSError: …``)."""
    return last_line(board.serial_output).split(":", 1)[0]


def assert_board_error(board: SimBoard, types: Iterable[str] = BOARD_ERRORS,
                       line: str | None = None) -> None:
    """The program ended with an uncaught exception, printed as the board prints it."""
    text = board.serial_output
    assert board.end_kind == "error", (board.end_kind, text)
    assert not board.running
    assert text.startswith("Traceback (most recent call last):\n") or \
        "\nTraceback (most recent call last):\n" in text, text
    assert '  File "main.py", line ' in text, text
    if line is not None:
        assert last_line(text) == line, text
    assert error_type(board) in tuple(types), text
    assert board.error is not None and error_type(board) in board.error, board.error


def assert_no_host_words(text: str) -> None:
    text = re.sub(r"no module named '[^']*'", "no module named ...", text)
    for marker in HOST_MARKERS:
        assert marker not in text, (marker, text)


def reset_peak_rss() -> None:
    """Start this process's peak memory figure afresh (Linux: /proc/self/clear_refs), so
    that a test module measures its own peak, not that of the tests before it."""
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
    except OSError:
        pass


def peak_rss_mb() -> tuple[float, float]:
    """Peak resident memory of this process (since ``reset_peak_rss``, where the system
    can) and of its largest (waited-for) child, in MB."""
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 2**20
    try:
        with open("/proc/self/status") as status:
            own = next(int(line.split()[1]) for line in status
                       if line.startswith("VmHWM")) / 1024
    except (OSError, StopIteration):
        pass
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * scale / 2**20
    return own, children


def timed(action) -> float:
    """Wall seconds that ``action()`` took."""
    start = time.perf_counter()
    action()
    return time.perf_counter() - start
