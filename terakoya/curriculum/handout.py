"""Printable student handouts: print-ready HTML, or PDF with a Japanese font.

A handout has the lesson's title, the "I can …" criteria with a box to tick for each, what you
need, the student steps from the guide and the starter program; then, for a lesson that has
one (``worksheet.ja.md`` / ``worksheet.en.md``), its worksheet pages: tables with empty cells
to fill in, cards to cut out. Large print (``--large-print``) sets text at 20 pt and headings
larger, for seniors and low-vision learners.

Both formats come from one HTML body. The PDF is laid out by Terakoya's own small engine
(``pdf_layout``): readings (furigana) above their kanji, Japanese line-breaking rules, code
never broken into a line Python would refuse.
"""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import markdown

from .catalog import Lesson

STUDENT_HEADINGS = ("your steps", "やってみよう")
LABELS = {"goals": ("I can …", "できるようになること"),
          "done": ("Done", "できた"),
          "parts": ("What you need", "用意するもの"),
          "instead": ("Or instead", "かわりに"),
          "steps": ("Your steps", "やってみよう"),
          "starter": ("The program to start from", "はじめのプログラム"),
          "worksheet": ("Worksheet", "ワークシート"),
          "name": ("Name", "なまえ"),
          "cut": ("Cut along the dashed lines.",
                  "<ruby>点線<rt>てんせん</rt></ruby>にそって<ruby>切<rt>き</rt></ruby>りとりましょう。"),
          "continued": ("at the end of a line means that the line goes on in the next line: "
                        "type the two as one line.",
                        "のついた<ruby>行<rt>ぎょう</rt></ruby>は、<ruby>次<rt>つぎ</rt></ruby>の"
                        "<ruby>行<rt>ぎょう</rt></ruby>へつづいています。プログラムに<ruby>書<rt>か"
                        "</rt></ruby>くときは、1<ruby>行<rt>ぎょう</rt></ruby>につなげて<ruby>書"
                        "<rt>か</rt></ruby>きます。")}
WORKSHEETS = ("worksheet.ja.md", "worksheet.en.md")
PAGE_BREAK = '<div class="page-break"></div>'
BLOCK_START = re.compile(r"^(\s*\d*)([.)+*#>-])(?=\s|$)")  # a list, heading or quote mark
CARDS = re.compile(r"^:::[ \t]*cards[ \t]*\n(.*?)^:::[ \t]*$", re.M | re.S)
FIELD = re.compile(r"^(?!\s*[-*|>#])(\S.*?)[ \t]*_{4,}[ \t]*$", re.M)


def _label(key: str, lang: str) -> str:
    english, japanese = LABELS[key]
    return japanese if lang == "ja" else english


def student_steps(guide: str) -> str:
    """The guide's student section (a heading with "Your steps" / 「やってみよう」), else all."""
    lines = guide.splitlines()
    for index, line in enumerate(lines):
        if line.startswith("#") and any(h in line.lower() for h in STUDENT_HEADINGS):
            level = len(line) - len(line.lstrip("#"))
            body = []
            for follow in lines[index + 1:]:
                if follow.startswith("#") and len(follow) - len(follow.lstrip("#")) <= level:
                    break
                body.append(follow)
            return "\n".join(body).strip()
    return guide


def _inline(text: str) -> str:
    """Markdown for one line of text (``code``, **bold**, <ruby>) as inline HTML. A line that
    starts like a list or a heading ("1. まえへ", "+ たす", "# ばんごう") is text here."""
    text = BLOCK_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text, count=1)
    out = markdown.markdown(text).strip()
    return out[3:-4] if out.startswith("<p>") and out.endswith("</p>") else out


def tick_table(criteria: list[str], lang: str) -> str:
    rows = "".join(f'<tr><td>{_inline(c)}</td><td class="tick"></td></tr>\n' for c in criteria)
    return (f'<table class="ticks">\n<thead><tr><th>{_label("goals", lang)}</th>'
            f'<th class="done">{_label("done", lang)}</th></tr></thead>\n<tbody>\n{rows}'
            "</tbody>\n</table>")


def part_line(part: dict, key: str) -> str:
    """One thing to get ready: what, how many, its rough price and a cheap stand-in."""
    line = f"- {part['item'][key]} × {part['quantity']}"
    if part.get("yen"):
        line += f"（約{part['yen']:,}円）" if key == "ja" else f" (about ¥{part['yen']:,})"
    if "alternative" in part:
        line += f"\n  - {_label('instead', key)}: {part['alternative'][key]}"
    return line


def handout_markdown(lesson: Lesson, lang: str) -> str:
    data = lesson.data
    key = "ja" if lang == "ja" else "en"
    title = data["title"][key] + (f"（{data['title']['ja_kana']}）" if key == "ja" else "")
    goals = tick_table([c[key] for c in data["success_criteria"]], key)
    parts = "\n".join(part_line(p, key) for p in data["hardware"]["parts"])
    guide = (lesson.folder / f"guide.{key}.md").read_text(encoding="utf-8")
    starter = (lesson.folder / "starter.py").read_text(encoding="utf-8")
    return (f"# {lesson.id} {title}\n\n{data['summary'][key]}\n\n"
            f"{goals}\n\n## {_label('parts', lang)}\n\n{parts}\n\n"
            f"## {_label('steps', lang)}\n\n{student_steps(guide)}\n\n"
            f"## {_label('starter', lang)}\n\n```python\n{starter.rstrip()}\n```\n")


def worksheet_markdown(lesson: Lesson, lang: str) -> str | None:
    """The lesson's worksheet pages (Markdown), or None when it has none."""
    path = lesson.folder / f"worksheet.{'ja' if lang == 'ja' else 'en'}.md"
    if not path.is_file():
        return None
    sheet = path.read_text(encoding="utf-8")
    sheet = CARDS.sub(lambda m: _cards_html(m.group(1), lang), sheet)
    sheet = FIELD.sub(lambda m: f'<p class="field"><span>{_inline(m.group(1))}</span></p>', sheet)
    head = (f"{PAGE_BREAK}\n\n# {lesson.id} {_label('worksheet', lang)}：{lesson.title(lang)}"
            if lang == "ja" else
            f"{PAGE_BREAK}\n\n# {lesson.id} {_label('worksheet', lang)}: {lesson.title(lang)}")
    return f"{head}\n\n<p class=\"field\"><span>{_label('name', lang)}</span></p>\n\n{sheet}"


def _cards_html(body: str, lang: str) -> str:
    cards = [line.strip()[2:] for line in body.splitlines() if line.strip().startswith("- ")]
    inner = "".join(f'<div class="card"><span>{_inline(card)}</span></div>\n' for card in cards)
    return (f'<div class="cards">\n<p class="cut">{_label("cut", lang)}</p>\n'
            f'{inner}</div>\n')


def handout_body(lesson: Lesson, lang: str) -> str:
    """The handout as an HTML fragment: the one source of both the HTML and the PDF."""
    text = handout_markdown(lesson, lang)
    sheet = worksheet_markdown(lesson, lang)
    if sheet:
        text += f"\n\n{sheet}\n"
    return markdown.markdown(text, extensions=["fenced_code", "tables"])


def code_note_html(lang: str) -> str:
    return f'<p class="note"><span class="more">⏎</span> {_label("continued", lang)}</p>'


def handout_html(lesson: Lesson, lang: str, large_print: bool) -> str:
    from .html_code import HTML_PAGE, fit_code_blocks

    size = 20 if large_print else 12
    body = fit_code_blocks(handout_body(lesson, lang), size, code_note_html(lang))
    return HTML_PAGE.format(lang=lang, title=f"{html.escape(lesson.id)} "
                            f"{html.escape(lesson.title(lang))}", size=size,
                            h1=f"{size * 1.6:.0f}", h2=f"{size * 1.3:.0f}",
                            code=f"{size * 0.9:.1f}", body=body)


def find_font() -> Path | None:
    """A TrueType font with Japanese glyphs (Debian fonts-ipafont-gothic, or the system's)."""
    fonts = _japanese_fonts()
    gothic = [f for f in fonts if "gothic" in f.name.lower() or f.name.lower().startswith("ipag")]
    return (gothic or fonts or [None])[0]


def find_fonts() -> tuple[Path, Path] | None:
    """(text font, code font): IPA P Gothic for text and the fixed-pitch IPA Gothic for code
    when both are there, else the one Japanese font found for both."""
    fonts = _japanese_fonts()
    named = {f.name.lower(): f for f in fonts}
    one = find_font()
    if one is None:
        return None
    return named.get("ipagp.ttf", one), named.get("ipag.ttf", one)


_FOUND: list[Path] = []  # the fonts found once (fc-list can be slow on a busy machine)


def _japanese_fonts() -> list[Path]:
    if _FOUND and all(f.is_file() for f in _FOUND):
        return list(_FOUND)
    try:
        listed = subprocess.run(["fc-list", ":lang=ja", "file"], capture_output=True, text=True,
                                timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    files = sorted(Path(line.strip().rstrip(":")) for line in listed.splitlines() if line.strip())
    _FOUND[:] = [f for f in files if f.suffix.lower() in (".ttf", ".otf")]
    return list(_FOUND)


class NoJapaneseFont(Exception):
    """A PDF with Japanese text needs a font that has it."""


def handout_blocks(lesson: Lesson, lang: str) -> list:
    """The handout as layout blocks; code blocks carry the note that explains ⏎."""
    from .pdf_blocks import Code, html_to_blocks

    note = html_to_blocks(f"<p>{_label('continued', lang)}</p>")[0].runs  # type: ignore[union-attr]
    blocks = html_to_blocks(handout_body(lesson, lang))
    for block in blocks:
        if isinstance(block, Code):
            block.note = note
    return blocks


def handout_pages(lesson: Lesson, lang: str, large_print: bool, measure) -> list:  # type: ignore[no-untyped-def]
    from .pdf_layout import Layout, Style

    layout = Layout(Style(size=20.0 if large_print else 12.0), measure)
    return layout.pages(handout_blocks(lesson, lang), f"{lesson.id} {lesson.title(lang)}")


def handout_pdf(lesson: Lesson, lang: str, large_print: bool, out: Path) -> None:
    from .pdf_paint import FontMeasure, new_document, paint

    fonts = find_fonts()
    if fonts is None:
        raise NoJapaneseFont
    pdf = new_document(*fonts, title=f"{lesson.id} {lesson.title(lang)}")
    paint(pdf, handout_pages(lesson, lang, large_print, FontMeasure(pdf)))
    pdf.output(str(out))
