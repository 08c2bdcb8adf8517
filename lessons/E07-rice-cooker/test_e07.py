"""E07: the rice cooker walks through its states in order, shown as a digit: 0 wait, A starts
it, 1 soak for a while, 2 heat until it boils, 3 boil until the pot is dry, 4 steam for a
while, 5 keep warm; B cancels at any time. The heater is pin 0.

Any sensible numbers of the pupil's own pass: boiling anywhere from 25 to 39 (the model's
pot is dry from 40), soaking and steaming for up to a minute, keeping warm below boiling.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from terakoya.simulator.runner.session import SimBoard, Simulation

from terakoya.curriculum.learner_tests import criterion, program

HERE = Path(__file__).parent
PROGRAM = program(HERE)
ROOM = 20
BOIL_RANGE = range(25, 40)  # sensible boiling points of the model
HOT = 45  # the pot is dry
WAIT_MS = 60_000  # the longest soaking or steaming a pupil's cooker may take


def digit(char: str) -> str:
    """The picture the board's font shows for one digit."""
    with Simulation(seed=1) as sim:
        mb = sim.add_board(source="from microbit import *\ndisplay.show(%r)\n" % char)
        sim.run(ms=100)
        return mb.display_image()


DIGITS = {digit(str(n)): n for n in range(6)}


def heater(board: SimBoard) -> int | None:
    return board.model.pins.output("pin0").value


def state(board: SimBoard) -> int | None:
    return DIGITS.get(board.display_image())


def wait_for(sim: Simulation, mb: SimBoard, wanted: int, limit_ms: int = WAIT_MS) -> int:
    """Runs until the cooker shows ``wanted`` (at most ``limit_ms``), and a moment more for
    its heater to follow; the time it took."""
    for waited in range(0, limit_ms + 1, 100):
        if state(mb) == wanted:
            sim.run(ms=300)
            return waited
        sim.run(ms=100)
    raise AssertionError(f"the cooker never showed {wanted} (it shows {state(mb)})")


def heat_up_until_boiling(sim: Simulation, mb: SimBoard) -> int:
    """Raises the temperature a degree at a time while heating; the one it boils at."""
    for temperature in range(ROOM, HOT + 1):
        mb.set("temperature", temperature)
        sim.run(ms=500)
        if state(mb) != 2:
            assert state(mb) == 3, f"from heating it went to {state(mb)}, not 3 (boil)"
            return temperature
        assert heater(mb) == 1, "the heater is off while heating"
    raise AssertionError("it did not boil even at 45")


@pytest.fixture
def cooker():
    with Simulation(seed=1) as sim:
        mb = sim.add_board(PROGRAM)
        mb.set("temperature", ROOM)
        sim.run(ms=500)
        yield sim, mb


@criterion(1, 3)
def test_a_whole_cooking_run_in_order(cooker):
    sim, mb = cooker
    assert state(mb) == 0 and heater(mb) == 0, "it should wait (0) with the heater off"
    mb.press("A")
    sim.run(ms=300)
    assert state(mb) == 1 and heater(mb) == 0, "A should start soaking (1), heater off"
    wait_for(sim, mb, 2)
    assert heater(mb) == 1, "heating (2) with the heater off"
    boil = heat_up_until_boiling(sim, mb)
    assert boil in BOIL_RANGE, f"it boils at {boil}: choose a number from 25 to 39"
    mb.set("temperature", HOT)
    sim.run(ms=500)
    assert state(mb) == 4 and heater(mb) == 0, "a dry pot should steam (4), heater off"
    wait_for(sim, mb, 5)
    mb.set("temperature", ROOM - 10)
    sim.run(ms=500)
    assert heater(mb) == 1, "keeping warm (5): a cold pot needs the heater"
    mb.set("temperature", boil)
    sim.run(ms=500)
    assert heater(mb) == 0, "keeping warm (5): a pot as hot as boiling needs no heater"
    assert mb.error is None


@criterion(2)
def test_heating_moves_to_boiling_when_the_temperature_rises(cooker):
    sim, mb = cooker
    mb.press("A")
    wait_for(sim, mb, 2)
    assert heat_up_until_boiling(sim, mb) in BOIL_RANGE
    assert heater(mb) == 1, "boiling (3) keeps the heater on"


@criterion(2)
def test_boiling_needs_the_temperature_not_the_time(cooker):
    sim, mb = cooker
    mb.press("A")
    wait_for(sim, mb, 2)
    sim.run(ms=30_000)
    assert state(mb) == 2 and heater(mb) == 1, "at room temperature it should go on heating"


@criterion(1)
def test_nothing_heats_before_the_start_button(cooker):
    sim, mb = cooker
    mb.set("temperature", HOT)
    sim.run(ms=8000)
    assert state(mb) == 0 and heater(mb) == 0


@criterion(1)
def test_b_cancels_and_switches_the_heater_off(cooker):
    sim, mb = cooker
    mb.press("A")
    wait_for(sim, mb, 2)
    mb.press("B")
    sim.run(ms=500)
    assert state(mb) == 0 and heater(mb) == 0


def test_starter_reaches_heating():
    with Simulation(seed=1) as sim:
        mb = sim.add_board(HERE / "starter.py")
        sim.run(ms=300)
        mb.press("A")
        sim.run(ms=6000)
        assert heater(mb) == 1
        assert state(mb) == 2
        assert mb.error is None
