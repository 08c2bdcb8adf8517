"""A card to cut out is one card whatever its text starts with: "1. まえへ", "+ たす" and
"# ばんごう" are card texts, not a list or a heading inside the card."""

from __future__ import annotations

from terakoya.curriculum.handout import _cards_html, _inline


def test_card_texts_that_start_like_a_list_or_a_heading_stay_text():
    html = _cards_html("- 1. まえに すすむ\n- + たす\n- # ばんごう\n- 3) みっつ\n- ふつう\n", "ja")
    assert html.count('<div class="card">') == 5
    assert "<ol>" not in html and "<ul>" not in html and "<h1>" not in html
    for text in ("1. まえに すすむ", "+ たす", "# ばんごう", "3) みっつ"):
        assert f"<span>{text}</span>" in html


def test_markdown_inside_a_line_still_works():
    assert _inline("**ふとい** と `code`") == "<strong>ふとい</strong> と <code>code</code>"
    assert _inline("*x* は 2. の") == "<em>x</em> は 2. の"
