"""Furigana for the lesson's grade: a kanji in a Japanese guide or worksheet that the pupils
have not learned yet (by the 学年別漢字配当表, ``grade_kanji.txt``) must carry its reading,
``<ruby>漢字<rt>かんじ</rt></ruby>``. A lesson without a grade (seniors, community clubs) is
read as grade 6: every kanji beyond the 1026 of elementary school gets its reading."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from .schema import Problem

JAPANESE_FILES = ("guide.ja.md", "worksheet.ja.md")
GRADE_FOR_ALL = 6  # a lesson without a grade: the whole elementary school table is known
RUBY = re.compile(r"<ruby>.*?</ruby>", re.DOTALL)
CODE = re.compile(r"^(```|~~~).*?^\1", re.DOTALL | re.MULTILINE)
INLINE_CODE = re.compile(r"`[^`\n]*`")
KANJI = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@cache
def grade_table() -> dict[str, int]:
    """Each elementary school kanji and the grade (1 to 6) it is taught in."""
    table: dict[str, int] = {}
    text = (Path(__file__).parent / "grade_kanji.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line and not line.startswith("#"):
            grade, kanji = line.split("\t")
            table.update(dict.fromkeys(kanji.strip(), int(grade)))
    return table


def unread_kanji(text: str, grade: int) -> list[tuple[int, str]]:
    """(line, kanji) for each kanji in ``text`` beyond ``grade`` and outside <ruby>, code
    blocks and `code` (a program is typed as it is; its comments are the program's)."""
    table = grade_table()
    def blank(match: re.Match[str]) -> str:  # the same lines, so line numbers stay right
        return re.sub(r"[^\n]", " ", match.group(0))

    plain = INLINE_CODE.sub(blank, CODE.sub(blank, RUBY.sub(blank, text)))
    found = []
    for number, line in enumerate(plain.splitlines(), 1):
        for char in KANJI.findall(line):
            if table.get(char, 7) > grade:
                found.append((number, char))
    return found


def furigana_problems(folder: Path, grade: int | None) -> list[Problem]:
    """One problem per Japanese file with kanji the lesson's pupils cannot read yet."""
    problems = []
    grade = grade if isinstance(grade, int) and 1 <= grade <= 6 else GRADE_FOR_ALL
    for name in JAPANESE_FILES:
        path = folder / name
        if not path.is_file():
            continue
        try:
            found = unread_kanji(path.read_text(encoding="utf-8"), grade)
        except (OSError, UnicodeDecodeError):
            continue  # the lesson's own checks say the file is not UTF-8
        if found:
            where = ", ".join(f"{char} ({number})" for number, char in _first_each(found))
            problems.append(Problem(
                name, f"kanji beyond grade {grade} need furigana "
                f"(<ruby>漢字<rt>かんじ</rt></ruby>); kanji (line): {where}",
                f"{grade}年生までに習わない漢字には、ふりがな（<ruby>漢字<rt>かんじ</rt></ruby>）"
                f"をつけてください。漢字（行）: {where}"))
    return problems


def _first_each(found: list[tuple[int, str]]) -> list[tuple[int, str]]:
    seen: dict[str, int] = {}
    for number, char in found:
        seen.setdefault(char, number)
    return [(number, char) for char, number in seen.items()]
