"""Sonification: the board heard instead of seen, for learners who cannot see it.

- **The 5×5 LEDs** as a sweep of the columns from left to right: in each column every lit
  LED sounds at once, its pitch telling its row (the top row highest) and its loudness its
  brightness; a column with nothing lit is a silence of the same length, so where a column
  is can be heard. A low click before the sweep marks where it starts. The notes are a
  pentatonic scale (C D E G A): any picture sounds like a chord, never a clash, and two
  neighbouring rows are always told apart.
- **A value** (a sensor slider) as one short note: the lowest value 220 Hz, the highest
  1760 Hz (three octaves), spaced so that each step up sounds the same size (a pitch scale is
  logarithmic), as a talking thermometer's "higher" should.

Only sounds are described here (``Chord``: notes and a length); the window turns them into
samples with ``samples`` and plays them. No pygame.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Sequence
from dataclasses import dataclass

ROW_HZ = (1046.5, 880.0, 784.0, 659.3, 523.3)  # C6 A5 G5 E5 C5: top row first
COLUMN_MS = 160
START_HZ = 130.8  # C3: the click before a sweep
START_MS = 60
VALUE_LOW_HZ, VALUE_HIGH_HZ = 220.0, 1760.0
VALUE_MS = 180
FADE_MS = 8  # each note fades in and out: no clicks between columns
PEAK = 12_000


@dataclass(frozen=True)
class Chord:
    """Notes sounding together for ``ms``: (frequency in Hz, loudness 0-1). No notes: a
    silence."""

    notes: tuple[tuple[float, float], ...]
    ms: int


def led_sweep(rows: Sequence[str | Sequence[int]]) -> list[Chord]:
    """The LED picture (rows of brightness 0-9, top row first, as ``display_rows()`` gives
    them) as a click and then one chord per column."""
    grid = [[int(v) for v in row] for row in rows]
    sweep = [Chord(((START_HZ, 0.5),), START_MS)]
    width = max((len(row) for row in grid), default=0)
    for column in range(width):
        notes = tuple((ROW_HZ[r % len(ROW_HZ)], row[column] / 9)
                      for r, row in enumerate(grid) if column < len(row) and row[column])
        sweep.append(Chord(notes, COLUMN_MS))
    return sweep


def value_pitch(value: float, minimum: float, maximum: float) -> float:
    """A value between ``minimum`` and ``maximum`` as a pitch, evenly spaced by ear."""
    span = maximum - minimum
    share = 0.0 if span <= 0 else max(0.0, min(1.0, (value - minimum) / span))
    return VALUE_LOW_HZ * (VALUE_HIGH_HZ / VALUE_LOW_HZ) ** share


def value_cue(value: float, minimum: float, maximum: float) -> list[Chord]:
    return [Chord(((value_pitch(value, minimum, maximum), 0.8),), VALUE_MS)]


def samples(chords: Sequence[Chord], rate: int) -> array:
    """16-bit signed mono samples of the chords one after another (sine tones, each note
    faded in and out; a chord of several notes shares the loudness so it never clips)."""
    out = array("h")
    fade = max(1, rate * FADE_MS // 1000)
    for chord in chords:
        count = max(1, rate * chord.ms // 1000)
        if not chord.notes:
            out.extend([0] * count)
            continue
        share = PEAK / max(1.0, sum(loud for _, loud in chord.notes))
        steps = [(2 * math.pi * hz / rate, loud * share) for hz, loud in chord.notes]
        for i in range(count):
            envelope = min(1.0, i / fade, (count - 1 - i) / fade)
            out.append(int(envelope * sum(gain * math.sin(step * i) for step, gain in steps)))
    return out
