"""terakoya check: beginner hazards, storage, and the command's output and exit codes."""

import json
from pathlib import Path

import pytest
from terakoya.host_tools.check import run as check_run
from terakoya.host_tools.check.hazards import check_hazards
from terakoya.host_tools.check.storage import check_storage

from terakoya.cli import main


def codes(findings):
    return [(f.code, f.line) for f in findings]


def test_a_loop_that_never_pauses_is_flagged():
    source = ("from microbit import *\nwhile True:\n    x = 1\n"
              "while True:\n    display.scroll('hi')\n"
              "while True:\n    def f():\n        sleep(1)\n"
              "while running_time() < 5:\n    pass\n")
    assert codes(check_hazards(Path("m.py"), source, "microbit")) == [
        ("hazard-loop", 2), ("hazard-loop", 6)]


def test_a_call_to_the_students_own_function_may_pause():
    source = "def wait():\n    pass\nwhile True:\n    wait()\n"
    assert check_hazards(Path("m.py"), source, "microbit") == []


def test_board_names_used_for_something_else():
    source = "from microbit import *\ndisplay = 5\nfor button_a in range(3):\n    pass\n"
    found = check_hazards(Path("m.py"), source, "microbit")
    assert codes(found) == [("hazard-name", 2), ("hazard-name", 3)]
    assert "display" in found[0].message_en and "display" in found[0].message_ja


def test_tabs_mixed_with_spaces():
    source = "if True:\n    x = 1\nif True:\n\ty = 2\n"
    assert codes(check_hazards(Path("m.py"), source, "microbit")) == [("hazard-indent", 4)]


def test_storage_limits():
    assert check_storage({Path("main.py"): b"x" * 1000}, "microbit") == []
    big = check_storage({Path("main.py"): b"x" * 30_000}, "microbit")
    assert [f.code for f in big] == ["storage"] and "30,000" in big[0].message_en
    long_name = check_storage({Path("n" * 130 + ".py"): b""}, "microbit")
    assert long_name[0].code == "storage"
    assert check_storage({Path("main.py"): b"x" * 30_000}, "esp32") == []


@pytest.fixture
def quick(monkeypatch):
    """The compiler and type checks are tested on their own; here they find nothing."""
    monkeypatch.setattr("terakoya.host_tools.check.compile.check_compile", lambda *a: [])
    monkeypatch.setattr("terakoya.host_tools.check.api.check_api", lambda *a: [])


def test_command_exit_codes_text_and_json(tmp_path, capsys, quick):
    good = tmp_path / "good.py"
    good.write_text("from microbit import *\nwhile True:\n    sleep(100)\n")
    bad = tmp_path / "bad.py"
    bad.write_text("from microbit import *\ndisplay = 1\nwhile True:\n    pass\n")
    assert main(["check", str(good)]) == 0
    assert "No problems found" in capsys.readouterr().out
    assert main(["check", str(bad)]) == 1
    out = capsys.readouterr().out
    assert f"{bad}:2: warning:" in out and f"{bad}:3: warning:" in out
    assert "Found 0 error(s) and 2 warning(s)." in out
    assert main(["check", str(bad), "--json", "--lang", "ja"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert {d["code"] for d in data} == {"hazard-name", "hazard-loop"} and data[0]["message_ja"]


def test_command_usage_errors(tmp_path, capsys, quick):
    assert main(["check", "missing.py"]) == 2
    assert "Cannot find" in capsys.readouterr().err


def test_a_lesson_folder_is_one_board(tmp_path, quick):
    (tmp_path / "main.py").write_text("import helper\n")
    (tmp_path / "helper.py").write_text("x = 1\n")
    programs = check_run.collect([tmp_path])
    assert len(programs) == 1 and len(programs[0].files) == 2


def test_a_folder_of_programs_is_many_boards(tmp_path, quick):
    for name in ("a.py", "b.py"):
        (tmp_path / name).write_text("x = 1\n")
    assert [len(p.files) for p in check_run.collect([tmp_path])] == [1, 1]


def test_every_corpus_program_and_example_passes_check():
    root = Path(__file__).resolve().parents[1]
    findings = check_run.check_paths([root / "tests" / "corpus", root / "examples"])
    assert [f.text() for f in findings] == []


def test_a_file_that_is_not_utf8(tmp_path, quick):
    path = tmp_path / "latin.py"
    path.write_bytes(b"print('caf\xe9')\n")
    assert [f.code for f in check_run.check_paths([path])] == ["encoding"]


def test_a_file_saved_with_a_byte_order_mark(tmp_path, quick):
    """The board's lexer reads a BOM as part of the first name (a NameError on line 1)."""
    path = tmp_path / "notepad.py"
    path.write_bytes(b"\xef\xbb\xbfprint('hi')\n")
    found = check_run.check_paths([path])
    assert [(f.code, f.line) for f in found] == [("encoding-bom", 1)]
    assert "BOM" in found[0].message_ja


def test_a_board_method_named_in_a_condition_but_not_called():
    source = ("from microbit import *\nwhile True:\n    if button_a.was_pressed:\n"
              "        pass\n    if button_b.is_pressed() or pin0.is_touched:\n        pass\n"
              "    while not accelerometer.was_gesture('shake'):\n        sleep(10)\n"
              "    x = 1 if uart.any else 2\n    sleep(20)\n")
    found = check_hazards(Path("m.py"), source, "microbit")
    assert codes(found) == [("hazard-uncalled", 3), ("hazard-uncalled", 5),
                            ("hazard-uncalled", 9)]
    assert "was_pressed()" in found[0].fix_en
