"""``terakoya lessons test``: the lessons' tests against a pupil's program, told as the
lesson's "I can" statements; and every lesson's tests tell its starter from its solution."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from terakoya.cli import main
from terakoya.curriculum.catalog import find_lessons
from terakoya.curriculum.learner_plugin import RESULTS_ENV
from terakoya.curriculum.learner_report import (
    MET,
    NOT_YET,
    TEACHER,
    criterion_statuses,
    report_lines,
)
from terakoya.curriculum.learner_tests import PROGRAM_ENV, lit, program, switch_point

ROOT = Path(__file__).resolve().parents[1]
LESSONS = [lesson for lesson in find_lessons(ROOT / "lessons")
           if list(lesson.folder.glob("test_*.py")) and not lesson.problems]


def run_all_lessons(tmp: Path, which: str) -> dict[str, list[str]]:
    """Every lesson's tests in one pytest, against each lesson's own ``which`` file; the
    statuses of its criteria by lesson id."""
    results = tmp / f"{which}.json"
    env = {**os.environ, PROGRAM_ENV: which, RESULTS_ENV: str(results)}
    subprocess.run([sys.executable, "-m", "pytest", "-p", "terakoya.curriculum.learner_plugin",
                    "-p", "no:cacheprovider", "-q", "--tb=no", "-o", "addopts=",
                    *[str(lesson.folder) for lesson in LESSONS]],
                   cwd=ROOT, env=env, capture_output=True, timeout=1200, check=False)
    tests = json.loads(results.read_text())["tests"]
    statuses = {}
    for lesson in LESSONS:
        own = [t for t in tests if f"/{lesson.folder.name}/" in f"/{t['test']}"]
        statuses[lesson.id] = criterion_statuses(own, len(lesson.data["success_criteria"]))
    return statuses


@pytest.fixture(scope="module")
def starters(tmp_path_factory) -> dict[str, list[str]]:
    return run_all_lessons(tmp_path_factory.mktemp("starters"), "starter.py")


@pytest.fixture(scope="module")
def solutions(tmp_path_factory) -> dict[str, list[str]]:
    return run_all_lessons(tmp_path_factory.mktemp("solutions"), "solution.py")


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.id)
def test_the_solution_meets_every_tested_criterion(lesson, solutions):
    assert MET in solutions[lesson.id], "no test is marked @criterion(n)"
    assert NOT_YET not in solutions[lesson.id], solutions[lesson.id]


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.id)
def test_the_starter_leaves_something_to_do(lesson, starters):
    assert NOT_YET in starters[lesson.id], starters[lesson.id]


def test_statuses_and_what_is_printed():
    tests = [{"criteria": [1], "outcome": "passed"}, {"criteria": [1, 2], "outcome": "failed"},
             {"criteria": [3], "outcome": "skipped"}]
    statuses = criterion_statuses(tests, 4)
    assert statuses == [NOT_YET, NOT_YET, TEACHER, TEACHER]
    criteria = [{"en": f"I can {n}", "ja": f"{n}ができる", **({"hint": {"en": "try B", "ja": "Bを"}}
                                                            if n == 2 else {})}
                for n in range(1, 5)]
    lines = report_lines(criteria, [MET, NOT_YET, NOT_YET, TEACHER], "en")
    assert lines[:4] == ["  [met] I can 1", "  [not yet] I can 2", "  [not yet] I can 3",
                         "  [your teacher checks] I can 4"]
    assert "Hint: try B" in lines and "1 of 3 met." in lines
    ja = report_lines(criteria, [MET, MET, MET, TEACHER], "ja")
    assert "  [できた] 1ができる" in ja and any("ぜんぶ" in line for line in ja)


def test_the_program_under_test(monkeypatch, tmp_path):
    monkeypatch.delenv(PROGRAM_ENV, raising=False)
    assert program(tmp_path) == tmp_path / "solution.py"
    monkeypatch.setenv(PROGRAM_ENV, "starter.py")
    assert program(tmp_path) == tmp_path / "starter.py"
    monkeypatch.setenv(PROGRAM_ENV, str(tmp_path / "mine.py"))
    assert program(ROOT) == tmp_path / "mine.py"


def test_helpers_for_lesson_tests():
    assert lit("09000:00000:00000:00000:00005") == 2
    assert switch_point(lambda level: level < 61, 0, 255) == 61
    assert switch_point(lambda level: True, 0, 255) is None


@pytest.mark.parametrize("lesson, folder, old, new", [
    ("E03", "E03-night-light", "threshold = 60", "threshold = 50"),
    ("E03", "E03-night-light", "threshold = 60", "threshold = 140"),
    ("E07", "E07-rice-cooker", "BOIL = 30 ", "BOIL = 35 "),
    ("S01", "S01-hear-and-build", '["C4:4", "E4:4", "G4:8"]', '["A4:2", "B4:2", "C5:4"]'),
], ids=["E03-50", "E03-140", "E07-boil-35", "S01-own-tune"])
def test_a_pupils_own_numbers_meet_the_criteria(lesson, folder, old, new, tmp_path, capsys):
    """The issue's cases: a correct program with the pupil's own constants passes."""
    mine = tmp_path / "my_main.py"
    solution = (ROOT / "lessons" / folder / "solution.py").read_text()
    assert old in solution
    mine.write_text(solution.replace(old, new))
    assert main(["lessons", "test", lesson, str(mine), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "[met]" in out and "[not yet]" not in out and "Traceback" not in out


def test_a_crash_is_explained_plainly_and_nothing_is_met(tmp_path, capsys):
    mine = tmp_path / "main.py"
    mine.write_text("from microbit import *\nwhile True:\n    print(levl)\n")
    assert main(["lessons", "test", "E03", str(mine), "--lang", "ja"]) == 1
    out = capsys.readouterr().out
    assert "3行目" in out and "levl" in out and "[まだ]" in out and "[できた]" not in out
    assert "ヒント:" in out and "Traceback" not in out


def test_a_syntax_error_is_explained(tmp_path, capsys):
    mine = tmp_path / "main.py"
    mine.write_text("from microbit import *\nif True\n    display.show(1)\n")
    assert main(["lessons", "test", "E03", str(mine)]) == 1
    out = capsys.readouterr().out
    assert "cannot read" in out and "[not yet]" in out and "Traceback" not in out


@pytest.mark.parametrize("words, said", [
    (["lessons", "test", "Z99"], "There is no lesson 'Z99'"),
    (["lessons", "test", "E03", "nowhere.py"], "Cannot find the program file 'nowhere.py'"),
    (["lessons", "test"], "Say which lesson to test"),
])
def test_a_wrong_name_is_one_plain_line(words, said, capsys):
    assert main(words) == 2
    captured = capsys.readouterr()
    text = captured.out + captured.err
    assert said in text and "Traceback" not in text


def test_lesson_tests_that_cannot_be_read_are_said_plainly(tmp_path, capsys):
    import shutil

    folder = tmp_path / "E03-night-light"
    shutil.copytree(ROOT / "lessons" / "E03-night-light", folder)
    (folder / "test_e03.py").write_text("import nowhere_to_be_found\n")
    assert main(["lessons", "test", "E03", "--root", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "could not run" in out and "Traceback" not in out and "[met]" not in out


def test_an_error_after_a_button_press_is_explained(tmp_path, capsys):
    mine = tmp_path / "main.py"
    solution = (ROOT / "lessons/E01-name-badge/solution.py").read_text()
    mine.write_text(solution.replace("display.show(feelings[now])\n    sleep",
                                     "display.show(feelings[nwo])\n    sleep"))
    assert "nwo" in mine.read_text()
    assert main(["lessons", "test", "E01", str(mine), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "your program stopped with an error" in out and "'nwo'" in out
    assert "Traceback" not in out and "[not yet] I can make button B" in out
