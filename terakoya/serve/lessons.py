"""The lessons a pupil can pick (micro:bit lessons of the catalog) and their starter programs."""

from __future__ import annotations

from functools import cache

from ..curriculum.catalog import Lesson, default_root, find_lessons
from .store import PROGRAM_NAME

BLANK = "from microbit import *\n\n\nwhile True:\n    display.show(Image.HEART)\n    sleep(1000)\n"


@cache
def _lessons() -> dict[str, Lesson]:
    found = {}
    for lesson in find_lessons(default_root()):
        boards = lesson.data.get("boards", [])
        if PROGRAM_NAME.match(lesson.id) and "microbit" in boards and \
                (lesson.folder / "starter.py").is_file():
            found[lesson.id] = lesson
    return found


def lesson_list(lang: str) -> list[dict[str, str]]:
    return [{"id": lesson_id, "title": lesson.title(lang)}
            for lesson_id, lesson in sorted(_lessons().items())]


def starter_text(name: str) -> str | None:
    """The program a pupil starts from: a lesson's starter, or the blank program."""
    if name == "blank":
        return BLANK
    lesson = _lessons().get(name)
    if lesson is None:
        return None
    return (lesson.folder / "starter.py").read_text(encoding="utf-8", errors="replace")
