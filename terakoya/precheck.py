"""Before copying a program onto boards (``terakoya flash`` and ``deploy``): would it even start?

The files are compiled as the board's MicroPython would (``terakoya check`` without the slower
API check, so it works offline in a moment). A program that would stop with an error before
it does anything is shown with check's plain message. A lesson may mean such a mistake (the
students are to find it), so at a keyboard the teacher decides; otherwise nothing is copied
unless ``--no-check`` was given.

Imports only the standard library at its top, like every command module.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from .i18n import said_yes

MESSAGES: dict[str, tuple[str, str]] = {
    "problems": (
        "Before copying: this program would stop with an error on the {board}.",
        "コピーする前の確認: このプログラムは {board} でエラーになって止まります。"),
    "ask": (
        "Copy it anyway (for example for a lesson where students find the mistake)? [y/N] ",
        "それでもコピーしますか（生徒がまちがいを見つける授業など）？ [y/N] "),
    "refused": (
        "Nothing was copied. Fix the program and try again, or add --no-check to copy it as "
        "it is.",
        "何もコピーしていません。プログラムを直してもう一度試すか、そのままコピーするには "
        "--no-check を付けてください。"),
}


def msg(key: str, lang: str, **values: object) -> str:
    en, ja = MESSAGES[key]
    return (ja if lang == "ja" else en).format(**values)


def read_files(origins: dict[str, Path]) -> dict[str, bytes]:
    """What goes onto the board: its name there -> the contents of the file here."""
    return {name: path.read_bytes() for name, path in origins.items()}


def errors_in(origins: dict[str, Path], board: str, lang: str) -> tuple[list[str], list[str]]:
    """check's messages for the .py files (board name -> file on this computer): errors in the
    program, and problems of the checking tools themselves (which must not block a copy)."""
    from .host_tools.check.findings import ERROR
    from .host_tools.check.run import Program, check_programs

    program = Program(Path("."), {path: path.read_bytes() for path in origins.values()})
    python = {str(path) for name, path in origins.items() if name.endswith(".py")}
    findings = [f for f in check_programs([program], board, api=False) if f.severity == ERROR
                and (f.file in python or f.code == "storage")]  # data files: only their size
    return ([f.text(lang) for f in findings if f.code != "tool"],
            [f.text(lang) for f in findings if f.code == "tool"])


def code_is_fine(origins: dict[str, Path], board: str, lang: str, interactive: bool,
                 ask: Callable[[str], str] = input) -> bool:
    """True when the files may be copied: no error found, or the teacher said yes.

    ``board`` is the compiler to check with: ``microbit`` (MicroPython 1.18, as the micro:bit
    has it) or ``esp32`` (current MicroPython, for any other board).
    """
    errors, tool_problems = errors_in(origins, board, lang)
    for text in tool_problems:  # not checked, but not known to be wrong either
        print(text, file=sys.stderr)
    if not errors:
        return True
    from .simulator.boards import spec_for

    print(msg("problems", lang, board=spec_for(board).family_name(lang)), file=sys.stderr)
    for text in errors:
        print("  " + text.replace("\n", "\n  "), file=sys.stderr)
    if interactive:
        try:
            if said_yes(ask(msg("ask", lang))):
                return True
        except EOFError:
            pass
    print(msg("refused", lang), file=sys.stderr)
    return False
