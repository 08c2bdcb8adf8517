"""R02 medication reminder: after the interval a picture and a chime until button A."""

from __future__ import annotations

from pathlib import Path

from terakoya.simulator import Simulation
from terakoya.simulator.board_modules.microbit.images_data import BUILTIN_IMAGES as IMG
from terakoya.simulator.model.audio import MelodyStarted

HERE = Path(__file__).parent
PILL = "00000:05990:55999:05990:00000"


def chimes(board) -> int:
    return sum(isinstance(e, MelodyStarted) for e in board.events)


def test_it_waits_quietly_then_reminds_with_a_picture_and_a_chime() -> None:
    with Simulation(seed=1) as sim:
        board = sim.add_board(HERE / "solution.py")
        sim.run(ms=58000)
        assert board.display_image() == IMG["ASLEEP"]
        assert chimes(board) == 0
        sim.run(ms=3500)  # one minute has passed
        assert board.display_image() == PILL
        first = chimes(board)
        assert first in (1, 2)
        sim.run(ms=30000)  # nobody answers: the chime comes back every 10 seconds
        assert board.display_image() == PILL
        assert chimes(board) == first + 3


def test_button_a_stops_the_reminder_and_starts_the_next_minute() -> None:
    with Simulation(seed=2) as sim:
        board = sim.add_board(HERE / "solution.py")
        sim.run(ms=75000)
        rung = chimes(board)
        assert rung >= 1
        board.press("A")
        sim.run(ms=500)
        assert "taken" in board.serial_output
        assert board.display_image() == IMG["YES"]
        sim.run(ms=3000)
        assert board.display_image() == IMG["ASLEEP"]
        sim.run(ms=50000)  # less than a minute after pressing A: quiet
        assert chimes(board) == rung
        assert board.display_image() == IMG["ASLEEP"]
        sim.run(ms=12000)  # a minute after pressing A: the next reminder
        assert board.display_image() == PILL
        assert chimes(board) > rung


def test_button_a_before_the_time_does_not_count_as_taken() -> None:
    with Simulation(seed=3) as sim:
        board = sim.add_board(HERE / "solution.py")
        sim.run(ms=20000)
        board.press("A")
        sim.run(ms=42000)
        assert "taken" not in board.serial_output
        assert board.display_image() == PILL


def test_button_b_tells_the_minutes_since_the_last_press_of_a() -> None:
    with Simulation(seed=4) as sim:
        board = sim.add_board(HERE / "solution.py")
        sim.run(ms=150000)
        board.press("A")
        sim.run(ms=43000)
        board.press("B")
        sim.run(ms=10000)
        assert "minutes since A: 0" in board.serial_output
        board.press("A")  # 53 s after the last press: too early, so it does not count
        sim.run(ms=200000)
        board.press("B")
        sim.run(ms=10000)
        assert board.error is None
        assert board.serial_output.count("taken") == 1
        assert board.serial_output.splitlines()[-1] == "minutes since A: 4"


def test_the_starter_runs_and_reminds() -> None:
    with Simulation(seed=5) as sim:
        board = sim.add_board(HERE / "starter.py")
        sim.run(ms=62000)
        assert board.error is None
        assert board.display_image() == PILL
        assert chimes(board) >= 1
