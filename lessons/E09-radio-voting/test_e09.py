"""E09 radio voting: several voters and one counting board in one radio space.

What the boards say to each other (group 12; "A" and "B" are votes, "new" starts a new vote;
A makes a board a voter, B the counter) is the class's agreement, so every pupil's board works
with every other; how the result is shown is the pupil's own. The program under test is the
pupil's (``terakoya lessons test E09 main.py``) or the lesson's solution.
"""

from __future__ import annotations

import re
from pathlib import Path

from terakoya.simulator import Simulation

from terakoya.curriculum.learner_tests import criterion, program

HERE = Path(__file__).parent
SOLUTION = program(HERE)
STARTER = HERE / "starter.py"
LISTENER = ("from microbit import *\nimport radio\nradio.config(group=12)\nradio.on()\n"
            "while True:\n    m = radio.receive()\n    if m:\n        print(m)\n    sleep(10)\n")


def result_line(counter) -> str:
    """The last line the counter printed: its result once A was pressed."""
    lines = counter.serial_output.strip().splitlines()
    return lines[-1] if lines else ""


@criterion(1)
def test_a_and_b_send_different_votes() -> None:
    with Simulation(seed=5) as sim:
        listener = sim.add_board(source=LISTENER)
        first, second = sim.add_board(SOLUTION), sim.add_board(SOLUTION)
        sim.run(ms=300)
        for voter, vote in ((first, "A"), (second, "B")):
            voter.press("A")  # be a voter (a starter sends a vote already)
            sim.run(ms=300)
            voter.press(vote)
            sim.run(ms=1000)
        heard = set(listener.serial_output.split())
        assert "A" in heard and "B" in heard, f"the voters sent {sorted(heard)}: A for A, B for B"


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


@criterion(2)
def test_each_person_votes_once_and_the_teacher_sees_the_result() -> None:
    with Simulation(seed=1) as sim:
        counter, (p1, p2, p3) = start_club(sim, 3)
        for person, choice in ((p1, "A"), (p2, "B"), (p3, "A")):
            person.press(choice)
            sim.run(ms=1000)
        p1.press("B")  # a second vote from the same person is not sent
        sim.run(ms=1000)
        before = len(counter.display_history())
        counter.press("A")
        sim.run(ms=8000)
        assert re.search(r"\b2\D+1\b", result_line(counter)), \
            f"A on the counter should print the votes for A, then B: {result_line(counter)!r}"
        assert len(counter.display_history()) > before, "the counter shows nothing for the result"
        assert all(board.error is None for board in (counter, p1, p2, p3))


@criterion(2)
def test_a_new_vote_clears_the_count_and_lets_everyone_vote_again() -> None:
    with Simulation(seed=2) as sim:
        counter, (p1, p2) = start_club(sim, 2)
        p1.press("A")
        sim.run(ms=500)
        counter.press("B")
        sim.run(ms=500)
        p1.press("B")
        p2.press("B")
        sim.run(ms=1500)
        counter.press("A")
        sim.run(ms=8000)
        assert re.search(r"\b0\D+2\b", result_line(counter)), result_line(counter)


@criterion(2)
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
        assert re.search(r"\b10\D+6\b", result_line(counter)), result_line(counter)


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
