"""S02 calming sensory light: slow, flash-safe breathing that reacts gently to sound.

What every calming light of the lesson does, checked on the virtual clock, whatever speed,
brightness and thresholds the learner chose (``terakoya lessons test S02 main.py``; by
default the lesson's solution):
- it never flashes: each new picture differs from the last by at most one brightness step
  on any LED, pictures change at most about three times a second, and the window's own
  flash guard (WCAG 2.3.1, three flashes a second) never trips;
- in a quiet room it breathes slowly: up and down, never dark, never glaring, a breath
  taking two seconds or more;
- a steadily loud room makes the glow grow, never by more than one ring at a time, and it
  shrinks back when the room is quiet again; one short bang changes nothing.
The lesson's own solution also lets the logo choose how bright a breath gets (3, 5, 7).
"""

from __future__ import annotations

from pathlib import Path

from terakoya.simulator import Simulation
from terakoya.simulator.model.events import DisplayChanged
from terakoya.simulator.ui.flash import FlashGuard

from terakoya.curriculum.learner_tests import criterion, program

HERE = Path(__file__).parent
PROGRAM = program(HERE)
SLOWEST_BREATH_MS = 2000


class Recorder:
    """Every picture with the virtual time (ms) it appeared at."""

    def __init__(self, sim: Simulation, board) -> None:
        self.sim = sim
        self.frames: list[tuple[int, tuple[tuple[int, ...], ...]]] = []
        board.model.bus.subscribe(self._on_display, DisplayChanged)

    def _on_display(self, event: DisplayChanged) -> None:
        self.frames.append((self.sim.now_ms, event.pixels))

    def since(self, ms: int) -> list[tuple[tuple[int, ...], ...]]:
        return [pixels for at, pixels in self.frames if at >= ms]


def start(path: Path = PROGRAM):
    sim = Simulation(seed=1)
    board = sim.add_board(path)
    return sim, board, Recorder(sim, board)


def lit(pixels: tuple[tuple[int, ...], ...]) -> int:
    return sum(1 for row in pixels for value in row if value)


def brightest(pixels: tuple[tuple[int, ...], ...]) -> int:
    return max(value for row in pixels for value in row)


@criterion(1)
def test_quiet_room_it_breathes_slowly() -> None:
    sim, board, rec = start()
    with sim:
        sim.run(ms=20_000)
        levels = [(at, brightest(p)) for at, p in rec.frames]
        values = [level for _, level in levels]
        assert values and min(values) >= 1, "the light goes dark: keep at least step 1"
        assert max(values) <= 7, "the light gets glaring: keep it at 7 or below"
        top = max(values)
        peaks = [at for (at, level), (_, before) in zip(levels[1:], levels) if
                 level == top and before < top]
        assert len(peaks) >= 2, "the light does not breathe in and out again and again"
        assert min(b - a for a, b in zip(peaks, peaks[1:])) >= SLOWEST_BREATH_MS, \
            "a breath is quicker than two seconds: slow it down"
        assert board.error is None


@criterion(2)
def test_never_flashes() -> None:
    sim, board, rec = start()
    guard = FlashGuard()  # the same rule the simulator window uses
    fed = 0
    with sim:
        for step in range(300):  # 30 s: quiet, loud, quiet, with logo touches
            if step == 20:
                board.set("sound_level", 200)
            if step in (60, 120):
                board.touch("logo", hold_ms=100)
            if step == 150:
                board.set("sound_level", 0)
            sim.run(ms=100)
            for at, pixels in rec.frames[fed:]:
                guard.record(1, at, pixels)
            fed = len(rec.frames)
            assert not guard.flashing(1, sim.now_ms), f"flashing at {sim.now_ms} ms"
        times = [at for at, _ in rec.frames]
        assert all(b - a >= 300 for a, b in zip(times, times[1:])), "changes too quickly"
        pictures = [p for _, p in rec.frames]
        for before, after in zip(pictures, pictures[1:]):
            for row_a, row_b in zip(before, after):
                assert all(abs(a - b) <= 1 for a, b in zip(row_a, row_b)), (before, after)
        assert max(v for p in pictures for row in p for v in row) <= 7


@criterion(3)
def test_loud_room_grows_one_ring_at_a_time_and_shrinks_back() -> None:
    sim, board, rec = start()
    with sim:
        sim.run(ms=5000)
        quiet = max(lit(p) for p in rec.since(0))
        board.set("sound_level", 150)  # a class talking loudly, steadily
        sim.run(ms=20_000)
        sizes = [lit(p) for p in rec.since(5000)]
        assert max(sizes) > quiet, "a loud room does not make the glow bigger"
        rings = sorted({size for size in sizes if size})  # the glow's sizes, smallest first
        steps = [rings.index(size) for size in sizes if size]
        assert all(abs(b - a) <= 1 for a, b in zip(steps, steps[1:])), \
            f"the glow jumps past a size: grow one ring at a time ({rings})"
        board.set("sound_level", 0)
        sim.run(ms=30_000)
        assert lit(rec.frames[-1][1]) <= quiet, "the glow does not shrink back when it is quiet"
        assert board.error is None


@criterion(3)
def test_a_single_bang_changes_nothing() -> None:
    sim, board, rec = start()
    with sim:
        sim.run(ms=5000)
        quiet = max(lit(p) for p in rec.since(0))
        board.set("sound_level", 255)  # a door slams
        sim.run(ms=100)
        board.set("sound_level", 0)
        sim.run(ms=10_000)
        assert all(lit(p) <= quiet for p in rec.since(0)), "one bang makes the glow bigger"


def test_logo_chooses_how_bright_a_breath_gets() -> None:
    sim, board, rec = start(HERE / "solution.py")
    with sim:
        tops = []
        for _ in range(4):
            mark = sim.now_ms
            sim.run(ms=12_000)  # the old setting fades out; then whole breaths
            tops.append(max(p[2][2] for p in rec.since(mark + 7500)))
            board.touch("logo", hold_ms=100)
        assert tops == [3, 5, 7, 3]


def test_starter_runs_without_error() -> None:
    sim, board, rec = start(HERE / "starter.py")
    with sim:
        sim.run(ms=5000)
        assert board.error is None
        assert rec.frames, "the starter shows something"
