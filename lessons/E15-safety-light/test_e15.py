"""E15 our road-safety light: it stays off in daylight, and at dusk it blinks, never more
than 3 times a second (flash safety: WCAG 2.3.1, as the simulator's window counts flashes).

The pupil's own border between daylight and dusk is found by sweeping the light level.
"""

from __future__ import annotations

from pathlib import Path

from terakoya.simulator import Simulation

from terakoya.curriculum.learner_tests import criterion, program

HERE = Path(__file__).parent
PROGRAM = program(HERE)
STEP_MS = 10
# a flash is a big rise and fall of the display's total brightness (as the window's guard)
BIG_SWING, MIN_SWING = 0.4, 20
MAX_FLASHES_PER_SECOND = 3


def totals(sim: Simulation, board, ms: int) -> list[int]:
    """The display's total brightness (0-225) every STEP_MS for ``ms``."""
    out = []
    for _ in range(ms // STEP_MS):
        sim.run(ms=STEP_MS)
        out.append(sum(int(c) for c in board.display_image() if c.isdigit()))
    return out


def swing_times(samples: list[int]) -> list[int]:
    """When (ms) the display's brightness swung a lot, up or down."""
    times = []
    for index in range(1, len(samples)):
        before, total = samples[index - 1], samples[index]
        swing = abs(total - before)
        if swing >= MIN_SWING and swing >= BIG_SWING * max(total, before):
            times.append(index * STEP_MS)
    return times


@criterion(1)
def test_the_light_is_off_in_daylight_and_works_at_dusk() -> None:
    with Simulation(seed=1) as sim:
        board = sim.add_board(PROGRAM)
        sim.run(ms=500)
        working = []
        for level in range(255, -1, -15):
            board.set("light_level", level)
            sim.run(ms=500)
            working.append(max(totals(sim, board, 2500)) > 0)
        assert board.error is None, board.error
        assert not working[0], "in daylight the light should stay off (it saves the battery)"
        assert working[-1], "when it gets dark the light should come on"
        changes = sum(1 for a, b in zip(working, working[1:]) if a != b)
        assert changes == 1, "as it gets darker it should start once, at your border"


@criterion(2)
def test_at_dusk_it_blinks_but_never_more_than_3_times_a_second() -> None:
    with Simulation(seed=2) as sim:
        board = sim.add_board(PROGRAM)
        board.set("light_level", 5)
        sim.run(ms=1000)
        swings = swing_times(totals(sim, board, 6000))
        assert len(swings) >= 4, "at dusk the light should blink (on and off), not stay on"
        busiest = max(sum(1 for t in swings if start <= t < start + 1000) for start in swings)
        assert busiest <= 2 * MAX_FLASHES_PER_SECOND, (
            f"{busiest // 2} flashes in one second: blink 3 times a second or fewer")
