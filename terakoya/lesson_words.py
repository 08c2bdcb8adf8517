"""A lesson's id where a program is expected: ``terakoya run E03``, ``sim E03``, ``check E03``
find the lesson's folder (its starter runs, with the lesson's modules), and
``terakoya lessons get E03`` copies it into the student's own folder."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from .host_tools.paths import free_path

LESSON_ID = re.compile(r"[A-Za-z]\d\d")
STUDENT_FILES = ("starter.py",)  # becomes main.py
NOT_FOR_STUDENTS = ("solution.py", "lesson.toml", "guide.ja.md", "guide.en.md")


def program_path(word: Path) -> Path:
    """``word`` itself if it names a file or folder, else the folder of the lesson with that
    id (E03, any case), else ``word`` (whose absence the caller reports)."""
    if word.exists() or not LESSON_ID.fullmatch(str(word)):
        return word
    from .curriculum.catalog import find_lesson

    lesson = find_lesson(str(word))
    return lesson.folder if lesson is not None else word


def copy_lesson(folder: Path, to: Path) -> Path:
    """The lesson's starter (as main.py), its modules and its circuit into a new folder under
    ``to`` named after the lesson (``E03-night-light``; ``-2``… if that name is taken): never
    over a student's files. Returns the new folder."""
    target = free_path(to / folder.name)
    staging = to / f".{target.name}.partial"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        for path in sorted(folder.iterdir()):
            name = path.name
            if not path.is_file() or name in NOT_FOR_STUDENTS or name.startswith("test_"):
                continue
            if name.endswith(".py") or name == "circuit.toml" or name.endswith(".csv"):
                shutil.copyfile(path, staging / ("main.py" if name in STUDENT_FILES else name))
        staging.rename(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target
