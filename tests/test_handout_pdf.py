"""PDF handouts: the layout engine's lines and boxes (ruby, kinsoku, code, tick boxes,
worksheets, large print), and the PDF itself where the Japanese font is installed."""

import functools
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from terakoya.cli import main
from terakoya.curriculum.catalog import find_lessons, load
from terakoya.curriculum.handout import (
    find_fonts,
    handout_blocks,
    handout_body,
    handout_html,
    handout_pages,
)
from terakoya.curriculum.linebreak import (
    NO_END,
    NO_START,
    break_lines,
    line_text,
    widest_unit,
)
from terakoya.curriculum.pdf_blocks import Cards, Code, Run, Table, html_to_blocks
from terakoya.curriculum.pdf_layout import (
    ASCENT,
    CONTINUED,
    DESCENT,
    Layout,
    Style,
    grid_measure,
    mm,
)

ROOT = Path(__file__).resolve().parents[1]
LESSONS = find_lessons(ROOT / "lessons")
BY_ID = {lesson.id: lesson for lesson in LESSONS}
WITH_SHEETS = [lesson for lesson in LESSONS if (lesson.folder / "worksheet.ja.md").is_file()]
FONT_MISSING = "needs a Japanese font: install fonts-ipafont-gothic"


@functools.cache
def _font_measure():
    from terakoya.curriculum.pdf_paint import FontMeasure, new_document

    fonts = find_fonts()
    return None if fonts is None else FontMeasure(new_document(*fonts, title="test"))


def font_measure():
    if _font_measure() is None:
        pytest.skip(FONT_MISSING)
    return _font_measure()


@pytest.fixture(params=["grid", "font"])
def measure(request):
    return grid_measure if request.param == "grid" else font_measure()


def pages_of(lesson_id, lang="ja", large=False, measure=grid_measure):
    return handout_pages(BY_ID[lesson_id], lang, large, measure)


def texts(pages, role=None):
    return [t for page in pages for line in page.lines for t in line.texts
            if role is None or t.role == role]


# -- ruby -----------------------------------------------------------------------------------

@pytest.mark.parametrize("large", [False, True])
def test_ruby_sits_above_its_base_inside_the_line_box(measure, large):
    pages = pages_of("E03", "ja", large, measure)
    found = 0
    for page in pages:
        for line in page.lines:
            for before, text in zip(line.texts, line.texts[1:]):
                if text.role != "ruby":
                    continue
                found += 1
                base = before
                assert base.role == "base" and text.size == pytest.approx(base.size / 2)
                ruby_bottom = text.baseline + mm(text.size) * DESCENT
                assert ruby_bottom <= base.baseline - mm(base.size) * ASCENT + 1e-6
                assert text.baseline - mm(text.size) * ASCENT >= line.top - 1e-6
                assert base.baseline + mm(base.size) * DESCENT <= line.top + line.height + 1e-6
                assert text.x + text.width / 2 == pytest.approx(base.x + base.width / 2, abs=0.01)
            readings = sorted((t.x, t.x + t.width) for t in line.texts if t.role == "ruby")
            for (_, end), (start, _) in zip(readings, readings[1:]):
                assert end <= start + 1e-6  # two readings never overlap
            assert all(line.x - 1e-6 <= a and b <= line.x + line.width + 1e-6
                       for a, b in readings)
    assert found > 20  # E03's steps and worksheet carry readings


def test_a_guide_reading_reaches_the_page_as_ruby_not_brackets():
    blocks = html_to_blocks("<p><ruby>点<rt>つ</rt></ruby>ける</p>")
    assert blocks[0].runs == [Run("点", ruby="つ"), Run("ける")]
    with_brackets = html_to_blocks("<p><ruby>点<rp>（</rp><rt>つ</rt><rp>）</rp></ruby>ける</p>")
    assert with_brackets[0].runs == blocks[0].runs
    shown = "".join(t.text for t in texts(pages_of("E03")))
    assert "点（つ）" not in shown and "つ" in [t.text for t in texts(pages_of("E03"), "ruby")]


# -- kinsoku --------------------------------------------------------------------------------

WORDS = ["micro:bit", "A", "B", "LED", "display.show()", "pin0", "GND", "OK"]
JAPANESE = list("明るさをはかってしきい値を決めよう表に書くボタン押すとライトが点きますっゃャ")
PUNCT = list("、。「」（）・ー！？")


@st.composite
def japanese_runs(draw):
    runs = []
    for _ in range(draw(st.integers(1, 40))):
        kind = draw(st.sampled_from(["ja", "ja", "ja", "punct", "word", "space", "ruby", "code"]))
        if kind == "ja":
            runs.append(Run("".join(draw(st.lists(st.sampled_from(JAPANESE), min_size=1,
                                                   max_size=6)))))
        elif kind == "punct":
            runs.append(Run(draw(st.sampled_from(PUNCT))))
        elif kind == "word":
            runs.append(Run(draw(st.sampled_from(WORDS))))
        elif kind == "space":
            runs.append(Run(" "))
        elif kind == "ruby":
            runs.append(Run(draw(st.sampled_from(["点", "表", "予想", "値"])),
                            ruby=draw(st.sampled_from(["つ", "ひょう", "よそう", "ち"]))))
        else:
            runs.append(Run(draw(st.sampled_from(["if", "print(x)", "sleep(500)"])), "code"))
    return runs


@settings(max_examples=300, deadline=None)
@given(runs=japanese_runs(), width=st.floats(25.0, 180.0), size=st.sampled_from([12.0, 20.0]))
def test_no_line_starts_or_ends_with_a_forbidden_character(runs, width, size):
    assume(widest_unit(runs, grid_measure, size) <= width)  # else a unit must be cut
    lines = break_lines(runs, width, grid_measure, size)
    shown = [line_text(line) for line in lines]
    for line in lines[1:]:
        assert line_text(line)[:1] not in NO_START, shown
    for line in lines[:-1]:
        assert line_text(line)[-1:] not in NO_END, shown
    for line in lines:
        assert sum(p.advance for p in line) <= width + 1e-6
    whole = "".join(run.text for run in runs)
    assert "".join(shown).replace(" ", "") == whole.replace(" ", "")  # nothing lost or doubled
    for run in runs:  # a Latin word, inline code, a word with its reading: never parted
        if run.ruby or run.style == "code" or run.text in WORDS:
            assert any(run.text in text for text in shown), (run, shown)
    readings = [(p.text, p.ruby) for line in lines for p in line if p.ruby]
    assert readings == [(r.text, r.ruby) for r in runs if r.ruby]


def test_kinsoku_by_example():
    runs = [Run("micro:bit の LED を「しきい値」より小さいとき（display.show()）だけ点けます。")]
    for width in range(30, 120, 3):
        lines = [line_text(line) for line in break_lines(runs, width, grid_measure, 12.0)]
        assert all(line[:1] not in NO_START for line in lines[1:]), lines
        assert all(line[-1:] not in NO_END for line in lines[:-1]), lines
        assert all("micro:bit" in line or "micro" not in line for line in lines), lines
    blank = [Run("街灯は、（\u3000\u3000\u3000\u3000）を感じて、（\u3000\u3000\u3000\u3000）する。")]
    for width in range(30, 80, 2):  # a blank to write in is never split
        lines = [line_text(line) for line in break_lines(blank, width, grid_measure, 12.0)]
        assert sum(line.count("（\u3000\u3000\u3000\u3000）") for line in lines) == 2, lines


# -- code -----------------------------------------------------------------------------------

def code_lines(pages):
    return [line for page in pages for line in page.lines if line.kind == "code"]


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large"])
@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.id)
def test_every_code_line_is_whole_or_marked(lesson, large, measure):
    pages = handout_pages(lesson, "ja", large, measure)
    expected = [line for block in handout_blocks(lesson, "ja") if isinstance(block, Code)
                for line in block.lines]
    starter = (lesson.folder / "starter.py").read_text(encoding="utf-8").rstrip().split("\n")
    assert all(line in expected for line in starter)
    printed, current = [], ""
    for box in code_lines(pages):
        body = [t for t in box.texts if t.role == "base"]
        marks = [t for t in box.texts if t.role == "mark"]
        assert len(body) <= 1 and (marks != []) == box.continues
        assert all(t.text == CONTINUED and t.x >= body[0].x + body[0].width for t in marks
                   if body)
        current += body[0].text if body else ""
        if not box.continues:
            printed.append(current)
            current = ""
    assert [line.rstrip() for line in printed] == [line.rstrip() for line in expected]
    style = Style(size=20.0 if large else 12.0)
    sizes = {t.size for box in code_lines(pages) for t in box.texts}
    assert all(style.code_minimum - 1e-9 <= size <= style.code_size for size in sizes)
    if not large and measure is not grid_measure:  # at 12 pt every starter fits unwrapped
        assert not any(box.continues for box in code_lines(pages))


def test_a_long_line_shrinks_the_block_before_it_wraps_and_the_mark_is_explained():
    layout = Layout(Style(size=12.0), grid_measure)
    fits = layout.code(Code(["x = 1  # " + "a" * 90]))
    sizes = {t.size for row in fits for line in row.lines for t in line.texts}
    assert len(sizes) == 1 and 12.0 * 0.7 <= sizes.pop() < 12.0 * 0.9
    note = [Run("means it goes on")]
    wrapped = layout.code(Code(["x = 1  # " + "word " * 60], note))
    lines = [line for row in wrapped for line in row.lines]
    assert lines[0].kind == "text" and "means it goes on" in "".join(t.text for t in lines[0].texts)
    code = [line for line in lines if line.kind == "code"]
    assert len(code) >= 2 and all(line.continues for line in code[:-1])
    assert not code[-1].continues
    assert "".join(t.text for line in code for t in line.texts if t.role == "base") == \
        "x = 1  # " + "word " * 60


def test_large_print_wraps_the_long_starter_lines_with_the_mark_and_says_what_it_means():
    pages = pages_of("R04", "en", large=True)
    assert any(box.continues for box in code_lines(pages))
    words = " ".join(t.text for t in texts(pages))
    assert "goes on in the next line" in words


# -- tick boxes, worksheets, pages ----------------------------------------------------------

@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.id)
def test_each_criterion_has_a_box_to_tick(lesson, lang):
    pages = handout_pages(lesson, lang, False, grid_measure)
    boxes = [shape for page in pages for shape in page.shapes if shape.kind == "box"]
    criteria = lesson.data["success_criteria"]
    assert len(boxes) == len(criteria)
    assert all(box in pages[0].shapes for box in boxes)  # all on the first page
    first = "".join(t.text for line in pages[0].lines for t in line.texts if t.role == "base")
    assert all(c[lang][:8] in first for c in criteria)
    assert handout_html(lesson, lang, False).count('<td class="tick"></td>') == len(criteria)


def test_the_guides_that_mention_worksheets_and_cards_have_them():
    assert {"E03", "E07", "E10", "R04"} <= {lesson.id for lesson in WITH_SHEETS}


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("lesson", WITH_SHEETS, ids=lambda lesson: lesson.id)
def test_a_worksheet_is_printed_on_pages_of_its_own(lesson, lang):
    source = (lesson.folder / f"worksheet.{lang}.md").read_text(encoding="utf-8")
    blocks = handout_blocks(lesson, lang)
    cards = [card for block in blocks if isinstance(block, Cards) for card in block.cards]
    assert len(cards) == source.count("\n- ")
    blanks = sum(row.count([]) for block in blocks if isinstance(block, Table)
                 for row in block.rows)
    assert blanks >= 3  # cells to write in
    pages = handout_pages(lesson, lang, False, grid_measure)
    word = "ワークシート" if lang == "ja" else "Worksheet"
    starts = [n for n, page in enumerate(pages) if page.lines and word in
              "".join(t.text for t in page.lines[0].texts)]
    assert starts and starts[0] > 0  # the worksheet begins a page, after the handout
    dashed = [s for page in pages[starts[0]:] for s in page.shapes if s.kind == "dash"]
    assert len(dashed) == len(cards)
    body = handout_body(lesson, lang)
    assert body.count('<div class="card">') == len(cards) and 'class="page-break"' in body


def test_a_lesson_without_a_worksheet_has_none(tmp_path):
    folder = tmp_path / "E01-name-badge"
    shutil.copytree(BY_ID["E01"].folder, folder)
    for name in ("worksheet.ja.md", "worksheet.en.md"):
        (folder / name).unlink()
    lesson = load(folder)
    assert not lesson.problems
    assert "page-break" not in handout_body(lesson, "ja")


@pytest.mark.parametrize("large, size", [(False, 12.0), (True, 20.0)])
def test_text_sizes(large, size):
    pages = pages_of("E07", "ja", large)
    body = {t.size for t in texts(pages, "base") if t.style == "text"}
    assert size in body and max(body) <= size * 1.3 + 1e-9  # cards are set a little larger
    headings = {t.size for page in pages for line in page.lines if line.kind == "heading"
                for t in line.texts if t.role == "base"}
    assert headings == {size * 1.6, size * 1.3}
    style = Style(size=size)
    for page in pages:  # nothing runs past the margins
        for line in page.lines:
            if line.kind != "footer":
                assert style.top - 1e-6 <= line.top and line.top + line.height <= style.bottom + 1e-6
            for t in line.texts:
                assert style.margin - 1e-6 <= t.x and t.x + t.width <= style.margin + style.width + 1e-6


def test_a_worksheet_in_one_language_only_is_reported(tmp_path):
    folder = tmp_path / "E03-night-light"
    shutil.copytree(BY_ID["E03"].folder, folder)
    (folder / "worksheet.en.md").unlink()
    assert any(p.key == "worksheet.en.md" for p in load(folder).problems)
    (folder / "worksheet.en.md").write_text("::: cards\n- a\n", encoding="utf-8")
    assert any("':::'" in p.text("en") for p in load(folder).problems)


# -- the PDF --------------------------------------------------------------------------------

def test_pdf_written_through_a_temporary_name(tmp_path):
    if find_fonts() is None:
        pytest.skip(FONT_MISSING)
    out = tmp_path / "E03.pdf"
    assert main(["handout", "E03", "--lang", "ja", "--large-print", "--output", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["E03.pdf"]
    assert main(["handout", "E03", "--lang", "ja", "--output", str(out)]) == 0
    assert (tmp_path / "E03-2.pdf").is_file()  # never over the first


def test_a_page_renders_to_an_image(tmp_path):
    if find_fonts() is None:
        pytest.skip(FONT_MISSING)
    if shutil.which("pdftoppm") is None:
        pytest.skip("needs pdftoppm: install poppler-utils")
    from PIL import Image

    out = tmp_path / "E07.pdf"
    assert main(["handout", "E07", "--lang", "ja", "--output", str(out)]) == 0
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(out), str(tmp_path / "page")], check=True)
    images = sorted(tmp_path.glob("page-*.png"))
    assert len(images) == len(pages_of("E07", "ja", measure=font_measure()))
    first = Image.open(images[0]).convert("L")
    dark = sum(first.histogram()[:128])
    assert dark > 2000  # text, the table and its boxes are there


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large"])
@pytest.mark.parametrize("lesson", WITH_SHEETS, ids=lambda lesson: lesson.id)
def test_no_word_in_a_table_is_split(lesson, large, measure):
    pages = handout_pages(lesson, "en", large, measure)
    printed = {"".join(t.text for t in line.texts if t.role == "base") for page in pages
               for line in page.lines if line.kind == "cell"}
    words = {word for block in handout_blocks(lesson, "en") if isinstance(block, Table)
             for row in [block.header, *block.rows] for cell in row if isinstance(cell, list)
             for word in "".join(run.text for run in cell).split()}
    assert words and all(any(word in line for line in printed) for word in words)


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large"])
def test_no_printed_line_starts_or_ends_badly_in_any_handout(large, measure):
    for lesson in LESSONS:
        for lang in ("ja", "en"):
            for page in handout_pages(lesson, lang, large, measure):
                for line in page.lines:
                    if line.kind in ("code", "footer"):
                        continue
                    words = "".join(t.text for t in line.texts if t.role == "base")
                    assert words[:1] not in NO_START and words[-1:] not in NO_END, \
                        (lesson.id, lang, words)


def test_a_table_split_by_a_page_break_repeats_its_header():
    pages = pages_of("R04", "en", large=True)
    for page in pages:
        words = ["".join(t.text for t in line.texts) for line in page.lines if line.kind == "cell"]
        if any("How to switch it off" in w for w in words):
            assert any("What we decide" in w for w in words)
            return
    pytest.fail("the agreement table is missing")


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large"])
def test_no_page_is_left_empty(large, measure):
    for lesson in LESSONS:
        for lang in ("ja", "en"):
            pages = handout_pages(lesson, lang, large, measure)
            assert all(any(line.kind != "footer" for line in page.lines) for page in pages), \
                (lesson.id, lang)


def test_a_grid_too_wide_for_large_print_is_set_smaller_with_every_word_whole(tmp_path):
    folder = tmp_path / "E02-regular-polygons"
    shutil.copytree(BY_ID["E02"].folder, folder)
    header = "| row |" + "".join(f" {n} |" for n in range(1, 17))
    rows = [f"| {n} (y={8 * n}) |" + " |" * 16 for n in range(5)]
    grid = "\n".join([header, "| --- |" + " --- |" * 16, *rows])
    for lang in ("en", "ja"):
        sheet = folder / f"worksheet.{lang}.md"
        sheet.write_text(sheet.read_text(encoding="utf-8") + "\n\n" + grid + "\n", encoding="utf-8")
    lesson = load(folder)
    pages = handout_pages(lesson, "en", True, grid_measure)
    cells = [t for page in pages for line in page.lines if line.kind == "cell"
             for t in line.texts if t.role == "base"]
    printed = {"".join(t.text for t in line.texts if t.role == "base") for page in pages
               for line in page.lines if line.kind == "cell"}
    assert all(any(f"(y={8 * n})" in line for line in printed) for n in range(5))  # whole
    assert min(t.size for t in cells) < 20.0  # the wide grid is set smaller than 20 pt
