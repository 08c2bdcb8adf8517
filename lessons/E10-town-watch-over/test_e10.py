"""E10 town watch-over: a home board sends signs of everyday life, a watcher board listens.

The pupil's program (``terakoya lessons test E10 main.py``, or the lesson's solution) is the
home board: it sends "genki" on group 31 when it senses a sign of life. The watcher's tests
describe the lesson's own watcher (solution.py), whose waiting time the class chooses.
"""

from __future__ import annotations

from pathlib import Path

from terakoya.simulator import Simulation
from terakoya.simulator.board_modules.microbit.images_data import BUILTIN_IMAGES as IMG
from terakoya.simulator.model.audio import MelodyStarted

from terakoya.curriculum.learner_tests import criterion, program

HERE = Path(__file__).parent
SOLUTION = HERE / "solution.py"
PROGRAM = program(HERE)
STARTER = HERE / "starter.py"
LISTENER = ("from microbit import *\nimport radio\nradio.config(group=31)\nradio.on()\n"
            "while True:\n    m = radio.receive()\n    if m:\n        print(m)\n    sleep(10)\n")


def home_and_listener(sim: Simulation):
    listener = sim.add_board(source=LISTENER)
    home = sim.add_board(PROGRAM)
    home.set("light_level", 200)
    sim.run(ms=300)
    home.press("A")  # be the home board (a starter is one already)
    sim.run(ms=2000)
    return home, listener


def genki_heard(listener) -> int:
    return listener.serial_output.split().count("genki")


@criterion(2)
def test_the_home_board_sends_genki_when_it_is_moved() -> None:
    with Simulation(seed=5) as sim:
        home, listener = home_and_listener(sim)
        before = genki_heard(listener)
        home.gesture("shake")  # the fridge door opens
        sim.run(ms=2000)
        assert genki_heard(listener) > before, "a shake sends no 'genki'"
        assert home.error is None


@criterion(2)
def test_the_room_light_going_on_sends_genki_once() -> None:
    with Simulation(seed=7) as sim:
        home, listener = home_and_listener(sim)
        home.set("light_level", 10)  # night
        sim.run(ms=3000)
        before = genki_heard(listener)
        home.set("light_level", 200)  # the room light goes on in the morning
        sim.run(ms=10_000)
        assert genki_heard(listener) == before + 1, \
            "switching the light on should send one 'genki' (at the moment it goes on)"


@criterion(2)
def test_the_home_board_is_quiet_without_a_sign() -> None:
    with Simulation(seed=6) as sim:
        home, listener = home_and_listener(sim)
        before = genki_heard(listener)
        sim.run(ms=30_000)
        assert genki_heard(listener) == before, "'genki' is sent with no sign of life"


def start(sim: Simulation):
    home = sim.add_board(SOLUTION)
    watcher = sim.add_board(SOLUTION)
    sim.run(ms=200)
    home.press("A")
    watcher.press("B")
    sim.run(ms=500)
    return home, watcher


def melodies(board) -> int:
    return sum(isinstance(e, MelodyStarted) for e in board.events)


def test_signs_of_life_keep_the_watcher_calm() -> None:
    with Simulation(seed=1) as sim:
        home, watcher = start(sim)
        assert home.display_image() == IMG["HOUSE"]
        assert watcher.display_image() == IMG["HAPPY"]
        home.gesture("shake")  # the fridge door opens
        sim.run(ms=2000)
        home.set("light_level", 10)  # night
        sim.run(ms=1000)
        home.set("light_level", 200)  # the room light goes on in the morning
        sim.run(ms=2000)
        home.press("A")  # "I'm fine" by hand
        sim.run(ms=2000)
        assert [line for line in home.serial_output.splitlines() if "genki" in line] == [
            "sent genki: moved", "sent genki: light", "sent genki: button"]
        assert watcher.display_image() == IMG["HAPPY"]
        assert "no sign" not in watcher.serial_output


def test_no_sign_for_a_while_makes_the_watcher_ask() -> None:
    with Simulation(seed=2) as sim:
        home, watcher = start(sim)
        sim.run(ms=19000)
        assert watcher.display_image() == IMG["HAPPY"]
        sim.run(ms=3000)
        assert watcher.display_image() == IMG["CONFUSED"]
        assert "no sign for a while" in watcher.serial_output
        assert melodies(watcher) == 1  # one gentle sound, not an alarm that never stops
        home.gesture("shake")
        sim.run(ms=1000)
        assert "a sign again" in watcher.serial_output
        assert watcher.display_image() == IMG["HAPPY"]


def test_help_call_rings_until_someone_answers() -> None:
    with Simulation(seed=3) as sim:
        home, watcher = start(sim)
        watcher.press("A")  # an old press must not answer a later call
        sim.run(ms=500)
        home.press("B")
        sim.run(ms=5000)
        assert "help!" in watcher.serial_output
        assert watcher.display_image() == IMG["SURPRISED"]
        assert melodies(watcher) >= 2
        watcher.press("A")
        sim.run(ms=3000)
        assert "help answered" in watcher.serial_output
        assert watcher.display_image() == IMG["HAPPY"]
        rung = melodies(watcher)
        sim.run(ms=5000)
        assert melodies(watcher) == rung


def test_the_starter_sends_genki_when_shaken() -> None:
    with Simulation(seed=4) as sim:
        listener = sim.add_board(source=(
            "from microbit import *\nimport radio\nradio.config(group=31)\nradio.on()\n"
            "while running_time() < 3000:\n    m = radio.receive()\n"
            "    if m:\n        print(m)\n    sleep(20)\n"))
        home = sim.add_board(STARTER)
        sim.run(ms=500)
        home.gesture("shake")
        sim.run(ms=2000)
        assert home.error is None
        assert "genki" in listener.serial_output.split()
