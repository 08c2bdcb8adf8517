"""The lessons a pupil can pick and their starter programs: every lesson of the catalog with a
starter for a board the simulator has (a micro:bit first, if the lesson has one), with the
files the board needs beside the program (a circuit.toml, the lesson's own modules)."""

from __future__ import annotations

from functools import cache

from ..curriculum.catalog import Lesson, default_root, find_lessons
from ..simulator.boards import DEFAULT_BOARD, board_ids
from .store import PROGRAM_NAME

BLANK = "from microbit import *\n\n\nwhile True:\n    display.show(Image.HEART)\n    sleep(1000)\n"
NOT_ON_THE_BOARD = ("starter.py", "solution.py", "main.py")
MAX_LESSON_FILE = 256 * 1024


@cache
def _lessons() -> dict[str, Lesson]:
    found = {}
    for lesson in find_lessons(default_root()):
        if PROGRAM_NAME.match(lesson.id) and _kind(lesson) is not None and \
                (lesson.folder / "starter.py").is_file():
            found[lesson.id] = lesson
    return found


def _kind(lesson: Lesson) -> str | None:
    boards = [b for b in lesson.data.get("boards", []) if b in board_ids()]
    if not boards:
        return None
    return DEFAULT_BOARD if DEFAULT_BOARD in boards else boards[0]


def lesson_list(lang: str) -> list[dict[str, str]]:
    return [{"id": lesson_id, "title": lesson.title(lang), "board": _kind(lesson) or ""}
            for lesson_id, lesson in sorted(_lessons().items())]


def lesson_kind(name: str) -> str:
    """The board a program runs on: its lesson's (a micro:bit for a blank program)."""
    lesson = _lessons().get(name)
    return (_kind(lesson) if lesson is not None else None) or DEFAULT_BOARD


def lesson_files(name: str) -> dict[str, bytes]:
    """What goes beside the pupil's main.py: the lesson's circuit and modules."""
    lesson = _lessons().get(name)
    if lesson is None:
        return {}
    files = {}
    for path in sorted(lesson.folder.iterdir()):
        wanted = path.name == "circuit.toml" or (
            path.suffix == ".py" and path.name not in NOT_ON_THE_BOARD
            and not path.name.startswith("test_"))
        if wanted and path.is_file() and path.stat().st_size <= MAX_LESSON_FILE:
            files[path.name] = path.read_bytes()
    return files


def starter_text(name: str) -> str | None:
    """The program a pupil starts from: a lesson's starter, or the blank program."""
    if name == "blank":
        return BLANK
    lesson = _lessons().get(name)
    if lesson is None:
        return None
    return (lesson.folder / "starter.py").read_text(encoding="utf-8", errors="replace")
