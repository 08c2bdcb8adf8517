"""E06: the festival rhythm repeats four times per phrase; B switches to the lively rhythm
and A back to the basic one, each at the end of the current phrase; one bar lasts 1 s."""

from __future__ import annotations

from pathlib import Path

from terakoya.simulator.model.audio import MelodyStarted
from terakoya.simulator.runner.session import SimBoard, Simulation

HERE = Path(__file__).parent
BASIC = ("C3:2", "C3:2", "G5:1", "G5:1", "C3:2")
LIVELY = ("C3:1", "E3:1", "C3:2", "G5:1", "R:1", "G5:1", "G5:1")


def letter(char: str) -> str:
    """The picture the board's font shows for one letter."""
    with Simulation(seed=1) as sim:
        mb = sim.add_board(source="from microbit import *\ndisplay.show(%r)\n" % char)
        sim.run(ms=100)
        return mb.display_image()


def record_melodies(board: SimBoard) -> list[tuple[int, tuple[str, ...]]]:
    """Every melody the board starts, as (virtual ms, notes)."""
    heard: list[tuple[int, tuple[str, ...]]] = []

    def listen(event: object) -> None:
        if isinstance(event, MelodyStarted):
            heard.append((board.model.scheduler.now_us // 1000, event.notes))
    board.model.bus.subscribe(listen)
    return heard


def test_basic_rhythm_repeats_one_bar_a_second():
    with Simulation(seed=1) as sim:
        mb = sim.add_board(HERE / "solution.py")
        heard = record_melodies(mb)
        sim.run(ms=8300)
        assert [notes for _, notes in heard] == [BASIC] * 9
        gaps = [later - earlier for (earlier, _), (later, _) in zip(heard, heard[1:])]
        assert all(990 <= gap <= 1060 for gap in gaps), gaps
        assert mb.error is None


def test_buttons_change_the_rhythm_at_the_end_of_a_phrase():
    with Simulation(seed=1) as sim:
        mb = sim.add_board(HERE / "solution.py")
        heard = record_melodies(mb)
        sim.run(ms=500)
        mb.press("B")
        sim.run(ms=3000)
        assert mb.display_image() == letter("A")              # not yet switched
        assert [notes for _, notes in heard] == [BASIC] * 4     # the phrase goes on
        sim.run(ms=4000)
        mb.press("A")
        sim.run(ms=4200)
        played = [notes for _, notes in heard]
        assert played[:4] == [BASIC] * 4
        assert played[4:8] == [LIVELY] * 4
        assert played[8:12] == [BASIC] * 4


def test_display_shows_which_rhythm_plays():
    with Simulation(seed=1) as sim:
        mb = sim.add_board(HERE / "solution.py")
        sim.run(ms=200)
        assert mb.display_image() == letter("A")
        mb.press("B")
        sim.run(ms=4500)
        assert mb.display_image() == letter("B")


def test_starter_plays_the_basic_rhythm_once():
    with Simulation(seed=1) as sim:
        mb = sim.add_board(HERE / "starter.py")
        heard = record_melodies(mb)
        sim.run_until_done(max_ms=5000)
        assert [notes for _, notes in heard] == [BASIC]
        assert mb.end_kind == "ended"
