"""E05: the fan on pin 0 stays off when it is cool, turns slowly above the threshold and
fast three degrees above it; buttons A and B move the threshold down and up."""

from __future__ import annotations

from pathlib import Path

import pytest
from terakoya.simulator.board_modules.microbit.images_data import BUILTIN_IMAGES
from terakoya.simulator.runner.session import SimBoard, Simulation

HERE = Path(__file__).parent
ASLEEP = BUILTIN_IMAGES["ASLEEP"]
LOW = BUILTIN_IMAGES["DIAMOND_SMALL"]
HIGH = BUILTIN_IMAGES["DIAMOND"]


def fan(board: SimBoard) -> int | None:
    """The PWM duty the program puts on pin 0 (0 stop to 1023 full speed)."""
    return board.model.pins.output("pin0").value


@pytest.fixture
def board():
    with Simulation(seed=1) as sim:
        yield sim, sim.add_board(HERE / "solution.py")


def settle(sim: Simulation, board: SimBoard, temperature: int) -> None:
    board.set("temperature", temperature)
    sim.run(ms=1500)


def test_fan_follows_the_temperature(board):
    sim, mb = board
    settle(sim, mb, 20)
    assert fan(mb) == 0
    assert mb.display_image() == ASLEEP
    settle(sim, mb, 26)
    assert fan(mb) == 600
    assert mb.display_image() == LOW
    settle(sim, mb, 29)
    assert fan(mb) == 1023
    assert mb.display_image() == HIGH
    settle(sim, mb, 25)
    assert fan(mb) == 0
    assert mb.error is None


def test_buttons_move_the_threshold(board):
    sim, mb = board
    settle(sim, mb, 26)
    assert fan(mb) == 600
    mb.press("B")                      # threshold 27: 26 degrees is no longer hot
    sim.run(ms=6000)
    assert fan(mb) == 0
    assert "26 27 0" in mb.serial_output
    for _ in range(2):                 # threshold 25: now 26 is hot again
        mb.press("A")
        sim.run(ms=6000)
    assert fan(mb) == 600
    assert "26 25 600" in mb.serial_output


def test_pin0_is_driven_as_pwm_not_left_floating(board):
    sim, mb = board
    settle(sim, mb, 35)
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
