"""Figures of the real-core engine (issue 11): ``python bench/engine_bench.py``.

Targets: headless sleep-bound programs at least 1000x real time (600 x display.show +
sleep(100) in at most 0.06 s of wall time); a CPU-bound loop (primes below 20 000) within
1.5x of the same MicroPython core running the program natively (the engine's test port,
which reads a program on its standard input and runs it with nothing else around it);
30 boards exchanging radio messages every 100 ms at least 10x real time; a board started
within 50 ms; the memory each board takes.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from terakoya.simulator.engine.build import build_engine
from terakoya.simulator.runner.session import Simulation

ROOT = Path(__file__).resolve().parents[1]
NATIVE_PORT = ROOT / "tests" / "data" / "engine_port_min"

FRAMES_PROGRAM = """
from microbit import *
for i in range(600):
    display.show(Image.ALL_CLOCKS[i % 12])
    sleep(100)
"""

PRIMES_PROGRAM = """
def primes(n):
    count = 0
    for i in range(2, n):
        prime = True
        j = 2
        while j * j <= i:
            if i % j == 0:
                prime = False
                break
            j += 1
        if prime:
            count += 1
    return count
print(primes(20000))
"""


def sleep_bound() -> tuple[float, float]:
    """Wall seconds for 600 show + sleep(100) (60 virtual s), and the speed-up."""
    with Simulation() as sim:
        board = sim.add_board(source=FRAMES_PROGRAM)
        sim.run(1)  # the board process is up: its start is measured apart
        start = time.perf_counter()
        sim.run_until_done(120_000)
        wall = time.perf_counter() - start
        assert board.end_kind == "ended", board.serial_output
        return wall, sim.now_ms / 1000 / wall


def primes_on_engine() -> float:
    with Simulation() as sim:
        board = sim.add_board(source=PRIMES_PROGRAM)
        sim.run(1)
        start = time.perf_counter()
        sim.run_until_done(10**9)
        wall = time.perf_counter() - start
        assert board.serial_output == "2262\n", board.serial_output
        return wall


def primes_native() -> float:
    """The same core (MicroPython 1.18, 32-bit, float32) with nothing around it."""
    native = build_engine("1.18", "native", port_dir=NATIVE_PORT)
    start = time.perf_counter()
    done = subprocess.run([str(native)], input=PRIMES_PROGRAM.encode(), capture_output=True,
                          check=True)
    wall = time.perf_counter() - start
    assert done.stdout.strip() == b"2262", done.stdout
    return wall


def board_start(runs: int = 9) -> float:
    """Median wall seconds from add_board to the end of a one-line program."""
    times = []
    for _ in range(runs):
        with Simulation() as sim:
            start = time.perf_counter()
            board = sim.add_board(source="print('hi')\n")
            sim.run_until_done(1000)
            times.append(time.perf_counter() - start)
            assert board.serial_output == "hi\n"
    return statistics.median(times)


def memory_per_board(boards: int = 10) -> tuple[float, float]:
    """MB of resident memory of one board process, and host MB added per board."""
    def host_rss() -> float:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmRSS"))
    source = "from microbit import *\nwhile True:\n    display.show(Image.HEART)\n    sleep(50)\n"
    before = host_rss()
    with Simulation() as sim:
        added = [sim.add_board(source=source) for _ in range(boards)]
        sim.run(500)
        after = host_rss()
        sizes = []
        for board in added:
            process = board.program._process  # noqa: SLF001 - a measurement, not an API
            with open(f"/proc/{process.proc.pid}/status") as status:
                sizes.append(next(int(line.split()[1]) for line in status
                                  if line.startswith("VmRSS")))
    return statistics.median(sizes) / 1024, (after - before) / 1024 / boards


def main() -> None:
    from radio_bench import radio_speed

    wall, speedup = sleep_bound()
    print(f"engine, headless: 600 x show + sleep(100) in {wall:.3f} s wall = {speedup:.0f}x "
          f"real time (target >= 1000x: <= 0.06 s)")
    engine, native = primes_on_engine(), primes_native()
    print(f"engine, primes below 20 000: {engine:.3f} s on the engine, {native:.3f} s on the "
          f"same core alone = {engine / native:.2f}x (target <= 1.5x)")
    print(f"engine, 30 boards sending radio every 100 ms: {radio_speed():.1f}x real time "
          f"(target >= 10x)")
    print(f"engine, board start (one-line program, start to end): {board_start() * 1000:.0f} ms "
          f"median (target <= 50 ms)")
    if os.path.exists("/proc/self/status"):
        board_mb, host_mb = memory_per_board()
        print(f"engine, memory: {board_mb:.1f} MB resident per board process, "
              f"{host_mb:.1f} MB of the host's per board")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main())
