"""R03 heatstroke alarm (a guide): the heat index from temperature and humidity, its band
shown as a gauge and a colour, and an alarm (sound, text, colour) that repeats until A.

The tests check what every correct program does, not the reference's numbers: the band
edges are the Ministry of the Environment's (fixed by the lesson), but the pupil may start
the alarm at 警戒 or 厳重警戒, pick their own notes and words, and repeat at their own pace.
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
from terakoya.simulator.model.neopixel import NeoPixelsShown

from terakoya.curriculum.learner_tests import criterion, program

HERE = Path(__file__).parent
PROGRAM = program(HERE)
SOUNDS = (MelodyStarted, ToneStarted, SoundEffectPlayed, SpeechSpoken)
COOL, WARM, HOT = 20, 31, 37   # °C: almost safe at any humidity here; 31 depends on it; danger


def start(sim: Simulation, temperature: float):
    board = sim.add_board(PROGRAM)
    board.set("temperature", temperature)
    sim.run(ms=1000)
    return board


def sounds(board, mark: int = 0) -> int:
    return sum(isinstance(e, SOUNDS) for e in board.events[mark:])


def colours(board, mark: int = 0) -> list[tuple[int, ...]]:
    return [e.colours[0] for e in board.events[mark:]
            if isinstance(e, NeoPixelsShown) and e.colours]


def lit(image: str) -> int:
    return sum(ch != "0" for ch in image if ch != ":")


def steady_picture(board, sim: Simulation) -> str:
    """The display once it stops changing (after any scrolling text)."""
    for _ in range(40):
        before = board.display_image()
        sim.run(ms=700)
        if board.display_image() == before:
            return before
    return board.display_image()


@criterion(1)
def test_button_b_sets_the_humidity_and_damp_air_reads_hotter() -> None:
    with Simulation(seed=1) as sim:
        board = start(sim, WARM)
        for _ in range(3):               # from 60 % up to 90 %
            board.press("B")
            sim.run(ms=7000)
        damp = steady_picture(board, sim)
        board.press("B")                 # after 90 % it goes back to 30 %
        sim.run(ms=7000)
        dry = steady_picture(board, sim)
        assert lit(damp) > lit(dry), "at 31 °C, 90 % humidity should read higher than 30 %"
        assert board.error is None


@criterion(2)
def test_hot_air_gives_colour_sound_and_text_and_cool_air_none() -> None:
    with Simulation(seed=1) as sim:
        board = start(sim, COOL)
        sim.run(ms=30_000)
        assert sounds(board) == 0, "no alarm sound when it is cool"
        cool = colours(board)
        printed = len(board.serial_output)
        mark = len(board.events)
        board.set("temperature", HOT)
        sim.run(ms=15_000)
        assert sounds(board, mark) >= 1, "an alarm sound within 15 s when it is hot"
        assert len(board.serial_output) > printed, "the alarm prints a message too"
        hot = colours(board, mark)
        assert hot, "the NeoPixel on pin 1 shows a colour"
        red, green, blue = hot[-1][:3]
        assert red > blue and red > green, "danger is shown in red"
        assert not cool or cool[-1] != hot[-1], "cool air and danger have different colours"
        assert board.error is None


@criterion(3)
def test_the_alarm_repeats_until_a_is_pressed() -> None:
    with Simulation(seed=1) as sim:
        board = start(sim, HOT)
        sim.run(ms=40_000)
        assert sounds(board) >= 2, "the alarm comes again while nobody has pressed A"
        board.press("A")
        sim.run(ms=3000)
        mark = len(board.events)
        sim.run(ms=60_000)
        assert sounds(board, mark) == 0, "quiet after A, while it stays the same"
        board.set("temperature", COOL)   # it cools down, and later gets hot again
        sim.run(ms=10_000)
        mark = len(board.events)
        board.set("temperature", HOT)
        sim.run(ms=15_000)
        assert sounds(board, mark) >= 1, "a new hot spell gives a new alarm"
        assert board.error is None
