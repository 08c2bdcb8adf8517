"""Helpers for tests: run a program on a simulated board on the virtual clock."""

from __future__ import annotations

import textwrap

from terakoya.simulator.runner.session import SimBoard, Simulation


def run(source: str, ms: float = 10_000, **files: str) -> SimBoard:
    """Run ``source`` as main.py until it ends (or ``ms`` virtual ms) and return the board."""
    simulation = Simulation(seed=1)
    extra = {f"{name}.py": textwrap.dedent(text) for name, text in files.items()}
    board = simulation.add_board(source=textwrap.dedent(source), files=extra)
    try:
        simulation.run_until_done(ms)
    finally:
        simulation.close()
    return board


def output(source: str, ms: float = 10_000, **files: str) -> str:
    return run(source, ms, **files).serial_output


# An ESP32 program's first lines in the network tests: join the simulated classroom Wi-Fi.
JOIN_WIFI = """
import network, socket, time
w = network.WLAN(network.STA_IF)
w.active(True)
w.connect('classroom', 'terakoya')
while not w.isconnected():
    time.sleep_ms(50)
"""
