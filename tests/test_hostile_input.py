"""Bad input gets one plain line and exit code 2 (issue 12's hostile-input run): never a
traceback, never a hang, never a half-written file."""

import os

import pytest

from terakoya.cli import main

HEART = "examples/heart.py"


@pytest.mark.parametrize("args", [
    ["run", HEART, "--duration", "inf"],
    ["run", HEART, "--duration", "1e400"],
    ["run", HEART, "--duration", "-1"],
    ["run", "/dev/zero"],
    ["check", "/dev/zero"],
    ["lessons", "--root", "/no/such/folder"],
])
def test_one_plain_line_and_exit_code_2(args, capsys):
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.count("\n") == 1, err


def test_a_fifo_is_refused_not_read_for_ever(tmp_path, capsys):
    fifo = tmp_path / "prog.py"
    os.mkfifo(fifo)
    assert main(["run", str(fifo)]) == 2
    assert main(["check", str(fifo)]) == 2


@pytest.mark.parametrize("scenario", [
    "[[at]]\nms = 1e308\npress = \"A\"\n",
    "a = " + "[" * 100_000 + "]" * 100_000 + "\n",
])
def test_scenarios_that_overflow_or_nest_too_deep(tmp_path, scenario, capsys):
    path = tmp_path / "s.toml"
    path.write_text(scenario, encoding="utf-8")
    assert main(["run", HEART, "--scenario", str(path)]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_lesson_folders_with_bad_files_are_reported_not_crashed_on(tmp_path, capsys):
    import shutil

    lesson = tmp_path / "E03-night-light"
    shutil.copytree("lessons/E03-night-light", lesson)
    toml = lesson / "lesson.toml"
    text = toml.read_text(encoding="utf-8")
    start = text.index("prerequisites")
    end = text.index("\n", start)
    toml.write_text(text[:start] + 'prerequisites = ["E03", 5, [1]]' + text[end:],
                    encoding="utf-8")
    (lesson / "guide.ja.md").write_bytes(b"\xff\xfe not utf-8")
    assert main(["lessons", "--root", str(tmp_path), "--validate"]) == 1
    out = capsys.readouterr().out
    assert "guide.ja.md" in out and "prerequisites" in out
    (tmp_path / "empty").mkdir()
    assert main(["lessons", "--root", str(tmp_path / "empty")]) == 2
    assert "no lessons" in capsys.readouterr().err


def test_a_handout_into_a_missing_folder_or_proc_writes_nothing(tmp_path, capsys):
    assert main(["handout", "E03", "--output", str(tmp_path / "no" / "h.html")]) == 2
    assert main(["handout", "E03", "--output", "/proc/h.html"]) == 2
    assert "Traceback" not in capsys.readouterr().err
    assert main(["handout", "E03", "--output", str(tmp_path / "h.html")]) == 0
    assert (tmp_path / "h.html").read_text(encoding="utf-8").startswith("<!")
    assert not list(tmp_path.glob(".*.tmp"))
