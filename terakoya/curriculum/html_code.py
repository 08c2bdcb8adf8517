"""The HTML handout's page (its print style sheet), and its code blocks fitted to an A4 page
as in the PDF: set smaller when a line is too long, and only past the smallest size wrapped
with the mark ⏎ (and a note saying what it means). A browser's own wrapping would make lines
that Python refuses, without a sign."""

from __future__ import annotations

import html
import re

from .linebreak import is_wide
from .pdf_code import fitting_size, wrap_line
from .pdf_layout import Layout, Style, mm

PRE = re.compile(r"<pre><code([^>]*)>(.*?)</code></pre>", re.S)
PAGE_TEXT_WIDTH = 180.0  # mm: A4 less two 15 mm margins


def browser_measure(text: str, style: str, size: float) -> float:
    """A cautious width: a browser's fallback monospace font is wider than IPA Gothic."""
    return sum(1.0 if is_wide(c) else 0.6 for c in text) * mm(size)


def fit_code_blocks(body: str, size: float, note: str) -> str:
    style = Style(size=size, page_width=min(PAGE_TEXT_WIDTH, mm(size) * 45) + 30.0)
    layout = Layout(style, browser_measure)

    def fit(match: re.Match[str]) -> str:
        lines = html.unescape(match.group(2)).rstrip("\n").split("\n")
        room = style.width - 2 * mm(size) * 0.5 - mm(size) * 1.2
        code = fitting_size(lines, room, layout)
        wraps = any(browser_measure(line, "code", code) > room for line in lines)
        indent = browser_measure("    ", "code", code)
        shown = []
        for line in lines:
            parts = wrap_line(line, room, indent, code, layout) if wraps else [line]
            shown.append(('<span class="more">⏎</span>\n    ').join(html.escape(p) for p in parts))
        block = (f'<pre style="font-size: {code:.1f}pt"><code{match.group(1)}>'
                 + "\n".join(shown) + "\n</code></pre>")
        return (note + "\n" if wraps else "") + block

    return PRE.sub(fit, body)


HTML_PAGE = """<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8">
<title>{title}</title>
<style>
@page {{ size: A4; margin: 15mm; }}
body {{ font-family: "IPAPGothic", "IPAGothic", "Noto Sans CJK JP", "Yu Gothic", "Meiryo",
       sans-serif; font-size: {size}pt; line-height: 1.8; color: #000; background: #fff;
       max-width: 45em; line-break: strict; word-break: keep-all; overflow-wrap: anywhere; }}
h1 {{ font-size: {h1}pt; }} h2 {{ font-size: {h2}pt; border-bottom: 2px solid #000; }}
h1, h2, h3 {{ break-after: avoid; }}
pre, code {{ font-family: "IPAGothic", monospace; font-size: {code}pt; }}
pre {{ border: 1px solid #000; padding: 0.5em; white-space: pre; line-height: 1.45;
      break-inside: avoid; }}
pre code {{ font-size: inherit; }}
.more {{ color: #555; }}
rt {{ font-size: 0.5em; }}
table {{ border-collapse: collapse; width: 100%; margin: 0.5em 0 1em; }}
th, td {{ border: 1px solid #000; padding: 0.3em 0.5em; text-align: left; }}
tr {{ break-inside: avoid; }}
td:empty {{ height: 2.6em; }}
th.done {{ width: 4em; text-align: center; }}
td.tick::after {{ content: ""; display: block; margin: auto; width: 1.3em; height: 1.3em;
                  border: 2px solid #000; }}
.page-break {{ break-before: page; page-break-before: always; }}
p.field {{ display: flex; align-items: baseline; }}
p.field::after {{ content: ""; flex: 1; min-width: 30%; margin-left: 0.5em;
                  border-bottom: 1px solid #000; }}
.cards {{ display: grid; grid-template-columns: 1fr 1fr; }}
.cards .cut {{ grid-column: 1 / -1; margin: 0 0 0.3em; }}
.card {{ border: 1px dashed #444; min-height: 5em; display: flex; align-items: center;
         justify-content: center; text-align: center; font-size: 1.3em; padding: 0.5em;
         break-inside: avoid; }}
</style></head>
<body>
{body}
</body></html>
"""
