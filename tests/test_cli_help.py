"""``terakoya <command> --help``: every option described, internal options hidden, and all of
it in plain Japanese with ``--lang ja`` or a Japanese locale (help_ja's one table)."""

import argparse
import re
import subprocess
import sys
import unicodedata

import pytest

from terakoya.cli import build_parser, main
from terakoya.help_ja import HELP, japanese

COMMANDS = ["run", "check", "lessons", "handout", "sim", "boards", "flash", "device", "deploy",
            "circuit", "circuit import", "circuit check", "firmware", "firmware add", "firmware list"]
INTERNAL = {"sim": ["--frames"], "device": ["--frames"]}
LANG_VARS = ("TERAKOYA_LANG", "LC_ALL", "LC_MESSAGES", "LANG")
# four or more English words in a row: a sentence left in English
ENGLISH_SENTENCE = re.compile(r"[A-Za-z][A-Za-z'’]*(?:[ ,;]+[A-Za-z][A-Za-z'’]*){3,}")


@pytest.fixture(autouse=True)
def no_language_from_the_system(monkeypatch):
    for var in LANG_VARS:
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("COLUMNS", "80")


def _help(argv, capsys, monkeypatch):
    """What ``terakoya <argv> --help`` prints (as typed: the language is read from argv)."""
    argv = [*argv, "--help"]
    monkeypatch.setattr(sys, "argv", ["terakoya", *argv])
    with pytest.raises(SystemExit) as ended:
        main(argv)
    assert ended.value.code == 0
    out = capsys.readouterr()
    assert out.err == ""
    return out.out


def _parser_of(command, lang="en", monkeypatch=None):
    argv = ["terakoya", "--lang", lang] if lang == "ja" else ["terakoya"]
    monkeypatch.setattr(sys, "argv", argv)
    parser = build_parser()
    for word in command.split():
        subs = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        parser = subs.choices[word]
    return parser


def _all_parsers(parser):
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                yield from _all_parsers(sub)


def _texts(parser):
    """Every help text and description a person can read in ``parser``'s help."""
    texts = [parser.description] if parser.description else []
    for action in parser._actions:
        texts.append(action.help)
        if isinstance(action, argparse._SubParsersAction):
            texts += [choice.help for choice in action._choices_actions]
    return [t for t in texts if t and t != argparse.SUPPRESS]


def _flat(text):
    return "".join(text.split())


def _columns(line):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def _untranslated(out, parser):
    """English sentences in ``out`` outside its usage lines and its option names."""
    body = out.split("\n\n", 1)[1]  # the usage lines end at the first empty line
    formatter = argparse.HelpFormatter(parser.prog)
    names = set()
    for action in parser._actions:
        names.add(formatter._format_action_invocation(action))
        if isinstance(action, argparse._SubParsersAction):
            names.update(formatter._format_action_invocation(c) for c in action._choices_actions)
    lines = []
    for line in body.splitlines():
        text = line.strip()
        for name in sorted(names, key=len, reverse=True):
            if text.startswith(name):
                text = text[len(name):]
                break
        lines.append(text)
    return ENGLISH_SENTENCE.findall("\n".join(lines))


@pytest.mark.parametrize("command", COMMANDS)
def test_every_option_is_described_in_english(command, capsys, monkeypatch):
    out = _help(command.split(), capsys, monkeypatch)
    assert out.startswith("usage: terakoya")
    parser = _parser_of(command, monkeypatch=monkeypatch)
    for action in parser._actions:
        if action.help == argparse.SUPPRESS:
            continue
        where = "/".join(action.option_strings) or action.metavar or action.dest
        assert action.help, f"terakoya {command}: {where} has no help text"
        for name in action.option_strings:
            assert re.search(rf"(^|[ ,]){re.escape(name)}\b", out, re.M), name
        assert _flat(action.help.replace("%%", "%")) in _flat(out), where
    assert parser.description and _flat(parser.description) in _flat(out)


def test_the_top_level_describes_every_command(capsys, monkeypatch):
    out = _help([], capsys, monkeypatch)
    parser = _parser_of("", monkeypatch=monkeypatch)
    assert all(text for text in _texts(parser))
    for command in COMMANDS:
        if " " not in command:
            assert re.search(rf"^    {command} +\S", out, re.M), command


@pytest.mark.parametrize("command, options", sorted(INTERNAL.items()))
def test_internal_options_are_hidden_but_still_work(command, options, capsys, monkeypatch):
    for lang in ("en", "ja"):
        out = _help(["--lang", lang, command], capsys, monkeypatch)
        for option in options:
            assert option not in out
    parser = _parser_of("", monkeypatch=monkeypatch)
    assert parser.parse_args([command, "--frames", "3"]).frames == 3


def test_every_help_text_has_its_japanese(monkeypatch):
    missing = [text for parser in _all_parsers(_parser_of("", monkeypatch=monkeypatch))
               for text in _texts(parser) if japanese(text) is None]
    assert missing == []
    assert all(re.search(r"[ぁ-んァ-ヶ一-龯]", ja) for ja in HELP.values())


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_help_in_japanese_has_no_english_left(command, capsys, monkeypatch):
    out = _help(["--lang", "ja", *command.split()], capsys, monkeypatch)
    parser = _parser_of(command, "ja", monkeypatch)
    assert out.startswith("使い方: terakoya")
    for english in ("usage:", "positional arguments", "options:", "show this help",
                    "show program's version"):
        assert english not in out
    assert "引数:" in out or not any(not a.option_strings for a in parser._actions)
    assert "オプション:" in out
    assert _untranslated(out, parser) == []
    for line in out.splitlines():  # Japanese lines are wrapped by the columns they take
        if not line.isascii():
            assert _columns(line) <= 80, line
    # the check itself finds English: the same help in English has sentences in it
    english = _help(["--lang", "en", *command.split()], capsys, monkeypatch)
    assert _untranslated(english, _parser_of(command, monkeypatch=monkeypatch))


def test_the_language_after_help_or_from_the_environment(capsys, monkeypatch):
    after = _help(["sim", "--lang", "ja"], capsys, monkeypatch)  # --help comes first
    assert "ウィンドウの色" in after
    monkeypatch.setenv("TERAKOYA_LANG", "ja")
    assert _help(["sim"], capsys, monkeypatch) == after
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    monkeypatch.delenv("TERAKOYA_LANG")
    assert _help(["sim"], capsys, monkeypatch) == after
    assert _help(["--lang", "en", "sim"], capsys, monkeypatch).startswith("usage:")


def test_usage_lines_line_up_under_the_japanese_word(capsys, monkeypatch):
    lines = _help(["--lang", "ja", "sim"], capsys, monkeypatch).splitlines()
    assert lines[0].startswith("使い方: terakoya sim [-h]")
    indent = _columns("使い方: terakoya sim ")
    assert lines[1].startswith(" " * indent + "[") and lines[1][indent - 1] == " "


def test_python_m_terakoya_lang_ja_help():
    done = subprocess.run([sys.executable, "-m", "terakoya", "--lang", "ja", "--help"],
                          capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert done.returncode == 0 and done.stderr == ""
    assert done.stdout.startswith("使い方: terakoya")
    assert "シミュレーターのウィンドウを開きます" in done.stdout
