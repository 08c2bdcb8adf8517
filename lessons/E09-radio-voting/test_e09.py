"""E09 radio voting: several voters and one counting board in one radio space."""

from __future__ import annotations

from pathlib import Path

from terakoya.simulator import Simulation
from terakoya.simulator.board_modules.microbit.images_data import BUILTIN_IMAGES
from terakoya.simulator.model.audio import MelodyStarted

HERE = Path(__file__).parent
SOLUTION = HERE / "solution.py"
STARTER = HERE / "starter.py"
LETTER_A = "09900:90090:99990:90090:90090"  # the display font's "A"


def start_club(sim: Simulation, voters: int):
    """The first board becomes the counter (B), the others voters (A)."""
    counter = sim.add_board(SOLUTION)
    people = [sim.add_board(SOLUTION) for _ in range(voters)]
    sim.run(ms=200)
    counter.press("B")
    for person in people:
        person.press("A")
    sim.run(ms=300)
    return counter, people


def test_each_person_votes_once_and_the_teacher_sees_the_result() -> None:
    with Simulation(seed=1) as sim:
        counter, (p1, p2, p3) = start_club(sim, 3)
        assert p1.display_image() == BUILTIN_IMAGES["DIAMOND_SMALL"]
        for person, choice in ((p1, "A"), (p2, "B"), (p3, "A")):
            person.press(choice)
            sim.run(ms=1000)
        p1.press("B")  # a second vote from the same person is not sent
        sim.run(ms=1000)
        assert p1.display_image() == BUILTIN_IMAGES["YES"]
        assert counter.serial_output.count("votes:") == 3
        counter.press("A")
        sim.run(ms=8000)
        assert "result: A 2 B 1" in counter.serial_output
        assert counter.display_image() == LETTER_A
        assert any(isinstance(e, MelodyStarted) and e.name == "BA_DING" for e in counter.events)
        assert all(board.error is None for board in (counter, p1, p2, p3))


def test_a_new_vote_clears_the_count_and_lets_everyone_vote_again() -> None:
    with Simulation(seed=2) as sim:
        counter, (p1, p2) = start_club(sim, 2)
        p1.press("A")
        sim.run(ms=500)
        counter.press("B")
        sim.run(ms=500)
        assert "new vote" in counter.serial_output
        assert p1.display_image() == BUILTIN_IMAGES["DIAMOND_SMALL"]
        p1.press("B")
        p2.press("B")
        sim.run(ms=1500)
        counter.press("A")
        sim.run(ms=8000)
        assert counter.serial_output.strip().splitlines()[-1] == "result: A 0 B 2"


def test_many_votes_at_once_are_not_lost_while_the_result_scrolls() -> None:
    with Simulation(seed=3) as sim:
        counter, people = start_club(sim, 16)
        counter.press("A")  # the counter is busy scrolling "A0 B0"
        sim.run(ms=300)
        for number, person in enumerate(people):
            person.press("A" if number % 3 else "B")
        sim.run(ms=15000)
        counter.press("A")
        sim.run(ms=8000)
        assert "result: A 10 B 6" in counter.serial_output


def test_the_starter_runs_and_sends_a_vote() -> None:
    with Simulation(seed=4) as sim:
        teacher = sim.add_board(source=(
            "from microbit import *\nimport radio\nradio.config(group=12)\nradio.on()\n"
            "while running_time() < 2000:\n    m = radio.receive()\n"
            "    if m:\n        print(m)\n    sleep(20)\n"))
        voter = sim.add_board(STARTER)
        sim.run(ms=300)
        voter.press("A")
        sim.run(ms=2000)
        assert voter.error is None
        assert "A" in teacher.serial_output.split()
