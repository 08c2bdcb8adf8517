"""E02 regular polygons: the LED turtle prints where it starts and each corner it reaches, and
home() shows a tick when it is back where it started, facing the same way.

5 x 5 LEDs cannot tell a pentagon from a heptagon, so the tests (like the pupils, who plot
the corners on the worksheet's grid) read the printed corners: a regular polygon has equal
sides and equal turns and ends where it started. The program under test is the pupil's
(``terakoya lessons test E02 main.py``) or the lesson's solution; it may draw its polygons at
once or when buttons are pressed (A to choose the number of sides, B to draw).
"""

from __future__ import annotations

import math
from pathlib import Path

from terakoya.simulator import Simulation
from terakoya.simulator.board_modules.microbit.images_data import BUILTIN_IMAGES

from terakoya.curriculum.learner_tests import criterion, program

HERE = Path(__file__).parent
PROGRAM = program(HERE)
SOLUTION = HERE / "solution.py"
CLOSE = 0.15  # the printed corners are rounded to 0.1
DRAW_MS = 15_000


def drawings(path: Path) -> tuple[list[list[tuple[float, float]]], object]:
    """Runs the program, pressing B (draw) and A (next number of sides) in turn; every path
    the turtle walked: its start, then its corners."""
    with Simulation(seed=1) as sim:
        board = sim.add_board(path)
        sim.run(DRAW_MS)
        for _ in range(6):
            board.press("B")
            sim.run(DRAW_MS)
            board.press("A")
            sim.run(500)
        paths: list[list[tuple[float, float]]] = []
        for line in board.serial_output.splitlines():
            words = line.split()
            if len(words) == 3 and words[0] in ("start", "corner"):
                if words[0] == "start":
                    paths.append([])
                if paths:
                    paths[-1].append((float(words[1]), float(words[2])))
        return paths, board


def regular_polygon(path: list[tuple[float, float]]) -> int | None:
    """The number of sides, if the path is a closed regular polygon (else None)."""
    if len(path) < 4 or math.dist(path[0], path[-1]) > CLOSE:
        return None
    sides = [math.dist(a, b) for a, b in zip(path, path[1:])]
    if min(sides) < 0.5 or max(sides) - min(sides) > 2 * CLOSE:
        return None
    headings = [math.atan2(b[1] - a[1], b[0] - a[0]) for a, b in zip(path, path[1:])]
    turns = [math.degrees(b - a) % 360 for a, b in zip(headings, headings[1:] + headings[:1])]
    n = len(sides)
    if any(abs(turn - 360 / n) > 12 for turn in turns):  # rounding the corners moves them
        return None
    return n


@criterion(1)
def test_the_turtle_draws_a_square():
    paths, board = drawings(PROGRAM)
    assert paths, "the turtle did not start: call start(...) first"
    found = [regular_polygon(path) for path in paths]
    assert 4 in found, "no square: 4 equal sides, turning 90 degrees each time, back to the start"
    assert board.error is None


@criterion(2)
def test_changing_the_number_of_sides_draws_other_regular_polygons():
    paths, _ = drawings(PROGRAM)
    found = {regular_polygon(path) for path in paths} - {None}
    assert len(found) >= 3, (f"closed regular polygons drawn: {sorted(found)}; "
                             "change the number of sides and draw at least three")


def test_the_solution_draws_every_polygon_from_3_to_8_and_shows_a_tick():
    paths, board = drawings(SOLUTION)
    assert [regular_polygon(path) for path in paths] == [3, 4, 5, 6, 7, 8]
    assert board.serial_output.count("not closed") == 0
    assert board.serial_output.count("closed") == 6
    assert BUILTIN_IMAGES["YES"] in board.display_history()


def test_the_drawing_grows_step_by_step_so_children_can_watch_the_turtle():
    with Simulation(seed=1) as sim:
        board = sim.add_board(SOLUTION)
        sim.run(300)
        board.press("A")  # 4 sides
        sim.run(300)
        board.press("B")
        sim.run(4000)
        counts = [frame.count("9") for frame in board.display_history()]
        drawing = counts[counts.index(1):]  # from the turtle's first LED
        assert len(drawing) >= 12
        assert drawing == sorted(drawing)  # LEDs are only ever added while it walks


def test_the_starter_draws_one_side_and_shows_it_is_not_closed():
    with Simulation(seed=1) as sim:
        board = sim.add_board(HERE / "starter.py")
        sim.run_until_done(max_ms=8000)
        assert board.end_kind == "ended"
        assert "corner 2.0 -2.0" in board.serial_output
        assert "not closed" in board.serial_output
        assert board.display_image() == BUILTIN_IMAGES["NO"]
