"""E03 night light: what every correct night light does, whatever threshold the pupil chose.

The program under test is the pupil's (``terakoya lessons test E03 my_main.py``) or the
lesson's solution. The pupil's own threshold is found by trying light levels; below it the
LEDs (and pin 0, if used) are on, from it upward they are off, within a second, and the lamp
never flickers while the room's light wobbles a little on one side of it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from terakoya.simulator import Simulation

from terakoya.curriculum.learner_tests import criterion, lit, program, switch_point

HERE = Path(__file__).parent
PROGRAM = program(HERE)
BRIGHT, DARK = 255, 0
FOLLOW_MS = 1000  # "within a second"


@pytest.fixture
def lamp():
    with Simulation(seed=1) as sim:
        board = sim.add_board(PROGRAM)
        board.set("light_level", 200)
        sim.run(1500)  # the very first reading is 0 on the board too
        yield sim, board


def is_on(board) -> bool:
    """The lamp: LEDs lit, or an LED on pin 0 switched on."""
    return lit(board.display_image()) > 0 or board.model.pins.output("pin0").value == 1


def state_at(sim, board, level: int) -> bool:
    """On or off, a second after the room goes to ``level`` from bright daylight."""
    board.set("light_level", BRIGHT)
    sim.run(FOLLOW_MS)
    board.set("light_level", level)
    sim.run(FOLLOW_MS)
    return is_on(board)


def own_threshold(sim, board) -> int:
    threshold = switch_point(lambda level: state_at(sim, board, level), DARK, BRIGHT)
    assert threshold is not None, "the lamp is the same in the dark and in daylight"
    return threshold


@criterion(2)
def test_on_in_the_dark_off_in_daylight(lamp):
    sim, board = lamp
    assert not state_at(sim, board, BRIGHT), "the lamp is on in daylight"
    assert state_at(sim, board, DARK), "the lamp stays off in the dark"


@criterion(2)
def test_one_threshold_on_below_it_off_from_it_up(lamp):
    sim, board = lamp
    threshold = own_threshold(sim, board)
    for level in range(DARK, BRIGHT + 1, 15):
        assert state_at(sim, board, level) is (level < threshold), (level, threshold)


@criterion(2)
def test_the_lamp_follows_the_room_within_a_second(lamp):
    sim, board = lamp
    threshold = own_threshold(sim, board)
    board.set("light_level", BRIGHT)
    sim.run(2000)
    board.set("light_level", max(threshold - 20, DARK))
    sim.run(FOLLOW_MS)
    assert is_on(board), "still off a second after it got dark"
    board.set("light_level", min(threshold + 20, BRIGHT))
    sim.run(FOLLOW_MS)
    assert not is_on(board), "still on a second after it got light"


@criterion(2)
@pytest.mark.parametrize("side", ["dark", "light"])
def test_no_flicker_when_the_light_wobbles_near_the_threshold(lamp, side):
    sim, board = lamp
    threshold = own_threshold(sim, board)
    levels = ([max(threshold - n, DARK) for n in (1, 4, 2, 5, 3)] if side == "dark"
              else [min(threshold + n, BRIGHT) for n in (0, 3, 1, 4, 2)])
    board.set("light_level", levels[0])
    sim.run(FOLLOW_MS)
    seen = set()
    for step in range(40):  # 4 s of a light level that wobbles every 100 ms
        board.set("light_level", levels[step % len(levels)])
        for _ in range(4):
            sim.run(25)
            seen.add(is_on(board))
    assert seen == {side == "dark"}, f"the lamp flickers near its threshold {threshold}"


@criterion(1)
def test_the_program_tells_the_light_level(lamp):
    """Printed, or scrolled on the LEDs when button A is pressed: either way it is measured."""
    sim, board = lamp
    board.set("light_level", 123)
    sim.run(1200)
    if "123" in board.serial_output:
        return
    with Simulation(seed=1) as reference_sim:
        reference = reference_sim.add_board(source="from microbit import *\ndisplay.scroll(123)\n")
        reference_sim.run_until_done(max_ms=10_000)
        frames = [f for f in reference.display_history() if lit(f)]
    before = len(board.display_history())
    board.press("A")
    sim.run(6000)
    shown = board.display_history()[before:]
    assert all(frame in shown for frame in frames), "the light level is neither printed nor shown"


def test_the_starter_prints_the_light_level_without_an_error():
    with Simulation(seed=1) as sim:
        board = sim.add_board(HERE / "starter.py")
        board.set("light_level", 42)
        sim.run(2000)
        assert board.error is None
        assert "light level 42\n" in board.serial_output
