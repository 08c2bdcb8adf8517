"""Tables (with empty cells to write in, or a box to tick) and cards to cut out."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from .linebreak import break_lines, widest_unit
from .pdf_blocks import TICK, Cards, Paragraph, Runs, Table
from .pdf_boxes import LineBox, Row, Shape, mm

if TYPE_CHECKING:
    from .pdf_layout import Layout

Cell = Runs | str


def _natural(layout: Layout, cell: Cell, size: float) -> tuple[float, float]:
    """(the cell on one line, its widest unbreakable part), in mm."""
    if cell == TICK or not cell:
        return 0.0, 0.0
    assert not isinstance(cell, str)
    whole = break_lines(cell, 1e6, layout.measure, size)[0]
    widest = widest_unit(cell, layout.measure, size)
    return sum(p.advance for p in whole), min(widest, mm(size) * 8)


TABLE_SCALES = (1.0, 0.85, 0.7, 0.6)  # a table of many columns is set smaller, down to 60 %


def table_size(layout: Layout, table: Table) -> tuple[float, float]:
    """(text size, room inside a cell's lines): less room for a table of many columns, then
    smaller text, until every word fits its column (a grid of 16 boxes in large print)."""
    for scale in TABLE_SCALES:
        size = layout.style.size * scale
        for factor in (0.4, 0.2, 0.1):
            pad = mm(size) * factor
            if column_widths(layout, table, pad, size)[1]:
                return size, pad
    return size, pad


def column_widths(layout: Layout, table: Table, pad: float,
                  size: float | None = None) -> tuple[list[float], bool]:
    """Widths that fill the text width: tick columns just fit their box, columns with cells
    to write in share what is left over, and a long text column is never squeezed below its
    longest word (when the words fit at all: the flag)."""
    size = size or layout.style.size
    rows = [table.header, *table.rows] if table.header else table.rows
    count = max(len(row) for row in rows)
    natural, least, ticks, blanks = [0.0] * count, [0.0] * count, [False] * count, [False] * count
    for row in rows:
        for index, cell in enumerate(row):
            whole, word = _natural(layout, cell, size)
            natural[index] = max(natural[index], whole + 2 * pad)
            least[index] = max(least[index], word + 2 * pad, mm(size) * 2.2)
            ticks[index] |= cell == TICK
            blanks[index] |= cell == [] and row is not table.header
    total = layout.style.width
    if any(blanks):  # room to write in: at least a third of the width between them
        room = total / 3 / sum(blanks)
        least = [max(m, room) if blank else m for m, blank in zip(least, blanks)]
    widths = [max(n, m) for n, m in zip(natural, least)]
    if sum(widths) > total:  # share the width as the text needs it, but keep every word whole
        fixed = sum(w for w, tick in zip(widths, ticks) if tick)
        spare = total - fixed - sum(m for m, tick in zip(least, ticks) if not tick)
        extra = [0.0 if tick else w - m for w, m, tick in zip(widths, least, ticks)]
        return [w if tick else m + spare * e / (sum(extra) or 1)
                for w, m, e, tick in zip(widths, least, extra, ticks)], spare >= 0
    growing = ([i for i in range(count) if blanks[i]] or [i for i in range(count) if not ticks[i]]
               or list(range(count)))
    left = total - sum(widths)
    for index in growing:
        widths[index] += left / len(growing)
    return _even(widths, least, blanks), True


def _even(widths: list[float], least: list[float], blanks: list[bool]) -> list[float]:
    """Columns to write in made the same width (a grid of boxes), where their words allow."""
    columns = [i for i, blank in enumerate(blanks) if blank]
    if len(columns) < 2:
        return widths
    share = sum(widths[i] for i in columns) / len(columns)
    if any(least[i] > share for i in columns):
        return widths
    return [share if blank else width for width, blank in zip(widths, blanks)]


def table_rows(layout: Layout, table: Table) -> list[Row]:
    size, pad = table_size(layout, table)
    widths = column_widths(layout, table, pad, size)[0]
    rows = [_table_row(layout, row, widths, pad, size) for row in table.rows]
    if table.header:
        header = _table_row(layout, table.header, widths, pad, size, header=True)
        for row in rows:
            row.header = header
        rows.insert(0, replace(header, keep_with_next=True))
    return rows + [layout.spacer(0.6)]


def _table_row(layout: Layout, cells: list[Cell], widths: list[float], pad: float,
               size: float, header: bool = False) -> Row:
    style = layout.style
    x, placed, height = style.margin, [], mm(size) * 1.5 + 2 * mm(size) * 0.4
    for cell, width in zip(cells, widths):
        runs = [] if cell == TICK else cell
        if header:
            runs = [type(r)(r.text, "code" if r.style == "code" else "bold", r.ruby)
                    for r in runs]
        lines = layout.text_lines(runs, width - 2 * pad, size, x + pad, "cell") if runs else []
        cell_height = sum(line.height for line in lines) + 2 * pad
        if not runs and not header:  # a cell to write in, or a box to tick
            cell_height = mm(size) * 3.4
        placed.append((x, width, lines, cell == TICK))
        height = max(height, cell_height)
        x += width
    row = Row(height)
    for x, width, lines, tick in placed:
        top = pad + (height - 2 * pad - sum(line.height for line in lines)) / 2
        for line in lines:
            row.lines.append(line.moved(top))
            top += line.height
        row.shapes.append(Shape("rect", x, 0.0, width, height, 0.6 if header else 0.3))
        if tick:
            side = mm(size) * 1.3
            row.shapes.append(Shape("box", x + (width - side) / 2, (height - side) / 2,
                                    side, side, 0.5))
    return row


def card_rows(layout: Layout, block: Cards) -> list[Row]:
    """Cards two to a row, the same size, each inside lines to cut along."""
    style = layout.style
    columns = 2
    width = style.width / columns
    size = style.size * 1.3
    pad = mm(style.size) * 0.8
    rows = []
    if block.note:
        rows = layout.paragraph(Paragraph(block.note))
        for row in rows:
            row.keep_with_next = True
    for start in range(0, len(block.cards), columns):
        cards = block.cards[start:start + columns]
        laid = [layout.text_lines(card, width - 2 * pad, size, 0.0, "card") for card in cards]
        height = max(max(sum(line.height for line in lines) for lines in laid) + 2 * pad,
                     mm(size) * 5)
        row = Row(height)
        for index, lines in enumerate(laid):
            row.lines += _centred(lines, style.margin + index * width, width, height)
            row.shapes.append(Shape("dash", style.margin + index * width, 0.0, width, height))
        rows.append(row)
    return rows + [layout.spacer(0.6)]


def _centred(lines: list[LineBox], x: float, width: float, height: float) -> list[LineBox]:
    """A card's lines, as one block in the middle of the card (each line starting at the
    block's left edge)."""
    top = (height - sum(line.height for line in lines)) / 2
    used = max((t.x + t.width for line in lines for t in line.texts), default=0.0)
    shift = x + (width - used) / 2
    out = []
    for line in lines:
        moved = line.moved(top)
        moved.x, moved.width = x, width
        for text in moved.texts:
            text.x += shift
        out.append(moved)
        top += line.height
    return out
