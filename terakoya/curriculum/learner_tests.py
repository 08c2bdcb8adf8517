"""What a lesson's tests need to be tests a learner can run.

A lesson's ``test_*.py`` checks *a* program, not the reference: by default the lesson's
``solution.py``; ``terakoya lessons test E03 my_main.py`` points it at a pupil's file through
the ``TERAKOYA_PROGRAM`` environment variable. Each test says which "I can" statement
(``success_criteria`` in ``lesson.toml``, numbered from 1) it is evidence for, so the result
can be told as "I can ... : yes / not yet", with a hint for the first one not met::

    from terakoya.curriculum.learner_tests import criterion, program

    PROGRAM = program(Path(__file__).parent)

    @criterion(2)
    def test_the_lamp_is_on_when_it_is_dark(): ...

Tests check what every correct program does (the lamp comes on when it is dark enough and
never flickers at its own threshold), never the reference's numbers.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

PROGRAM_ENV = "TERAKOYA_PROGRAM"


def program(here: Path, default: str = "solution.py") -> Path:
    """The program the lesson's tests check: the pupil's file when one is given, else the
    lesson's own ``default`` file in ``here``. A relative name is the lesson's own file
    (``TERAKOYA_PROGRAM=starter.py`` checks every lesson's starter)."""
    chosen = os.environ.get(PROGRAM_ENV)
    return Path(here) / (chosen or default)  # an absolute path stays itself


def criterion(*numbers: int) -> pytest.MarkDecorator:
    """Mark a test as evidence for the "I can" statements ``numbers`` (1 = the first)."""
    if not numbers or any(not isinstance(n, int) or n < 1 for n in numbers):
        raise ValueError("criterion() takes the numbers (from 1) of success_criteria")
    return pytest.mark.criterion(*numbers)


def lit(image: str) -> int:
    """How many LEDs are on in a picture as ``SimBoard.display_image()`` gives it."""
    return sum(char not in "0:" for char in image)


def switch_point(state: Callable[[int], object], low: int, high: int) -> int | None:
    """The lowest value in ``low..high`` where ``state(value)`` is no longer ``state(low)``,
    found by halving, or None when ``state(high)`` is still the same. For a program that
    switches once along the scale (a light on below its own threshold, a fan on above its
    own): ``state`` sets the input, lets the program run and says what it does."""
    first = state(low)
    if state(high) == first:
        return None
    while high - low > 1:
        middle = (low + high) // 2
        if state(middle) == first:
            low = middle
        else:
            high = middle
    return high


def scroll_run(history: list[str]) -> int:
    """The longest run of pictures in ``history`` (``SimBoard.display_history()``) where each
    is the one before moved one column to the left: text scrolling by, whatever it says."""
    best = run = 0
    for before, after in zip(history, history[1:]):
        old, new = before.split(":"), after.split(":")
        moved = len(old) == len(new) and all(n[:-1] == o[1:] for o, n in zip(old, new))
        run = run + 1 if moved else 0
        best = max(best, run)
    return best
