"""E10 town watch-over: a home board sends signs of everyday life, a watcher board listens."""

from __future__ import annotations

from pathlib import Path

from terakoya.simulator import Simulation
from terakoya.simulator.board_modules.microbit.images_data import BUILTIN_IMAGES as IMG
from terakoya.simulator.model.audio import MelodyStarted

HERE = Path(__file__).parent
SOLUTION = HERE / "solution.py"
STARTER = HERE / "starter.py"


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
