"""Plain-language help for the last line of a traceback, in English and Japanese.

The simulator's serial console shows MicroPython's error line (``NameError: name 'scrol'
isn't defined``); :func:`explain` gives one or two short sentences to show under it that tell a
child what happened and what to try, with a "did you mean" guess when a name looks misspelt.
Errors it has nothing useful to say about give ``None``. Standard library only.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

# -- what people read --------------------------------------------------------------------------
# Each key is one sentence (or two) in both languages. Fields come from the error message.
TEXTS: dict[str, dict[str, str]] = {
    "line": {"en": "Line {line}: ", "ja": "{line}行目："},
    "spelling": {"en": "Check the spelling.", "ja": "つづりを確かめてください。"},
    "did_you_mean": {
        "en": "Check the spelling — did you mean '{suggestion}'?",
        "ja": "つづりを確かめてください（「{suggestion}」のまちがいかもしれません）。"},
    "name_unknown": {
        "en": "Python does not know the name '{name}'.",
        "ja": "Python は「{name}」という名前を知りません。"},
    "name_todo": {
        "en": "Check the spelling, and make sure the name gets a value before this line.",
        "ja": "つづりと、この行より前でその名前に値を入れているかを確かめてください。"},
    "name_microbit": {
        "en": "It belongs to the micro:bit: write 'from microbit import *' at the top of the "
              "program.",
        "ja": "micro:bit の名前なので、プログラムの一番上に from microbit import * と"
              "書いてください。"},
    "name_module": {
        "en": "It is a module: write 'import {name}' at the top of the program.",
        "ja": "モジュールの名前なので、プログラムの一番上に import {name} と書いてください。"},
    "local_before": {
        "en": "A function uses a name before giving it a value. If the name is set outside the "
              "function, write 'global' and the name on the first line inside the def.",
        "ja": "関数（def）の中で、まだ値を入れていない名前を使っています。外で作った名前を変えたい"
              "ときは、def のすぐ下の行に global と名前を書いてください。"},
    "syntax": {
        "en": "Python cannot read the way this line is written. On this line and the one before "
              "it, look for a missing ':', bracket or quote mark, or a misspelled word.",
        "ja": "Python には、この行の書き方が読み取れません。この行と一つ前の行に、「:」や"
              "かっこ、「\"」のつけわすれや、つづりのまちがいがないか見てください。"},
    "indent_unexpected": {
        "en": "This line starts with more spaces than Python expects. Line it up with the lines "
              "above it.",
        "ja": "この行の始めに、よけいな空白があります。上の行と、始まりの位置をそろえてください。"},
    "indent_unmatched": {
        "en": "The spaces at the start of this line do not line up with any line above it. Use "
              "the same number of spaces as the other lines in the same group.",
        "ja": "この行の始めの空白の数が、上のどの行ともそろっていません。同じまとまりの行と、"
              "空白の数を同じにしてください。"},
    "indent_expected": {
        "en": "After a line that ends with ':', the next lines must start with spaces. Put 4 "
              "spaces in front of the lines that belong to it.",
        "ja": "「:」で終わる行の次の行は、始めに空白を入れて右にずらします。その中に入る行の前に、"
              "空白を4つ入れてください。"},
    "args_too_many": {
        "en": "A function was given {given_values}, but it takes {takes}.",
        "ja": "関数に値を{given}個わたしましたが、この関数が受け取れるのは{takes}個です。"},
    "args_at_most": {
        "en": "A function was given {given_values}, but it takes at most {takes}.",
        "ja": "関数に値を{given}個わたしましたが、この関数が受け取れるのは{takes}個までです。"},
    "args_count_todo": {  # MicroPython counts the object before the dot as a value too
        "en": "Count the values between its ( ), separated by commas; in something like "
              "display.clear(), the part before the dot counts as one too.",
        "ja": "( ) の中に、コンマで区切って書いた値の数を確かめてください（display.clear( ) "
              "のような形では、点（.）の前のものも1個と数えます）。"},
    "args_missing": {
        "en": "A function is missing {count_values} between its ( ). Check what it needs and "
              "add what is missing.",
        "ja": "関数の ( ) の中に、あと{count}個の値が必要です。何をわたすのか確かめて、"
              "足りない値を書きたしてください。"},
    "kw_none": {
        "en": "This function does not take values written as name=value. Give just the values, "
              "in the right order.",
        "ja": "この関数には「名前=値」の形で値をわたせません。名前をつけずに、正しい順番で値だけを"
              "書いてください。"},
    "kw_unknown": {
        "en": "This function has no setting called '{name}'.",
        "ja": "この関数には「{name}」という設定がありません。"},
    "op_types": {
        "en": "You cannot use {op} with {left} and {right}.",
        "ja": "{left}と{right}には「{op}」が使えません。"},
    "op_unary": {
        "en": "You cannot put {op} in front of {left}.",
        "ja": "{left}の前に「{op}」はつけられません。"},
    "op_join": {
        "en": "To join a number to text, change it to text first with str(), like "
              "'Score: ' + str(score).",
        "ja": "数を文字につなげたいときは、str( ) で文字に変えてからつなげてください"
              "（例: \"点数: \" + str(score)）。"},
    "op_check": {
        "en": "Check the values on each side of {op}.",
        "ja": "「{op}」の左右にある値を確かめてください。"},
    "need_text": {
        "en": "Text was needed here, but it got {thing}. Change it to text with str(), like "
              "'Score: ' + str(score).",
        "ja": "ここには文字が必要ですが、{thing}が来ました。str( ) で文字に変えてください"
              "（例: \"点数: \" + str(score)）。"},
    "need_number": {
        "en": "{target} was needed here, but it got {thing}.",
        "ja": "ここには{target}が必要ですが、{thing}が来ました。"},
    "round_todo": {
        "en": "Make it a whole number first with int() or round().",
        "ja": "int( ) か round( ) で、先に整数にしてください。"},
    "from_text_todo": {
        "en": "If it is text like '5', change it to a number first with int() or float().",
        "ja": "\"5\" のような文字なら、先に int( ) か float( ) で数に変えてください。"},
    "not_callable": {
        "en": "You put ( ) after {thing}, but only functions can be used that way.",
        "ja": "{thing}のうしろに ( ) をつけていますが、( ) をつけて使えるのは関数だけです。"},
    "none_todo": {
        "en": "Maybe a name here was set to what a function gave back, and it gave nothing back.",
        "ja": "何も返さない関数の結果を、名前に入れていないか確かめてください。"},
    "callable_todo": {
        "en": "Check that no name on this line was given another value, and that there is no "
              "extra ( ).",
        "ja": "その名前に別の値を入れていないか、よけいな ( ) がないか確かめてください。"},
    "not_subscriptable": {
        "en": "There are no parts to pick out of {thing} with [ ]. Use [ ] with lists, text "
              "and dictionaries.",
        "ja": "{thing}には [ ] で取り出せる中身がありません。[ ] はリストや文字、辞書に使います。"},
    "not_iterable": {
        "en": "A for loop cannot go through {thing} one item at a time.",
        "ja": "for では、{thing}から一つずつ取り出すことができません。"},
    "range_todo": {
        "en": "To repeat something a number of times, use range(), like 'for i in range(5):'.",
        "ja": "決まった回数くり返すときは range( ) を使ってください（例: for i in range(5):）。"},
    "iterable_todo": {
        "en": "After 'in', put a list, text or range().",
        "ja": "in のうしろには、リストや文字、range( ) を書きます。"},
    "no_len": {
        "en": "len() cannot count {thing}. It counts the items in a list or the letters in text.",
        "ja": "len( ) では{thing}を数えられません。len( ) が数えるのは、リストの中身や"
              "文字の数です。"},
    "no_item_change": {
        "en": "You cannot change one part of {thing} with [ ] =. Use a list if its parts must "
              "change.",
        "ja": "{thing}の一部だけを [ ] = で変えることはできません。中身を変えたいときはリストを"
              "使ってください。"},
    "attr_missing": {
        "en": "'{name}' is not part of {owner}.",
        "ja": "{owner}には「{name}」がありません。"},
    "attr_todo": {
        "en": "Check the spelling, and the name before the dot.",
        "ja": "つづりと、点（.）の前の名前を確かめてください。"},
    "no_module": {
        "en": "The micro:bit has no module called '{name}', so it cannot be imported.",
        "ja": "micro:bit には「{name}」というモジュールがないので、import できません。"},
    "no_module_todo": {
        "en": "Check the spelling; some modules that Python has on a computer are not on the "
              "micro:bit.",
        "ja": "つづりを確かめてください（パソコンの Python にはあっても、micro:bit にはない"
              "モジュールもあります）。"},
    "cant_import": {
        "en": "'{name}' is not in that module, so it cannot be imported.",
        "ja": "そのモジュールには「{name}」がないので、import できません。"},
    "not_simulated": {
        "en": "{subject} works on a real micro:bit, but this simulator cannot do it yet. "
              "Try it on a real micro:bit.",
        "ja": "{subject}本物の micro:bit では動きますが、このシミュレーターではまだ動きません。"
              "本物の micro:bit でためしてください。"},
    "divide_zero": {
        "en": "The program tried to divide by 0, which cannot be done. Make sure the number "
              "after / or % is never 0.",
        "ja": "0 で割ることはできません。/ や % のうしろの数が 0 にならないようにしてください。"},
    "index_list": {
        "en": "The {kind} has no item at that position. Positions count from 0, so a list of "
              "3 items has positions 0, 1 and 2.",
        "ja": "{kind}には、その番号の場所がありません。番号は 0 から数えるので、中身が3個なら "
              "0、1、2 です。"},
    "index_text": {
        "en": "The text has no letter at that position. Positions count from 0, so 'abc' has "
              "positions 0, 1 and 2.",
        "ja": "その番号の文字はありません。番号は 0 から数えるので、\"abc\" なら 0、1、2 です。"},
    "pop_empty": {
        "en": "The list is empty, so pop() has nothing to take out. Check that the list has "
              "items before you use pop().",
        "ja": "リストが空っぽなので、pop( ) で取り出せるものがありません。pop( ) の前に、"
              "リストに中身があるか確かめてください。"},
    "int_text": {
        "en": "int() can only change text made of digits, like '42', into a whole number. "
              "Check for letters, spaces or a decimal point in the text.",
        "ja": "int( ) で数に変えられるのは、\"42\" のように数字だけの文字です。文字や空白、"
              "小数点が入っていないか確かめてください。"},
    "float_text": {
        "en": "float() can only change text like '3.5' into a number. Check for letters or "
              "spaces in the text.",
        "ja": "float( ) で数に変えられるのは、\"3.5\" のような文字です。数字ではない文字や空白が"
              "入っていないか確かめてください。"},
    "pixel_outside": {
        "en": "A position on this line is outside the picture. On the 5×5 display, x and y go "
              "from 0 to 4.",
        "ja": "この行の位置が、絵の外に出ています。5×5 の画面では、x と y は 0 から 4 までです。"},
    "brightness": {
        "en": "The brightness must be a whole number from 0 to 9.",
        "ja": "明るさは 0 から 9 までの整数にしてください。"},
    "math_domain": {
        "en": "This math function cannot work with that number (for example, sqrt() of a "
              "number below 0).",
        "ja": "この数では、この計算ができません（たとえば、0 より小さい数の sqrt( )）。"},
    "key_missing": {
        "en": "The dictionary has no key '{key}'.",
        "ja": "辞書に「{key}」というキーがありません。"},
    "key_todo": {
        "en": "Check the spelling, or add the key before you use it.",
        "ja": "つづりを確かめるか、使う前にそのキーを入れてください。"},
    "recursion": {
        "en": "A function kept calling itself and never stopped. Give it a way to stop, or use "
              "a loop instead.",
        "ja": "関数が自分自身を何度も呼び出して、止まらなくなりました。止まる条件を入れるか、"
              "くり返し（while や for）を使ってください。"},
    "file_missing": {
        "en": "There is no file with that name on the micro:bit. Check the file name, or write "
              "the file before you read it.",
        "ja": "micro:bit に、その名前のファイルがありません。ファイルの名前を確かめるか、"
              "読む前にファイルを作ってください。"},
    "storage_full": {
        "en": "The micro:bit's storage is full. Remove files you do not need (os.remove) or "
              "save less.",
        "ja": "micro:bit の保存場所がいっぱいです。いらないファイルを消すか（os.remove）、"
              "保存する量を減らしてください。"},
    "no_device": {
        "en": "Nothing answered on the pins: no device is connected there. Check the wiring "
              "and the address.",
        "ja": "ピンにつながった機器から返事がありません。配線とアドレスを確かめてください。"},
    "memory": {
        "en": "The micro:bit ran out of memory. Use smaller lists, text or images, or fewer "
              "of them.",
        "ja": "micro:bit のメモリ（覚えておく場所）が足りなくなりました。リストや文字、Image を"
              "小さくするか、数を減らしてください。"},
}

# (English, Japanese) for a value of a type, used inside sentences.
TYPE_WORDS: dict[str, tuple[str, str]] = {
    "int": ("a whole number (int)", "整数（int）"),
    "float": ("a decimal number (float)", "小数（float）"),
    "str": ("text (str)", "文字（str）"),
    "list": ("a list", "リスト"),
    "tuple": ("a tuple", "タプル（tuple）"),
    "dict": ("a dictionary (dict)", "辞書（dict）"),
    "bool": ("True or False (bool)", "True か False（bool）"),
    "NoneType": ("None (nothing)", "None（なにもない）"),
    "function": ("a function", "関数"),
    "bound_method": ("a function", "関数"),
    "MicroBitImage": ("an Image", "Image"),
    "bytes": ("bytes", "bytes"),
    "bytearray": ("a bytearray", "bytearray"),
}

# (English, Japanese) for the thing before the dot in an AttributeError.
OWNER_WORDS: dict[str, tuple[str, str]] = {
    "module": ("this module", "このモジュール"),
    "MicroBitButton": ("a button", "ボタン"),
    "MicroBitDigitalPin": ("a pin", "ピン"),
    "MicroBitAnalogDigitalPin": ("a pin", "ピン"),
    "MicroBitTouchPin": ("a pin", "ピン"),
    "MicroBitTouchOnlyPin": ("a pin", "ピン"),
    "MicroBitImage": ("Image", "Image"),
    "MicroBitSound": ("Sound", "Sound"),
    "MicroBitSoundEffect": ("SoundEffect", "SoundEffect"),
    "MicroBitSoundEvent": ("SoundEvent", "SoundEvent"),
}

OPERATORS = {"__add__": "+", "__sub__": "-", "__mul__": "*", "__truediv__": "/",
             "__floordiv__": "//", "__mod__": "%", "__pow__": "**", "__iadd__": "+=",
             "__isub__": "-=", "__imul__": "*=", "__itruediv__": "/=", "__and__": "&",
             "__or__": "|", "__xor__": "^", "__lshift__": "<<", "__rshift__": ">>",
             "__lt__": "<", "__gt__": ">", "__le__": "<=", "__ge__": ">=",
             "__neg__": "-", "__pos__": "+", "__invert__": "~"}

# -- names for "did you mean" --------------------------------------------------------------------
PINS = tuple(f"pin{n}" for n in (*range(17), 19, 20))
MICROBIT_NAMES = ("display", "button_a", "button_b", "accelerometer", "compass", "microphone",
                  "speaker", "audio", "i2c", "spi", "uart", *PINS, "pin_logo", "pin_speaker",
                  "Image", "Sound", "SoundEvent", "sleep", "running_time", "temperature",
                  "set_volume", "scale", "panic", "reset", "run_every")
MODULE_NAMES = ("microbit", "music", "radio", "speech", "random", "math", "time", "utime",
                "neopixel", "os", "log", "power", "machine", "gc", "sys", "struct", "array",
                "micropython", "collections", "errno")
BUILTIN_NAMES = ("print", "range", "len", "int", "float", "str", "list", "dict", "tuple", "bool",
                 "abs", "min", "max", "round", "sum", "sorted", "input", "type", "True", "False",
                 "None", "open", "enumerate", "zip", "isinstance", "chr", "ord", "pow",
                 "reversed", "map", "filter", "any", "all", "repr", "iter", "next", "divmod")
KEYWORD_NAMES = ("delay", "wait", "loop", "monospace", "clear", "pin", "duration", "volume",
                 "length", "queue", "channel", "power", "data_rate", "address", "group", "sep",
                 "end", "reverse", "key", "timestamp", "period")

PIN_METHODS = ("read_digital", "write_digital", "read_analog", "write_analog", "is_touched",
               "set_touch_mode", "set_pull", "get_pull", "get_mode", "set_analog_period",
               "set_analog_period_microseconds")
IMAGE_NAMES = ("width", "height", "set_pixel", "get_pixel", "shift_left", "shift_right",
               "shift_up", "shift_down", "crop", "copy", "invert", "fill", "blit",
               "HEART", "HEART_SMALL", "HAPPY", "SMILE", "SAD", "CONFUSED", "ANGRY", "ASLEEP",
               "SURPRISED", "SILLY", "FABULOUS", "MEH", "YES", "NO", "ARROW_N", "ARROW_NE",
               "ARROW_E", "ARROW_SE", "ARROW_S", "ARROW_SW", "ARROW_W", "ARROW_NW", "TRIANGLE",
               "TRIANGLE_LEFT", "CHESSBOARD", "DIAMOND", "DIAMOND_SMALL", "SQUARE",
               "SQUARE_SMALL", "RABBIT", "COW", "MUSIC_CROTCHET", "MUSIC_QUAVER",
               "MUSIC_QUAVERS", "PITCHFORK", "XMAS", "PACMAN", "TARGET", "TSHIRT",
               "ROLLERSKATE", "DUCK", "HOUSE", "TORTOISE", "BUTTERFLY", "STICKFIGURE", "GHOST",
               "SWORD", "GIRAFFE", "SKULL", "UMBRELLA", "SNAKE", "SCISSORS", "ALL_CLOCKS",
               "ALL_ARROWS")
# What the board's own objects have, so a misspelt method finds its match with no help.
ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "MicroBitDisplay": ("scroll", "show", "clear", "get_pixel", "set_pixel", "on", "off",
                        "is_on", "read_light_level"),
    "MicroBitButton": ("is_pressed", "was_pressed", "get_presses"),
    "MicroBitAccelerometer": ("get_x", "get_y", "get_z", "get_values", "get_strength",
                              "current_gesture", "is_gesture", "was_gesture", "get_gestures",
                              "set_range"),
    "MicroBitCompass": ("calibrate", "clear_calibration", "is_calibrated", "heading",
                        "get_x", "get_y", "get_z", "get_field_strength"),
    "MicroBitMicrophone": ("current_event", "was_event", "is_event", "get_events",
                           "set_threshold", "sound_level"),
    "MicroBitSpeaker": ("on", "off"),
    "MicroBitImage": IMAGE_NAMES,
    "Image": IMAGE_NAMES,
    **{name: PIN_METHODS for name in ("MicroBitDigitalPin", "MicroBitAnalogDigitalPin",
                                      "MicroBitTouchPin", "MicroBitTouchOnlyPin")},
    # a module's name is not in the message: offer what the usual modules have
    "module": (*MICROBIT_NAMES, "play", "pitch", "stop", "set_tempo", "get_tempo", "send",
               "receive", "receive_bytes", "config", "on", "off", "say", "sing", "pronounce",
               "randint", "choice", "uniform", "randrange", "ticks_ms", "ticks_diff",
               "sqrt", "sin", "cos", "pi", "listdir", "remove", "size", "add", "set_labels"),
}

_ERROR = re.compile(r"(?<![\w.])(?P<type>[A-Z]\w*(?:Error|Exception)):[ \t]?(?P<message>.*)")
_LINE = re.compile(r"\bline (\d{1,9})\b")


@dataclass(frozen=True)
class Context:
    """What a rule may use: the language and the names the caller knows of."""

    lang: str
    known: tuple[str, ...]
    board: str = "micro:bit"  # what the board is called in the sentences

    def word(self, pair: tuple[str, str]) -> str:
        return pair[1] if self.lang == "ja" else pair[0]

    def thing(self, type_name: str) -> str:
        pair = TYPE_WORDS.get(type_name)
        if pair is None:
            return f"「{type_name}」" if self.lang == "ja" else f"'{type_name}'"
        return self.word(pair)

    def spaced(self, word: str) -> str:
        """In Japanese, a space between a Latin word and the particle after it."""
        if self.lang == "ja" and word[-1:].isascii() and word[-1:].strip():
            return word + " "
        return word

    def suggest(self, word: str, extra: Iterable[str] = ()) -> str | None:
        return closest(word, (*self.known, *extra))


# A rule's answer: sentence keys from TEXTS and the fields they use.
Answer = tuple[tuple[str, ...], dict[str, str]]
Handler = Callable[[re.Match[str], Context], "Answer | None"]


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate most like ``word`` (case ignored), or None when none is close."""
    lowered: dict[str, str] = {}
    for candidate in candidates:
        if isinstance(candidate, str) and candidate and candidate != word:
            lowered.setdefault(candidate.lower(), candidate)
    key = word.lower()
    if key in lowered:
        return lowered[key]
    found = difflib.get_close_matches(key, list(lowered), n=1, cutoff=0.7)
    return lowered[found[0]] if found else None


def _spelling(ctx: Context, word: str, extra: Iterable[str] = (),
              otherwise: str = "spelling") -> tuple[tuple[str, ...], dict[str, str]]:
    suggestion = ctx.suggest(word, extra)
    if suggestion is None:
        return (otherwise,), {}
    return ("did_you_mean",), {"suggestion": suggestion}


def fixed(*keys: str) -> Handler:
    """A rule whose sentences need nothing from the message but its named groups."""
    return lambda match, ctx: (keys, dict(match.groupdict()))


# -- rules that read the message -------------------------------------------------------------
def _name_error(match: re.Match[str], ctx: Context) -> Answer:
    name = match["name"]
    if name in MICROBIT_NAMES and ctx.board == "micro:bit":
        return ("name_unknown", "name_microbit"), {"name": name}
    if name in MODULE_NAMES:
        return ("name_unknown", "name_module"), {"name": name}
    todo, fields = _spelling(ctx, name, (*MICROBIT_NAMES, *MODULE_NAMES, *BUILTIN_NAMES),
                             "name_todo")
    return ("name_unknown", *todo), {"name": name, **fields}


def _values(count: str) -> str:
    return "1 value" if count == "1" else f"{count} values"


def _counted(match: re.Match[str], ctx: Context) -> Answer:
    """Too many or too few values between a function's ( )."""
    fields = {key: value for key, value in match.groupdict().items() if value is not None}
    for key in ("given", "count"):
        if key in fields:
            fields[f"{key}_values"] = _values(fields[key])
    if "count" in fields:
        return ("args_missing",), fields
    takes = fields["takes"]
    if "low" in fields:
        takes = f"{fields['low']}〜{takes}" if ctx.lang == "ja" else f"{fields['low']} to {takes}"
    key = "args_at_most" if "most" in fields else "args_too_many"
    return (key, "args_count_todo"), {**fields, "takes": takes}


def _keyword(match: re.Match[str], ctx: Context) -> Answer:
    todo, fields = _spelling(ctx, match["name"], KEYWORD_NAMES)
    return ("kw_unknown", *todo), {"name": match["name"], **fields}


def _operator(match: re.Match[str], ctx: Context) -> Answer:
    op = OPERATORS.get(match["op"], match["op"])
    left, right = match["left"], match["right"]
    fields = {"op": op, "left": ctx.thing(left), "right": ctx.thing(right or "")}
    if right is None:
        return ("op_unary",), fields
    numbers = {"int", "float"}
    if op in ("+", "+=") and "str" in (left, right) and numbers & {left, right}:
        return ("op_types", "op_join"), fields
    return ("op_types", "op_check"), fields


def _convert(match: re.Match[str], ctx: Context) -> Answer:
    source, target = match["source"], match["target"]
    words = {"int": ("A whole number", "整数"), "float": ("A number", "数")}
    fields = {"thing": ctx.thing(source), "target": ctx.word(words[target])}
    if source == "float" and target == "int":
        return ("need_number", "round_todo"), fields
    if source == "str":
        return ("need_number", "from_text_todo"), fields
    return ("need_number",), fields


def _type_of(key: str, special: dict[str, str] | None = None) -> Handler:
    """A rule about one value's type: ``{thing}`` in the sentence, a tip chosen by type."""
    def handler(match: re.Match[str], ctx: Context) -> Answer:
        type_name = match["type"]
        tip = (special or {}).get(type_name, (special or {}).get("*"))
        keys = (key, tip) if tip else (key,)
        return keys, {"thing": ctx.thing(type_name)}
    return handler


def _attribute(match: re.Match[str], ctx: Context) -> Answer:
    owner_type, name = match["owner"], match["name"]
    pair = OWNER_WORDS.get(owner_type) or TYPE_WORDS.get(owner_type)
    if pair is not None:
        owner = ctx.word(pair)
    elif owner_type.startswith("MicroBit") and len(owner_type) > 8:
        owner = owner_type[8:].lower()  # MicroBitDisplay -> display, as students write it
    else:
        owner = f"「{owner_type}」" if ctx.lang == "ja" else f"'{owner_type}'"
    todo, fields = _spelling(ctx, name, ATTRIBUTES.get(owner_type, ()), "attr_todo")
    return ("attr_missing", *todo), {"name": name, "owner": ctx.spaced(owner), **fields}


def _no_module(match: re.Match[str], ctx: Context) -> Answer:
    todo, fields = _spelling(ctx, match["name"], MODULE_NAMES, "no_module_todo")
    return ("no_module", *todo), {"name": match["name"], **fields}


def _cant_import(match: re.Match[str], ctx: Context) -> Answer:
    todo, fields = _spelling(ctx, match["name"], MICROBIT_NAMES)
    return ("cant_import", *todo), {"name": match["name"], **fields}


def _not_simulated(match: re.Match[str], ctx: Context) -> Answer:
    text = match["rest"]
    module = re.match(r"the '([\w.]+)' module ", text)
    call = re.match(r"([A-Za-z_]\w*\.[A-Za-z_]\w*(?:\(\))?) ", text)
    if module:
        subject = f"「{module[1]}」モジュール" if ctx.lang == "ja" else f"The '{module[1]}' module"
    elif call:
        subject = call[1]
    else:
        subject = "これ" if ctx.lang == "ja" else "This"
    if ctx.lang == "ja":
        subject = ctx.spaced(subject) + "は"  # the particle belongs to the subject in Japanese
    return ("not_simulated",), {"subject": subject}


def _index(match: re.Match[str], ctx: Context) -> Answer:
    kind = match["kind"]
    if kind == "string":
        return ("index_text",), {}
    words = {"list": ("list", "リスト"), "tuple": ("tuple", "タプル")}
    return ("index_list",), {"kind": ctx.word(words.get(kind, (kind, kind)))}


def _key(match: re.Match[str], ctx: Context) -> Answer:
    key = match["key"]
    suggestion = ctx.suggest(key)
    if suggestion is None:
        return ("key_missing", "key_todo"), {"key": key}
    return ("key_missing", "did_you_mean"), {"key": key, "suggestion": suggestion}


def _os_error(match: re.Match[str], ctx: Context) -> Answer | None:
    keys = {"2": "file_missing", "28": "storage_full", "19": "no_device"}
    key = keys.get(match["code"] or match["bare"])  # 28 has no name on the board
    return ((key,), {}) if key else None


T = r"'(?P<type>\w+)'"  # a type name in quotes, as MicroPython prints it
ISNT = r"is(?:n't| not)"
RULES: list[tuple[tuple[str, ...], re.Pattern[str], Handler]] = [
    (types, re.compile(pattern), handler) for types, pattern, handler in [
        (("NameError",), r"name '(?P<name>\w+)' " + ISNT + r" defined.*", _name_error),
        (("NameError",), r"local variable.*", fixed("local_before")),
        (("SyntaxError",), r"invalid syntax", fixed("syntax")),
        (("IndentationError",), r"unexpected indent", fixed("indent_unexpected")),
        (("IndentationError",), r"unindent does(?:n't| not) match any outer indent(?:ation)? "
                                r"level", fixed("indent_unmatched")),
        (("IndentationError",), r"expected an indented block.*", fixed("indent_expected")),
        (("TypeError",), r"(?:function|[\w.<>]+\(\)) takes (?:from (?P<low>\d+) to )?"
                         r"(?P<takes>\d+) positional arguments? but (?P<given>\d+) "
                         r"(?:was|were) given", _counted),
        (("TypeError",), r"function expected at (?P<most>most) (?P<takes>\d+) arguments?, "
                         r"got (?P<given>\d+)", _counted),
        (("TypeError",), r"function missing (?P<count>\d+) required positional arguments?",
         _counted),
        (("TypeError",), r"function does(?:n't| not) take keyword arguments", fixed("kw_none")),
        (("TypeError",), r"unexpected keyword argument '(?P<name>\w+)'", _keyword),
        (("TypeError",), r"unsupported types? for (?P<op>__\w+__): '(?P<left>\w+)'"
                         r"(?:, '(?P<right>\w+)')?", _operator),
        (("TypeError",), r"can't convert " + T + r" object to str implicitly",
         _type_of("need_text")),
        (("TypeError",), r"can't convert (?P<source>\w+) to (?P<target>int|float)", _convert),
        (("TypeError",), T + r" object " + ISNT + r" callable",
         _type_of("not_callable", {"NoneType": "none_todo", "*": "callable_todo"})),
        (("TypeError",), T + r" object " + ISNT + r" subscriptable",
         _type_of("not_subscriptable")),
        (("TypeError",), T + r" object " + ISNT + r" iterable",
         _type_of("not_iterable", {"int": "range_todo", "*": "iterable_todo"})),
        (("TypeError",), r"object of type " + T + r" has no len\(\)", _type_of("no_len")),
        (("TypeError",), T + r" object does(?:n't| not) support item assignment",
         _type_of("no_item_change")),
        (("AttributeError",), r"(?:type object )?'(?P<owner>\w+)'(?: object)? has no "
                              r"attribute '(?P<name>\w+)'", _attribute),
        (("ImportError",), r"no module named '(?P<name>[\w.]+)'", _no_module),
        (("ImportError",), r"can't import name (?P<name>\w+)", _cant_import),
        (("NotSimulatedError",), r"(?P<rest>.*)", _not_simulated),
        (("ZeroDivisionError",), r"divide by zero", fixed("divide_zero")),
        (("IndexError",), r"(?P<kind>\w+) index out of range", _index),
        (("IndexError",), r"pop from empty list", fixed("pop_empty")),
        (("ValueError",), r"invalid syntax for integer with base \d+", fixed("int_text")),
        (("ValueError",), r"invalid syntax for number", fixed("float_text")),
        (("ValueError",), r"index (?:out of bounds|too large)", fixed("pixel_outside")),
        (("ValueError",), r"brightness out of bounds", fixed("brightness")),
        (("ValueError",), r"math domain error", fixed("math_domain")),
        (("KeyError",), r"(?P<key>.*)", _key),
        (("RuntimeError",), r"maximum recursion depth exceeded", fixed("recursion")),
        (("OSError",), r"(?:\[Errno (?P<code>\d+)\] \w+|(?P<bare>\d+))", _os_error),
        (("MemoryError",), r".*", fixed("memory")),
    ]
]


def parse(text: str) -> tuple[str, str, int | None] | None:
    """(type, message, line) from an error line, a summary or a whole traceback.

    Accepts ``NameError: ...``, ``main.py, line 3: NameError: ...`` and a board prefix such
    as ``[1] ``; in a whole traceback the last error line and the last ``line N`` count.
    """
    lines = text.splitlines()
    for index in range(len(lines) - 1, -1, -1):
        found = _ERROR.search(lines[index])
        if found is None:
            continue
        before = "\n".join(lines[:index]) + "\n" + lines[index][:found.start()]
        numbers = _LINE.findall(before)
        line = int(numbers[-1]) if numbers else None
        return found["type"], found["message"].strip(), line
    return None


def explain(error_line: str, lang: str = "en", *, line: int | None = None,
            known_names: Iterable[str] = (), board: str = "micro:bit") -> str | None:
    """One or two short sentences for a child about ``error_line``, or None.

    ``lang`` is "en" or "ja" (anything else gives English). ``line`` is where the error
    happened, if the caller knows it better than the text does. ``known_names`` are names
    that could be meant instead of a misspelt one (the program's own names, an object's
    attributes); the board's usual names are always considered too. ``board``: what the
    board is called in the sentences ("ESP32").
    """
    parsed = parse(error_line) if isinstance(error_line, str) else None
    if parsed is None:
        return None
    type_name, message, found_line = parsed
    ctx = Context("ja" if str(lang).lower().startswith("ja") else "en",
                  tuple(name for name in known_names if isinstance(name, str)), board)
    for types, pattern, handler in RULES:
        match = pattern.fullmatch(message) if type_name in types else None
        answer = handler(match, ctx) if match else None
        if answer is not None:
            keys, fields = answer
            break
    else:
        return None
    sentences = _join(ctx.lang, [TEXTS[key][ctx.lang].format(**fields).replace("micro:bit", board)
                                 for key in keys])
    where = line if isinstance(line, int) and line > 0 else found_line
    if where:
        return TEXTS["line"][ctx.lang].format(line=where) + sentences
    return sentences


def _join(lang: str, sentences: list[str]) -> str:
    return "".join(sentences) if lang == "ja" else " ".join(sentences)
