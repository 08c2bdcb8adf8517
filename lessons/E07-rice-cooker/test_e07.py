"""E07: the rice cooker walks through its states in order: A starts it, soaking ends after
5 s, heating ends when it boils (30), boiling ends when the pot is dry (40), steaming ends
after 5 s, then it keeps warm around 25; B cancels at any time. The heater is pin 0."""

from __future__ import annotations

from pathlib import Path

import pytest
from terakoya.simulator.runner.session import SimBoard, Simulation

HERE = Path(__file__).parent


def digit(char: str) -> str:
    """The picture the board's font shows for one digit."""
    with Simulation(seed=1) as sim:
        mb = sim.add_board(source="from microbit import *\ndisplay.show(%r)\n" % char)
        sim.run(ms=100)
        return mb.display_image()


DIGITS = {n: digit(str(n)) for n in range(6)}


def heater(board: SimBoard) -> int | None:
    return board.model.pins.output("pin0").value


def shows(board: SimBoard, state: int) -> bool:
    return board.display_image() == DIGITS[state] and "state %d " % state in board.serial_output


@pytest.fixture
def cooker():
    with Simulation(seed=1) as sim:
        mb = sim.add_board(HERE / "solution.py")
        mb.set("temperature", 20)
        sim.run(ms=500)
        yield sim, mb


def test_a_whole_cooking_run(cooker):
    sim, mb = cooker
    assert shows(mb, 0) and heater(mb) == 0
    mb.press("A")
    sim.run(ms=500)
    assert shows(mb, 1) and heater(mb) == 0          # soaking: heater off
    sim.run(ms=3000)
    assert shows(mb, 1)                               # still soaking after 3.5 s
    sim.run(ms=2000)
    assert shows(mb, 2) and heater(mb) == 1          # heating
    mb.set("temperature", 31)
    sim.run(ms=500)
    assert shows(mb, 3) and heater(mb) == 1          # boiling, heater stays on
    mb.set("temperature", 41)
    sim.run(ms=500)
    assert shows(mb, 4) and heater(mb) == 0          # dry: steam with the heater off
    sim.run(ms=5500)
    assert shows(mb, 5)                               # keep warm
    mb.set("temperature", 22)
    sim.run(ms=500)
    assert heater(mb) == 1                            # too cool: warm it up
    mb.set("temperature", 27)
    sim.run(ms=500)
    assert heater(mb) == 0                            # warm enough: heater off
    lines = [line for line in mb.serial_output.splitlines() if line.startswith("state")]
    assert lines == ["state 0 wait", "state 1 soak", "state 2 heat", "state 3 boil",
                     "state 4 steam", "state 5 keep warm"]
    assert mb.error is None


def test_heat_does_nothing_before_the_start_button(cooker):
    sim, mb = cooker
    mb.set("temperature", 45)
    sim.run(ms=8000)
    assert shows(mb, 0) and heater(mb) == 0


def test_boiling_needs_the_temperature_not_the_time(cooker):
    sim, mb = cooker
    mb.press("A")
    sim.run(ms=20_000)
    assert shows(mb, 2) and heater(mb) == 1


def test_b_cancels_and_switches_the_heater_off(cooker):
    sim, mb = cooker
    mb.press("A")
    sim.run(ms=6000)
    assert heater(mb) == 1
    mb.press("B")
    sim.run(ms=500)
    assert heater(mb) == 0
    assert mb.serial_output.splitlines()[-1] == "state 0 wait"


def test_starter_reaches_heating():
    with Simulation(seed=1) as sim:
        mb = sim.add_board(HERE / "starter.py")
        sim.run(ms=300)
        mb.press("A")
        sim.run(ms=6000)
        assert heater(mb) == 1
        assert mb.display_image() == DIGITS[2]
        assert mb.error is None
