"""A small page-layout engine for handouts: blocks in, pages of placed text and lines out.

Each block becomes rows that are never split (a line of text with its readings, a line of
code, a table row, a row of cards). Rows are put on A4 pages top to bottom; a heading keeps
with what follows it, a code block that fits on one page is kept whole, and a page break
falls only between rows. Drawing the pages (``pdf_paint``) is separate, so the line and box
model here can be tested without a font or a PDF.
"""

from __future__ import annotations

from dataclasses import dataclass

from .linebreak import RUBY_SCALE, Measure, Piece, break_lines, is_wide
from .pdf_blocks import (
    TICK,
    Block,
    Cards,
    Code,
    Heading,
    ListBlock,
    PageBreak,
    Paragraph,
    Run,
    Runs,
    Table,
)
from .pdf_boxes import ASCENT, CONTINUED, DESCENT, LineBox, Page, Row, Shape, Text, mm


@dataclass(frozen=True)
class Style:
    """Sizes in points, lengths in millimetres."""

    size: float = 12.0
    page_width: float = 210.0
    page_height: float = 297.0
    margin: float = 15.0
    footer: float = 10.0

    @property
    def code_size(self) -> float:
        return self.size * 0.9

    @property
    def code_minimum(self) -> float:  # smaller than this, code is wrapped instead
        return self.size * 0.7

    @property
    def width(self) -> float:
        return self.page_width - 2 * self.margin

    @property
    def top(self) -> float:
        return self.margin

    @property
    def bottom(self) -> float:
        return self.page_height - self.margin - self.footer

    def heading_size(self, level: int) -> float:
        return self.size * {1: 1.6, 2: 1.3}.get(level, 1.1)


def grid_measure(text: str, style: str, size: float) -> float:
    """Widths as in a fixed-pitch Japanese font (a full square for wide characters, half for
    the rest): the IPA Gothic used for code, and a stand-in for tests without a font."""
    return sum(1.0 if is_wide(c) else 0.5 for c in text) * mm(size)


class Layout:
    """Blocks to pages for one style and one way of measuring text."""

    def __init__(self, style: Style, measure: Measure) -> None:
        self.style, self.measure = style, measure

    # -- pages ------------------------------------------------------------------------------
    def pages(self, blocks: list[Block], footer: str = "") -> list[Page]:
        rows: list[Row] = []
        for block in blocks:
            if isinstance(block, (Table, Cards, Code)):  # what leads into it stays with it
                _keep_last(rows)
            rows += self.block_rows(block)
        pages = paginate(rows, self.style)
        for number, page in enumerate(pages, 1):
            page.lines.append(self._footer(footer, number, len(pages)))
        return pages

    def _footer(self, words: str, number: int, count: int) -> LineBox:
        size = max(9.0, self.style.size * 0.7)
        baseline = self.style.page_height - self.style.margin
        text = f"{words}    {number} / {count}".strip()
        wide = self.measure(text, "text", size)
        x = self.style.margin + self.style.width - wide
        return LineBox(x, baseline - mm(size), wide, mm(size) * 1.2, baseline,
                       [Text(x, baseline, text, "text", size, "footer", wide)], "footer")

    def block_rows(self, block: Block) -> list[Row]:
        if isinstance(block, Heading):
            return self.heading(block)
        if isinstance(block, Paragraph):
            return self.paragraph(block)
        if isinstance(block, ListBlock):
            return self.list_rows(block)
        if isinstance(block, Code):
            return self.code(block)
        if isinstance(block, Table):
            return self.table(block)
        if isinstance(block, Cards):
            return self.cards(block)
        if isinstance(block, PageBreak):
            return [Row(0.0, page_break=True)]
        raise TypeError(block)

    def spacer(self, factor: float, keep: bool = False) -> Row:
        return Row(mm(self.style.size) * factor, spacer=True, keep_with_next=keep)

    # -- text lines -------------------------------------------------------------------------
    def text_lines(self, runs: Runs, width: float, size: float, x: float,
                   kind: str = "text") -> list[LineBox]:
        """Runs broken into lines at ``x``, each line box relative to its own top."""
        has_ruby = any(run.ruby for run in runs)
        pitch = mm(size) * (1.8 if has_ruby else 1.5)
        baseline = pitch - mm(size) * (0.3 if has_ruby else 0.33)
        lines = []
        for pieces in break_lines(runs, width, self.measure, size):
            box = LineBox(x, 0.0, width, pitch, baseline, kind=kind)
            box.texts = [t for piece in pieces for t in self._texts(piece, x, baseline, size)]
            lines.append(box)
        return lines

    def _texts(self, piece: Piece, x: float, baseline: float, size: float) -> list[Text]:
        left = x + piece.x + (piece.advance - piece.width) / 2
        base = Text(left, baseline, piece.text, piece.style, size, "base", piece.width)
        if not piece.ruby:
            return [base]
        ruby_size = size * RUBY_SCALE
        ruby_left = x + piece.x + (piece.advance - piece.ruby_width) / 2
        ruby_baseline = baseline - mm(size) * ASCENT - mm(size) * 0.06 - mm(ruby_size) * DESCENT
        return [base, Text(ruby_left, ruby_baseline, piece.ruby, "text", ruby_size, "ruby",
                           piece.ruby_width)]

    def heading(self, block: Heading) -> list[Row]:
        size = self.style.heading_size(block.level)
        runs = [Run(r.text, "code" if r.style == "code" else "bold", r.ruby) for r in block.runs]
        lines = self.text_lines(runs, self.style.width, size, self.style.margin, "heading")
        rows = [self.spacer(0.8 if block.level > 1 else 0.0)]
        rows += [Row(line.height, [line], keep_with_next=True) for line in lines]
        if block.level == 2 and rows[-1].lines:
            last = rows[-1]
            last.shapes.append(Shape("line", self.style.margin, last.height, self.style.width,
                                     0.0, 0.5))
        return rows + [self.spacer(0.4, keep=True)]

    def paragraph(self, block: Paragraph) -> list[Row]:
        lines = self.text_lines(block.runs, self.style.width, self.style.size, self.style.margin)
        rows = [Row(line.height, [line]) for line in lines]
        if block.field and rows:
            rows = self._field(rows)
        return rows + [self.spacer(0.5)]

    def _field(self, rows: list[Row]) -> list[Row]:
        """A label, then a line to write on: after the label, or below it when the label
        leaves less than a third of the width."""
        line = rows[-1].lines[0]
        right = self.style.margin + self.style.width
        end = max((t.x + t.width for t in line.texts), default=line.x) + 2.0
        if right - end < self.style.width / 3:
            for row in rows:
                row.keep_with_next = True
            rows.append(Row(line.height))
            end = self.style.margin
        rows[-1].shapes.append(Shape("line", end, line.baseline + 1.0, right - end, 0.0))
        rows[-1].height = line.height * 1.4
        return rows

    def list_rows(self, block: ListBlock) -> list[Row]:
        size, x = self.style.size, self.style.margin
        labels = [f"{block.start + n}." if block.ordered else "・" for n in range(len(block.items))]
        indent = max(self.measure(label, "text", size) for label in labels or ["・"]) + mm(size) * 0.5
        rows: list[Row] = []
        for label, item in zip(labels, block.items):
            for number, runs in enumerate(item):
                lines = self.text_lines(runs, self.style.width - indent, size, x + indent)
                if number == 0 and lines:
                    wide = self.measure(label, "text", size)
                    lines[0].texts.insert(0, Text(x + indent - wide - mm(size) * 0.3,
                                                  lines[0].baseline, label, "text", size,
                                                  "label", wide))
                rows += [Row(line.height, [line]) for line in lines]
            rows.append(self.spacer(0.25))
        return rows + [self.spacer(0.3)]

    # -- code -------------------------------------------------------------------------------
    def code(self, block: Code) -> list[Row]:
        from .pdf_code import code_rows

        return code_rows(self, block)

    # -- tables and cards -------------------------------------------------------------------
    def table(self, block: Table) -> list[Row]:
        from .pdf_table import table_rows

        return table_rows(self, block)

    def cards(self, block: Cards) -> list[Row]:
        from .pdf_table import card_rows

        return card_rows(self, block)


def _keep_last(rows: list[Row]) -> None:
    """The last line so far (and the room after it) kept with what comes next."""
    for row in reversed(rows):
        row.keep_with_next = True
        if not row.spacer:
            return


def _chunks(rows: list[Row]) -> list[list[Row]]:
    """Rows joined while one keeps with the next."""
    chunks: list[list[Row]] = []
    joined = False
    for row in rows:
        if joined and chunks and not row.page_break:
            chunks[-1].append(row)
        else:
            chunks.append([row])
        joined = row.keep_with_next
    return chunks


def paginate(rows: list[Row], style: Style) -> list[Page]:
    """Rows placed on pages; a chunk taller than a page is split between its rows."""
    pages, y = [Page()], style.top
    room = style.bottom - style.top
    last: Row | None = None
    for chunk in _chunks(rows):
        height = sum(row.height for row in chunk)
        parts = [chunk] if height <= room else [[row] for row in chunk]
        for part in parts:
            if part[0].page_break:
                if pages[-1].lines or pages[-1].shapes:
                    pages.append(Page())
                    y = style.top
                continue
            part_height = sum(row.height for row in _without_trailing_room(part))
            if part_height == 0.0:  # only room: never the cause of a new page
                if y > style.top:
                    y = min(y + sum(row.height for row in part), style.bottom)
                continue
            if y + part_height > style.bottom + 1e-6 and y > style.top:
                _close_frame(last, part[0], pages[-1], y, style.top)
                pages.append(Page())
                y = style.top
                if part[0].header is not None:
                    y = _place([part[0].header], pages[-1], y, style)
            y = _place(part, pages[-1], y, style)
            last = part[-1]
    return pages


def _without_trailing_room(part: list[Row]) -> list[Row]:
    end = len(part)
    while end and part[end - 1].spacer:
        end -= 1
    return part[:end]


def _close_frame(last: Row | None, first: Row, page: Page, y: float, top: float) -> None:
    """A box cut by a page break: a line closes it on one page and opens it on the next."""
    if last is None or last.frame is None or first.frame != last.frame:
        return
    x, width = last.frame
    page.shapes.append(Shape("line", x, y, width, 0.0))
    first.shapes.append(Shape("line", x, -0.0, width, 0.0))


def _place(part: list[Row], page: Page, y: float, style: Style) -> float:
    for row in part:
        if row.spacer and y <= style.top + 1e-6:
            continue
        page.lines += [line.moved(y) for line in row.lines]
        page.shapes += [shape.moved(y) for shape in row.shapes]
        y += row.height
    return y


__all__ = ["CONTINUED", "TICK", "Layout", "LineBox", "Page", "Row", "Shape", "Style", "Text",
           "grid_measure", "mm", "paginate"]
