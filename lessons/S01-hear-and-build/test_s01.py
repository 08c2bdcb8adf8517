"""S01 hear-and-build: every input gives its own sound, with nothing to see.

The lesson's promise to a blind learner is that the whole program can be used and checked by
ear: the board speaks when it starts, button A plays a sound, button B plays the learner's own
three-note tune (any notes) a few times (a loop you can count by ear), and the logo speaks a
short help. The program under test is the pupil's (``terakoya lessons test S01 main.py``) or
the lesson's solution.
"""

from __future__ import annotations

from pathlib import Path

from terakoya.simulator import Simulation
from terakoya.simulator.model.audio import MelodyStarted, SoundEffectPlayed, SpeechSpoken

from terakoya.curriculum.learner_tests import criterion, program

HERE = Path(__file__).parent
PROGRAM = program(HERE)
SOUNDS = (MelodyStarted, SoundEffectPlayed, SpeechSpoken)


def sounds_after(board, start: int) -> list:
    return [e for e in board.events[start:] if isinstance(e, SOUNDS)]


def tune_after_b(board, sim) -> list[str]:
    """Every note button B plays (one melody or several), in order."""
    mark = len(board.events)
    board.press("B")
    sim.run(ms=15_000)
    return [note for e in sounds_after(board, mark) if isinstance(e, MelodyStarted)
            for note in e.notes]


@criterion(1)
def test_each_input_has_its_own_sound() -> None:
    with Simulation(seed=1) as sim:
        board = sim.add_board(PROGRAM)
        sim.run(ms=2000)
        assert [type(e) for e in sounds_after(board, 0)] == [SpeechSpoken], \
            "the board should say something when it starts"

        mark = len(board.events)
        board.press("A")
        sim.run(ms=2000)
        assert sounds_after(board, mark), "button A makes no sound"

        assert tune_after_b(board, sim), "button B plays no tune"

        mark = len(board.events)
        board.touch("logo", hold_ms=100)
        sim.run(ms=5000)
        heard = sounds_after(board, mark)
        assert heard and all(isinstance(e, SpeechSpoken) for e in heard), \
            "touching the logo should speak a short help"
        assert board.error is None and board.running


@criterion(2)
def test_button_b_plays_a_tune_of_three_notes() -> None:
    with Simulation(seed=1) as sim:
        board = sim.add_board(PROGRAM)
        sim.run(ms=2000)
        notes = tune_after_b(board, sim)
        assert notes and len(notes) % 3 == 0, f"B plays {len(notes)} notes, not a 3-note tune"
        assert all(notes[i:i + 3] == notes[:3] for i in range(0, len(notes), 3)), \
            "B plays different notes each time: one tune of three notes, repeated"


@criterion(3)
def test_a_loop_repeats_the_tune_so_it_can_be_counted() -> None:
    with Simulation(seed=1) as sim:
        board = sim.add_board(PROGRAM)
        sim.run(ms=2000)
        notes = tune_after_b(board, sim)
        repeats = len(notes) // 3
        assert repeats >= 2, f"B plays the tune {repeats} time(s): repeat it with a for loop"
        assert notes == notes[:3] * repeats


@criterion(1)
def test_nothing_happens_without_an_input() -> None:
    """Silence means 'waiting': no sound plays unless the learner asks for one."""
    with Simulation(seed=1) as sim:
        board = sim.add_board(PROGRAM)
        sim.run(ms=2000)
        mark = len(board.events)
        sim.run(ms=10_000)
        assert sounds_after(board, mark) == []


def test_the_program_needs_no_eyes() -> None:
    """Nothing is shown on the LEDs: the sounds carry everything."""
    with Simulation(seed=1) as sim:
        board = sim.add_board(PROGRAM)
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
