"""S07 buzz timer: a timer that talks only through a vibration motor on pin 1. Each press
of A is felt as one buzz, the logo buzzes the number of minutes, time up buzzes until a
button is pressed, and no sound is ever made.

The lesson fixes the controls (A adds a minute from 1, B starts, the logo counts); the
buzz lengths, strength and pictures are the pupil's own.
"""

from __future__ import annotations

from pathlib import Path

from terakoya.simulator import Simulation
from terakoya.simulator.model.audio import (
    MelodyStarted,
    SoundEffectPlayed,
    SpeechSpoken,
    ToneStarted,
)

from terakoya.curriculum.learner_tests import criterion, program

HERE = Path(__file__).parent
PROGRAM = program(HERE)
CIRCUIT = (HERE / "circuit.toml").read_text(encoding="utf-8")  # the motor, for any program
SOUNDS = (MelodyStarted, ToneStarted, SoundEffectPlayed, SpeechSpoken)
STEP = 25          # ms between two looks at the motor
MINUTE = 60_000


def motor_on(board) -> bool:
    """Whether the vibration motor of the lesson's circuit (on pin 1) buzzes now."""
    return bool(board.model.last_values.get("motor.on"))


def feel(sim: Simulation, board, ms: int) -> str:
    """What a hand on the motor feels for ``ms``: '1' buzzing, '0' still, every 25 ms."""
    felt = []
    for _ in range(ms // STEP):
        sim.run(ms=STEP)
        felt.append("1" if motor_on(board) else "0")
    return "".join(felt)


def buzzes(felt: str) -> int:
    return len([run for run in felt.split("0") if run])


def start(sim: Simulation):
    board = sim.add_board(PROGRAM, circuit=CIRCUIT)
    sim.run(ms=500)
    return board


@criterion(1)
def test_each_press_of_a_is_felt_as_one_buzz() -> None:
    with Simulation(seed=1) as sim:
        board = start(sim)
        assert buzzes(feel(sim, board, 1000)) == 0, "still until something is pressed"
        for _ in range(3):
            board.press("A")
            assert buzzes(feel(sim, board, 1500)) == 1, "one press, one buzz"
        assert board.error is None


@criterion(2)
def test_the_logo_buzzes_once_for_each_minute() -> None:
    with Simulation(seed=1) as sim:
        board = start(sim)
        board.touch("logo", hold_ms=100)
        assert buzzes(feel(sim, board, 3000)) == 1, "1 minute: one buzz"
        for _ in range(2):                   # 1 + 2 = 3 minutes
            board.press("A")
            feel(sim, board, 1500)
        board.touch("logo", hold_ms=100)
        assert buzzes(feel(sim, board, 4000)) == 3, "3 minutes: three buzzes"
        assert board.error is None


@criterion(3)
def test_time_up_buzzes_until_a_button_is_pressed() -> None:
    with Simulation(seed=1) as sim:
        board = start(sim)
        board.press("A")                     # 2 minutes
        feel(sim, board, 1500)
        board.press("B")
        feel(sim, board, 2000)               # the start
        sim.run(ms=2 * MINUTE - 40_000)
        assert buzzes(feel(sim, board, 30_000)) == 0, "still while the time runs"
        sim.run(ms=12_000)                   # now 2 min 4 s after the start
        assert buzzes(feel(sim, board, 5000)) >= 2, "time is up: it buzzes again and again"
        sim.run(ms=30_000)
        assert buzzes(feel(sim, board, 5000)) >= 2, "and keeps on until someone presses"
        board.press("A")
        feel(sim, board, 1500)               # a "got it" buzz is fine
        assert buzzes(feel(sim, board, 20_000)) == 0, "a press stops it"
        assert board.error is None


@criterion(4)
def test_no_sound_at_all() -> None:
    with Simulation(seed=1) as sim:
        board = start(sim)
        board.press("B")                     # 1 minute
        sim.run(ms=MINUTE + 10_000)
        board.press("B")
        sim.run(ms=3000)
        board.touch("logo", hold_ms=100)
        sim.run(ms=3000)
        heard = [e for e in board.events if isinstance(e, SOUNDS)]
        assert heard == [], "the timer never makes a sound"
        assert board.error is None
