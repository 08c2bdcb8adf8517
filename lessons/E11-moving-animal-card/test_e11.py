"""E11 moving animal card: the pupil's card shows an animal of their own that moves (two
pictures, one after the other), at a speed they chose that is safe to watch.

The tests compare the pupil's card with the card they started from (starter.py): the task
is to change its picture and its number, so "different from the starter" is what to check.
"""

from __future__ import annotations

from pathlib import Path

from terakoya.simulator import Simulation

from terakoya.curriculum.learner_tests import criterion, program

HERE = Path(__file__).parent
PROGRAM = program(HERE)
STARTER = HERE / "starter.py"
BLANK = "00000:00000:00000:00000:00000"
STEP_MS = 10
WATCH_MS = 8000
SAFE_MS = (300, 3000)  # the lesson's rule: a picture stays 0.3 s to 3 s (never flashy)


def watch(path: Path) -> list[tuple[str, int]]:
    """Each picture the card shows, with how long it stayed (ms), in order."""
    with Simulation(seed=1) as sim:
        board = sim.add_board(path)
        runs: list[list] = []
        for _ in range(WATCH_MS // STEP_MS):
            sim.run(ms=STEP_MS)
            picture = board.display_image()
            if runs and runs[-1][0] == picture:
                runs[-1][1] += STEP_MS
            else:
                runs.append([picture, STEP_MS])
        assert board.error is None, board.error
    return [(picture, ms) for picture, ms in runs]


def whole_runs(runs: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Leave out the first and the last picture: the watch may have cut them short."""
    return runs[1:-1]


@criterion(1)
def test_the_card_shows_an_animal_of_my_own_that_moves() -> None:
    mine = {picture for picture, _ in watch(PROGRAM)} - {BLANK}
    starters = {picture for picture, _ in watch(STARTER)}
    assert len(mine) >= 2, "the card should change between two pictures, so it moves"
    assert mine - starters, "change the picture (e1) to an animal of your own"


@criterion(2)
def test_the_card_moves_at_a_speed_i_chose_and_safe_to_watch() -> None:
    runs = whole_runs(watch(PROGRAM))
    assert len(runs) >= 2, "the card should keep changing pictures"
    times = [ms for _, ms in runs]
    assert all(SAFE_MS[0] - STEP_MS <= ms <= SAFE_MS[1] + STEP_MS for ms in times), (
        f"each picture should stay 0.3 s to 3 s; it stayed {times} ms")
    starter_times = [ms for _, ms in whole_runs(watch(STARTER))]
    typical = sorted(times)[len(times) // 2]
    starter_typical = sorted(starter_times)[len(starter_times) // 2]
    assert abs(typical - starter_typical) > starter_typical // 10, (
        "change the number (hayasa) to make it faster or slower")
