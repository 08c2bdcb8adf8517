"""simulator.ui.explain: short help for children under an error, in English and Japanese."""

import re

import pytest
from helpers import output
from hypothesis import given
from hypothesis import strategies as st
from terakoya.simulator.ui.explain import TEXTS, closest, explain, parse

# (error line as the simulator prints it, what the English must name, what the Japanese must name)
ERRORS = [
    ("NameError: name 'scrol' isn't defined", ["'scrol'"], ["「scrol」", "名前"]),
    ("SyntaxError: invalid syntax", ["':'"], ["「:」", "行"]),
    ("IndentationError: unexpected indent", ["spaces"], ["空白"]),
    ("IndentationError: unindent doesn't match any outer indent level", ["spaces"], ["空白"]),
    ("IndentationError: expected an indented block", ["':'", "4 spaces"], ["「:」", "空白"]),
    ("TypeError: function takes 2 positional arguments but 3 were given", ["3 values", "takes 2"], ["3個", "2個"]),
    ("TypeError: MicroBitDisplay.show() takes from 2 to 3 positional arguments but 8 were given", ["8 values", "2 to 3"], ["8個", "2〜3個"]),
    ("TypeError: function missing 1 required positional arguments", ["1 value"], ["1個"]),
    ("TypeError: function expected at most 3 arguments, got 5", ["5 values", "at most 3"], ["5個", "3個まで"]),
    ("TypeError: unexpected keyword argument 'speed'", ["'speed'"], ["「speed」"]),
    ("TypeError: unsupported types for __add__: 'int', 'str'", ["+", "(int)", "(str)", "str("], ["「+」", "（int）", "（str）"]),
    ("TypeError: unsupported types for __sub__: 'str', 'int'", ["-", "(int)", "(str)"], ["「-」", "（int）"]),
    ("TypeError: can't convert 'int' object to str implicitly", ["(int)", "str("], ["（int）", "str( )"]),
    ("TypeError: can't convert float to int", ["(float)", "round("], ["（float）", "整数"]),
    ("TypeError: 'NoneType' object isn't callable", ["None", "( )"], ["None", "( )"]),
    ("TypeError: 'int' object isn't subscriptable", ["(int)", "[ ]"], ["（int）", "[ ]"]),
    ("TypeError: 'int' object isn't iterable", ["(int)", "range("], ["（int）", "range( )"]),
    ("TypeError: object of type 'int' has no len()", ["len()", "(int)"], ["len( )", "（int）"]),
    ("AttributeError: 'MicroBitDisplay' object has no attribute 'scrol'", ["'scrol'", "display"], ["「scrol」", "display"]),
    ("AttributeError: 'module' object has no attribute 'x'", ["'x'", "module"], ["「x」", "モジュール"]),
    ("AttributeError: type object 'MicroBitImage' has no attribute 'HEARTT'", ["'HEARTT'", "Image"], ["「HEARTT」", "Image"]),
    ("ImportError: no module named 'json'", ["'json'"], ["「json」"]),
    ("ImportError: can't import name nothing", ["'nothing'"], ["「nothing」"]),
    ("NotSimulatedError: the 'speech' module works on a real micro:bit, but this simulator cannot run it yet (see 'Deliberate gaps' in the Terakoya README)", ["'speech'", "real micro:bit"], ["「speech」", "本物"]),
    ("NotSimulatedError: speech.translate works on a real micro:bit, but this simulator cannot turn English into phonemes yet", ["speech.translate"], ["speech.translate"]),
    ("ZeroDivisionError: divide by zero", ["0", "/"], ["0", "割"]),
    ("IndexError: list index out of range", ["list", "0, 1 and 2"], ["リスト", "0、1、2"]),
    ("IndexError: string index out of range", ["text", "0, 1 and 2"], ["文字", "0、1、2"]),
    ("IndexError: pop from empty list", ["pop()", "empty"], ["pop( )", "空"]),
    ("ValueError: invalid syntax for integer with base 10", ["int()", "'42'"], ["int( )", "\"42\""]),
    ("ValueError: invalid syntax for number", ["float()"], ["float( )"]),
    ("ValueError: index out of bounds", ["0 to 4"], ["0 から 4"]),
    ("ValueError: brightness out of bounds", ["0 to 9"], ["0 から 9"]),
    ("KeyError: x", ["'x'", "dictionary"], ["「x」", "辞書"]),
    ("RuntimeError: maximum recursion depth exceeded", ["calling itself", "stop"], ["自分自身", "止"]),
    ("NameError: local variable referenced before assignment", ["global", "def"], ["global", "def"]),
    ("OSError: [Errno 2] ENOENT", ["file"], ["ファイル"]),
    ("OSError: 28", ["full"], ["いっぱい"]),
    ("OSError: [Errno 19] ENODEV", ["device"], ["機器"]),
    ("MemoryError: memory allocation failed, allocating 4000 bytes", ["memory"], ["メモリ"]),
]

JARGON_EN = ["traceback", "exception", "argument", "attribute", "iterable", "subscriptable",
             "positional", "implicitly", "nonetype", "keyword", "__add__", "referenced",
             "assignment", "errno", "enoent", "recursion", "indent", "allocation", "literal"]
JARGON_JA = ["トレースバック", "例外", "引数", "属性", "インデント", "イテラブル", "再帰", "変数",
             "NoneType", "Errno", "traceback"]


def sentence_count(text: str, lang: str) -> int:
    text = re.sub(r"^(Line \d+: |\d+行目：)", "", text)
    if lang == "ja":
        return len(re.findall(r"[。？]", text))
    return len(re.findall(r"[.?!](?:\s|$)", text))


@pytest.mark.parametrize("line, english, japanese", ERRORS, ids=[e[0][:60] for e in ERRORS])
def test_every_common_error_is_explained_in_both_languages(line, english, japanese):
    en, ja = explain(line), explain(line, "ja")
    for text, keys, jargon, lang in ((en, english, JARGON_EN, "en"), (ja, japanese, JARGON_JA, "ja")):
        assert text, f"{lang}: no explanation"
        for key in keys:
            assert key in text, f"{lang}: {key!r} missing from {text!r}"
        assert not [word for word in jargon if word.lower() in text.lower()], text
        assert 1 <= sentence_count(text, lang) <= 2, text
    assert re.search(r"(です|ます|ください|ません)", ja), ja
    assert re.search(r"[ぁ-ん]", ja) and not re.search(r"[ぁ-ん]", en)


def test_the_line_number_comes_first_when_known():
    assert explain("ZeroDivisionError: divide by zero", line=7).startswith("Line 7: ")
    assert explain("ZeroDivisionError: divide by zero", "ja", line=7).startswith("7行目：")
    assert not explain("ZeroDivisionError: divide by zero").startswith("Line")
    assert not explain("ZeroDivisionError: divide by zero", line=0).startswith("Line")


def test_the_line_number_is_read_from_a_summary_or_a_whole_traceback():
    assert explain("main.py, line 3: ZeroDivisionError: divide by zero").startswith("Line 3: ")
    traceback = ('Traceback (most recent call last):\n'
                 '  File "main.py", line 9, in <module>\n'
                 '  File "main.py", line 4, in half\n'
                 'ZeroDivisionError: divide by zero\n')
    assert explain(traceback).startswith("Line 4: ")
    assert explain(traceback, line=9).startswith("Line 9: ")  # the caller knows better
    assert parse("[2] NameError: name 'x' isn't defined") == ("NameError", "name 'x' isn't defined", None)


def test_a_misspelt_name_gets_a_did_you_mean_from_the_known_names():
    text = explain("NameError: name 'scrol' isn't defined", known_names=["scroll", "show"])
    assert text == ("Python does not know the name 'scrol'. "
                    "Check the spelling — did you mean 'scroll'?")
    ja = explain("NameError: name 'scrol' isn't defined", "ja", known_names=["scroll"])
    assert "「scroll」のまちがい" in ja
    assert "'speed'" in explain("NameError: name 'sped' isn't defined", known_names=["speed"])


def test_suggestions_ignore_case_and_never_offer_the_same_name():
    assert closest("Display", ["display"]) == "display"
    assert closest("scroll", ["scroll"]) is None
    assert closest("x", ["counter", "total"]) is None
    assert closest("sped", [3, None, "speed"]) == "speed"  # anything not a name is skipped
    assert "'True'" in explain("NameError: name 'true' isn't defined")
    assert "'print'" in explain("NameError: name 'prnt' isn't defined")


def test_the_boards_own_names_are_suggested_with_no_help():
    assert "'scroll'" in explain("AttributeError: 'MicroBitDisplay' object has no attribute 'scrol'")
    assert "'was_pressed'" in explain("AttributeError: 'MicroBitButton' object has no attribute 'was_presed'")
    assert "'HEART'" in explain("AttributeError: type object 'MicroBitImage' has no attribute 'HEARTT'")
    assert "'read_analog'" in explain("AttributeError: 'MicroBitTouchPin' object has no attribute 'read_analogue'")
    assert "'play'" in explain("AttributeError: 'module' object has no attribute 'plai'")
    assert "'microbit'" in explain("ImportError: no module named 'microbits'")
    assert "'delay'" in explain("TypeError: unexpected keyword argument 'dealy'")
    assert "'total'" in explain("KeyError: totl", known_names=["total", "count"])


def test_a_missing_import_is_named_as_the_fix():
    assert "from microbit import *" in explain("NameError: name 'display' isn't defined")
    assert "from microbit import *" in explain("NameError: name 'button_a' isn't defined", "ja")
    assert "import music" in explain("NameError: name 'music' isn't defined")
    assert "import radio" in explain("NameError: name 'radio' isn't defined", "ja")


def test_the_tip_fits_the_types_involved():
    assert "str(" in explain("TypeError: unsupported types for __add__: 'str', 'float'")
    assert "str(" not in explain("TypeError: unsupported types for __mul__: 'list', 'list'")
    assert "range(5)" not in explain("TypeError: 'NoneType' object isn't iterable")
    assert "- in front of text (str)" in explain("TypeError: unsupported type for __neg__: 'str'")
    assert "1 value," in explain("TypeError: function takes 0 positional arguments but 1 were given")
    assert "the part before the dot" in explain("TypeError: function takes 1 positional arguments but 2 were given")


@pytest.mark.parametrize("line", [
    "", "hello", "Traceback (most recent call last):", "KeyboardInterrupt: ",
    "ValueError: something else entirely", "OSError: [Errno 17] EEXIST",
    "SyntaxError: 'break' outside loop", "TypeError: not an image", "MyError: oops",
])
def test_errors_it_cannot_help_with_give_none(line):
    assert explain(line) is None
    assert explain(line, "ja") is None


def test_other_languages_fall_back_to_english_and_ja_variants_are_japanese():
    line = "ZeroDivisionError: divide by zero"
    assert explain(line, "fr") == explain(line, "en")
    assert explain(line, "ja_JP") == explain(line, "ja")


def test_every_message_has_both_languages():
    for key, texts in TEXTS.items():
        assert set(texts) == {"en", "ja"}, key
        assert texts["en"].strip() and texts["ja"].strip(), key
        assert re.search(r"[ぁ-んァ-ン一-龥]", texts["ja"]), key


@pytest.mark.parametrize("program", [
    "from microbit import *\ndisplay.scrol('hi')",
    "from microbit import *\nscore = 3\ndisplay.scroll('Score: ' + score)",
    "x = 1 +* 2",
    "if True:\nprint(1)",
    "items = [1, 2, 3]\nprint(items[3])",
    "print(int('3.5'))",
    "import json",
    "from microbit import *\ndisplay.clear(1)",
    "def f():\n    f()\nf()",
    "open('nothing.txt')",
])
def test_what_the_simulator_prints_gets_explained(program):
    last = output(program).strip().splitlines()[-1]
    assert explain(last) and explain(last, "ja")


NAMES = st.text(alphabet=st.characters(categories=["L", "N"], include_characters="_"), max_size=12)
TEMPLATES = [
    "NameError: name '{}' isn't defined", "AttributeError: '{}' object has no attribute '{}'",
    "TypeError: unsupported types for __{}__: '{}', '{}'", "TypeError: '{}' object isn't iterable",
    "ImportError: no module named '{}'", "KeyError: {}", "IndexError: {} index out of range",
    "TypeError: can't convert {} to int", "OSError: [Errno {}] {}", "NotSimulatedError: {} {}",
    "TypeError: function takes {} positional arguments but {} were given",
    "TypeError: unexpected keyword argument '{}'", "main.py, line {}: ZeroDivisionError: {}",
]


@given(st.text(), st.sampled_from(["en", "ja", "", "xx"]) | st.text(max_size=5),
       st.none() | st.integers(), st.lists(st.text(max_size=10), max_size=5))
def test_explain_never_raises_on_any_text(text, lang, line, names):
    result = explain(text, lang, line=line, known_names=names)
    assert result is None or (isinstance(result, str) and result)


@given(st.sampled_from(TEMPLATES), st.lists(NAMES, min_size=3, max_size=3),
       st.sampled_from(["en", "ja"]), st.lists(NAMES, max_size=5))
def test_explain_never_raises_on_error_shaped_text(template, parts, lang, names):
    text = template.format(*parts[: template.count("{}")])
    result = explain(text, lang, known_names=names)
    assert result is None or (isinstance(result, str) and result)
