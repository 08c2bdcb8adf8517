"""R01 message board: A scrolls the next of the learner's messages, B shows the next of their
pictures (one of their own design among them), and nothing changes by itself.

The program under test is the learner's (``terakoya lessons test R01 main.py``) or the
lesson's solution; the words and pictures are their own.
"""

from __future__ import annotations

from pathlib import Path

from terakoya.simulator import Simulation
from terakoya.simulator.board_modules.microbit.images_data import BUILTIN_IMAGES as IMG
from terakoya.simulator.model.audio import MelodyStarted

from terakoya.curriculum.learner_tests import criterion, lit, program, scroll_run

HERE = Path(__file__).parent
PROGRAM = program(HERE)
SCROLL_MS = 20_000  # long enough for a long message to finish
BUILT_IN = set(IMG.values())


def scrolled_after_a(sim, board) -> list[str]:
    before = len(board.display_history())
    board.press("A")
    sim.run(ms=SCROLL_MS)
    return board.display_history()[before:]


def pictures_after_b(sim, board, presses: int) -> list[str]:
    seen = []
    for _ in range(presses):
        board.press("B")
        sim.run(ms=1000)
        seen.append(board.display_image())
    return seen


@criterion(1)
def test_button_a_scrolls_words_and_a_picture_comes_back() -> None:
    with Simulation(seed=1) as sim:
        board = sim.add_board(PROGRAM)
        sim.run(ms=500)
        frames = scrolled_after_a(sim, board)
        assert scroll_run(frames) >= 8, "button A scrolls no words"
        assert lit(board.display_image()), "after the words, show a picture again"
        assert board.error is None


@criterion(2)
def test_button_a_scrolls_the_next_message_each_time() -> None:
    with Simulation(seed=1) as sim:
        board = sim.add_board(PROGRAM)
        sim.run(ms=500)
        first, second = scrolled_after_a(sim, board), scrolled_after_a(sim, board)
        assert scroll_run(second) >= 8 and first != second, \
            "pressing A again should scroll the next message"


@criterion(2)
def test_button_b_shows_the_next_picture_and_it_stays_without_a_time_limit() -> None:
    with Simulation(seed=2) as sim:
        board = sim.add_board(PROGRAM)
        sim.run(ms=500)
        seen = pictures_after_b(sim, board, 3)
        assert all(lit(picture) for picture in seen), "B shows an empty picture"
        assert all(a != b for a, b in zip(seen, seen[1:])), "B does not change the picture"
        sim.run(ms=10 * 60 * 1000)  # ten quiet minutes: nothing changes by itself
        assert board.display_image() == seen[-1]
        assert board.error is None


@criterion(3)
def test_one_of_the_pictures_is_of_the_learners_own_design() -> None:
    with Simulation(seed=2) as sim:
        board = sim.add_board(PROGRAM)
        sim.run(ms=500)
        seen = pictures_after_b(sim, board, 10)
        own = [picture for picture in seen if lit(picture) and picture not in BUILT_IN]
        assert own, "make a picture of your own with Image('...') and add it for button B"


def test_a_long_touch_on_the_logo_plays_the_tune_once() -> None:
    with Simulation(seed=3) as sim:
        board = sim.add_board(PROGRAM)
        sim.run(ms=500)
        board.touch("logo", hold_ms=3000)
        sim.run(ms=5000)
        assert sum(isinstance(e, MelodyStarted) for e in board.events) == 1


def test_the_starter_scrolls_a_message() -> None:
    with Simulation(seed=4) as sim:
        board = sim.add_board(HERE / "starter.py")
        sim.run(ms=300)
        board.press("A")
        sim.run(ms=10000)
        assert board.error is None
        assert len(set(board.display_history())) > 10
        assert board.display_image() == IMG["HEART"]
