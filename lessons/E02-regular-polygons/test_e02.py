"""E02 regular polygons: A chooses 3-8 sides, B makes the LED turtle draw the polygon."""

from __future__ import annotations

from pathlib import Path

import pytest
from terakoya.simulator import Simulation

HERE = Path(__file__).parent
TRIANGLE = ".....:.999.:.9.9.:99.99:99999"
SQUARE = "99999:9...9:9...9:9...9:99999"
HEXAGON = ".....:99999:9...9:99.99:.999."


def picture(board) -> str:
    return board.display_image().replace("0", ".")


def draw(sides: int):
    """Run the solution, press A until it shows ``sides``, press B; return (sim, board)."""
    sim = Simulation(seed=1)
    board = sim.add_board(HERE / "solution.py")
    sim.run(300)
    for _ in range(sides - 3):
        board.press("A")
        sim.run(300)
    board.press("B")
    sim.run(8000)
    return sim, board


@pytest.mark.parametrize("sides, expected", [(3, TRIANGLE), (4, SQUARE), (6, HEXAGON)])
def test_the_turtle_draws_the_polygon(sides, expected):
    sim, board = draw(sides)
    try:
        assert picture(board) == expected
    finally:
        sim.close()


@pytest.mark.parametrize("sides", range(3, 9))
def test_every_turn_is_360_divided_by_the_number_of_sides(sides):
    sim, board = draw(sides)
    try:
        turn = 360 / sides
        shown = "%d.0" % turn if turn == int(turn) else "%.7g" % turn  # as the board prints
        assert "sides %d turn %s\n" % (sides, shown) in board.serial_output
        assert board.error is None and board.running
        lit = board.display_image().count("9")
        assert lit >= sides  # at least one LED for each side
    finally:
        sim.close()


def test_the_drawing_grows_step_by_step_so_children_can_watch_the_turtle():
    sim, board = draw(4)
    try:
        counts = [frame.count("9") for frame in board.display_history()]
        drawing = counts[counts.index(1):]  # from the turtle's first LED
        assert len(drawing) >= 12
        assert drawing == sorted(drawing)  # LEDs are only ever added while it walks
    finally:
        sim.close()


def test_button_a_counts_from_3_to_8_and_round_again():
    with Simulation(seed=1) as sim:
        board = sim.add_board(HERE / "solution.py")
        sim.run(300)
        shown = []
        for _ in range(6):
            board.press("A")
            sim.run(300)
            shown.append(board.display_image())
        reference = sim.add_board(source="from microbit import *\ndisplay.show(3)\n")
        sim.run(100)
        assert shown[-1] == reference.display_image()  # 8 then back to 3
        assert len(set(shown)) == 6


def test_the_starter_draws_one_side_without_an_error():
    with Simulation(seed=1) as sim:
        board = sim.add_board(HERE / "starter.py")
        sim.run_until_done(max_ms=5000)
        assert board.end_kind == "ended"
        assert picture(board) == ".....:.....:.....:.....:99999"
