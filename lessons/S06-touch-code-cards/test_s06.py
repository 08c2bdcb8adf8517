"""S06 code cards you can feel: a card's resistor read on pin 1 plays its note and joins
the song; B plays the song in card order, a "repeat" card plays everything before it again,
and an unknown card is answered with "once more" and left out.

The cards are the lesson's resistors in its reader (circuit.toml: a card's kΩ from 3V to pin
1, 10 kΩ to GND); the notes may be in any octave and played with music.play or music.pitch,
and the pictures are the pupil's own.
"""

from __future__ import annotations

import math
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
CIRCUIT = (HERE / "circuit.toml").read_text(encoding="utf-8")  # the reader, for any program
CARD = {"do": 1, "mi": 4.7, "so": 15, "repeat": 47}   # kΩ: pin 1 reads 930, 696, 409, 179
UNKNOWN = 8.2                     # kΩ, reads 562: a card the reader does not know
LETTER = {0: "C", 2: "D", 4: "E", 5: "F", 7: "G", 9: "A", 11: "B"}


def notes(board, mark: int = 0) -> list[str]:
    """The note letters the board played since ``mark`` (a melody's notes are tones too)."""
    heard = []
    for event in board.events[mark:]:
        if isinstance(event, ToneStarted) and event.frequency_hz > 0:
            semitone = round(12 * math.log2(event.frequency_hz / 261.63)) % 12
            heard.append(LETTER.get(semitone, "?"))
    return heard


def insert(sim: Simulation, board, kohm: float) -> int:
    """Push a card in, wait, take it out; the events' index before it went in."""
    mark = len(board.events)
    board.set("reader.kohm", kohm)
    sim.run(ms=1500)
    board.set("reader.connected", 0)
    sim.run(ms=600)
    return mark


def song(sim: Simulation, board, cards: list[str]) -> list[str]:
    for name in cards:
        insert(sim, board, CARD[name])
    mark = len(board.events)
    board.press("B")
    sim.run(ms=12_000)
    return notes(board, mark)


def start(sim: Simulation):
    board = sim.add_board(PROGRAM, circuit=CIRCUIT)
    sim.run(ms=500)
    return board


@criterion(1)
def test_each_card_plays_its_own_note() -> None:
    with Simulation(seed=1) as sim:
        board = start(sim)
        heard = [notes(board, insert(sim, board, CARD[n])) for n in ("do", "mi", "so")]
        assert heard == [["C"], ["E"], ["G"]], "do, mi and so each play their note once"
        mark = len(board.events)
        board.set("reader.kohm", CARD["mi"])   # a card left in the reader plays once only
        sim.run(ms=5000)
        assert notes(board, mark) == ["E"]
        assert board.error is None


@criterion(2)
def test_b_plays_the_song_in_the_order_of_the_cards() -> None:
    with Simulation(seed=1) as sim:
        board = start(sim)
        assert song(sim, board, ["do", "so", "mi", "do"]) == ["C", "G", "E", "C"]
        board.press("A")                   # a new song
        sim.run(ms=2000)
        assert song(sim, board, ["so", "mi"]) == ["G", "E"]
        assert board.error is None


@criterion(3)
def test_the_repeat_card_plays_the_cards_before_it_again() -> None:
    with Simulation(seed=1) as sim:
        board = start(sim)
        assert song(sim, board, ["do", "mi", "repeat"]) == ["C", "E", "C", "E"]
        assert board.error is None


@criterion(4)
def test_an_unknown_card_asks_for_once_more_and_is_left_out() -> None:
    with Simulation(seed=1) as sim:
        board = start(sim)
        insert(sim, board, CARD["do"])
        before = len(board.events)
        shown = board.display_image()
        board.set("reader.kohm", UNKNOWN)
        sim.run(ms=3000)
        answered = [e for e in board.events[before:]
                    if isinstance(e, (MelodyStarted, ToneStarted, SoundEffectPlayed,
                                      SpeechSpoken))]
        assert answered, "the board answers an unknown card with a sound or its voice"
        assert board.display_image() != shown, "and with a picture"
        board.set("reader.connected", 0)
        sim.run(ms=600)
        insert(sim, board, CARD["mi"])
        mark = len(board.events)
        board.press("B")
        sim.run(ms=8000)
        assert notes(board, mark) == ["C", "E"], "the unknown card is not in the song"
        assert board.error is None
