"""R01 message board: A scrolls the next message, B shows the next picture, no time limits."""

from __future__ import annotations

from pathlib import Path

from terakoya.simulator import Simulation
from terakoya.simulator.board_modules.microbit.images_data import BUILTIN_IMAGES as IMG
from terakoya.simulator.model.audio import MelodyStarted

HERE = Path(__file__).parent
FLOWER = "09090:99999:09990:00900:00900"


def test_button_a_scrolls_each_message_in_turn_and_starts_again() -> None:
    with Simulation(seed=1) as sim:
        board = sim.add_board(HERE / "solution.py")
        sim.run(ms=500)
        assert board.display_image() == IMG["HEART"]
        for _ in range(5):
            board.press("A")
            sim.run(ms=15000)  # long enough for the slowest message to finish
        assert board.serial_output.splitlines() == [
            "GENKI?", "ARIGATO", "MATANE", "I LOVE YOU", "GENKI?"]
        assert board.display_image() == IMG["HEART"]  # the picture comes back after the words
        assert len(set(board.display_history())) > 20  # the words really moved across


def test_button_b_shows_each_picture_and_it_stays_without_a_time_limit() -> None:
    with Simulation(seed=2) as sim:
        board = sim.add_board(HERE / "solution.py")
        sim.run(ms=500)
        seen = []
        for _ in range(4):
            board.press("B")
            sim.run(ms=1000)
            seen.append(board.display_image())
        assert seen == [IMG["HAPPY"], FLOWER, IMG["DUCK"], IMG["HEART"]]
        sim.run(ms=10 * 60 * 1000)  # ten quiet minutes: nothing changes by itself
        assert board.display_image() == IMG["HEART"]
        assert board.error is None


def test_a_long_touch_on_the_logo_plays_the_tune_once() -> None:
    with Simulation(seed=3) as sim:
        board = sim.add_board(HERE / "solution.py")
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
