"""The handout's content as blocks (headings, paragraphs, lists, code, tables, cards), read
from the same HTML that the HTML handout prints, so both say the same thing.

Only content lives here; where things go on a page is ``pdf_layout``'s job.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass(frozen=True)
class Run:
    """A stretch of text in one style; ``ruby`` is the reading printed above ``text``."""

    text: str
    style: str = "text"  # "text", "bold" or "code" (inline code)
    ruby: str | None = None


Runs = list[Run]
TICK = "tick"  # a table cell that is an empty box to tick


@dataclass
class Heading:
    level: int
    runs: Runs


@dataclass
class Paragraph:
    runs: Runs
    field: bool = False  # a label followed by a line to write on


@dataclass
class ListBlock:
    ordered: bool
    items: list[list[Runs]]  # each item: its paragraphs
    start: int = 1


@dataclass
class Code:
    lines: list[str]
    note: Runs = field(default_factory=list)  # said under the block when a line had to wrap


@dataclass
class Table:
    header: list[Runs | str]
    rows: list[list[Runs | str]]  # a cell is runs, or TICK
    ticks: bool = False


@dataclass
class Cards:
    cards: list[Runs]
    note: Runs = field(default_factory=list)  # how to cut them out, said above them


@dataclass
class PageBreak:
    pass


Block = Heading | Paragraph | ListBlock | Code | Table | Cards | PageBreak


class _Reader(HTMLParser):
    """HTML (as python-markdown writes it, plus the handout's own classes) to blocks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.runs: Runs | None = None  # the text being collected
        self.styles: list[str] = []
        self.ruby_base: str | None = None
        self.ruby_text: str | None = None
        self.lists: list[ListBlock] = []
        self.table: Table | None = None
        self.row: list[Runs | str] | None = None
        self.cards: Cards | None = None
        self.pre: list[str] | None = None
        self.paragraph_field = False
        self.in_header = False  # inside <thead>
        self.in_rp = False  # inside <rp>: the brackets for browsers without ruby

    # -- text collection --------------------------------------------------------------------
    def _start_runs(self) -> None:
        self._flush_item_paragraph()
        self.runs = []

    def _take_runs(self) -> Runs:
        runs, self.runs = self.runs or [], None
        return _tidy(runs)

    def handle_data(self, data: str) -> None:
        if self.in_rp:
            return
        if self.pre is not None:
            self.pre.append(data)
        elif self.ruby_text is not None:
            self.ruby_text += data
        elif self.ruby_base is not None:
            self.ruby_base += data
        elif self.runs is not None:
            self.runs.append(Run(data, self._style()))
        elif self.lists and data.strip():  # loose text inside <li>
            self.runs = [Run(data, self._style())]

    def _style(self) -> str:
        return self.styles[-1] if self.styles else "text"

    # -- tags -------------------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        kind = named.get("class") or ""
        if tag == "pre":
            self.pre = []
        elif self.pre is not None:
            return
        elif tag in ("h1", "h2", "h3", "h4", "th", "td"):
            self._start_runs()
            if tag in ("th", "td") and "tick" in kind.split() and self.row is not None:
                self.runs = None
                self.row.append(TICK)
        elif tag == "p":
            self._start_runs()
            self.paragraph_field = "field" in kind.split()
        else:
            self._start_tag(tag, kind, named.get("start") or "1")

    def _start_tag(self, tag: str, kind: str, start: str) -> None:
        if tag in ("thead", "tbody"):
            self.in_header = tag == "thead"
        elif tag in ("ul", "ol"):
            self._flush_item_paragraph()
            self.lists.append(ListBlock(tag == "ol", [], int(start) if start.isdigit() else 1))
        elif tag == "li" and self.lists:
            self.lists[-1].items.append([])
            self.runs = None
        elif tag in ("strong", "b", "em", "code"):
            self.styles.append("code" if tag == "code" else "bold")
        elif tag == "ruby":
            self.ruby_base = ""
        elif tag == "rt":
            self.ruby_text = ""
        elif tag == "rp":
            self.in_rp = True
        elif tag == "table":
            self.table = Table([], [], ticks="ticks" in kind.split())
        elif tag == "tr":
            self.row = []
        elif tag == "div" and "cards" in kind.split():
            self.cards = Cards([])
        elif tag == "div" and "card" in kind.split():
            self.runs = []
        elif tag == "div" and "page-break" in kind.split():
            self.blocks.append(PageBreak())
        elif tag == "br" and self.runs is not None:
            self.runs.append(Run(" "))

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre":
            text = "".join(self.pre or []).rstrip("\n")
            self.pre = None
            self.blocks.append(Code(text.split("\n")))
        elif self.pre is not None:
            return
        elif tag in ("h1", "h2", "h3", "h4"):
            self.blocks.append(Heading(int(tag[1]), self._take_runs()))
        elif tag == "p":
            self._end_paragraph()
        elif tag in ("th", "td"):
            if self.runs is not None and self.row is not None:
                self.row.append(self._take_runs())
        else:
            self._end_tag(tag)

    def _end_tag(self, tag: str) -> None:
        if tag in ("strong", "b", "em", "code") and self.styles:
            self.styles.pop()
        elif tag == "rp":
            self.in_rp = False
        elif tag == "ruby":
            base, reading = self.ruby_base or "", self.ruby_text
            self.ruby_base = self.ruby_text = None
            if self.runs is None:
                self.runs = []
            self.runs.append(Run(base, self._style(), reading.strip() if reading else None))
        elif tag == "li":
            self._flush_item_paragraph()
        elif tag in ("ul", "ol") and self.lists:
            self._end_list()
        else:
            self._end_container(tag)

    def _end_container(self, tag: str) -> None:
        if tag == "tr" and self.table is not None and self.row is not None:
            self._add_row()
        elif tag == "table" and self.table is not None:
            self.blocks.append(self.table)
            self.table = None
        elif tag == "div" and self.cards is not None:
            if self.runs is not None:
                self.cards.cards.append(self._take_runs())
            else:
                self.blocks.append(self.cards)
                self.cards = None

    def _add_row(self) -> None:
        assert self.table is not None and self.row is not None
        if not self.table.header and not self.table.rows and self.in_header:
            self.table.header = self.row
        else:
            self.table.rows.append(self.row)
        self.row = None

    def _end_paragraph(self) -> None:
        runs = self._take_runs()
        if self.cards is not None:
            self.cards.note = runs
        elif self.lists and self.lists[-1].items:
            self.lists[-1].items[-1].append(runs)
        elif runs:
            self.blocks.append(Paragraph(runs, self.paragraph_field))
        self.paragraph_field = False

    def _flush_item_paragraph(self) -> None:
        if self.runs and self.lists and self.lists[-1].items:
            self.lists[-1].items[-1].append(_tidy(self.runs))
            self.runs = None

    def _end_list(self) -> None:
        done = self.lists.pop()
        if self.lists and self.lists[-1].items:  # a list inside an item: its lines, indented
            for item in done.items:
                self.lists[-1].items[-1].extend(item)
        else:
            self.blocks.append(done)


def _tidy(runs: Runs) -> Runs:
    """Whitespace as a reader sees it: newlines are spaces, none at the ends, none doubled."""
    out: Runs = []
    for run in runs:
        text = run.text if run.style == "code" else " ".join(run.text.split("\n"))
        if run.style != "code":
            text = _squeeze(text)
        if out and out[-1].text.endswith(" ") and text.startswith(" ") and run.style != "code":
            text = text.lstrip(" ")
        if text or run.ruby:
            out.append(Run(text, run.style, run.ruby))
    if out and out[0].style != "code" and not out[0].ruby:
        out[0] = Run(out[0].text.lstrip(), out[0].style)
    if out and out[-1].style != "code" and not out[-1].ruby:
        out[-1] = Run(out[-1].text.rstrip(), out[-1].style)
    return [run for run in out if run.text or run.ruby]


def _squeeze(text: str) -> str:
    while "  " in text:
        text = text.replace("  ", " ")
    return text


def html_to_blocks(fragment: str) -> list[Block]:
    """The blocks of an HTML fragment (a handout's body)."""
    reader = _Reader()
    reader.feed(fragment)
    reader.close()
    return reader.blocks
