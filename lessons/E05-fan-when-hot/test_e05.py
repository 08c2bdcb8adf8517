"""E05: the fan (a motor on pin 0) stays still when it is cool and runs from the pupil's own
threshold up (any threshold from 15 to 40 degrees), never slower when it is hotter; the
buttons start and stop it (the starter) or move the threshold (the finished program).

The program under test is the pupil's (``terakoya lessons test E05 main.py``) or the lesson's
solution.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from terakoya.simulator.runner.session import SimBoard, Simulation

from terakoya.curriculum.learner_tests import criterion, program, switch_point

HERE = Path(__file__).parent
PROGRAM = program(HERE)
COLD, HOT = 0, 50
SENSIBLE = range(15, 41)
SETTLE_MS = 1500  # the program looks at the temperature once a second


def fan(board: SimBoard) -> int:
    """How hard the program drives the motor on pin 0 (0 = still)."""
    return board.model.pins.output("pin0").value or 0


@pytest.fixture
def board():
    with Simulation(seed=1) as sim:
        mb = sim.add_board(PROGRAM)
        mb.set("temperature", 20)
        sim.run(ms=SETTLE_MS)
        yield sim, mb


def speed_at(sim: Simulation, board: SimBoard, temperature: int) -> int:
    board.set("temperature", COLD)
    sim.run(ms=SETTLE_MS)
    board.set("temperature", temperature)
    sim.run(ms=SETTLE_MS)
    return fan(board)


def own_threshold(sim: Simulation, board: SimBoard) -> int:
    threshold = switch_point(lambda t: speed_at(sim, board, t) > 0, COLD, HOT)
    assert threshold is not None, "the fan does the same when cold and when hot"
    return threshold


@criterion(2)
def test_the_fan_runs_from_the_threshold_up_and_never_slower_when_hotter(board):
    sim, mb = board
    assert speed_at(sim, mb, COLD) == 0, "the fan runs when it is cold"
    threshold = own_threshold(sim, mb)
    assert threshold in SENSIBLE, f"the fan starts at {threshold} degrees: choose 15 to 40"
    speeds = [speed_at(sim, mb, t) for t in range(threshold - 3, threshold + 6)]
    assert speeds[:3] == [0, 0, 0] and all(speeds[3:]), speeds
    assert speeds == sorted(speeds), f"hotter should never mean slower: {speeds}"
    assert mb.error is None


@criterion(1)
def test_the_buttons_start_and_stop_the_motor(board):
    sim, mb = board
    threshold = switch_point(lambda t: speed_at(sim, mb, t) > 0, COLD, HOT)
    mb.set("temperature", threshold if threshold is not None else 20)
    sim.run(ms=SETTLE_MS)
    ran = stopped = False
    for button in "AAABBBBB":
        mb.press(button)
        sim.run(ms=6000)  # a new threshold scrolls by first
        ran = ran or (button == "A" and fan(mb) > 0)
        stopped = stopped or (button == "B" and ran and fan(mb) == 0)
    assert ran, "button A does not start the motor"
    assert stopped, "button B does not stop the motor"


def test_pin0_is_driven_as_pwm_not_left_floating():
    with Simulation(seed=1) as sim:
        mb = sim.add_board(HERE / "solution.py")
        mb.set("temperature", 35)
        sim.run(ms=SETTLE_MS)
        output = mb.model.pins.output("pin0")
        assert output.mode == "write_analog"
        assert output.period_us == 20_000


def test_starter_runs_the_motor_by_hand():
    with Simulation(seed=1) as sim:
        mb = sim.add_board(HERE / "starter.py")
        sim.run(ms=500)
        mb.press("A")
        sim.run(ms=500)
        assert mb.model.pins.output("pin0").value == 1
        mb.press("B")
        sim.run(ms=500)
        assert mb.model.pins.output("pin0").value == 0
        assert mb.error is None
