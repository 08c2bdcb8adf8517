"""R05 いってきます・ただいま: a reed switch on the door (pin 1) makes the home board ask,
A or B sends a word by radio to the family board, and the sending switch (pin 2) stops all
sending. Nothing is sent unless the person at home chooses to.

The words on the radio ("ittekimasu", "tadaima") are fixed by the lesson; the pictures and
sounds are the pupil's own, so the tests only ask that they differ. The two switches are the
lesson's circuit.toml (each from its pin to GND), set as the real ones are.
"""

from __future__ import annotations

from pathlib import Path

from terakoya.simulator import Simulation
from terakoya.simulator.model.radio import RadioSent

from terakoya.curriculum.learner_tests import criterion, program

HERE = Path(__file__).parent
PROGRAM = program(HERE)
CIRCUIT = (HERE / "circuit.toml").read_text(encoding="utf-8")  # the switches, for any program
CLOSED, OPEN = 1, 0           # "door" on pin 1: the reed switch (closed while the door is shut)
ON, OFF = 1, 0                # "sending" on pin 2: the sending switch


def two_boards(sim: Simulation, sending: int = ON):
    home = sim.add_board(PROGRAM, circuit=CIRCUIT)
    family = sim.add_board(PROGRAM, circuit=CIRCUIT)
    home.set("door", CLOSED)
    home.set("sending", sending)
    sim.run(ms=300)
    home.press("A")
    family.press("B")
    sim.run(ms=1500)
    return home, family


def sent(board) -> list[bytes]:
    return [e.data for e in board.events if isinstance(e, RadioSent)]


def open_door(sim: Simulation, home) -> None:
    home.set("door", OPEN)
    sim.run(ms=1000)


@criterion(1)
def test_opening_the_door_makes_the_home_board_ask() -> None:
    with Simulation(seed=1) as sim:
        home, _ = two_boards(sim)
        shut = home.display_image()
        sim.run(ms=5000)
        assert home.display_image() == shut, "nothing changes while the door stays shut"
        open_door(sim, home)
        assert home.display_image() != shut, "the board asks when the door opens"
        assert home.error is None


@criterion(2)
def test_a_and_b_send_the_two_words_to_the_family() -> None:
    with Simulation(seed=1) as sim:
        home, family = two_boards(sim)
        open_door(sim, home)
        home.press("A")
        sim.run(ms=2000)
        going = family.display_image()
        home.set("door", CLOSED)
        sim.run(ms=3000)
        open_door(sim, home)
        home.press("B")
        sim.run(ms=2000)
        back = family.display_image()
        words = sent(home)
        assert any(w.endswith(b"ittekimasu") for w in words), "A sends ittekimasu"
        assert any(w.endswith(b"tadaima") for w in words), "B sends tadaima"
        assert going != back, "the family board shows the two words differently"
        assert home.error is None and family.error is None


@criterion(3)
def test_with_the_sending_switch_off_nothing_leaves_the_home_board() -> None:
    with Simulation(seed=1) as sim:
        home, family = two_boards(sim, sending=OFF)
        before = family.display_image()
        open_door(sim, home)
        home.press("A")
        sim.run(ms=2000)
        home.press("B")
        sim.run(ms=2000)
        assert sent(home) == [], "the sending switch is off: nothing is sent"
        assert family.display_image() == before
        home.set("sending", ON)            # switched on: A sends again
        sim.run(ms=500)
        home.press("A")
        sim.run(ms=2000)
        assert len(sent(home)) == 1
        home.set("sending", OFF)           # and off again: nothing more
        sim.run(ms=500)
        home.press("B")
        sim.run(ms=2000)
        assert len(sent(home)) == 1
        assert home.error is None and family.error is None


@criterion(3)
def test_an_open_door_alone_sends_nothing() -> None:
    with Simulation(seed=1) as sim:
        home, _ = two_boards(sim)
        for _ in range(3):
            open_door(sim, home)
            sim.run(ms=70_000)           # nobody presses anything
            home.set("door", CLOSED)
            sim.run(ms=2000)
        assert sent(home) == [], "only the person at home decides to send"
        assert home.error is None
