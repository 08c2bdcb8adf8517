"""E14 measure the shadow: the board shows whether it is in the sunshine or in the shade, and
logs the light level every minute with the log module, so the class can read afterwards when
the shadow reached it and when it left.

Tests look for behaviour, not the reference's numbers: the pupil's border between sunshine
and shade is found by sweeping the light, and the logged light can be in any column.
"""

from __future__ import annotations

from pathlib import Path

from terakoya.simulator import Simulation

from terakoya.curriculum.learner_tests import criterion, program

HERE = Path(__file__).parent
PROGRAM = program(HERE)
UNIT_S = {"milliseconds": 0.001, "seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}
# The light at the board through the morning: in the building's shadow, then the shadow
# leaves it (sunshine), then a cloud: (from second, light level)
MORNING = [(0, 30), (150, 240), (330, 70)]
MORNING_S = 450


def picture_at(sim: Simulation, board, level: int) -> str:
    board.set("light_level", level)
    sim.run(ms=2500)
    return board.display_image()


@criterion(1)
def test_the_board_shows_sunshine_and_shade_differently() -> None:
    with Simulation(seed=1) as sim:
        board = sim.add_board(PROGRAM)
        sim.run(ms=500)
        levels = list(range(255, -1, -15))
        pictures = [picture_at(sim, board, level) for level in levels]
        assert board.error is None, board.error
        assert pictures[0] != pictures[-1], "show one picture in sunshine and another in shade"
        changes = sum(1 for a, b in zip(pictures, pictures[1:]) if a != b)
        assert changes == 1, "as it gets darker the picture should change once, at your border"


def light_at(second: float) -> int:
    return [level for start, level in MORNING if start <= second][-1]


@criterion(2)
def test_the_light_level_is_logged_every_minute() -> None:
    with Simulation(seed=2) as sim:
        board = sim.add_board(PROGRAM)
        for start, level in MORNING:
            board.set("light_level", level)
            sim.run(ms=(next((s for s, _ in MORNING if s > start), MORNING_S) - start) * 1000)
        assert board.error is None, board.error
        datalog = board.model.datalog
        rows = datalog.rows()
        assert len(rows) >= 5, "log a row every minute (run_every or sleep(60000))"
        unit = next((s for name, s in UNIT_S.items() if name in datalog.headings[0].lower()), None)
        assert unit is not None, "keep the log's time column (log.set_labels(..., timestamp=...))"
        times = [float(row[0]) * unit for row in rows]
        gaps = [b - a for a, b in zip(times, times[1:])]
        assert all(abs(gap - 60) <= 1 for gap in gaps), f"one row a minute; the gaps were {gaps} s"
        expected = [str(light_at(t)) for t in times]
        columns = [[row[i] if i < len(row) else "" for row in rows]
                   for i in range(1, len(datalog.headings))]
        assert expected in columns, "log the light level (display.read_light_level()) each time"
