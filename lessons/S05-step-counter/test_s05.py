"""S05 step counter and bag alarm: steps with sound, the spoken count, the bag alarm.

The tests marked with a criterion check what every pupil's program of the lesson does
(``terakoya lessons test S05 main.py``; by default the lesson's solution): one sound for
each shake, the count said when A is pressed (in words or digits), and in bag mode (button B)
an alarm that sounds when the bag is moved and stops with A. The others describe the lesson's
own solution.
"""

from __future__ import annotations

from pathlib import Path

from terakoya.simulator import Simulation
from terakoya.simulator.model.audio import MelodyStarted, SpeechSpoken, ToneStarted

from terakoya.curriculum.learner_tests import criterion, program

HERE = Path(__file__).parent
PROGRAM = program(HERE)
SOLUTION = HERE / "solution.py"
SOUNDS = (MelodyStarted, ToneStarted)
WALK = "00900:99999:00900:09090:90009"
LOCK = "09990:09090:99999:99999:99999"
NO = "90009:09090:00900:09090:90009"


def spoken(board) -> list[str]:
    return [e.text for e in board.events if isinstance(e, SpeechSpoken)]


def melodies(board) -> int:
    return sum(isinstance(e, MelodyStarted) for e in board.events)


def beeps(board, frequency: int) -> int:
    return sum(isinstance(e, ToneStarted) and abs(e.frequency_hz - frequency) < 5
               for e in board.events)


def walk(sim, board, steps: int) -> None:
    for _ in range(steps):
        board.gesture("shake")
        sim.run(ms=700)


def start_bag_mode(sim, board) -> None:
    board.press("B")
    sim.run(ms=6000)
    assert board.display_image() == LOCK
    assert "bag mode: watching" in board.serial_output


def sounds(board) -> int:
    return sum(isinstance(e, SOUNDS) for e in board.events)


@criterion(1)
def test_each_shake_makes_one_sound() -> None:
    with Simulation(seed=1) as sim:
        board = sim.add_board(PROGRAM)
        sim.run(ms=1000)
        for step in range(1, 13):
            before = sounds(board)
            walk(sim, board, 1)
            assert sounds(board) > before, f"shake number {step} made no sound"
        sim.run(ms=1000)
        quiet = sounds(board)
        sim.run(ms=5000)
        assert sounds(board) == quiet, "sounds go on without a shake"
        assert board.error is None


@criterion(2)
def test_button_a_says_the_number_of_steps() -> None:
    with Simulation(seed=1) as sim:
        board = sim.add_board(PROGRAM)
        sim.run(ms=1000)
        for shakes, total, said in ((0, 0, "zero"), (1, 1, "one"), (20, 21, "twenty one")):
            walk(sim, board, shakes)
            board.press("A")
            sim.run(ms=6000)
            heard = spoken(board)
            assert heard, "button A says nothing"
            assert said in heard[-1] or str(total) in heard[-1].split(), \
                f"after {total} steps A says {heard[-1]!r}"


@criterion(3)
def test_bag_mode_alarm_when_moved_stopped_by_a() -> None:
    with Simulation(seed=1) as sim:
        board = sim.add_board(PROGRAM)
        sim.run(ms=500)
        board.press("B")
        sim.run(ms=6000)
        quiet = sounds(board)
        sim.run(ms=10_000)  # nobody touches the bag
        assert sounds(board) == quiet, "the bag alarm sounds with nobody touching the bag"
        board.set("accelerometer_x", 600)  # someone lifts the bag
        sim.run(ms=3000)
        ringing = sounds(board)
        assert ringing > quiet, "moving the bag does not sound the alarm"
        sim.run(ms=3000)
        assert sounds(board) > ringing, "the alarm should keep sounding until A is pressed"
        board.press("A")
        sim.run(ms=4000)
        stopped = sounds(board)
        sim.run(ms=3000)
        assert sounds(board) == stopped, "button A does not stop the alarm"
        assert board.error is None


def test_each_shake_is_a_step_with_a_beep_and_a_ding_every_ten() -> None:
    with Simulation(seed=1) as sim:
        board = sim.add_board(SOLUTION)
        sim.run(ms=500)
        assert board.display_image() == WALK
        walk(sim, board, 3)
        assert "steps: 3" in board.serial_output
        assert beeps(board, 1000) == 3
        assert melodies(board) == 0
        walk(sim, board, 7)
        assert "steps: 10" in board.serial_output
        assert beeps(board, 1000) == 9
        assert melodies(board) == 1
        assert board.error is None


def test_button_a_says_the_steps_in_words() -> None:
    with Simulation(seed=1) as sim:
        board = sim.add_board(SOLUTION)
        sim.run(ms=500)
        board.press("A")
        sim.run(ms=4000)
        walk(sim, board, 1)
        board.press("A")
        sim.run(ms=4000)
        walk(sim, board, 124)
        board.press("A")
        sim.run(ms=8000)
        assert spoken(board) == ["zero steps.", "one step.",
                                 "one hundred twenty five steps."]
        assert board.display_image() == WALK
        assert board.error is None


def test_bag_alarm_sounds_when_moved_until_a_is_pressed() -> None:
    with Simulation(seed=1) as sim:
        board = sim.add_board(SOLUTION)
        sim.run(ms=500)
        start_bag_mode(sim, board)
        assert spoken(board) == ["Bag mode."]
        before = melodies(board)
        sim.run(ms=10000)  # nobody touches the bag: quiet
        assert melodies(board) == before
        assert "alarm" not in board.serial_output
        board.set("accelerometer_x", 600)  # someone lifts the bag
        sim.run(ms=3000)
        assert "bag moved! alarm" in board.serial_output
        assert NO in board.display_history()
        ringing = melodies(board)
        assert ringing > before
        sim.run(ms=3000)
        assert melodies(board) > ringing  # it keeps ringing
        board.press("A")
        sim.run(ms=4000)
        assert "alarm stopped" in board.serial_output
        assert spoken(board)[-1] == "Alarm off. Step mode."
        assert board.display_image() == WALK
        stopped = melodies(board)
        sim.run(ms=3000)
        assert melodies(board) == stopped
        assert "steps:" not in board.serial_output  # the alarm's shaking is no step
        assert board.error is None


def test_a_shake_in_the_bag_also_sounds_the_alarm() -> None:
    with Simulation(seed=1) as sim:
        board = sim.add_board(SOLUTION)
        sim.run(ms=500)
        start_bag_mode(sim, board)
        board.gesture("shake")
        sim.run(ms=1000)
        assert "bag moved! alarm" in board.serial_output
        assert board.error is None


def test_button_b_in_bag_mode_goes_back_to_counting() -> None:
    with Simulation(seed=1) as sim:
        board = sim.add_board(SOLUTION)
        sim.run(ms=500)
        start_bag_mode(sim, board)
        board.press("B")
        sim.run(ms=3000)
        assert "step mode" in board.serial_output
        assert "alarm" not in board.serial_output
        assert board.display_image() == WALK
        walk(sim, board, 2)
        assert "steps: 2" in board.serial_output
        assert board.error is None


def test_starter_counts_shakes() -> None:
    with Simulation(seed=1) as sim:
        board = sim.add_board(HERE / "starter.py")
        sim.run(ms=500)
        walk(sim, board, 2)
        assert "steps: 2" in board.serial_output
        assert board.error is None
