"""A pupil's program checked with its lesson's tests: ``terakoya lessons test`` as it runs in a
terminal (a process of its own, so a lesson's tests never share the server's state), told to
the pupil in the same plain lines, and counted for the teacher's page.

Lesson tests take seconds of the processor: one runs at a time, the others wait their turn.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

from ..curriculum.learner_report import MET, NOT_YET, TEACHER, WORDS

TIMEOUT_S = 180
_turn = threading.Semaphore(1)


def run_lesson_test(lesson_id: str, program: Path, lang: str) -> dict:
    """The report's lines, and how many "I can" statements are met, not yet, or the
    teacher's to check."""
    lang = "ja" if lang == "ja" else "en"
    command = [sys.executable, "-m", "terakoya", "lessons", "test", lesson_id, str(program),
               "--lang", lang]
    with _turn:
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_S,
                                  cwd=program.parent, check=False)
        except (OSError, subprocess.TimeoutExpired) as problem:
            return {"lines": [str(problem)], "met": 0, "not_yet": 0, "teacher": 0}
    lines = done.stdout.splitlines()[1:]  # the first names the file: the page knows it
    if not lines:  # a usage problem: one plain line on standard error
        lines = [line.removeprefix("terakoya: ") for line in done.stderr.splitlines()[-1:]]
    words = WORDS[lang]
    counts = {key: sum(line.startswith(f"  [{words[status]}]") for line in lines)
              for key, status in (("met", MET), ("not_yet", NOT_YET), ("teacher", TEACHER))}
    return {"lines": lines, **counts}
