"""Run every check over files and lesson folders: the plain function behind the CLI."""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache
from importlib.resources import files as package_files
from pathlib import Path
from typing import TypeVar

from ...simulator.boards import all_specs, family_of
from .findings import ERROR, Finding, sort_findings
from .hazards import check_hazards
from .storage import check_storage

K = TypeVar("K")  # a file's name: a Path here, the name on the board in deploy
BOARDS = tuple(dict.fromkeys(spec.family for spec in all_specs()))  # checks are per family


@dataclass(frozen=True)
class Program:
    """The .py files that go onto one board together (a file, or a lesson folder)."""

    root: Path
    files: dict[Path, bytes]


def collect(paths: list[Path]) -> list[Program]:
    """A .py file is one program. A folder with a main.py or a lesson.toml is one board's
    files together (its ``test_*.py`` run on the computer, not the board); any other folder
    holds separate programs, one per .py file."""
    programs = []
    for path in paths:
        if not path.is_dir():
            programs.append(Program(path, {path: path.read_bytes()}))
        elif (path / "main.py").exists() or (path / "lesson.toml").exists():
            board_files = [p for p in sorted(path.glob("*.py")) if not p.name.startswith("test_")]
            programs.append(Program(path, {p: p.read_bytes() for p in board_files}))
        else:
            programs += [Program(p, {p: p.read_bytes()}) for p in sorted(path.glob("*.py"))]
    return programs


def _decode(path: Path, data: bytes) -> tuple[str | None, list[Finding]]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None, [Finding(str(path), 0, "encoding", ERROR,
                              "This file is not saved as UTF-8 text, so the board cannot read it.",
                              "このファイルは UTF-8 の文字で保存されていないので、ボードが読めません。",
                              "Save it again as UTF-8 in your editor.",
                              "エディタで UTF-8 として保存しなおしましょう。")]
    if text.startswith("\ufeff"):  # Windows Notepad's "UTF-8 with BOM"
        return text, [Finding(str(path), 1, "encoding-bom", ERROR,
                              "The file starts with an invisible mark (a byte-order mark) that "
                              "the board reads as part of the first word, so its first line fails.",
                              "ファイルの最初に目に見えない印（BOM）があり、ボードはそれを最初のことばの"
                              "一部として読むので、1 行目がエラーになります。",
                              "Save it again as \"UTF-8\" (not \"UTF-8 with BOM\") in your editor.",
                              "エディタで「UTF-8（BOM なし）」として保存しなおしましょう。")]
    return text, []


def check_programs(programs: list[Program], board: str, api: bool = True) -> list[Finding]:
    from .compile import check_compile

    board = family_of(board)  # every board of a family has its firmware, so its checks
    findings: list[Finding] = []
    readable: list[Path] = []
    for program in programs:
        findings += check_storage(on_board(program.files, board), board)
        for path, data in program.files.items():
            if terakoyas_own(data) is not None:
                continue  # a file of Terakoya's firmware/, as deployed: tested with Terakoya
            source, problems = _decode(path, data)
            findings += problems
            if source is None:
                continue
            findings += check_compile(path, data, board)
            findings += check_hazards(path, source, board)
            readable.append(path)
    if api and readable:
        findings += _check_api(programs, readable, board)
    return sort_findings(findings)


MICROBIT_ON_ESP32 = "atom_matrix/microbit.py"  # the micro:bit's API on the ATOM Matrix


@cache
def _firmware_digests() -> dict[str, str]:
    root = Path(str(package_files("terakoya.firmware")))
    return {hashlib.sha256(path.read_bytes()).hexdigest(): path.relative_to(root).as_posix()
            for path in root.rglob("*.py") if path.name != "__init__.py"}


def terakoyas_own(data: bytes) -> str | None:
    """Which of Terakoya's firmware files (``firmware/``) these bytes are, if one."""
    return _firmware_digests().get(hashlib.sha256(data).hexdigest())


def on_board(files: Mapping[K, bytes], board: str) -> dict[K, bytes]:
    """The files that go onto a board of ``board``'s family: all of them, except the ATOM
    Matrix's ``microbit.py`` on a micro:bit, which has its own ``microbit`` module (a
    built-in module comes before a file of the same name) and no room to spare for it. A
    lesson for both boards brings it; ``terakoya deploy`` leaves it off a micro:bit."""
    if family_of(board) != "microbit":
        return dict(files)
    return {name: data for name, data in files.items()
            if terakoyas_own(data) != MICROBIT_ON_ESP32}


def _check_api(programs: list[Program], readable: list[Path], board: str) -> list[Finding]:
    """The API check; a program that brings the ATOM Matrix's ``microbit`` module is checked
    against the micro:bit's stubs for it, as the module gives the micro:bit's API."""
    from .api import check_api

    with_microbit = [p for p in programs if board == "esp32" and any(
        terakoyas_own(data) == MICROBIT_ON_ESP32 for data in p.files.values())]
    theirs = {path for p in with_microbit for path in p.files}
    findings = check_api([p for p in readable if p not in theirs], board)
    for program in with_microbit:
        findings += _check_with_microbit_stubs(program, [p for p in readable if p in theirs])
    return findings


def _check_with_microbit_stubs(program: Program, readable: list[Path]) -> list[Finding]:
    """The program's files in a folder of the check's own, where ``microbit`` is the
    micro:bit's stub package instead of the firmware module; findings name the real files."""
    from .api import ToolProblem, check_api, ensure_stubs

    if not readable:
        return []
    try:
        stubs = ensure_stubs("microbit", "en") / "stdlib" / "microbit"
    except ToolProblem as problem:
        return [problem.finding]
    with tempfile.TemporaryDirectory(prefix="terakoya-check-") as folder:
        mirror = Path(folder)
        shutil.copytree(stubs, mirror / "microbit")
        for path, data in program.files.items():
            if terakoyas_own(data) != MICROBIT_ON_ESP32:
                (mirror / path.name).write_bytes(data)
        names = {str((mirror / path.name).resolve()): path for path in readable}
        found = check_api([mirror / path.name for path in readable], "esp32")
        return [replace(f, file=str(names.get(str(Path(f.file).resolve()), f.file)))
                for f in found]


def check_paths(paths: list[Path], board: str = "microbit", api: bool = True) -> list[Finding]:
    return check_programs(collect(paths), board, api)
