"""S01 hear-and-build: every input of the solution gives its own sound, with nothing to see.

The lesson's promise to a blind learner is that the whole program can be used and checked by
ear: the board speaks when it starts, button A plays the built-in happy sound, button B plays
the learner's tune twice (a loop you can count by ear), and the logo speaks a short help.
"""

from __future__ import annotations

from pathlib import Path

from terakoya.simulator import Simulation
from terakoya.simulator.model.audio import MelodyStarted, SoundEffectPlayed, SpeechSpoken

HERE = Path(__file__).parent
SOUNDS = (MelodyStarted, SoundEffectPlayed, SpeechSpoken)


def sounds_after(board, start: int) -> list:
    return [e for e in board.events[start:] if isinstance(e, SOUNDS)]


def test_each_input_has_its_own_sound() -> None:
    with Simulation(seed=1) as sim:
        board = sim.add_board(HERE / "solution.py")
        sim.run(ms=2000)
        start = sounds_after(board, 0)
        assert [(type(e), e.text) for e in start] == [(SpeechSpoken, "ready")]

        mark = len(board.events)
        board.press("A")
        sim.run(ms=2000)
        heard = sounds_after(board, mark)
        assert [(type(e), e.name) for e in heard] == [(SoundEffectPlayed, "happy")]

        mark = len(board.events)
        board.press("B")
        sim.run(ms=6000)
        heard = sounds_after(board, mark)
        assert [type(e) for e in heard] == [MelodyStarted, MelodyStarted]  # the loop: twice
        assert all(e.notes == ("C4:4", "E4:4", "G4:8") for e in heard)

        mark = len(board.events)
        board.touch("logo", hold_ms=100)
        sim.run(ms=5000)
        heard = sounds_after(board, mark)
        assert len(heard) == 1 and isinstance(heard[0], SpeechSpoken)
        assert "left button" in heard[0].text and "right button" in heard[0].text
        assert board.error is None and board.running


def test_nothing_happens_without_an_input() -> None:
    """Silence means 'waiting': no sound plays unless the learner asks for one."""
    with Simulation(seed=1) as sim:
        board = sim.add_board(HERE / "solution.py")
        sim.run(ms=2000)
        mark = len(board.events)
        sim.run(ms=10_000)
        assert sounds_after(board, mark) == []


def test_the_program_needs_no_eyes() -> None:
    """Nothing is shown on the LEDs: the sounds carry everything."""
    with Simulation(seed=1) as sim:
        board = sim.add_board(HERE / "solution.py")
        sim.run(ms=1000)
        board.press("A")
        sim.run(ms=2000)
        board.press("B")
        sim.run(ms=5000)
        assert set(board.display_history()) <= {"00000:00000:00000:00000:00000"}


def test_starter_runs_and_already_plays_button_a() -> None:
    with Simulation(seed=1) as sim:
        board = sim.add_board(HERE / "starter.py")
        sim.run(ms=1000)
        mark = len(board.events)
        board.press("A")
        board.press("B")
        sim.run(ms=3000)
        assert [type(e) for e in sounds_after(board, mark)] == [SoundEffectPlayed]
        assert board.error is None and board.running
