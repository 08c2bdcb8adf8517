"""Figures of the ESP32 boards (issue 13): ``python bench/esp32_bench.py``.

Targets: an ESP32 sleep-bound program (an LED blinking with time.sleep_ms(100), 600 times:
60 virtual seconds) at least 1000x real time; 20 ESP32 boards, each blinking an LED, reading
a potentiometer and printing every 100 ms, at least 10x real time together; an ESP32 board
started within 50 ms.
"""

from __future__ import annotations

import statistics
import sys
import time

from terakoya.simulator.runner.session import Simulation

BLINK = """
from machine import Pin
import time
led = Pin(2, Pin.OUT)
for i in range(600):
    led.value(i % 2)
    time.sleep_ms(100)
"""

CLUB = """
from machine import Pin, ADC
import time
led = Pin(2, Pin.OUT)
pot = ADC(Pin(34))
pot.atten(ADC.ATTN_11DB)
n = 0
while True:
    led.value(n % 2)
    print(n, pot.read_u16())
    n += 1
    time.sleep_ms(100)
"""

CIRCUIT = """
[[part]]
id = "led1"
type = "led"
pin = 2

[[part]]
id = "pot1"
type = "potentiometer"
pin = 34
"""


def sleep_bound() -> tuple[float, float]:
    with Simulation() as sim:
        board = sim.add_board(source=BLINK, kind="esp32", circuit=CIRCUIT)
        sim.run(1)
        start = time.perf_counter()
        sim.run_until_done(120_000)
        wall = time.perf_counter() - start
        assert board.end_kind == "ended", board.serial_output
        return wall, sim.now_ms / 1000 / wall


def class_of_boards(count: int = 20, seconds: float = 10.0) -> float:
    with Simulation(seed=1) as sim:
        boards = [sim.add_board(source=CLUB, kind="esp32", circuit=CIRCUIT)
                  for _ in range(count)]
        sim.run(1)
        start = time.perf_counter()
        sim.run(seconds * 1000)
        wall = time.perf_counter() - start
        assert all(b.running for b in boards), boards[0].serial_output[-300:]
        return seconds / wall


def start_ms(runs: int = 10) -> float:
    times = []
    for _ in range(runs):
        with Simulation() as sim:
            start = time.perf_counter()
            board = sim.add_board(source="print(1)", kind="esp32")
            sim.run_until_done(1000)
            times.append((time.perf_counter() - start) * 1000)
            assert board.serial_output == "1\n", board.serial_output
    return statistics.median(times)


def main() -> None:
    wall, speed = sleep_bound()
    print(f"ESP32 sleep-bound: 60 virtual s in {wall:.3f} s wall = {speed:.0f}x real time "
          f"(target >= 1000x)")
    print(f"ESP32 class: 20 boards = {class_of_boards():.1f}x real time (target >= 10x)")
    print(f"ESP32 board start + print(1) + end: {start_ms():.1f} ms median (target < 50 ms)")


if __name__ == "__main__":
    sys.exit(main())
