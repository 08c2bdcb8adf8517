"""S04 talking and flashing thermometer: the picture, the voice and the hot warning."""

from __future__ import annotations

from pathlib import Path

from terakoya.simulator import Simulation
from terakoya.simulator.model.audio import SpeechSpoken

HERE = Path(__file__).parent
SNOW = "00900:90909:09990:90909:00900"
SUN = "09990:99999:99999:99999:09990"
HAPPY = "00000:09090:00000:90009:09990"
BLANK = "00000:00000:00000:00000:00000"


def spoken(board) -> list[str]:
    return [e.text for e in board.events if isinstance(e, SpeechSpoken)]


def test_the_picture_follows_the_temperature() -> None:
    with Simulation(seed=1) as sim:
        board = sim.add_board(HERE / "solution.py")
        for value, image in ((10, SNOW), (22, HAPPY), (14, SNOW), (15, HAPPY)):
            board.set("temperature", value)
            sim.run(ms=1200)
            assert board.display_image() == image, value
        assert board.model.pins.output("pin0").value == 0
        assert spoken(board) == []  # nothing is said until someone asks, or it gets hot
        assert board.error is None


def test_button_a_says_the_temperature_in_words() -> None:
    with Simulation(seed=1) as sim:
        board = sim.add_board(HERE / "solution.py")
        for value, said in ((21, "twenty one"), (13, "thirteen"), (20, "twenty"),
                            (-3, "minus three")):
            board.set("temperature", value)
            sim.run(ms=1000)
            board.press("A")
            sim.run(ms=4000)
            assert spoken(board)[-1] == "It is " + said + " degrees.", value
            assert "temperature: %d C" % value in board.serial_output
        assert board.error is None


def test_button_b_scrolls_the_number() -> None:
    with Simulation(seed=1) as sim:
        board = sim.add_board(HERE / "solution.py")
        board.set("temperature", 24)
        sim.run(ms=1000)
        board.press("B")
        sim.run(ms=500)
        assert board.display_image() not in (HAPPY, BLANK)  # the digits are scrolling
        sim.run(ms=6000)
        assert board.display_image() == HAPPY
        assert board.error is None


def test_hot_speaks_once_lights_pin0_and_blinks_slowly() -> None:
    with Simulation(seed=1) as sim:
        board = sim.add_board(HERE / "solution.py")
        sim.run(ms=1000)
        board.set("temperature", 31)
        sim.run(ms=6000)
        assert spoken(board) == ["Hot! thirty one degrees."]
        assert "hot: 31 C" in board.serial_output
        assert board.model.pins.output("pin0").value == 1
        start = len(board.display_history())
        sim.run(ms=3000)
        changes = board.display_history()[start:]
        assert SUN in changes and BLANK in changes
        assert len(changes) <= 3 * 2 * 3  # at most 3 flashes a second (WCAG 2.3.1)
        board.set("temperature", 25)
        sim.run(ms=1200)
        assert board.display_image() == HAPPY
        assert board.model.pins.output("pin0").value == 0
        assert spoken(board) == ["Hot! thirty one degrees."]
        assert board.error is None


def test_starter_runs_and_shows_the_number() -> None:
    with Simulation(seed=1) as sim:
        board = sim.add_board(HERE / "starter.py")
        sim.run(ms=1000)
        board.press("A")
        sim.run(ms=6000)
        assert "temperature: 21 C" in board.serial_output
        assert board.error is None
