"""R04 fridge-door watch-over: two boards over radio, door board and family board.

What the boards say ("open", "here" on the family's group; A makes a board the door board, B
the family board) is the lesson's agreement. The program under test is the learner's
(``terakoya lessons test R04 main.py``) or the lesson's solution; the warning tests describe
the lesson's own times (solution.py), which each family chooses for itself.
"""

from __future__ import annotations

import re
from pathlib import Path

from terakoya.simulator import Simulation
from terakoya.simulator.model.audio import MelodyStarted
from terakoya.simulator.model.radio import RadioSent

from terakoya.curriculum.learner_tests import criterion, program

HERE = Path(__file__).parent
PROGRAM = program(HERE)
SOLUTION = HERE / "solution.py"
FRIDGE = "99999:90009:99999:90909:99999"
CHOOSE = "00000:90009:99099:90009:00000"
WARN = "00900:00900:00900:00000:00900"
YES = "00000:00009:00090:90900:09000"
QUESTION = "09990:90009:00990:00000:00900"
MINUTE = 60_000


def two_boards(sim: Simulation, chosen: Path = PROGRAM):
    door = sim.add_board(chosen)
    family = sim.add_board(chosen)
    sim.run(ms=300)
    door.press("A")
    family.press("B")
    sim.run(ms=500)
    return door, family


def sent(board, text: str) -> int:
    return sum(isinstance(e, RadioSent) and e.data.endswith(text.encode())
               for e in board.events)


def melodies(board) -> int:
    return sum(isinstance(e, MelodyStarted) for e in board.events)


def test_choosing_the_roles() -> None:
    with Simulation(seed=1) as sim:
        door, family = two_boards(sim, SOLUTION)
        assert door.display_image() == FRIDGE
        assert family.display_image() == YES
        assert "A: door board / B: family board" in door.serial_output
        assert door.error is None and family.error is None


@criterion(1)
def test_a_moving_door_reaches_the_family_once_per_opening() -> None:
    with Simulation(seed=1) as sim:
        door, family = two_boards(sim)
        sim.run(ms=2000)
        door.set("accelerometer_x", 500)  # the door swings open
        sim.run(ms=1500)
        assert sent(door, "open") == 1, "the door board does not send 'open' when it moves"
        assert family.display_image() == YES, "the family board shows no tick"
        door.set("accelerometer_x", 0)  # it closes again within the quiet time
        sim.run(ms=12_000)
        assert sent(door, "open") == 1, "one opening should send 'open' once"
        door.set("accelerometer_x", 500)  # opened again later
        sim.run(ms=1000)
        assert sent(door, "open") == 2
        assert family.display_image() == YES
        assert door.error is None and family.error is None


@criterion(2)
def test_the_family_board_tells_how_many_minutes_ago_the_door_opened() -> None:
    with Simulation(seed=1) as sim:
        door, family = two_boards(sim)
        door.press("A")  # a test opening from the door board's button
        sim.run(ms=MINUTE + 30_000)
        family.press("A")
        sim.run(ms=6000)
        lines = family.serial_output.strip().splitlines()
        assert lines and re.search(r"\b1\b", lines[-1]), \
            f"A on the family board should print the minutes (1): {lines[-1:]}"


def test_no_opening_for_a_while_warns_the_family_once() -> None:
    with Simulation(seed=1) as sim:
        door, family = two_boards(sim, SOLUTION)
        sim.run(ms=2 * MINUTE - 5000)
        assert family.display_image() == YES
        assert melodies(family) == 0
        sim.run(ms=10_000)
        assert family.display_image() == WARN
        assert "not opened for 2 minutes" in family.serial_output
        assert melodies(family) == 1
        sim.run(ms=2 * MINUTE)
        assert melodies(family) == 1  # one gentle reminder, not a siren
        assert family.display_image() == WARN  # the door board's "here" keeps it from "?"
        assert sent(door, "here") >= 3
        family.press("A")
        sim.run(ms=6000)
        assert "last opened 4 minutes ago" in family.serial_output
        assert family.display_image() == WARN
        door.press("A")  # a test opening from the door board's button
        sim.run(ms=1000)
        assert family.display_image() == YES
        assert "door opened; openings: 1" in family.serial_output
        assert door.error is None and family.error is None


def test_a_silent_door_board_shows_a_question_mark() -> None:
    with Simulation(seed=1) as sim:
        family = sim.add_board(SOLUTION)
        sim.run(ms=300)
        family.press("B")
        sim.run(ms=3 * MINUTE)
        assert family.display_image() == WARN
        sim.run(ms=20_000)  # 190 s without a word from the door board
        assert "no word from the door board" in family.serial_output
        assert family.display_image() == QUESTION
        assert family.error is None


def test_starter_sends_and_counts() -> None:
    with Simulation(seed=1) as sim:
        door, family = two_boards(sim, HERE / "starter.py")
        door.press("A")
        sim.run(ms=1500)
        assert "sent: open" in door.serial_output
        assert "door opened; openings: 1" in family.serial_output
        assert door.error is None and family.error is None
