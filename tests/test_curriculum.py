"""Lessons: the metadata schema, every lesson valid and checked, listing and handouts."""

import copy
import tomllib
from pathlib import Path

import pytest
from terakoya.host_tools.check.run import check_paths
from terakoya.host_tools.paths import free_path

from terakoya.cli import main
from terakoya.curriculum.catalog import find_lessons
from terakoya.curriculum.handout import find_font, student_steps
from terakoya.curriculum.schema import lesson_problems

ROOT = Path(__file__).resolve().parents[1]
VALID = tomllib.loads((Path(__file__).parent / "data" / "valid_lesson.toml").read_text())
LESSONS = find_lessons(ROOT / "lessons")


def test_the_example_lesson_is_valid():
    assert lesson_problems(VALID) == []


@pytest.mark.parametrize("change, key, words", [
    (lambda d: d.pop("title"), "title", "is missing"),
    (lambda d: d.update(titel={}), "titel", "not a lesson key"),
    (lambda d: d.update(setting="G"), "setting", "must be one of A, B, C"),
    (lambda d: d.update(grade=7), "grade", "from 1 to 6"),
    (lambda d: d["summary"].pop("ja"), "summary", "both ja and en"),
    (lambda d: d.update(id="E3"), "id", "a letter and two digits"),
    (lambda d: d["steps"].pop(), "steps", "needs a 'challenge' step"),
    (lambda d: d["duration"].update(periods=0), "duration", "periods"),
    (lambda d: d.update(features_used=["laser"]), "features_used", "must be one of"),
    (lambda d: d["success_criteria"][0].update(hint={"ja": "ヒント"}), "success_criteria",
     "hint: needs both ja and en"),
    (lambda d: d["hardware"]["parts"][0].update(yen=-5), "hardware", "yen"),
    (lambda d: d["hardware"]["parts"][0].update(price=300), "hardware", "price"),
])
def test_each_problem_names_the_key(change, key, words):
    data = copy.deepcopy(VALID)
    change(data)
    problems = lesson_problems(data)
    assert any(p.key == key and words in p.text("en") for p in problems), problems
    assert all(p.ja for p in problems)


def test_the_new_keys_are_accepted():
    data = copy.deepcopy(VALID)
    data.update(setting="community", features_used=["display", "wifi", "mqtt", "web"])
    data["success_criteria"][0]["hint"] = {"ja": "ボタンAをおしてみよう", "en": "Press button A"}
    data["hardware"]["parts"][0].update(yen=3300, alternative={"ja": "シミュレーター",
                                                               "en": "the simulator"})
    assert lesson_problems(data) == []


def test_the_handout_tells_the_price_and_a_cheap_stand_in():
    from terakoya.curriculum.handout import part_line

    part = {"item": {"ja": "大きなスイッチ", "en": "a big switch"}, "quantity": 2, "per": "learner",
            "yen": 8000, "alternative": {"ja": "アーケードボタン", "en": "an arcade button"}}
    assert part_line(part, "en") == ("- a big switch × 2 (about ¥8,000)\n"
                                     "  - Or instead: an arcade button")
    assert part_line(part, "ja").startswith("- 大きなスイッチ × 2（約8,000円）")


def test_the_curriculum_has_its_lessons():
    ids = {lesson.id for lesson in LESSONS}
    assert len(ids) >= 17, sorted(ids)


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.id)
def test_every_lesson_is_valid_and_its_solution_passes_check(lesson):
    assert [p.text("en") for p in lesson.problems] == []
    board = next((b for b in lesson.data["boards"] if b != "simulator"), "microbit")
    findings = check_paths([lesson.folder / "solution.py"], board=board)
    assert [f.text() for f in findings] == []
    starter = check_paths([lesson.folder / "starter.py"], api=False)
    assert [f.text() for f in starter if f.code == "syntax"] == []  # a starter must compile


def test_lessons_command_lists_and_filters(capsys):
    assert main(["lessons", "--root", str(ROOT / "lessons"), "--audience", "senior"]) == 0
    out = capsys.readouterr().out
    assert "R01" in out and "E03" not in out
    assert main(["lessons", "--root", str(ROOT / "lessons"), "--lang", "ja", "--grade", "6"]) == 0
    assert "E03" in capsys.readouterr().out


def test_validate_reports_a_broken_lesson(tmp_path, capsys):
    broken = tmp_path / "X01-broken"
    broken.mkdir()
    (broken / "lesson.toml").write_text('id = "X01"\n')
    assert main(["lessons", "--root", str(tmp_path), "--validate"]) == 1
    out = capsys.readouterr().out
    assert "X01-broken/lesson.toml: 'title': is missing" in out
    assert "'guide.ja.md': file is missing" in out


def test_student_steps_are_taken_from_the_guide():
    guide = "# T\n## Teacher\nsay hi\n## Your steps\n1. press A\n## Notes\nx\n"
    assert student_steps(guide) == "1. press A"


def test_html_handout_in_large_print_never_overwrites(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    lesson = LESSONS[0]
    assert main(["handout", lesson.id, "--large-print", "--lang", "ja"]) == 0
    assert main(["handout", lesson.id, "--large-print", "--lang", "ja"]) == 0
    first = tmp_path / f"{lesson.id}-handout-large.ja.html"
    second = tmp_path / f"{lesson.id}-handout-large.ja-2.html"
    text = first.read_text()
    assert second.exists() and lesson.data["title"]["ja"] in text and "font-size: 20pt" in text
    assert main(["handout", "Z99"]) == 2


def test_pdf_handout(tmp_path):
    if find_font() is None:
        pytest.skip("no Japanese font: install fonts-ipafont-gothic (CI does, see .ci/run)")
    out = tmp_path / "h.pdf"
    assert main(["handout", LESSONS[0].id, "--format", "pdf", "--lang", "ja", "--output",
                 str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF") and out.stat().st_size > 2000


def test_free_path(tmp_path):
    path = tmp_path / "a.html"
    assert free_path(path) == path
    path.write_text("x")
    assert free_path(path).name == "a-2.html"


def test_the_grade_kanji_table_has_the_1026_kanji_of_the_course_of_study():
    from collections import Counter

    from terakoya.curriculum.furigana import grade_table

    table = grade_table()
    assert len(table) == 1026
    assert [Counter(table.values())[grade] for grade in range(1, 7)] == [80, 160, 200, 202,
                                                                          193, 191]
    assert (table["一"], table["雨"], table["茨"], table["媛"], table["胃"]) == (1, 1, 4, 4, 6)


def test_kanji_beyond_the_grade_need_ruby_outside_code():
    from terakoya.curriculum.furigana import unread_kanji

    text = ("# 明るさを測る\n<ruby>抵抗<rt>ていこう</rt></ruby>と 抵抗\n`print('押す')`\n"
            "```python\n# 押す\n```\n雨の日\n")
    assert unread_kanji(text, 6) == [(2, "抵"), (2, "抗")]
    assert unread_kanji(text, 4) == [(1, "測"), (2, "抵"), (2, "抗")]  # 測 is taught in grade 5


def test_validate_reports_kanji_without_furigana(tmp_path, capsys):
    import shutil

    folder = tmp_path / "E03-night-light"
    shutil.copytree(ROOT / "lessons" / "E03-night-light", folder)
    guide = folder / "guide.ja.md"
    guide.write_text(guide.read_text(encoding="utf-8") + "\n抵抗と廊下\n", encoding="utf-8")
    assert main(["lessons", "--root", str(tmp_path), "--validate"]) == 1
    out = capsys.readouterr().out
    assert "guide.ja.md: kanji beyond grade 6 need furigana" in out and "抵" in out
    assert main(["lessons", "--root", str(ROOT / "lessons"), "--validate"]) == 0
