"""Code blocks on a handout: a program a child copies must never be broken into a new line
that Python would refuse.

A block whose longest line does not fit is set smaller, down to ``Style.code_minimum``; only a
line that still does not fit is wrapped, and every printed line that goes on in the next one
ends with the mark ``⏎`` in the box's margin (the block's note, printed under it, says what
the mark means). The rest of a wrapped line is indented a little, and never starts a line of
the program on its own.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from .pdf_blocks import Code, Paragraph, Run
from .pdf_boxes import CONTINUED, LineBox, Row, Shape, Text, mm

if TYPE_CHECKING:
    from .pdf_layout import Layout


def fitting_size(lines: list[str], room: float, layout: Layout) -> float:
    """The code size at which the longest line fits, but never below the minimum."""
    style = layout.style
    natural = max((layout.measure(line, "code", style.code_size) for line in lines), default=0.0)
    if natural <= room:
        return style.code_size
    return max(style.code_minimum, math.floor(style.code_size * room / natural * 10) / 10)


def wrap_line(line: str, room: float, indent: float, size: float, layout: Layout) -> list[str]:
    """A program line cut into parts that fit (after the first, ``indent`` narrower)."""
    parts: list[str] = []
    rest = line
    while rest:
        width = room - (indent if parts else 0.0)
        cut = _cut(rest, width, size, layout)
        parts.append(rest[:cut])
        rest = rest[cut:]
    return parts or [""]


def _cut(text: str, width: float, size: float, layout: Layout) -> int:
    fits = 0
    for end in range(1, len(text) + 1):
        if layout.measure(text[:end].rstrip(" "), "code", size) > width:
            break
        fits = end
    if fits >= len(text):
        return len(text)
    fits = max(fits, 1)
    space = text.rfind(" ", 0, fits + 1)
    body_starts = len(text) - len(text.lstrip(" "))
    if space > body_starts and space >= fits // 2:  # after a space, when one is near
        return space + 1
    return fits


def code_rows(layout: Layout, block: Code) -> list[Row]:
    style = layout.style
    pad = mm(style.size) * 0.5
    room = style.width - 2 * pad
    size = fitting_size(block.lines, room, layout)
    wraps = any(layout.measure(line, "code", size) > room for line in block.lines)
    gutter = mm(size) * 1.2 if wraps else 0.0
    indent = layout.measure("    ", "code", size)
    rows: list[Row] = []
    for line in block.lines:
        parts = wrap_line(line, room - gutter, indent, size, layout)
        for number, part in enumerate(parts):
            rows.append(_code_row(layout, line, part, size, number, len(parts), indent, gutter))
    _frame(rows, pad, style.margin, style.width)
    total = sum(row.height for row in rows)
    if total <= style.bottom - style.top:  # a block that fits on a page stays on one page
        for row in rows[:-1]:
            row.keep_with_next = True
    rows.append(layout.spacer(0.5))
    if not (wraps and block.note):
        return rows
    note = layout.paragraph(Paragraph([Run(CONTINUED + " ", "code"), *block.note]))
    for row in note:  # said before the program, and kept with its first line
        row.keep_with_next = True
    return note + rows


def _code_row(layout: Layout, line: str, part: str, size: float, number: int, count: int,
              indent: float, gutter: float) -> Row:
    style = layout.style
    pad = mm(style.size) * 0.5
    pitch = mm(size) * 1.45
    baseline = pitch - mm(size) * 0.35
    x = style.margin + pad + (indent if number else 0.0)
    box = LineBox(style.margin, 0.0, style.width, pitch, baseline, kind="code",
                  continues=number < count - 1, source=line)
    if part.strip():
        box.texts.append(Text(x, baseline, part, "code", size, "base",
                              layout.measure(part, "code", size)))
    if box.continues:
        mark = layout.measure(CONTINUED, "code", size)
        box.texts.append(Text(style.margin + style.width - pad - mark, baseline, CONTINUED,
                              "code", size, "mark", mark))
    return Row(pitch, [box])


def _frame(rows: list[Row], pad: float, x: float, width: float) -> None:
    """The box around the code: sides on every row, a top on the first, a bottom on the last."""
    if not rows:
        return
    rows[0].lines = [line.moved(pad) for line in rows[0].lines]
    rows[0].height += pad
    rows[-1].height += pad
    for index, row in enumerate(rows):
        row.frame = (x, width)
        row.shapes += [Shape("line", x, 0.0, 0.0, row.height),
                       Shape("line", x + width, 0.0, 0.0, row.height)]
        if index == 0:
            row.shapes.append(Shape("line", x, 0.0, width, 0.0))
        if index == len(rows) - 1:
            row.shapes.append(Shape("line", x, row.height, width, 0.0))
