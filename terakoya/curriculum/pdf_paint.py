"""Laid-out pages drawn with fpdf2's primitives (text at a point, lines, rectangles)."""

from __future__ import annotations

from pathlib import Path

from .pdf_boxes import Page, Shape, Text, mm

FAMILIES = {"text": "jp", "bold": "jp", "code": "jpmono"}


class FontMeasure:
    """Text widths (mm) from the fonts of an FPDF document, remembered."""

    def __init__(self, pdf) -> None:  # type: ignore[no-untyped-def]
        self.pdf = pdf
        self.known: dict[tuple[str, str, float], float] = {}

    def __call__(self, text: str, style: str, size: float) -> float:
        key = (text, style, size)
        if key not in self.known:
            self.pdf.set_font(FAMILIES.get(style, "jp"), size=size)
            self.known[key] = self.pdf.get_string_width(text)
        return self.known[key]


def new_document(text_font: Path, code_font: Path, title: str):  # type: ignore[no-untyped-def]
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    pdf.add_font("jp", "", str(text_font))
    pdf.add_font("jpmono", "", str(code_font))
    pdf.set_title(title)
    pdf.set_creator("Terakoya")
    pdf.set_lang("ja")
    return pdf


def paint(pdf, pages: list[Page]) -> None:  # type: ignore[no-untyped-def]
    for page in pages:
        pdf.add_page()
        for shape in page.shapes:
            _shape(pdf, shape)
        for line in page.lines:
            for text in line.texts:
                if text.text.strip():
                    _text(pdf, text)


def _text(pdf, text: Text) -> None:  # type: ignore[no-untyped-def]
    from fpdf.enums import TextMode

    pdf.set_font(FAMILIES.get(text.style, "jp"), size=text.size)
    pdf.set_text_color(90 if text.role in ("mark", "footer") else 0)
    if text.style != "bold":
        pdf.text(text.x, text.baseline, text.text)
        return
    with pdf.local_context():  # the IPA fonts have no bold face: the letters are drawn thicker
        pdf.text_mode = TextMode.FILL_STROKE
        pdf.set_draw_color(0)
        pdf.set_line_width(mm(text.size) * 0.035)
        pdf.text(text.x, text.baseline, text.text)


def _shape(pdf, shape: Shape) -> None:  # type: ignore[no-untyped-def]
    pdf.set_draw_color(0 if shape.kind != "dash" else 60)
    pdf.set_line_width(shape.weight)
    if shape.kind == "dash":
        with pdf.local_context():
            pdf.set_dash_pattern(dash=2.5, gap=1.8)
            pdf.rect(shape.x, shape.y, shape.w, shape.h)
    elif shape.kind in ("rect", "box"):
        pdf.rect(shape.x, shape.y, shape.w, shape.h)
    else:
        pdf.line(shape.x, shape.y, shape.x + shape.w, shape.y + shape.h)
