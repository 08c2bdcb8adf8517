"""How much memory a board takes over a long lesson: ``memory_figures()``.

A board scrolls text, prints a line every 100 ms and logs data, the way a program left
running through a lesson does, for 90 virtual minutes headless. The figure is how much the
process grew in the first 45 minutes and in the next 45: a board that keeps only its recent
history (``SimBoard.EVENT_HISTORY``, ``SERIAL_HISTORY``) grows in the first half while its
history fills and hardly at all after. Target: the second half grows under 5 MB. Linux only
(it reads the resident size from ``/proc``); elsewhere it says so.
"""

from __future__ import annotations

import gc
import os
import sys
import time
from pathlib import Path

from terakoya.simulator.runner.session import Simulation

PROGRAM = """
from microbit import *
import log
n = 0
while True:
    display.scroll(str(n), wait=False)
    print('reading', n, temperature())
    try:
        log.add(n=n)
    except OSError:  # the log is full (after about an hour): the program goes on
        pass
    n += 1
    sleep(100)
"""
HALF_MS = 45 * 60 * 1000


def resident_mb() -> float | None:
    statm = Path("/proc/self/statm")
    if not statm.is_file():
        return None
    gc.collect()
    pages = int(statm.read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def memory_figures() -> tuple[float, float, float] | None:
    """MB grown in the first and the second 45 virtual minutes, and the wall seconds taken."""
    start = resident_mb()
    if start is None:
        return None
    began = time.perf_counter()
    with Simulation(seed=1) as sim:
        board = sim.add_board(source=PROGRAM)
        sim.run(HALF_MS)
        half = resident_mb() or 0.0
        sim.run(HALF_MS)
        end = resident_mb() or 0.0
        if not board.running:
            raise RuntimeError(f"the lesson's program stopped: {board.error}")
    return half - start, end - half, time.perf_counter() - began


def main() -> None:
    figures = memory_figures()
    if figures is None:
        print("memory: needs Linux (/proc/self/statm); not measured here")
        return
    first, second, wall = figures
    print(f"memory over a 90-minute lesson (one board printing and scrolling): first 45 min "
          f"+{first:.1f} MB, next 45 min +{second:.1f} MB (target < 5 MB); {wall:.0f} s wall")


if __name__ == "__main__":
    sys.exit(main())
