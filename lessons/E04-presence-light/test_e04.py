"""E04 presence light: on at once when someone moves (the PIR module on pin 1 goes high, or a
shake), off once nobody has moved for the pupil's own time (any time up to 10 minutes), and a
new movement starts that time again.

The program under test is the pupil's (``terakoya lessons test E04 main.py``) or the lesson's
solution. "On": pin 0 is high or most LEDs are lit; a dim "watching" dot counts as off.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from terakoya.simulator import Simulation

from terakoya.curriculum.learner_tests import criterion, lit, program

HERE = Path(__file__).parent
PROGRAM = program(HERE)
AT_ONCE_MS = 500
LONGEST_MS = 600_000  # ten minutes: longer than any corridor light needs


def is_on(board) -> bool:
    return board.model.pins.output("pin0").value == 1 or lit(board.display_image()) >= 13


def movement(sim, board, ms: int) -> None:
    """The PIR module's output is high (3 V) for ``ms``, then low again."""
    board.set("pin1", 1023)
    sim.run(ms)
    board.set("pin1", 0)


def time_until_off(sim, board, limit_ms: int = LONGEST_MS) -> int | None:
    for waited in range(0, limit_ms + 1, 100):
        if not is_on(board):
            return waited
        sim.run(100)
    return None


@pytest.fixture
def light():
    with Simulation(seed=1) as sim:
        board = sim.add_board(PROGRAM)
        board.set("pin1", 0)
        sim.run(1000)
        yield sim, board


def hold_time(sim, board) -> int:
    movement(sim, board, 300)
    held = time_until_off(sim, board)
    assert held is not None, "the light never goes off once nobody moves"
    return held


@criterion(1)
def test_nobody_there_light_stays_off(light):
    sim, board = light
    sim.run(20_000)
    assert not is_on(board), "the light is on with nobody there"


@criterion(1)
def test_movement_turns_the_light_on_at_once(light):
    sim, board = light
    movement(sim, board, AT_ONCE_MS)
    assert is_on(board), "still off half a second after someone moved"


@criterion(1)
def test_without_a_sensor_shaking_the_board_counts_as_movement(light):
    sim, board = light
    board.gesture("shake")
    sim.run(AT_ONCE_MS)
    assert is_on(board), "a shake does not switch the light on"


@criterion(2)
def test_the_light_goes_off_once_nobody_has_moved_for_a_while(light):
    sim, board = light
    held = hold_time(sim, board)
    assert held >= 1000, f"the light goes off {held} ms after the last movement: too soon"


@criterion(2)
def test_it_stays_on_while_someone_keeps_moving(light):
    sim, board = light
    held = hold_time(sim, board)
    board.set("pin1", 1023)
    for _ in range(2 * held // 100 + 10):
        sim.run(100)
        assert is_on(board), "the light went off while someone was moving"
    board.set("pin1", 0)


@criterion(2)
def test_a_new_movement_starts_the_time_again(light):
    sim, board = light
    held = hold_time(sim, board)
    movement(sim, board, 300)
    sim.run(held * 3 // 4)
    movement(sim, board, 300)  # they come back before the light went off
    sim.run(held * 3 // 4)
    assert is_on(board), "the time did not start again at the new movement"
    assert time_until_off(sim, board, held) is not None


def test_the_starter_turns_the_light_on_without_an_error():
    with Simulation(seed=1) as sim:
        board = sim.add_board(HERE / "starter.py")
        sim.run(500)
        movement(sim, board, 300)
        sim.run(500)
        assert board.error is None
        assert is_on(board)
