"""L02 what sensor data tells: a room logger that measures every minute but keeps only each
hour's average light and temperature (the data log, read as the board keeps it)."""

from __future__ import annotations

from pathlib import Path

from terakoya.simulator import Simulation

from terakoya.curriculum.learner_tests import criterion, program

HERE = Path(__file__).parent
PROGRAM = program(HERE)
MINUTE = 60_000
HOUR = 60 * MINUTE
# (minutes from the start, light, temperature): three hours of a room
# hour 1: steady; hour 2: light on for 30 minutes, then off, and the heater comes on;
# hour 3: dark, but someone switches the light on for 10 minutes
CHANGES = [(0, 50, 20), (60, 200, 20), (90, 20, 26), (120, 0, 22), (140, 240, 22),
           (150, 0, 22)]
EXPECTED = [(50, 20.0), (110, 23.0), (40, 22.0)]  # each hour's average


def run_three_hours():
    """The rows of the log after three hours (and a few minutes), and its headings."""
    with Simulation(seed=1) as sim:
        board = sim.add_board(PROGRAM)
        now = 0
        for minute, light, temperature in CHANGES:
            sim.run(minute * MINUTE - now)
            now = minute * MINUTE
            board.set("light_level", light)
            board.set("temperature", temperature)
        sim.run(3 * HOUR + 5 * MINUTE - now)
        assert board.error is None, board.serial_output
        return board.model.datalog.rows(), board.model.datalog.headings


def column(headings: list[str], name: str) -> int:
    found = [i for i, heading in enumerate(headings) if heading.strip().lower() == name]
    assert found, f"the log needs a column called '{name}' (it has {headings})"
    return found[0]


@criterion(2)
def test_only_one_row_an_hour_is_kept():
    rows, _ = run_three_hours()
    assert 2 <= len(rows) <= 4, (f"{len(rows)} rows in 3 hours: keep one average an hour "
                                 "(check that HOUR is 60 * 60 * 1000 again)")


@criterion(3)
def test_each_row_is_the_hours_average():
    rows, headings = run_three_hours()
    light, temperature = column(headings, "light"), column(headings, "temperature")
    assert len(rows) >= 3, f"{len(rows)} rows in 3 hours: one average an hour makes 3"
    for hour, (row, (mean_light, mean_temperature)) in enumerate(zip(rows, EXPECTED), 1):
        got_light, got_temperature = float(row[light]), float(row[temperature])
        assert abs(got_light - mean_light) <= 12, \
            f"hour {hour}: light {got_light}, but the hour's average is about {mean_light}"
        assert abs(got_temperature - mean_temperature) <= 1, \
            f"hour {hour}: temperature {got_temperature}, but the average is {mean_temperature}"
