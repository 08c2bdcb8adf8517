"""E01 name and feelings badge: A scrolls the pupil's name (any name), B steps through the
pupil's own feeling faces and round to the first again.

The program under test is the pupil's (``terakoya lessons test E01 main.py``) or the lesson's
solution.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from terakoya.simulator import Simulation

from terakoya.curriculum.learner_tests import criterion, lit, program, scroll_run

HERE = Path(__file__).parent
PROGRAM = program(HERE)
SCROLLING = 8  # a name of even two letters moves this many columns
MOST_FACES = 20


@pytest.fixture
def badge():
    with Simulation(seed=1) as sim:
        board = sim.add_board(PROGRAM)
        sim.run(15_000)  # the name may scroll once at the start
        yield sim, board


def face_after_b(sim, board) -> str:
    board.press("B")
    sim.run(400)
    return board.display_image()


@criterion(1)
def test_button_a_scrolls_the_name_then_shows_a_picture_again(badge):
    sim, board = badge
    before = len(board.display_history())
    board.press("A")
    sim.run(15_000)
    assert scroll_run(board.display_history()[before:]) >= SCROLLING, "A scrolls no text"
    assert board.error is None and board.running


@criterion(2)
def test_button_b_changes_the_face_each_time_and_comes_round_again(badge):
    sim, board = badge
    first = face_after_b(sim, board)
    seen = [first]
    for _ in range(MOST_FACES):
        face = face_after_b(sim, board)
        assert face != seen[-1], "pressing B did not change the face"
        assert lit(face), "B shows an empty picture"
        if face == first:
            return
        seen.append(face)
    raise AssertionError(f"after {MOST_FACES} presses of B the first face never came back")


@criterion(1, 2)
def test_after_the_name_the_same_feeling_is_shown_again(badge):
    sim, board = badge
    feeling = face_after_b(sim, board)
    board.press("A")
    sim.run(15_000)
    assert board.display_image() == feeling, "after the name, show the feeling again"


def test_the_starter_runs_and_shows_the_name():
    with Simulation(seed=1) as sim:
        board = sim.add_board(HERE / "starter.py")
        sim.run(10_000)
        board.press("A")
        sim.run(10_000)
        assert board.error is None
        assert scroll_run(board.display_history()) >= SCROLLING
