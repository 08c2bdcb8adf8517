"""Every speed figure of Terakoya, printed by one command: ``python bench/run.py``.

Targets (issue 2): headless runs at least 100x real time; ``terakoya run`` of a one-line
program under 0.4 s (median, process start included); ``--realtime`` drifts under 1% over
60 s; Stop ends a tight loop within 100 ms of wall time; issue 3: 30 boards exchanging
radio messages every 100 ms run at least 10x real time. ``--quick`` shortens the realtime
figure to 10 s. Issue 11's figures of the board's core (bench/engine_bench.py) and issue
13's of the ESP32 boards (bench/esp32_bench.py) and issue 14's class on MQTT
(bench/iot_bench.py) follow, and issue 15's ESP32 class set flashed through
simulated ROM bootloaders (bench/esp32_flash_bench.py).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from check_bench import main as check_figures
from deploy_bench import main as deploy_figures
from engine_bench import main as engine_figures
from esp32_bench import main as esp32_figures
from esp32_flash_bench import main as esp32_flash_figures
from flash_bench import hex_build_seconds
from iot_bench import main as iot_figures
from memory_bench import main as memory_figures
from radio_bench import radio_speed
from serve_bench import main as serve_figures
from terakoya.simulator.model.clock import RealtimePacer
from terakoya.simulator.runner.session import Simulation
from window_bench import main as window_figures

FRAMES_PROGRAM = """
from microbit import *
for i in range(600):
    display.show(Image.ALL_CLOCKS[i % 12])
    sleep(100)
"""


def headless_speed() -> tuple[float, float]:
    """Wall seconds for 600 frames with sleep(100) (60 virtual s), and the speed-up."""
    with Simulation() as sim:
        board = sim.add_board(source=FRAMES_PROGRAM)
        start = time.perf_counter()
        sim.run_until_done(120_000)
        wall = time.perf_counter() - start
        assert board.end_kind == "ended", board.serial_output
        virtual = sim.now_ms / 1000
    return wall, virtual / wall


def cli_start(runs: int = 11) -> float:
    """Median wall seconds of ``terakoya run`` on a one-line program."""
    with tempfile.TemporaryDirectory() as folder:
        program = Path(folder) / "one.py"
        program.write_text("print('hi')\n")
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run(["terakoya", "run", str(program)], check=True, capture_output=True)
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def realtime_drift(seconds: int) -> float:
    """How far (in %) virtual time and the wall clock part over ``seconds`` of sleep(100)."""
    source = f"from microbit import *\nfor i in range({seconds * 10}):\n    sleep(100)\n"
    with Simulation() as sim:
        sim.add_board(source=source)
        sim.pacer = RealtimePacer()
        start = time.perf_counter()
        sim.run_until_done(seconds * 2000)
        wall = time.perf_counter() - start
        virtual = sim.now_ms / 1000
    return abs(wall - virtual) / virtual * 100


def stop_latency() -> float:
    """Wall milliseconds from a stop request to a tight loop's thread being gone."""
    with Simulation() as sim:
        board = sim.add_board(source="while True:\n    pass\n")
        stopped_at: list[float] = []

        def stop_soon() -> None:
            time.sleep(0.3)
            stopped_at.append(time.perf_counter())
            sim.request_stop()

        threading.Thread(target=stop_soon).start()
        sim.run_until_done()
        sim.close()
        board.program.task.thread.join()
        return (time.perf_counter() - stopped_at[0]) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="10 s realtime figure, not 60 s")
    args = parser.parse_args()
    wall, speedup = headless_speed()
    print(f"headless: 60 virtual s of show+sleep(100) in {wall:.3f} s wall "
          f"= {speedup:.0f}x real time (target >= 100x)")
    print(f"terakoya run, one-line program: {cli_start():.3f} s median (target < 0.4 s)")
    seconds = 10 if args.quick else 60
    print(f"--realtime drift over {seconds} s of sleep(100): {realtime_drift(seconds):.3f} % "
          f"(target < 1 %)")
    print(f"stop a tight 'while True: pass': {stop_latency():.1f} ms wall (target < 100 ms)")
    print(f"30 boards sending radio messages every 100 ms: {radio_speed():.1f}x real time "
          f"(target >= 10x)")
    engine_figures()
    esp32_figures()
    iot_figures()
    window_figures()
    check_figures()
    print(f"terakoya flash: hex build {hex_build_seconds():.2f} s (target < 0.3 s)")
    deploy_figures()
    esp32_flash_figures()
    memory_figures()
    serve_figures()


if __name__ == "__main__":
    sys.exit(main())
