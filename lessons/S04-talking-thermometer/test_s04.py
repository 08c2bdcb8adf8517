"""S04 talking and flashing thermometer: the picture, the voice and the hot warning.

The program under test is the pupil's (``terakoya lessons test S04 main.py``) or the
lesson's solution; the cold and hot thresholds are the pupil's own (snowflake below the one,
smile between, sun from the other up).
"""

from __future__ import annotations

from pathlib import Path

from terakoya.simulator import Simulation
from terakoya.simulator.model.audio import SpeechSpoken

from terakoya.curriculum.learner_tests import criterion, program

HERE = Path(__file__).parent
PROGRAM = program(HERE)
SNOW = "00900:90909:09990:90909:00900"
SUN = "09990:99999:99999:99999:09990"
HAPPY = "00000:09090:00000:90009:09990"
BLANK = "00000:00000:00000:00000:00000"
NUMBERS = {-3: "minus three", 13: "thirteen", 20: "twenty", 21: "twenty one"}
VERY_HOT = 45


def spoken(board) -> list[str]:
    return [e.text for e in board.events if isinstance(e, SpeechSpoken)]


def pictures_at(sim, board, temperature: int) -> set[str]:
    """The pictures shown in the second after the temperature settled (a blink's blank
    left out)."""
    board.set("temperature", temperature)
    sim.run(ms=1500)
    before = len(board.display_history())
    sim.run(ms=1500)
    shown = set(board.display_history()[before:]) | {board.display_image()}
    return shown - {BLANK}


@criterion(2)
def test_the_picture_follows_the_temperature() -> None:
    with Simulation(seed=1) as sim:
        board = sim.add_board(PROGRAM)
        order = []
        for temperature in range(-5, VERY_HOT + 1, 2):
            shown = pictures_at(sim, board, temperature)
            kind = "snow" if SNOW in shown else "sun" if SUN in shown else \
                "smile" if HAPPY in shown else "other"
            if not order or order[-1] != kind:
                order.append(kind)
        assert order == ["snow", "smile", "sun"], \
            f"from cold to hot the pictures go {order}: snowflake, smile, then sun"
        assert board.error is None


@criterion(1)
def test_button_a_says_the_temperature() -> None:
    with Simulation(seed=1) as sim:
        board = sim.add_board(PROGRAM)
        for value, said in NUMBERS.items():
            board.set("temperature", value)
            sim.run(ms=1000)
            board.press("A")
            sim.run(ms=4000)
            heard = spoken(board)
            assert heard, "button A says nothing"
            assert said in heard[-1] or str(value) in heard[-1].split(), \
                f"at {value} degrees A says {heard[-1]!r}"
        assert board.error is None


def test_button_b_scrolls_the_number() -> None:
    with Simulation(seed=1) as sim:
        board = sim.add_board(PROGRAM)
        board.set("temperature", 24)
        sim.run(ms=1000)
        board.press("B")
        sim.run(ms=500)
        assert board.display_image() not in (HAPPY, BLANK)  # the digits are scrolling
        sim.run(ms=6000)
        assert board.display_image() == HAPPY
        assert board.error is None


@criterion(3)
def test_hot_speaks_once_lights_pin0_and_blinks_slowly() -> None:
    with Simulation(seed=1) as sim:
        board = sim.add_board(PROGRAM)
        board.set("temperature", 10)
        sim.run(ms=1500)
        quiet = len(spoken(board))
        board.set("temperature", VERY_HOT)
        sim.run(ms=6000)
        assert len(spoken(board)) == quiet + 1, "when it gets hot, say so once"
        assert board.model.pins.output("pin0").value == 1, "when hot, switch the LED on pin 0 on"
        start = len(board.display_history())
        sim.run(ms=3000)
        changes = board.display_history()[start:]
        assert SUN in changes and BLANK in changes, "when hot, the sun should blink"
        assert len(changes) <= 3 * 2 * 3, "it blinks more than 3 times a second (WCAG 2.3.1)"
        board.set("temperature", 10)
        sim.run(ms=1500)
        assert board.model.pins.output("pin0").value == 0
        assert len(spoken(board)) == quiet + 1
        assert board.error is None


def test_starter_runs_and_shows_the_number() -> None:
    with Simulation(seed=1) as sim:
        board = sim.add_board(HERE / "starter.py")
        sim.run(ms=1000)
        board.press("A")
        sim.run(ms=6000)
        assert "temperature: 21 C" in board.serial_output
        assert board.error is None
