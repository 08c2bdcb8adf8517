"""S08 choose with two switches: switch 1 (pin 0) steps to the next choice, once per press
however long it is held or however shaky; each choice has its own sound cue; switch 2
(pin 2) chooses, and the board shows, sounds and prints the choice. Nothing happens by
itself. The choices, pictures and tunes are the pupil's own. The switches are the lesson's
circuit.toml (each from its pin to GND), pressed as the real ones are.
"""

from __future__ import annotations

from pathlib import Path

from terakoya.simulator import Simulation
from terakoya.simulator.model.audio import ToneStarted

from terakoya.curriculum.learner_tests import criterion, program

HERE = Path(__file__).parent
PROGRAM = program(HERE)
CIRCUIT = (HERE / "circuit.toml").read_text(encoding="utf-8")  # the switches, for any program


def start(sim: Simulation):
    board = sim.add_board(PROGRAM, circuit=CIRCUIT)
    sim.run(ms=1000)
    return board


def step(sim: Simulation, board, hold_ms: int = 150) -> str:
    board.press("switch1", hold_ms=hold_ms)
    sim.run(ms=hold_ms + 1200)
    return board.display_image()


def tones(board, mark: int) -> tuple[int, ...]:
    return tuple(round(e.frequency_hz) for e in board.events[mark:]
                 if isinstance(e, ToneStarted) and e.frequency_hz > 0)


def lines(board) -> list[str]:
    return [line for line in board.serial_output.replace("\r", "").split("\n") if line]


@criterion(1)
def test_switch_1_steps_once_per_press_and_comes_round_again() -> None:
    with Simulation(seed=1) as sim:
        board = start(sim)
        seen = [board.display_image()]
        for _ in range(12):
            seen.append(step(sim, board))
            if seen[-1] == seen[0]:
                break
        assert len(seen) >= 3 and seen[-1] == seen[0], "the choices come round again"
        count = len(seen) - 1
        assert len(set(seen[:-1])) == count, "each press shows a new choice"
        board.press("switch1", hold_ms=3000)     # pressed and held: still one step
        sim.run(ms=4500)
        assert board.display_image() == seen[1]
        board.press("switch1", hold_ms=60)       # a shaky press: two touches close together
        sim.run(ms=120)
        board.press("switch1", hold_ms=60)
        sim.run(ms=1500)
        assert board.display_image() == seen[2], "a shaky press counts once"
        assert board.error is None


@criterion(2)
def test_switch_2_chooses_and_tells_everyone() -> None:
    with Simulation(seed=1) as sim:
        board = start(sim)
        sim.run(ms=60_000)                    # no hurry: nothing is chosen by itself
        assert lines(board) == []
        first = board.display_image()
        mark = len(board.events)
        board.press("switch2", hold_ms=150)
        sim.run(ms=1500)
        assert tones(board, mark), "choosing plays a sound"
        assert board.display_image() == first, "the chosen picture stays"
        said = lines(board)
        assert len(said) == 1, "the choice is written once for the partner"
        sim.run(ms=4000)
        step(sim, board)
        board.press("switch2", hold_ms=150)
        sim.run(ms=5000)
        assert len(lines(board)) == 2 and lines(board)[1] != said[0], "a new choice, new words"
        assert board.error is None


@criterion(3)
def test_each_choice_has_its_own_sound() -> None:
    with Simulation(seed=1) as sim:
        board = start(sim)
        cues = []
        for _ in range(3):
            mark = len(board.events)
            step(sim, board)
            cues.append(tones(board, mark))
        assert all(cues), "moving to a choice plays its sound"
        assert len(set(cues)) == 3, "every choice sounds different"
        assert board.error is None
