"""R02 medication reminder: after the learner's own waiting time a picture and a chime, the
chime coming back until button A is pressed; then the next wait starts.

The program under test is the learner's (``terakoya lessons test R02 main.py``) or the
lesson's solution; any waiting time from 10 seconds to an hour passes (at home it would be
hours; in class a minute).
"""

from __future__ import annotations

from pathlib import Path

from terakoya.simulator import Simulation
from terakoya.simulator.model.audio import MelodyStarted

from terakoya.curriculum.learner_tests import criterion, program

HERE = Path(__file__).parent
PROGRAM = program(HERE)
PILL = "00000:05990:55999:05990:00000"
LONGEST_MS = 60 * 60 * 1000
STEP_MS = 1000


def chimes(board) -> int:
    return sum(isinstance(e, MelodyStarted) for e in board.events)


def wait_for_chime(sim, board, limit_ms: int = LONGEST_MS) -> int | None:
    """Runs until the next chime starts (at most ``limit_ms``); how long that took."""
    rung = chimes(board)
    for waited in range(0, limit_ms + 1, STEP_MS):
        if chimes(board) > rung:
            return waited
        sim.run(ms=STEP_MS)
    return None


def waiting_time(sim, board) -> int:
    waited = wait_for_chime(sim, board)
    assert waited is not None, "no reminder came within an hour"
    assert waited >= 10_000, f"the reminder comes after {waited // 1000} s: wait at least 10 s"
    return waited


@criterion(1)
def test_it_waits_quietly_then_reminds_and_reminds_again() -> None:
    with Simulation(seed=1) as sim:
        board = sim.add_board(PROGRAM)
        sim.run(ms=500)
        quiet = board.display_image()
        waiting_time(sim, board)
        sim.run(ms=2000)
        assert board.display_image() != quiet, "the picture does not change for the reminder"
        assert wait_for_chime(sim, board, 60_000) is not None, \
            "nobody answered, but the chime did not come back within a minute"


@criterion(2)
def test_button_a_stops_the_reminder_and_starts_the_next_wait() -> None:
    with Simulation(seed=2) as sim:
        board = sim.add_board(PROGRAM)
        wait = waiting_time(sim, board)
        sim.run(ms=2000)
        board.press("A")
        sim.run(ms=1000)
        rung = chimes(board)
        sim.run(ms=wait * 3 // 4)
        assert chimes(board) == rung, "the chime goes on after button A"
        assert wait_for_chime(sim, board, wait) is not None, "no next reminder after button A"


@criterion(2)
def test_button_a_before_the_time_does_not_count_as_taken() -> None:
    with Simulation(seed=3) as sim:
        board = sim.add_board(PROGRAM)
        wait = waiting_time(sim, board)
        board.press("A")  # stop this one
        sim.run(ms=wait // 3)
        board.press("A")  # too early: it must not put the next reminder off
        # the remaining two thirds of the wait, and the chime may wait for its next 10 s tick
        assert wait_for_chime(sim, board, wait * 3 // 4 + 11_000) is not None, \
            "pressing A before the time put the reminder off"


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
