"""E01 name and feelings badge: A scrolls the name, B steps through the feeling faces."""

from __future__ import annotations

from pathlib import Path

import pytest
from terakoya.simulator import Simulation
from terakoya.simulator.board_modules.microbit.images_data import BUILTIN_IMAGES

HERE = Path(__file__).parent
FACES = ["HAPPY", "SURPRISED", "SAD", "ASLEEP", "HEART"]


def image(name: str) -> str:
    return BUILTIN_IMAGES[name]  # such as '00000:09090:00000:90009:09990'


def scroll_frames(text: str) -> list[str]:
    """The pictures a board shows while it scrolls ``text`` (the reference)."""
    with Simulation(seed=1) as sim:
        board = sim.add_board(source="from microbit import *\ndisplay.scroll(%r)\n" % text)
        sim.run_until_done(max_ms=20_000)
        return board.display_history()


def contains_in_order(history: list[str], frames: list[str]) -> bool:
    position = 0
    for frame in frames:
        try:
            position = history.index(frame, position) + 1
        except ValueError:
            return False
    return True


@pytest.fixture
def badge():
    with Simulation(seed=1) as sim:
        board = sim.add_board(HERE / "solution.py")
        sim.run(10_000)  # the name scrolls once at the start
        yield sim, board


def test_starts_by_scrolling_the_name_then_shows_a_happy_face(badge):
    sim, board = badge
    assert contains_in_order(board.display_history(), scroll_frames("HANA"))
    assert board.display_image() == image("HAPPY")
    assert board.error is None


def test_button_b_steps_through_every_feeling_and_back_to_the_first(badge):
    sim, board = badge
    for face in FACES[1:] + FACES[:1]:
        board.press("B")
        sim.run(400)
        assert board.display_image() == image(face)


def test_button_a_scrolls_the_name_and_then_shows_the_same_feeling_again(badge):
    sim, board = badge
    board.press("B")
    sim.run(400)
    before = len(board.display_history())
    board.press("A")
    sim.run(10_000)
    after = board.display_history()[before:]
    assert contains_in_order(after, scroll_frames("HANA"))
    assert board.display_image() == image("SURPRISED")
    assert board.running


def test_the_starter_runs_and_shows_the_name():
    with Simulation(seed=1) as sim:
        board = sim.add_board(HERE / "starter.py")
        sim.run(10_000)
        board.press("A")
        sim.run(10_000)
        assert board.error is None
        assert board.display_image() == image("HAPPY")
