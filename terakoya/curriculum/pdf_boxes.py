"""What the handout's layout engine places on a page: lines of text with their box, shapes
(frames, rules, cut lines, tick boxes), rows that are never split, and pages. Shared by the
engine (``pdf_layout``), the blocks it lays out (``pdf_code``, ``pdf_table``) and the painter
(``pdf_paint``)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

PT = 25.4 / 72  # millimetres in a point
ASCENT, DESCENT = 0.88, 0.12  # of the font's size (IPA fonts)
CONTINUED = "⏎"  # at the end of a code line that goes on in the next printed line


@dataclass
class Text:
    x: float
    baseline: float
    text: str
    style: str  # "text", "bold" or "code": which font
    size: float  # points
    role: str = "base"  # "base", "ruby", "label", "mark", "footer"
    width: float = 0.0


@dataclass
class LineBox:
    """One printed line: its box (top, height) and what is drawn in it."""

    x: float
    top: float
    width: float
    height: float
    baseline: float
    texts: list[Text] = field(default_factory=list)
    kind: str = "text"  # "text", "code", "cell", "card", "heading"
    continues: bool = False  # a code line that goes on in the next printed line
    source: str | None = None  # a code line: the line of the program it shows (or starts)

    def moved(self, dy: float) -> LineBox:
        return replace(self, top=self.top + dy, baseline=self.baseline + dy,
                       texts=[replace(t, baseline=t.baseline + dy) for t in self.texts])


@dataclass
class Shape:
    kind: str  # "rect", "line", "dash" (a line to cut along), "box" (a box to tick)
    x: float
    y: float
    w: float
    h: float
    weight: float = 0.3

    def moved(self, dy: float) -> Shape:
        return replace(self, y=self.y + dy)


@dataclass
class Row:
    """A part of a block that is never split across pages; y is measured from its top."""

    height: float
    lines: list[LineBox] = field(default_factory=list)
    shapes: list[Shape] = field(default_factory=list)
    keep_with_next: bool = False
    spacer: bool = False  # empty room, dropped at the top of a page
    page_break: bool = False
    frame: tuple[float, float] | None = None  # (x, width) of a box this row is part of
    header: Row | None = None  # a table's header row, printed again above it on a new page


@dataclass
class Page:
    lines: list[LineBox] = field(default_factory=list)
    shapes: list[Shape] = field(default_factory=list)


def mm(points: float) -> float:
    return points * PT
