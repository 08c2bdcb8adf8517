"""E08: every 10 s the logger writes one row (time in seconds, temperature, light level);
the rows follow the sensors, the first light value is real (not the board's first 0),
the rows are mirrored to the serial line, and A/B show the row count and the temperature."""

from __future__ import annotations

from pathlib import Path

import pytest
from terakoya.simulator.runner.session import Simulation

HERE = Path(__file__).parent
BLANK = "00000:00000:00000:00000:00000"


@pytest.fixture
def logger():
    with Simulation(seed=1) as sim:
        mb = sim.add_board(HERE / "solution.py")
        yield sim, mb


def test_one_row_every_ten_seconds_following_the_sensors(logger):
    sim, mb = logger
    mb.set("temperature", 18)
    mb.set("light_level", 40)
    sim.run(ms=15_000)                 # row at 10 s
    mb.set("temperature", 24)
    mb.set("light_level", 220)
    sim.run(ms=10_000)                 # row at 20 s
    mb.set("temperature", 27)
    mb.set("light_level", 90)
    sim.run(ms=10_000)                 # row at 30 s
    datalog = mb.model.datalog
    assert datalog.headings == ["Time (seconds)", "temperature", "light"]
    assert datalog.rows() == [["10.00", "18", "40"], ["20.00", "24", "220"],
                              ["30.00", "27", "90"]]
    assert datalog.to_csv().splitlines()[0] == "Time (seconds),temperature,light"
    assert mb.serial_output.splitlines()[:3] == ["10.00,18,40", "20.00,24,220", "30.00,27,90"]
    assert mb.error is None


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
