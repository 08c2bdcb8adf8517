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
CIRCUIT_AND_DATA = ("circuit.toml", "*.csv")  # beside the program on the computer


def program_path(word: Path) -> Path:
    """``word`` itself if it names a file or folder, else the folder of the lesson with that
    id (E03, any case), else ``word`` (whose absence the caller reports)."""
    if word.exists() or not LESSON_ID.fullmatch(str(word)):
        return word
    from .curriculum.catalog import find_lesson

    lesson = find_lesson(str(word))
    return lesson.folder if lesson is not None else word


def lesson_board(paths: list[Path]) -> str | None:
    """The board of the lesson the first of ``paths`` that belongs to one is for: the first
    board its lesson.toml names that is not "simulator" (``boards = ["esp32", "simulator"]``:
    esp32). A lesson's folder (or a file in it) has its lesson.toml; a folder that
    ``terakoya lessons get`` made carries the lesson's folder name (``C03-connected-monitor``,
    ``C03-connected-monitor-2``), which says the lesson. None for any other program."""
    for path in paths:
        boards = lesson_boards(path)
        if boards:
            return boards[0]
    return None


def lesson_boards(path: Path) -> list[str]:
    """The boards (their ids, not "simulator") the lesson of ``path`` names, in its order;
    none for a program that is no lesson's."""
    data = lesson_data(path.resolve() if path.is_dir() else path.resolve().parent)
    return _real_boards(data.get("boards", ()))


def board_for(word: str | None, paths: list[Path]) -> str:
    """The board to use: ``--board WORD`` if given, else the lesson's, else the micro:bit."""
    return word or lesson_board(paths) or "microbit"


def lesson_data(folder: Path) -> dict:
    """The lesson.toml of the lesson ``folder`` is (or was copied from by ``lessons get``);
    {} for a folder that is no lesson's."""
    import tomllib

    from .curriculum.catalog import find_lesson

    if not (folder / "lesson.toml").is_file():
        word = LESSON_ID.match(folder.name)
        lesson = find_lesson(word.group()) if word else None
        if lesson is None or not (folder.name == lesson.folder.name or re.fullmatch(
                re.escape(lesson.folder.name) + r"-\d+", folder.name)):
            return {}
        folder = lesson.folder
    try:
        data = tomllib.loads((folder / "lesson.toml").read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return {}
    return data if isinstance(data, dict) else {}


def _real_boards(boards: object) -> list[str]:
    from .simulator.boards import UnknownBoard, spec_for

    found = []
    for word in boards if isinstance(boards, list) else ():
        if isinstance(word, str) and word != "simulator":
            try:
                found.append(spec_for(word).id)
            except UnknownBoard:
                continue
    return found


def try_it(folder: Path, board: str | None) -> str:
    """The command that opens a copied lesson in the simulator, with ``--board`` when the
    lesson is not for the micro:bit (the folder's name says its lesson too, but a student
    may rename it)."""
    command = f"terakoya sim {folder}"
    return command if board in (None, "microbit") else f"{command} --board {board}"


def board_files(folder: Path, program: str = STUDENT_FILES[0]) -> dict[str, Path]:
    """A lesson folder's files that go onto the board, by their names there: ``program`` (the
    starter, or the solution) as main.py and the lesson's modules (bme280.py…). The one rule,
    the simulator's (``load_program_files``): not the lesson's other program, not the tests
    that run on the computer, nor guides, worksheets, lesson.toml or circuit.toml."""
    from .simulator.runner.session import load_program_files

    try:
        names = load_program_files(folder)
    except FileNotFoundError:  # no starter.py: the program alone
        names = {}
    files = {name: folder / name for name in names if name != "main.py"}
    return {"main.py": folder / program, **files}


def copy_lesson(folder: Path, to: Path) -> Path:
    """The lesson's starter (as main.py), its modules, its circuit and data into a new folder
    under ``to`` named after the lesson (``E03-night-light``; ``-2``… if that name is taken):
    never over a student's files. Returns the new folder."""
    target = free_path(to / folder.name)
    staging = to / f".{target.name}.partial"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        files = board_files(folder)
        files.update((p.name, p) for pattern in CIRCUIT_AND_DATA for p in folder.glob(pattern))
        for name, path in sorted(files.items()):
            if path.is_file():
                shutil.copyfile(path, staging / name)
        staging.rename(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target
