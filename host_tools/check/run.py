"""Run every check over files and lesson folders: the plain function behind the CLI."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ...simulator.boards import all_specs, family_of
from .findings import ERROR, Finding, sort_findings
from .hazards import check_hazards
from .storage import check_storage

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
        findings += check_storage(program.files, board)
        for path, data in program.files.items():
            source, problems = _decode(path, data)
            findings += problems
            if source is None:
                continue
            findings += check_compile(path, data, board)
            findings += check_hazards(path, source, board)
            readable.append(path)
    if api and readable:
        from .api import check_api

        findings += check_api(readable, board)
    return sort_findings(findings)


def check_paths(paths: list[Path], board: str = "microbit", api: bool = True) -> list[Finding]:
    return check_programs(collect(paths), board, api)
