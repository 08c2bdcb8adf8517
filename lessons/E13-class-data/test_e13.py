"""E13 collect the class's data: every board runs the same program; one collects, the
others answer a number from 0 to 9 by radio. The collector counts each board once (a board
sends its answer three times, and a repeated answer is ignored), and finds the mode.

What the collector prints is part of the lesson's task (the starter prints it already):
``counts: [...]`` with ten numbers and ``mode: ...`` with the most common answer(s).
"""

from __future__ import annotations

import re
from pathlib import Path

from terakoya.simulator import Simulation
from terakoya.simulator.model.radio import RadioSent

from terakoya.curriculum.learner_tests import criterion, program

HERE = Path(__file__).parent
PROGRAM = program(HERE)


def start_class(sim: Simulation, pupils: int):
    """The first board collects (B at the "?"), the others answer (A)."""
    collector = sim.add_board(PROGRAM)
    answerers = [sim.add_board(PROGRAM) for _ in range(pupils)]
    sim.run(ms=300)
    collector.press("B")
    for board in answerers:
        board.press("A")
    sim.run(ms=300)
    return collector, answerers


def answer(sim: Simulation, board, number: int) -> None:
    """Choose ``number`` with A (from 0, one press each) and send it with B."""
    for _ in range(number):
        board.press("A")
        sim.run(ms=120)
    board.press("B")
    sim.run(ms=800)


def result(sim: Simulation, collector) -> tuple[list[int], set[int]]:
    """Press A on the collector; the counts and the mode(s) it printed last."""
    collector.press("A")
    sim.run(ms=4000)
    out = collector.serial_output
    counts_lines = re.findall(r"counts:\s*\[([^\]]*)\]", out)
    mode_lines = re.findall(r"mode:([^\n]*)", out)
    assert counts_lines and mode_lines, "the collector should print counts: [...] and mode: ..."
    counts = [int(n) for n in counts_lines[-1].split(",")]
    modes = {int(n) for n in re.findall(r"\d+", mode_lines[-1])}
    return counts, modes


@criterion(1)
def test_each_answer_is_counted_under_its_number() -> None:
    with Simulation(seed=1) as sim:
        collector, boards = start_class(sim, 6)
        for board, number in zip(boards, (3, 5, 3, 0, 9, 3)):
            answer(sim, board, number)
        counts, _ = result(sim, collector)
        assert counts == [1, 0, 0, 3, 0, 1, 0, 0, 0, 1]
        assert all(board.error is None for board in (collector, *boards))


@criterion(2)
def test_the_collector_finds_the_mode() -> None:
    with Simulation(seed=2) as sim:
        collector, boards = start_class(sim, 7)
        for board, number in zip(boards, (2, 4, 4, 7, 4, 2, 1)):
            answer(sim, board, number)
        counts, modes = result(sim, collector)
        assert sum(counts) == 7
        assert modes == {4}, f"the mode is 4 (three answered 4); the program said {modes}"


@criterion(3)
def test_a_board_that_answers_again_is_counted_once() -> None:
    with Simulation(seed=3) as sim:
        collector, (first, second) = start_class(sim, 2)
        answer(sim, first, 6)
        answer(sim, second, 1)
        answer(sim, first, 2)  # the same board again (now 6 + 2 = 8): not counted
        sent = [e.data for e in first.events if isinstance(e, RadioSent)]
        for packet in sent:  # its messages arrive once more, as a radio echo might
            collector.model.receive_radio(packet)
        sim.run(ms=500)
        counts, _ = result(sim, collector)
        assert sum(counts) == 2, f"two boards answered, but {sum(counts)} answers were counted"
        assert counts[6] == 1 and counts[1] == 1, "each board's first answer is the one kept"


@criterion(3)
def test_the_next_question_starts_from_nothing() -> None:
    with Simulation(seed=4) as sim:
        collector, (board,) = start_class(sim, 1)
        answer(sim, board, 4)
        collector.press("B")
        sim.run(ms=300)
        answer(sim, board, 0)  # a new question: the same board may answer again
        counts, _ = result(sim, collector)
        assert sum(counts) == 1, "B starts a new question: no answers yet, every board may answer"
