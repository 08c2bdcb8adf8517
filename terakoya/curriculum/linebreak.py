"""Breaking runs of Japanese and English text into lines, with Japanese line-breaking rules.

Kinsoku: no line starts with a closing bracket, a comma or full stop, a middle dot, a long
vowel mark, a small kana, ! or ?; no line ends with an opening bracket. A Latin word
(``micro:bit``, ``display.show()``, inline code) is never broken, unless it is wider than the
whole line. A word with a reading (ruby) is one unit with its reading, so the two are never
parted. Measuring is given as a function, so this module knows nothing of fonts or PDFs.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from .pdf_blocks import Run

NO_START = frozenset("、。，．,.)]}）］｝〕〉》」』】〙〗〟’”｠»・：；:;？！?!‼⁇⁈⁉ー‐゠–〜～"
                     "ゝゞヽヾ々〻ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
                     "％%…‥")
NO_END = frozenset("(（[［{｛〔〈《「『【〘〖〝‘“｟«")
RUBY_SCALE = 0.5  # a reading is printed at half the size of its word

Measure = Callable[[str, str, float], float]  # (text, style, size in pt) -> width in mm


@dataclass(frozen=True)
class Piece:
    """Text placed on a line: ``x`` from the line's start, ``advance`` the room it takes
    (wider than the text when its reading is wider); the text is centred in that room."""

    text: str
    style: str
    x: float
    width: float
    advance: float
    ruby: str | None = None
    ruby_width: float = 0.0


@dataclass(frozen=True)
class _Atom:
    text: str
    style: str
    kind: str  # "space", "word", "wide", "ruby", "code"
    ruby: str | None = None


def is_wide(char: str) -> bool:
    """A character set in a full square (kana, kanji, full-width punctuation)."""
    return unicodedata.east_asian_width(char) in ("W", "F")


def _atoms(runs: list[Run]) -> list[_Atom]:
    atoms: list[_Atom] = []
    for run in runs:
        if run.ruby:
            atoms.append(_Atom(run.text, run.style, "ruby", run.ruby))
        elif run.style == "code":
            atoms.append(_Atom(run.text, run.style, "code"))
        else:
            atoms += _split_text(run.text, run.style)
    return atoms


def _split_text(text: str, style: str) -> list[_Atom]:
    atoms: list[_Atom] = []
    word = ""
    for char in text:
        space = char.isspace() and not is_wide(char)  # an ideographic space is a blank square
        if space or is_wide(char):
            if word:
                atoms.append(_Atom(word, style, "word"))
                word = ""
            atoms.append(_Atom(" " if space else char, style, "space" if space else "wide"))
        else:
            word += char
    if word:
        atoms.append(_Atom(word, style, "word"))
    return atoms


def can_break(before: _Atom, after: _Atom) -> bool:
    """Whether a line may end after ``before`` and the next start with ``after`` (two atoms
    side by side, neither a space)."""
    if after.text[:1] in NO_START or before.text[-1:] in NO_END:
        return False
    if before.text == after.text == "\u3000":  # a blank to write in stays whole
        return False
    narrow = ("word", "code")
    return not (before.kind in narrow and after.kind in narrow)  # one word across two styles


def _breaks_before(atoms: list[_Atom], index: int) -> bool:
    """Whether a line may start at ``atoms[index]``: at a space, or between two atoms, but
    never so that a line would start or end with a character that must not."""
    atom, before = atoms[index], atoms[index - 1]
    if atom.kind != "space" and before.kind != "space":
        return can_break(before, atom)
    earlier = _solid(atoms, index - 1, -1)
    later = _solid(atoms, index, 1)
    return ((earlier is None or earlier.text[-1:] not in NO_END)
            and (later is None or later.text[:1] not in NO_START))


def _solid(atoms: list[_Atom], index: int, step: int) -> _Atom | None:
    """The nearest atom that is not a space, from ``index`` on in the direction ``step``."""
    while 0 <= index < len(atoms):
        if atoms[index].kind != "space":
            return atoms[index]
        index += step
    return None


def _segments(atoms: list[_Atom]) -> list[list[_Atom]]:
    """Atoms grouped into units that no line break may enter; a space that may end a line
    is a unit of its own."""
    segments: list[list[_Atom]] = []
    for index, atom in enumerate(atoms):
        if segments and not _breaks_before(atoms, index):
            segments[-1].append(atom)
        else:
            segments.append([atom])
    return segments


class _Measured:
    def __init__(self, measure: Measure, size: float) -> None:
        self.measure, self.size = measure, size

    def width(self, atom: _Atom) -> float:
        return self.measure(atom.text, atom.style, self.size)

    def ruby_width(self, atom: _Atom) -> float:
        return self.measure(atom.ruby or "", "text", self.size * RUBY_SCALE)

    def overhang(self) -> float:
        """How far a reading wider than its word may reach over kana on each side (JIS X 4051
        allows up to one character of the reading; half of one is used here)."""
        return self.measure("あ", "text", self.size * RUBY_SCALE) / 2

    def advance(self, atom: _Atom) -> float:
        return max(self.width(atom), self.ruby_width(atom)) if atom.ruby else self.width(atom)


def break_lines(runs: list[Run], width: float, measure: Measure, size: float,
                first_width: float | None = None) -> list[list[Piece]]:
    """The runs as lines no wider than ``width`` (``first_width`` for the first line)."""
    measured = _Measured(measure, size)
    lines: list[list[_Atom]] = [[]]
    used = 0.0
    for segment in _segments(_atoms(runs)):
        room = first_width if first_width is not None and len(lines) == 1 else width
        wide = sum(measured.advance(a) for a in segment)
        if len(segment) == 1 and segment[0].kind == "space":
            if lines[-1]:
                lines[-1].append(segment[0])
                used += wide
            continue
        if used + wide > room + 1e-6 and _has_content(lines[-1]):
            lines.append([])
            used = 0.0
        if wide > width + 1e-6:  # wider than any line: broken where it must be
            used = _force(segment, lines, used, room, width, measured)
            continue
        lines[-1] += segment
        used += wide
    return [_place(_trim(line), measured) for line in lines if _trim(line)] or [[]]


def _has_content(line: list[_Atom]) -> bool:
    return any(a.kind != "space" for a in line)


def _force(segment: list[_Atom], lines: list[list[_Atom]], used: float, room: float,
           width: float, measured: _Measured) -> float:
    """A unit wider than a line, cut between its characters (readings stay whole); what
    must not start or end a line is carried over with its neighbour."""
    for atom in segment:
        parts = [atom] if atom.ruby else [_Atom(c, atom.style, atom.kind) for c in atom.text]
        for part in parts:
            wide = measured.advance(part)
            if used + wide > (room if len(lines) == 1 else width) + 1e-6 and lines[-1]:
                carried = _carry(lines[-1], part)
                lines.append(carried)
                used = sum(measured.advance(a) for a in carried)
            lines[-1].append(part)
            used += wide
    return used


def _carry(line: list[_Atom], part: _Atom) -> list[_Atom]:
    """The atoms at the end of a full line that must go with ``part`` to the next one."""
    carried: list[_Atom] = []
    while len(line) > 1 and ((carried or [part])[0].text[:1] in NO_START
                             or line[-1].text[-1:] in NO_END):
        carried.insert(0, line.pop())
    return carried


def _trim(line: list[_Atom]) -> list[_Atom]:
    start, end = 0, len(line)
    while start < end and line[start].kind == "space":
        start += 1
    while end > start and line[end - 1].kind == "space":
        end -= 1
    return line[start:end]


def _place(line: list[_Atom], measured: _Measured) -> list[Piece]:
    """Atoms side by side; neighbours in one style and without readings become one piece."""
    pieces: list[Piece] = []
    x = 0.0
    for index, atom in enumerate(line):
        advance, width = measured.advance(atom), measured.width(atom)
        if atom.ruby and _is_kana(line, index - 1) and _is_kana(line, index + 1):
            advance -= 2 * min((advance - width) / 2, measured.overhang())
        last = pieces[-1] if pieces else None
        if (last and not atom.ruby and not last.ruby and last.style == atom.style
                and atom.kind != "code"):
            pieces[-1] = Piece(last.text + atom.text, atom.style, last.x, last.width + width,
                               last.advance + advance)
        else:
            pieces.append(Piece(atom.text, atom.style, x, width, advance, atom.ruby,
                                measured.ruby_width(atom) if atom.ruby else 0.0))
        x += advance
    return pieces


def _is_kana(line: list[_Atom], index: int) -> bool:
    """Whether a reading may reach over this neighbour: kana with no reading of its own."""
    if not 0 <= index < len(line) or line[index].ruby or line[index].kind != "wide":
        return False
    return all("\u3041" <= c <= "\u30ff" for c in line[index].text)


def widest_unit(runs: list[Run], measure: Measure, size: float) -> float:
    """The width of the widest part of the runs that no line break may enter."""
    measured = _Measured(measure, size)
    return max((sum(measured.advance(a) for a in segment) for segment in _segments(_atoms(runs))
                if segment[0].kind != "space"), default=0.0)


def line_text(line: list[Piece]) -> str:
    return "".join(piece.text for piece in line)
