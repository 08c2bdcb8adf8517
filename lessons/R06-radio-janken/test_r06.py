"""R06 radio janken: each player chooses with A and B, a chosen board waits with no time
limit, both hands are shown only once both have chosen, and each board says win, lose or
draw. The hands' order (rock, scissors, paper), the radio words and the result words are
fixed by the lesson; pictures, sounds and timing are the pupil's own.
"""

from __future__ import annotations

import re
from pathlib import Path

from terakoya.simulator import Simulation
from terakoya.simulator.model.radio import RadioSent

from terakoya.curriculum.learner_tests import criterion, program

HERE = Path(__file__).parent
PROGRAM = program(HERE)
ROCK, SCISSORS, PAPER = 0, 1, 2
RESULT = re.compile(r"\b(win|lose|draw)\b")


def pair(sim: Simulation):
    one, two = sim.add_board(PROGRAM), sim.add_board(PROGRAM)
    sim.run(ms=500)
    return one, two


def pick(sim: Simulation, board, hand: int) -> None:
    for _ in range(hand):
        board.press("A")
        sim.run(ms=700)
    board.press("B")
    sim.run(ms=700)


def results(board) -> list[str]:
    return RESULT.findall(board.serial_output)


def sent(board) -> int:
    return sum(isinstance(e, RadioSent) for e in board.events)


@criterion(1)
def test_a_goes_through_the_hands_and_b_chooses() -> None:
    with Simulation(seed=1) as sim:
        one, _ = pair(sim)
        seen = [one.display_image()]
        for _ in range(3):
            one.press("A")
            sim.run(ms=700)
            seen.append(one.display_image())
        assert len(set(seen[:3])) == 3, "rock, scissors and paper look different"
        assert seen[3] == seen[0], "after paper comes rock again"
        assert sent(one) == 0, "nothing is sent before B"
        one.press("B")
        sim.run(ms=700)
        assert sent(one) >= 1, "B sends the chosen hand"
        assert one.error is None


@criterion(2)
def test_a_chosen_board_waits_without_a_time_limit_and_both_reveal_together() -> None:
    with Simulation(seed=1) as sim:
        one, two = pair(sim)
        pick(sim, one, ROCK)
        sim.run(ms=2000)
        waiting = one.display_image()
        sim.run(ms=120_000)             # grandpa is thinking: take your time
        assert one.display_image() == waiting, "no time limit: still waiting"
        assert results(one) == [] and results(two) == []
        assert "scissors" not in one.serial_output
        pick(sim, two, SCISSORS)
        sim.run(ms=8000)
        assert len(results(one)) == 1 and len(results(two)) == 1, "both boards show it"
        assert one.error is None and two.error is None


@criterion(2)
def test_the_other_hand_stays_hidden_while_you_are_still_choosing() -> None:
    with Simulation(seed=1) as sim:
        one, two = pair(sim)
        mine = one.display_image()
        pick(sim, two, PAPER)           # the grandchild is quick
        sim.run(ms=30_000)
        assert one.display_image() == mine, "board 1 still shows only its own choice"
        assert results(one) == [] and "paper" not in one.serial_output
        pick(sim, one, SCISSORS)
        sim.run(ms=8000)
        assert results(one) == ["win"] and results(two) == ["lose"]


@criterion(3)
def test_the_winner_is_worked_out_the_same_way_on_both_boards() -> None:
    games = [(ROCK, SCISSORS, "win", "lose"), (PAPER, SCISSORS, "lose", "win"),
             (PAPER, PAPER, "draw", "draw"), (PAPER, ROCK, "win", "lose")]
    with Simulation(seed=1) as sim:
        one, two = pair(sim)
        for number, (mine, theirs, first, second) in enumerate(games, 1):
            pick(sim, two, theirs)
            pick(sim, one, mine)
            sim.run(ms=8000)
            assert results(one)[number - 1:] == [first], f"game {number} on board 1"
            assert results(two)[number - 1:] == [second], f"game {number} on board 2"
            one.press("A")                # another game
            two.press("B")
            sim.run(ms=1000)
        assert one.error is None and two.error is None
