"""How fast ``terakoya deploy`` copies a lesson to virtual boards. Targets (issue 7): a 3-file
lesson to one virtual board under 1 s; 10 virtual boards in parallel at least 5x faster than
one after another.

Each virtual board is a ``terakoya device`` process (a simulated micro:bit on a
pseudo-terminal, as a teacher would start it); deploy talks to it through mpremote's serial
transport exactly as to a board on USB. Every timed deploy copies a lesson whose files differ
from what the board has (so every file is really written, and read back for the comparison:
the micro:bit has no hashlib). Needs Linux or macOS (pseudo-terminals).

A virtual board answers as fast as the computer can run it, so with nothing to wait for,
deploying to boards "in parallel" only shares the same processor (the first figure printed).
A real board is slow because of its serial line: 115200 baud, 10 bits a byte, about 11.5 kB/s
each way, and that waiting is what running boards in parallel overlaps. ``PacedLine`` puts
such a line between deploy and each virtual board (a second pseudo-terminal whose bytes are
passed on no faster than 115200 baud); the parallel target is measured through it.
"""

from __future__ import annotations

import os
import re
import select
import statistics
import subprocess
import sys
import threading
import time
import tty
from collections.abc import Iterator
from contextlib import contextmanager

from terakoya.host_tools.deploy import deploy_all, deploy_to_port

PORT_PATTERN = re.compile(rb"(/dev/\S+?)[\s.,]")


def lesson(round_number: int) -> dict[str, bytes]:
    """A 3-file lesson (about 1.5 kB), different in every round."""
    return {"main.py": (f"# round {round_number}\nfrom microbit import *\nimport helper\n"
                        + "helper.show(Image.HEART)\nsleep(200)\n" * 20).encode(),
            "helper.py": (f"# round {round_number}\nfrom microbit import display\n"
                          "def show(image):\n    display.show(image)\n").encode(),
            "notes.py": f"NOTES = {list(range(60))!r}  # {round_number}\n".encode()}


@contextmanager
def virtual_boards(count: int) -> Iterator[list[str]]:
    """``count`` ``terakoya device`` processes; yields their ports, stops them afterwards."""
    processes = [subprocess.Popen([sys.executable, "-m", "terakoya.cli", "device", "--lang", "en"],
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
                 for _ in range(count)]
    try:
        yield [_port_of(process) for process in processes]
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(10)


class PacedLine:
    """A serial line of ``baud`` between a new pseudo-terminal (``path``, for deploy) and a
    virtual board's port: each direction carries bytes no faster than a real UART."""

    def __init__(self, board_port: str, baud: int = 115200) -> None:
        self.seconds_per_byte = 10 / baud  # start bit, 8 data bits, stop bit
        self.master, self._slave = os.openpty()  # the slave stays open: no EIO between uses
        tty.setraw(self._slave)
        self.path = os.ttyname(self._slave)
        self.board = os.open(board_port, os.O_RDWR | os.O_NOCTTY)
        tty.setraw(self.board)
        self._stop_r, self._stop_w = os.pipe()
        self._threads = [threading.Thread(target=self._carry, args=(a, b), daemon=True)
                         for a, b in ((self.master, self.board), (self.board, self.master))]
        for thread in self._threads:
            thread.start()

    def _carry(self, source: int, target: int) -> None:
        line_free = time.perf_counter()
        while True:
            readable, _, _ = select.select([source, self._stop_r], [], [])
            if self._stop_r in readable:
                return
            data = os.read(source, 64)
            line_free = max(line_free, time.perf_counter()) + len(data) * self.seconds_per_byte
            time.sleep(max(0.0, line_free - time.perf_counter()))  # the bytes are on the wire
            os.write(target, data)

    def close(self) -> None:
        os.write(self._stop_w, b"x")
        for thread in self._threads:
            thread.join(5)
        for fd in (self.master, self._slave, self.board, self._stop_r, self._stop_w):
            os.close(fd)


@contextmanager
def paced(ports: list[str]) -> Iterator[list[str]]:
    lines = [PacedLine(port) for port in ports]
    try:
        yield [line.path for line in lines]
    finally:
        for line in lines:
            line.close()


def _port_of(process: subprocess.Popen) -> str:
    while True:
        line = process.stdout.readline()
        if not line:
            raise RuntimeError("terakoya device stopped before printing its port")
        found = PORT_PATTERN.search(line + b" ")
        if found:
            return found.group(1).decode()


def _must_succeed(outcomes: list) -> None:
    failed = [(o.port, o.problem, o.detail) for o in outcomes if not o.ok]
    if failed:
        raise RuntimeError(f"deploy failed: {failed}")


def one_board_seconds(rounds: int = 5, line: bool = False) -> float:
    """Median seconds to deploy a 3-file lesson to one virtual board (target < 1 s), straight
    to its pseudo-terminal or (``line``) through a 115200-baud line."""
    with virtual_boards(1) as direct, (paced(direct) if line else _same(direct)) as (port,):
        times = []
        for round_number in range(rounds):
            outcome = deploy_to_port(port, lesson(round_number), force=True)
            _must_succeed([outcome])
            times.append(outcome.seconds)
    return statistics.median(times)


@contextmanager
def _same(ports: list[str]) -> Iterator[list[str]]:
    yield ports


def parallel_figures(count: int = 10, line: bool = True) -> tuple[float, float]:
    """Wall seconds to deploy to ``count`` virtual boards one after another, then all at once
    (through 115200-baud lines unless ``line`` is false)."""
    with virtual_boards(count) as direct, (paced(direct) if line else _same(direct)) as ports:
        _must_succeed(deploy_all(ports, lesson(0), force=True))  # boards warmed up alike
        start = time.perf_counter()
        _must_succeed([deploy_to_port(port, lesson(1), force=True) for port in ports])
        sequential = time.perf_counter() - start
        start = time.perf_counter()
        _must_succeed(deploy_all(ports, lesson(2), force=True))
        parallel = time.perf_counter() - start
    return sequential, parallel


def main() -> None:
    one, one_line = one_board_seconds(), one_board_seconds(line=True)
    print(f"terakoya deploy: 3-file lesson to one virtual board {one:.3f} s, through a "
          f"115200-baud line {one_line:.3f} s (target < 1 s)")
    for line in (False, True):
        sequential, parallel = parallel_figures(line=line)
        print(f"  10 virtual boards {'through 115200-baud lines' if line else 'direct'}: "
              f"one after another {sequential:.2f} s, in parallel {parallel:.2f} s, "
              f"{sequential / parallel:.1f}x faster" + (" (target >= 5x)" if line else ""))


if __name__ == "__main__":
    sys.exit(main())
