"""Code blocks in the HTML handout, fitted to an A4 page as in the PDF: set smaller when a line
is too long, and only past the smallest size wrapped with the mark ⏎ (and a note saying what
it means). A browser's own wrapping would make lines that Python refuses, without a sign."""

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
