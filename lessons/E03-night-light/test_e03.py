"""E03 night light: below the threshold the LEDs and pin 0 are on; above it they are off."""

from __future__ import annotations

from pathlib import Path

import pytest
from terakoya.simulator import Simulation

HERE = Path(__file__).parent
ALL_ON = "99999:99999:99999:99999:99999"
ALL_OFF = "00000:00000:00000:00000:00000"


@pytest.fixture
def lamp():
    with Simulation(seed=1) as sim:
        board = sim.add_board(HERE / "solution.py")
        board.set("light_level", 200)
        sim.run(1500)  # the very first reading is 0 on the board too
        yield sim, board


def pin0_level(board) -> int | None:
    return board.model.pins.output("pin0").value


def test_bright_room_light_off(lamp):
    sim, board = lamp
    assert board.display_image() == ALL_OFF
    assert pin0_level(board) == 0


def test_dark_room_light_on_then_off_again_when_bright(lamp):
    sim, board = lamp
    board.set("light_level", 10)
    sim.run(1000)
    assert board.display_image() == ALL_ON
    assert pin0_level(board) == 1
    board.set("light_level", 200)
    sim.run(1000)
    assert board.display_image() == ALL_OFF
    assert pin0_level(board) == 0


@pytest.mark.parametrize("level, on", [(0, True), (59, True), (60, False), (61, False),
                                       (255, False)])
def test_the_threshold_is_60(lamp, level, on):
    sim, board = lamp
    board.set("light_level", level)
    sim.run(1000)
    assert (board.display_image() == ALL_ON) is on
    assert pin0_level(board) == (1 if on else 0)


def test_the_light_follows_the_room_within_half_a_second(lamp):
    sim, board = lamp
    board.set("light_level", 20)
    sim.run(520)
    assert board.display_image() == ALL_ON


def test_button_a_scrolls_the_light_level_and_it_is_printed(lamp):
    sim, board = lamp
    board.set("light_level", 123)
    sim.run(600)
    with Simulation(seed=1) as reference_sim:
        reference = reference_sim.add_board(source="from microbit import *\ndisplay.scroll(123)\n")
        reference_sim.run_until_done(max_ms=10_000)
        frames = [f for f in reference.display_history() if f != ALL_OFF]
    before = len(board.display_history())
    board.press("A")
    sim.run(6000)
    shown = board.display_history()[before:]
    assert all(frame in shown for frame in frames)
    assert "light level 123\n" in board.serial_output


def test_the_starter_prints_the_light_level_without_an_error():
    with Simulation(seed=1) as sim:
        board = sim.add_board(HERE / "starter.py")
        board.set("light_level", 42)
        sim.run(2000)
        assert board.error is None
        assert "light level 42\n" in board.serial_output
