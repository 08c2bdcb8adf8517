"""E08: every 10 s the logger writes one row with the temperature and the light level, which
follow the sensors (whatever the columns are called); A and B show the row count and the
temperature (the finished program).

The program under test is the pupil's (``terakoya lessons test E08 main.py``) or the lesson's
solution.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from terakoya.simulator.runner.session import Simulation

from terakoya.curriculum.learner_tests import criterion, program

HERE = Path(__file__).parent
PROGRAM = program(HERE)
BLANK = "00000:00000:00000:00000:00000"


@pytest.fixture
def logger():
    with Simulation(seed=1) as sim:
        mb = sim.add_board(PROGRAM)
        yield sim, mb


def has_values(row: list[str], *values: int) -> bool:
    return all(any(cell.strip() in (str(v), f"{v}.0") for cell in row) for v in values)


@criterion(1)
def test_one_row_every_ten_seconds_following_the_sensors(logger):
    sim, mb = logger
    readings = [(18, 40), (24, 220), (27, 90)]
    mb.set("temperature", 18)
    mb.set("light_level", 40)
    sim.run(ms=15_000)                 # a row at 10 s
    for temperature, light in readings[1:]:
        mb.set("temperature", temperature)
        mb.set("light_level", light)
        sim.run(ms=10_000)             # rows at 20 s and 30 s
    rows = mb.model.datalog.rows()
    assert len(rows) == 3, f"{len(rows)} rows in 35 s: one every 10 seconds makes 3"
    for row, (temperature, light) in zip(rows, readings):
        assert has_values(row, temperature, light), \
            f"the row {row} should hold the temperature {temperature} and the light {light}"
    assert mb.error is None


@criterion(1)
def test_a_minute_gives_six_rows(logger):
    sim, mb = logger
    sim.run(ms=60_500)
    assert len(mb.model.datalog.rows()) == 6


def scroll_frames(value: int) -> list[str]:
    """The pictures the display shows, in order, while it scrolls ``value``."""
    with Simulation(seed=1) as sim:
        mb = sim.add_board(source="from microbit import *\ndisplay.scroll(%d)\n" % value)
        sim.run_until_done(max_ms=5000)
        return [frame for frame in mb.display_history() if frame != BLANK]


def scrolled(history: list[str], value: int) -> bool:
    frames = scroll_frames(value)
    return any(history[i:i + len(frames)] == frames for i in range(len(history)))


def test_buttons_show_the_count_and_the_temperature(logger):
    sim, mb = logger
    sim.run(ms=31_000)                 # three rows
    mb.press("A")
    sim.run(ms=3000)
    assert scrolled(mb.display_history(), 3)         # how many rows
    mb.set("temperature", 7)
    mb.press("B")
    sim.run(ms=3000)
    assert scrolled(mb.display_history(), 7)         # the temperature now
    assert len(mb.model.datalog.rows()) == 3         # showing does not add rows


def test_starter_logs_a_row_per_press():
    with Simulation(seed=1) as sim:
        mb = sim.add_board(HERE / "starter.py")
        sim.run(ms=500)
        mb.set("temperature", 22)
        for _ in range(3):
            mb.press("A")
            sim.run(ms=1000)
        rows = mb.model.datalog.rows()
        assert len(rows) == 3
        assert all(row[1] == "22" for row in rows)
        assert mb.error is None
