"""Stop figures of the real-core engine (issue 11): ``python bench/engine_stop_bench.py``.

Targets: for each hang program, ``sim.run(ms=2000)`` returns within 2 s of wall time (the
virtual duration is kept whatever the program does) and ``sim.stop()`` ends it within 100 ms;
the host and every board process stay under 256 MB. One line per figure.
"""

from __future__ import annotations

import resource
import sys
import time

from terakoya.simulator.runner.session import Simulation

RUN_MS = 2000
RUN_TARGET_S = 2.0
STOP_TARGET_MS = 100.0
MEMORY_TARGET_MB = 256

HANGS = {
    "while True: pass": "while True:\n    pass\n",
    "try/except: pass loop": "while True:\n    try:\n        pass\n    except:\n        pass\n",
    "except BaseException around sleep": "from microbit import *\nwhile True:\n    try:\n"
                                         "        sleep(10)\n    except BaseException:\n"
                                         "        pass\n",
    "return in finally swallows": "def spin():\n    try:\n        while True:\n            pass\n"
                                  "    finally:\n        return\nwhile True:\n    spin()\n",
    "recursion catching everything": "def f():\n    try:\n        f()\n    except:\n        f()\n"
                                     "f()\n",
    "C-level sum(range(2**31 - 1))": "print(sum(range(2**31 - 1)))\n",
    "C-level -1 in range(2**31 - 1)": "print(-1 in range(2**31 - 1))\n",
    "MemoryError swallowed in a loop": "while True:\n    try:\n        x = [0] * 10**6\n"
                                       "    except MemoryError:\n        pass\n",
    "20 000 run_every timers": "from microbit import *\ndef tick():\n    pass\n"
                               "for i in range(20000):\n    run_every(tick, ms=1)\n"
                               "while True:\n    sleep(1000)\n",
    "10**7 characters printed": "for i in range(10**5):\n    print('x' * 99)\n",
    "display.scroll of 30 000 characters": "from microbit import *\n"
                                           "display.scroll('x' * 30000)\n",
    "memory bomb [0] * 10**8": "x = [0] * 10**8\n",
}


def run_and_stop(source: str) -> tuple[float, float, str | None]:
    """Wall seconds of ``run(ms=2000)``, wall ms of ``stop()``, and how the board ended."""
    with Simulation(seed=1) as sim:
        board = sim.add_board(source=source)
        start = time.perf_counter()
        sim.run(ms=RUN_MS)
        run_wall = time.perf_counter() - start
        start = time.perf_counter()
        sim.stop()
        stop_ms = (time.perf_counter() - start) * 1000
        return run_wall, stop_ms, board.end_kind


def peak_rss_mb() -> tuple[float, float]:
    """Peak RSS of this process and of its largest finished child process, in MB."""
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 2**20
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * scale / 2**20
    return own, children


def main() -> None:
    worst_run, worst_stop = 0.0, 0.0
    for name, source in HANGS.items():
        run_wall, stop_ms, end_kind = run_and_stop(source)
        worst_run, worst_stop = max(worst_run, run_wall), max(worst_stop, stop_ms)
        print(f"engine, {name}: run(ms=2000) {run_wall:.3f} s wall "
              f"(target < {RUN_TARGET_S:.0f} s), stop {stop_ms:.1f} ms wall "
              f"(target < {STOP_TARGET_MS:.0f} ms), ended as {end_kind}")
    print(f"engine, worst run(ms=2000) over {len(HANGS)} hang programs: {worst_run:.3f} s wall "
          f"(target < {RUN_TARGET_S:.0f} s)")
    print(f"engine, worst stop over {len(HANGS)} hang programs: {worst_stop:.1f} ms wall "
          f"(target < {STOP_TARGET_MS:.0f} ms)")
    own, children = peak_rss_mb()
    print(f"engine, peak RSS of the host: {own:.0f} MB (target < {MEMORY_TARGET_MB} MB)")
    print(f"engine, peak RSS of a board process: {children:.0f} MB "
          f"(target < {MEMORY_TARGET_MB} MB)")


if __name__ == "__main__":
    sys.exit(main())
