"""How fast ``terakoya deploy`` copies a lesson to virtual boards. Targets (issue 7): a 3-file
lesson to one virtual board under 1 s; 10 virtual boards in parallel at least 5x faster than
one after another.

Each virtual board is a ``terakoya device`` process (a simulated micro:bit on a
pseudo-terminal, as a teacher would start it); deploy talks to it through mpremote's serial
transport exactly as to a board on USB. Every timed deploy copies a lesson whose files differ
from what the board has (so every file is really written, and read back for the comparison:
the micro:bit has no hashlib). Needs Linux or macOS (pseudo-terminals).

A virtual board's serial line is as fast as a real micro:bit's (its UART at 115200 baud, about
11.5 kB/s each way): that waiting is what deploying to boards in parallel overlaps. The figures
with ``--baud 0`` (a line as fast as the computer) show the processor's share: with nothing to
wait for, boards "in parallel" only share the same two cores.
"""

from __future__ import annotations

import re
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from terakoya.host_tools.deploy import deploy_all, deploy_to_port

from terakoya import firmware

PORT_PATTERN = re.compile(rb"(/dev/\S+?)[\s.,]")


def lesson(round_number: int) -> dict[str, bytes]:
    """A 3-file lesson (about 1.5 kB), different in every round."""
    return {"main.py": (f"# round {round_number}\nfrom microbit import *\nimport helper\n"
                        + "helper.show(Image.HEART)\nsleep(200)\n" * 20).encode(),
            "helper.py": (f"# round {round_number}\nfrom microbit import display\n"
                          "def show(image):\n    display.show(image)\n").encode(),
            "notes.py": f"NOTES = {list(range(60))!r}  # {round_number}\n".encode()}


def esp32_lesson(round_number: int) -> dict[str, bytes]:
    """An ESP32 lesson with its lib/ folder (about 4 kB in 4 files), different every round."""
    drivers = {name: (Path(firmware.__file__).parent / "lib" / f"{name}.py").read_bytes()
               for name in ("debounce", "servo")}
    return {"main.py": f"# round {round_number}\nimport servo, debounce\n".encode(),
            "boot.py": f"# round {round_number}\n".encode(),
            **{f"lib/{name}.py": data + f"# {round_number}\n".encode()
               for name, data in drivers.items()}}


@contextmanager
def virtual_boards(count: int, baud: int = 115200, board: str = "microbit"
                   ) -> Iterator[list[str]]:
    """``count`` ``terakoya device`` processes; yields their ports, stops them afterwards."""
    processes = [subprocess.Popen([sys.executable, "-m", "terakoya.cli", "device", "--lang", "en",
                                   "--baud", str(baud), "--board", board],
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
                 for _ in range(count)]
    try:
        yield [_port_of(process) for process in processes]
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(10)


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


def one_board_seconds(rounds: int = 5, baud: int = 115200) -> float:
    """Median seconds to deploy a 3-file lesson to one virtual board (target < 1 s)."""
    with virtual_boards(1, baud) as (port,):
        times = []
        for round_number in range(rounds):
            outcome = deploy_to_port(port, lesson(round_number), force=True)
            _must_succeed([outcome])
            times.append(outcome.seconds)
    return statistics.median(times)


def parallel_figures(count: int = 10, baud: int = 115200, board: str = "microbit",
                     files=lesson) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Wall seconds to deploy to ``count`` virtual boards one after another, then all at once."""
    with virtual_boards(count, baud, board) as ports:
        _must_succeed(deploy_all(ports, files(0), force=True))  # boards warmed up alike
        start = time.perf_counter()
        _must_succeed([deploy_to_port(port, files(1), force=True) for port in ports])
        sequential = time.perf_counter() - start
        start = time.perf_counter()
        _must_succeed(deploy_all(ports, files(2), force=True))
        parallel = time.perf_counter() - start
    return sequential, parallel


def esp32_figures() -> None:
    """Issue 15: a lesson with /lib to one and to ten virtual ESP32 boards (115200 baud)."""
    with virtual_boards(1, 115200, "esp32") as (port,):
        _must_succeed([deploy_to_port(port, esp32_lesson(0), force=True)])
        outcome = deploy_to_port(port, esp32_lesson(1), force=True)
        _must_succeed([outcome])
    sequential, parallel = parallel_figures(10, 115200, "esp32", esp32_lesson)
    print(f"terakoya deploy, ESP32 lesson with lib/ (4 files, boot.py, folders, temporary names"
          f"): one virtual board {outcome.seconds:.2f} s; 10 boards one after another "
          f"{sequential:.2f} s, in parallel {parallel:.2f} s, {sequential / parallel:.1f}x faster")


def main() -> None:
    one, direct = one_board_seconds(), one_board_seconds(baud=0)
    print(f"terakoya deploy: 3-file lesson to one virtual board {one:.3f} s "
          f"(target < 1 s; with a line as fast as the computer: {direct:.3f} s)")
    for baud in (115200, 0):
        sequential, parallel = parallel_figures(baud=baud)
        line = "115200-baud lines as on real boards" if baud else "lines as fast as the computer"
        print(f"  10 virtual boards, {line}: one after another {sequential:.2f} s, "
              f"in parallel {parallel:.2f} s, {sequential / parallel:.1f}x faster"
              + (" (target >= 5x)" if baud else ""))
    esp32_figures()


if __name__ == "__main__":
    sys.exit(main())
