"""Printable student handouts: print-ready HTML, or PDF (fpdf2) with a Japanese font.

A handout has the lesson's title, goals ("I can …"), what you need, the student steps from
the guide and the starter program. Large print (``--large-print``) sets text at 20 pt and
headings larger, for seniors and low-vision learners.
"""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import markdown

from .catalog import Lesson

STUDENT_HEADINGS = ("your steps", "やってみよう")
LABELS = {"goals": ("What I will be able to do", "できるようになること"),
          "parts": ("What you need", "用意するもの"),
          "steps": ("Your steps", "やってみよう"),
          "starter": ("The program to start from", "はじめのプログラム")}


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


def handout_markdown(lesson: Lesson, lang: str) -> str:
    data = lesson.data
    key = "ja" if lang == "ja" else "en"
    title = data["title"][key] + (f"（{data['title']['ja_kana']}）" if key == "ja" else "")
    goals = "\n".join(f"- {c[key]}" for c in data["success_criteria"])
    parts = "\n".join(f"- {p['item'][key]} × {p['quantity']}" for p in data["hardware"]["parts"])
    guide = (lesson.folder / f"guide.{key}.md").read_text(encoding="utf-8")
    starter = (lesson.folder / "starter.py").read_text(encoding="utf-8")
    return (f"# {lesson.id} {title}\n\n{data['summary'][key]}\n\n"
            f"## {_label('goals', lang)}\n\n{goals}\n\n## {_label('parts', lang)}\n\n{parts}\n\n"
            f"## {_label('steps', lang)}\n\n{student_steps(guide)}\n\n"
            f"## {_label('starter', lang)}\n\n```python\n{starter}```\n")


def handout_html(lesson: Lesson, lang: str, large_print: bool) -> str:
    body = markdown.markdown(handout_markdown(lesson, lang), extensions=["fenced_code", "tables"])
    size = 20 if large_print else 12
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8">
<title>{html.escape(lesson.id)} {html.escape(lesson.title(lang))}</title>
<style>
@page {{ size: A4; margin: 15mm; }}
body {{ font-family: "IPAGothic", "Noto Sans CJK JP", "Yu Gothic", "Meiryo", sans-serif;
       font-size: {size}pt; line-height: 1.6; color: #000; background: #fff; max-width: 45em; }}
h1 {{ font-size: {size * 1.6:.0f}pt; }} h2 {{ font-size: {size * 1.3:.0f}pt;
       border-bottom: 2px solid #000; }}
pre, code {{ font-family: "IPAGothic", monospace; font-size: {size * 0.9:.0f}pt; }}
pre {{ border: 1px solid #000; padding: 0.5em; white-space: pre-wrap; }}
rt {{ font-size: 0.5em; }}
</style></head>
<body>
{body}
</body></html>
"""


def find_font() -> Path | None:
    """A TrueType font with Japanese glyphs (Debian fonts-ipafont-gothic, or the system's)."""
    try:
        listed = subprocess.run(["fc-list", ":lang=ja", "file"], capture_output=True, text=True,
                                timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    files = [Path(line.strip().rstrip(":")) for line in listed.splitlines() if line.strip()]
    usable = [f for f in files if f.suffix.lower() in (".ttf", ".otf")]
    gothic = [f for f in usable if "gothic" in f.name.lower() or f.name.lower().startswith("ipag")]
    return (gothic or usable or [None])[0]


class NoJapaneseFont(Exception):
    """A PDF with Japanese text needs a font that has it."""


def handout_pdf(lesson: Lesson, lang: str, large_print: bool, out: Path) -> None:
    from fpdf import FPDF

    font = find_font()
    if font is None:
        raise NoJapaneseFont
    pdf = FPDF(format="A4")
    pdf.set_margins(15, 15, 15)
    pdf.add_font("jp", "", str(font))
    pdf.add_font("jp", "B", str(font))
    pdf.set_font("jp", size=20 if large_print else 12)
    pdf.add_page()
    text = re.sub(r"<ruby>(.*?)<rt>(.*?)</rt></ruby>", r"\1（\2）", handout_markdown(lesson, lang))
    body = markdown.markdown(text, extensions=["fenced_code"])
    pdf.write_html(body, font_family="jp", tag_styles=_pdf_styles(20 if large_print else 12))
    pdf.output(str(out))


def _pdf_styles(size: int) -> dict:
    from fpdf.fonts import FontFace, TextStyle

    return {"h1": TextStyle(font_family="jp", font_size_pt=round(size * 1.6)),
            "h2": TextStyle(font_family="jp", font_size_pt=round(size * 1.3)),
            "code": FontFace(family="jp"), "pre": TextStyle(font_family="jp", font_size_pt=size)}
