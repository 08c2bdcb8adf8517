"""E06: the pupil's own festival rhythm (a list of notes) repeats, four times a phrase; B
switches to a second rhythm of theirs and A back to the first, at the latest at the end of a
phrase, and the display shows which one plays.

The program under test is the pupil's (``terakoya lessons test E06 main.py``) or the lesson's
solution; the rhythms may be any.
"""

from __future__ import annotations

from pathlib import Path

from terakoya.simulator.model.audio import MelodyStarted
from terakoya.simulator.runner.session import SimBoard, Simulation

from terakoya.curriculum.learner_tests import criterion, program

HERE = Path(__file__).parent
PROGRAM = program(HERE)
PHRASE_MS = 20_000  # four bars of even a slow rhythm
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


def runs(played: list[tuple[str, ...]]) -> list[tuple[tuple[str, ...], int]]:
    """The melodies played, each with how many times in a row."""
    found: list[tuple[tuple[str, ...], int]] = []
    for notes in played:
        if found and found[-1][0] == notes:
            found[-1] = (notes, found[-1][1] + 1)
        else:
            found.append((notes, 1))
    return found


@criterion(2)
def test_the_rhythm_repeats_four_times_or_more():
    with Simulation(seed=1) as sim:
        mb = sim.add_board(PROGRAM)
        heard = record_melodies(mb)
        sim.run(ms=PHRASE_MS)
        played = runs([notes for _, notes in heard])
        assert played, "no rhythm plays"
        assert len(played[0][0]) >= 2, "a rhythm is a list of notes"
        assert played[0][1] >= 4, f"the rhythm plays {played[0][1]} time(s), not 4 in a row"
        assert mb.error is None


@criterion(3)
def test_b_switches_to_a_second_rhythm_and_a_back_to_the_first():
    with Simulation(seed=1) as sim:
        mb = sim.add_board(PROGRAM)
        heard = record_melodies(mb)
        sim.run(ms=500)
        first_picture = mb.display_image()
        mb.press("B")
        sim.run(ms=PHRASE_MS)
        second_picture = mb.display_image()
        mb.press("A")
        sim.run(ms=PHRASE_MS)
        played = runs([notes for _, notes in heard])
        rhythms = [notes for notes, _ in played]
        assert len(rhythms) >= 2, "B does not change the rhythm"
        assert len(rhythms) >= 3 and rhythms[2] == rhythms[0], "A does not go back to the first"
        assert rhythms[1] != rhythms[0]
        assert second_picture != first_picture, "the display does not show which rhythm plays"
        assert mb.display_image() == first_picture


def test_starter_plays_the_basic_rhythm_once():
    with Simulation(seed=1) as sim:
        mb = sim.add_board(HERE / "starter.py")
        heard = record_melodies(mb)
        sim.run_until_done(max_ms=5000)
        assert [notes for _, notes in heard] == [BASIC]
        assert mb.end_kind == "ended"
