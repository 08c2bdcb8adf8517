"""S03 switch-controlled toy: one press of a switch, one thing the toy does.

Switch 1 (pin 0) shows the next picture, switch 2 (pin 2) waves the servo arm on pin 1,
switch 3 (the logo or button A) plays a jingle on the speaker only, leaving pin 0 free as a
switch. Each press counts once however long it is held, and a shaky double press counts once.
"""

from __future__ import annotations

from pathlib import Path

from terakoya.simulator import Simulation
from terakoya.simulator.board_modules.microbit.images_data import BUILTIN_IMAGES as IMG
from terakoya.simulator.model.audio import MelodyStarted
from terakoya.simulator.model.pins import PinChanged

HERE = Path(__file__).parent


def image(name: str) -> str:
    return IMG[name]  # rows of brightness digits, '00000:09090:...'


def servo_duties(board, start: int = 0) -> list[int]:
    return [e.value for e in board.events[start:]
            if isinstance(e, PinChanged) and e.pin == "pin1" and e.mode == "write_analog"]


def tunes(board, start: int = 0) -> list[MelodyStarted]:
    return [e for e in board.events[start:] if isinstance(e, MelodyStarted)]


def test_switch_1_shows_the_next_picture_once_per_press() -> None:
    with Simulation(seed=1) as sim:
        board = sim.add_board(HERE / "solution.py")
        sim.run(ms=500)
        assert board.display_image() == image("HAPPY")
        seen = []
        for _ in range(4):
            board.touch("pin0", hold_ms=150)
            sim.run(ms=1000)
            seen.append(board.display_image())
        assert seen == [image(n) for n in ("HEART", "RABBIT", "DUCK", "HAPPY")]

        board.touch("pin0", hold_ms=3000)  # pressed and held: still one step
        sim.run(ms=4000)
        assert board.display_image() == image("HEART")
        assert board.error is None


def test_a_shaky_press_counts_once() -> None:
    with Simulation(seed=1) as sim:
        board = sim.add_board(HERE / "solution.py")
        sim.run(ms=500)
        board.touch("pin0", hold_ms=60)
        sim.run(ms=150)  # the hand slips off and lands again at once
        board.touch("pin0", hold_ms=60)
        sim.run(ms=1000)
        assert board.display_image() == image("HEART")


def test_switch_2_waves_the_servo_arm_and_comes_back_to_the_middle() -> None:
    with Simulation(seed=1) as sim:
        board = sim.add_board(HERE / "solution.py")
        sim.run(ms=500)
        output = board.model.pins.output("pin1")
        assert output.period_us == 20_000 and output.value == 77  # 90 degrees, 1.5 ms
        mark = len(board.events)
        board.touch("pin2", hold_ms=150)
        sim.run(ms=3000)
        assert servo_duties(board, mark) == [49, 105, 49, 105, 77]
        assert image("ARROW_N") in board.display_history()
        assert board.display_image() == image("HAPPY")  # the picture comes back


def test_switch_3_plays_a_jingle_on_the_speaker_only() -> None:
    with Simulation(seed=1) as sim:
        board = sim.add_board(HERE / "solution.py")
        sim.run(ms=500)
        board.touch("logo", hold_ms=150)
        sim.run(ms=1500)
        board.press("A", hold_ms=150)
        sim.run(ms=1500)
        played = tunes(board)
        assert [t.name for t in played] == ["JUMP_UP", "JUMP_UP"]
        assert all(t.pin is None and t.speaker for t in played)
        # pin 0 is still a switch after the sound
        board.touch("pin0", hold_ms=150)
        sim.run(ms=1000)
        assert board.display_image() == image("HEART")
        assert board.model.pins.mode("pin0") == "touch"
        assert board.error is None


def test_nothing_moves_or_sounds_without_a_switch() -> None:
    with Simulation(seed=1) as sim:
        board = sim.add_board(HERE / "solution.py")
        sim.run(ms=500)
        mark = len(board.events)
        sim.run(ms=10_000)
        assert servo_duties(board, mark) == [] and tunes(board, mark) == []
        assert board.display_image() == image("HAPPY")


def test_starter_smiles_while_switch_1_is_pressed() -> None:
    with Simulation(seed=1) as sim:
        board = sim.add_board(HERE / "starter.py")
        sim.run(ms=500)
        assert board.display_image() == image("ASLEEP")
        board.touch("pin0", hold_ms=500)
        sim.run(ms=200)
        assert board.display_image() == image("HAPPY")
        sim.run(ms=800)
        assert board.display_image() == image("ASLEEP")
