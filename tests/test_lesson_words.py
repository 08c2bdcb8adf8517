"""Lesson ids work where a program is expected (run, sim, check), and ``lessons get`` gives a
student the lesson's files in a folder of their own, never over anything."""

from pathlib import Path

from terakoya.cli import main

LESSONS = Path(__file__).resolve().parents[1] / "lessons"


def test_lessons_get_copies_the_starter_and_never_overwrites(tmp_path, capsys):
    assert main(["lessons", "get", "E03", "--to", str(tmp_path)]) == 0
    folder = tmp_path / "E03-night-light"
    assert (folder / "main.py").read_bytes() == (LESSONS / "E03-night-light" / "starter.py"
                                                 ).read_bytes()
    assert not (folder / "solution.py").exists() and not list(folder.glob("test_*"))
    (folder / "main.py").write_text("# my work\n", encoding="utf-8")
    assert main(["lessons", "get", "e03", "--to", str(tmp_path)]) == 0
    assert (folder / "main.py").read_text(encoding="utf-8") == "# my work\n"
    assert (tmp_path / "E03-night-light-2" / "main.py").is_file()
    assert "E03-night-light-2" in capsys.readouterr().out
    assert not list(tmp_path.glob(".*"))


def test_unknown_or_missing_lessons_are_one_plain_line(tmp_path, capsys):
    assert main(["lessons", "get", "E99", "--to", str(tmp_path)]) == 2
    assert main(["lessons", "get"]) == 2
    assert main(["lessons", "get", "E03", "--to", str(tmp_path / "nope")]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_run_and_check_take_a_lesson_id(monkeypatch, tmp_path, capsys):
    monkeypatch.chdir(tmp_path)  # no file called E03 here: the id names the lesson
    assert main(["run", "E03", "--duration", "1"]) == 0
    assert capsys.readouterr().out.startswith("light level")
    assert main(["check", "E03"]) == 0


def test_lessons_get_says_how_to_open_an_esp32_lesson_on_its_board(tmp_path, capsys,
                                                                  monkeypatch):
    from terakoya.cli import main

    monkeypatch.chdir(tmp_path)
    assert main(["--lang", "en", "lessons", "get", "C03"]) == 0
    assert main(["--lang", "en", "lessons", "get", "E03"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith("Try it: terakoya sim C03-connected-monitor --board esp32")
    assert out[1].endswith("Try it: terakoya sim E03-night-light")
