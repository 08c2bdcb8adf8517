"""E04 presence light: on when someone moves (PIR on pin 1, or a shake), off 5 s after."""

from __future__ import annotations

from pathlib import Path

import pytest
from terakoya.simulator import Simulation

HERE = Path(__file__).parent
ALL_ON = "99999:99999:99999:99999:99999"
STANDBY = "00000:00000:00300:00000:00000"


def pin0_level(board) -> int | None:
    return board.model.pins.output("pin0").value


def movement(sim, board, ms: int) -> None:
    """The PIR module's output is high (3 V) for ``ms``, then low again."""
    board.set("pin1", 1023)
    sim.run(ms)
    board.set("pin1", 0)


@pytest.fixture
def light():
    with Simulation(seed=1) as sim:
        board = sim.add_board(HERE / "solution.py")
        board.set("pin1", 0)
        sim.run(1000)
        yield sim, board


def test_nobody_there_light_stays_off(light):
    sim, board = light
    sim.run(20_000)
    assert board.display_image() == STANDBY
    assert pin0_level(board) in (None, 0)
    assert "light on" not in board.serial_output


def test_movement_turns_the_light_on_at_once(light):
    sim, board = light
    movement(sim, board, 200)
    assert board.display_image() == ALL_ON
    assert pin0_level(board) == 1


def test_the_light_stays_on_5_seconds_after_the_last_movement_then_goes_off(light):
    sim, board = light
    movement(sim, board, 2000)          # someone walks about for 2 s
    sim.run(4800)                        # 4.8 s after they stopped: still on
    assert board.display_image() == ALL_ON
    assert pin0_level(board) == 1
    sim.run(400)                         # 5.2 s after: off, to save energy
    assert board.display_image() == STANDBY
    assert pin0_level(board) == 0


def test_a_new_movement_starts_the_5_seconds_again(light):
    sim, board = light
    movement(sim, board, 200)
    sim.run(4000)
    movement(sim, board, 200)            # they come back before the light went off
    sim.run(4000)                        # 8.4 s after the first movement: still on
    assert board.display_image() == ALL_ON
    sim.run(1500)
    assert board.display_image() == STANDBY
    assert board.serial_output.count("light on") == 1
    assert board.serial_output.count("light off") == 1


def test_without_a_sensor_shaking_the_board_counts_as_movement(light):
    sim, board = light
    board.gesture("shake")
    sim.run(300)
    assert board.display_image() == ALL_ON
    sim.run(6000)
    assert board.display_image() == STANDBY


def test_the_starter_turns_the_light_on_without_an_error():
    with Simulation(seed=1) as sim:
        board = sim.add_board(HERE / "starter.py")
        sim.run(500)
        movement(sim, board, 300)
        sim.run(500)
        assert board.error is None
        assert board.display_image() == ALL_ON
