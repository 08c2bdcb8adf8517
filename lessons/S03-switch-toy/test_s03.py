"""S03 switch-controlled toy: one press of a switch, one thing the toy does.

Switch 1 (pin 0) shows the next picture, switch 2 (pin 2) waves the servo arm on pin 1,
switch 3 (the logo or button A) plays a jingle on the speaker only, leaving pin 0 free as a
switch. Each press counts once however long it is held, and a shaky double press counts once.

The learner's program (``terakoya lessons test S03 main.py``; by default the lesson's
solution) may give the three things to the three switches in any order: the tests marked
with a criterion check that each switch does one thing of its own, once per press, and that
nothing happens without a switch. The others describe the lesson's own solution.
"""

from __future__ import annotations

from pathlib import Path

from terakoya.simulator import Simulation
from terakoya.simulator.board_modules.microbit.images_data import BUILTIN_IMAGES as IMG
from terakoya.simulator.model.audio import MelodyStarted
from terakoya.simulator.model.pins import PinChanged

from terakoya.curriculum.learner_tests import criterion, program

HERE = Path(__file__).parent
PROGRAM = program(HERE)
SOLUTION = HERE / "solution.py"
SWITCHES = ("pin0", "pin2", "logo")


def image(name: str) -> str:
    return IMG[name]  # rows of brightness digits, '00000:09090:...'


def servo_duties(board, start: int = 0) -> list[int]:
    return [e.value for e in board.events[start:]
            if isinstance(e, PinChanged) and e.pin == "pin1" and e.mode == "write_analog"]


def tunes(board, start: int = 0) -> list[MelodyStarted]:
    return [e for e in board.events[start:] if isinstance(e, MelodyStarted)]


def what_it_does(switch: str, presses: list[int]) -> tuple[str, int, int, str]:
    """A fresh toy, the switch touched for each of ``presses`` (ms, 60 ms apart): which thing
    it did (servo, jingle, picture or nothing), how many servo moves and tunes, the picture."""
    with Simulation(seed=1) as sim:
        board = sim.add_board(PROGRAM)
        sim.run(ms=500)
        mark, before = len(board.events), board.display_image()
        for hold in presses:
            board.touch(switch, hold_ms=hold)
            sim.run(ms=60)
        sim.run(ms=5000)
        moves, played = len(servo_duties(board, mark)), len(tunes(board, mark))
        picture = board.display_image()
        kind = ("servo" if moves else "jingle" if played else
                "picture" if picture != before else "nothing")
        return kind, moves, played, picture


@criterion(3)
def test_each_switch_does_one_thing_of_its_own() -> None:
    kinds = [what_it_does(switch, [150])[0] for switch in SWITCHES]
    assert sorted(kinds) == ["jingle", "picture", "servo"], \
        f"pin 0, pin 2 and the logo do {kinds}: give each switch one of picture, servo, jingle"


@criterion(1)
def test_each_press_counts_once_even_a_shaky_one() -> None:
    for switch in SWITCHES:
        once = what_it_does(switch, [150])
        assert once[0] != "nothing", f"pressing {switch} does nothing"
        assert what_it_does(switch, [60, 60]) == once, f"a shaky press of {switch} counts twice"
        assert what_it_does(switch, [3000]) == once, f"holding {switch} down repeats it"


def test_switch_1_shows_the_next_picture_once_per_press() -> None:
    with Simulation(seed=1) as sim:
        board = sim.add_board(SOLUTION)
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
        board = sim.add_board(SOLUTION)
        sim.run(ms=500)
        board.touch("pin0", hold_ms=60)
        sim.run(ms=150)  # the hand slips off and lands again at once
        board.touch("pin0", hold_ms=60)
        sim.run(ms=1000)
        assert board.display_image() == image("HEART")


def test_switch_2_waves_the_servo_arm_and_comes_back_to_the_middle() -> None:
    with Simulation(seed=1) as sim:
        board = sim.add_board(SOLUTION)
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
        board = sim.add_board(SOLUTION)
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


@criterion(1, 3)
def test_nothing_moves_or_sounds_without_a_switch() -> None:
    with Simulation(seed=1) as sim:
        board = sim.add_board(PROGRAM)
        sim.run(ms=500)
        mark, picture = len(board.events), board.display_image()
        sim.run(ms=10_000)
        assert servo_duties(board, mark) == [] and tunes(board, mark) == []
        assert board.display_image() == picture


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
