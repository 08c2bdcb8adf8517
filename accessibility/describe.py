"""Words for what a board shows and does, for those who cannot see the window: the LED
picture by name when it is one of the built-in images ("heart" / 「ハート」), else row by row;
the buttons and sensors as they change; the program starting, ending and failing.

Made from the board's events and its model's state, never from the renderer: the text mode
prints these words, a narrator speaks them, tests read them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..simulator.boards.microbit.images import BUILTIN_IMAGES
from ..simulator.model.events import (
    ProgramError,
    ProgramStarted,
    ProgramStopped,
    SerialOutput,
    StopKind,
    ValueChanged,
)
from ..simulator.model.pins import PinChanged
from .captions import caption as sound_caption

# the built-in images' names as a child would say them (English, Japanese in kana/easy kanji)
IMAGE_WORDS: dict[str, tuple[str, str]] = {
    "HEART": ("heart", "ハート"), "HEART_SMALL": ("small heart", "小さいハート"),
    "HAPPY": ("happy face", "にこにこ顔"), "SMILE": ("smile", "えがお"),
    "SAD": ("sad face", "かなしい顔"), "CONFUSED": ("confused face", "こまった顔"),
    "ANGRY": ("angry face", "おこった顔"), "ASLEEP": ("sleeping face", "ねている顔"),
    "SURPRISED": ("surprised face", "びっくり顔"), "SILLY": ("silly face", "ふざけた顔"),
    "FABULOUS": ("fabulous face", "すてきな顔"), "MEH": ("meh face", "まあまあの顔"),
    "YES": ("tick (yes)", "チェック（はい）"), "NO": ("cross (no)", "バツ（いいえ）"),
    "TRIANGLE": ("triangle", "三角"), "TRIANGLE_LEFT": ("triangle to the left", "左の三角"),
    "CHESSBOARD": ("chessboard", "チェスばん"), "DIAMOND": ("diamond", "ダイヤ"),
    "DIAMOND_SMALL": ("small diamond", "小さいダイヤ"), "SQUARE": ("square", "四角"),
    "SQUARE_SMALL": ("small square", "小さい四角"), "RABBIT": ("rabbit", "うさぎ"),
    "COW": ("cow", "うし"), "MUSIC_CROTCHET": ("crotchet (note)", "四分音符"),
    "MUSIC_QUAVER": ("quaver (note)", "八分音符"), "MUSIC_QUAVERS": ("two quavers", "八分音符二つ"),
    "PITCHFORK": ("pitchfork", "くまで"), "XMAS": ("Christmas tree", "クリスマスツリー"),
    "PACMAN": ("Pac-Man", "パックマン"), "TARGET": ("target", "まと"),
    "TSHIRT": ("T-shirt", "Tシャツ"), "ROLLERSKATE": ("roller skate", "ローラースケート"),
    "DUCK": ("duck", "あひる"), "HOUSE": ("house", "家"), "TORTOISE": ("tortoise", "かめ"),
    "BUTTERFLY": ("butterfly", "ちょう"), "STICKFIGURE": ("stick figure", "人"),
    "GHOST": ("ghost", "おばけ"), "SWORD": ("sword", "けん"), "GIRAFFE": ("giraffe", "きりん"),
    "SKULL": ("skull", "がいこつ"), "UMBRELLA": ("umbrella", "かさ"), "SNAKE": ("snake", "へび"),
    "SCISSORS": ("scissors", "はさみ"),
}
ARROWS = {"N": ("up", "上"), "NE": ("up and right", "右上"), "E": ("right", "右"),
          "SE": ("down and right", "右下"), "S": ("down", "下"), "SW": ("down and left", "左下"),
          "W": ("left", "左"), "NW": ("up and left", "左上")}
TOUCH_WORDS = {"logo": ("the logo", "ロゴ"), "pin0": ("pin 0", "ピン 0"),
               "pin1": ("pin 1", "ピン 1"), "pin2": ("pin 2", "ピン 2")}
WORDS = {  # key -> (English, Japanese)
    "blank": ("the display is dark", "表示は消えています"),
    "picture": ("the display shows: {name}", "表示: {name}"),
    "rows": ("the display, row by row (0 off to 9 brightest): {rows}",
             "表示を上の行から（0 は消えている、9 がいちばん明るい）: {rows}"),
    "arrow": ("arrow pointing {where}", "{where}向きの矢印"),
    "clock": ("clock hand at {hour} o'clock", "時計の針が {hour} 時"),
    "pressed": ("{name} pressed", "{name} を押した"),
    "touched": ("{name} touched", "{name} にさわった"),
    "untouched": ("let go of {name}", "{name} から手をはなした"),
    "all_lit": ("all 25 lights are on (brightness {level})",
                "25 この LED がすべてついています（明るさ {level}）"),
    "released": ("{name} released", "{name} をはなした"),
    "value": ("{name} is {value}", "{name} は {value}"),
    "pin_on": ("pin {n} on (high)", "ピン {n} オン（高い）"),
    "pin_off": ("pin {n} off (low)", "ピン {n} オフ（低い）"),
    "pin_pwm": ("pin {n} outputs {value} of 1023", "ピン {n} の出力 {value}（1023 まで）"),
    "started": ("the program starts", "プログラムが動きはじめました"),
    # the narrator's own words
    "board": ("board {n}", "ボード {n}"),
    "nothing": ("nothing to say again", "くりかえす言葉はありません"),
    "console_empty": ("the console is empty", "コンソールには何もありません"),
    "rate": ("speed {rate}", "話す速さ {rate}"),
    StopKind.ENDED: ("the program has ended", "プログラムが終わりました"),
    StopKind.ERROR: ("the program stopped with an error: {detail}",
                     "プログラムがエラーで止まりました: {detail}"),
    StopKind.STOPPED: ("the program was stopped", "プログラムを止めました"),
    StopKind.RESET: ("the board starts again (reset)", "ボードが最初からやり直します（リセット）"),
    StopKind.PANIC: ("the board panicked: code {detail}",
                     "ボードがパニックしました: コード {detail}"),
    StopKind.POWER_OFF: ("the board switched itself off", "ボードの電源が切れました"),
}


def word(key: str, lang: str, **values: object) -> str:
    english, japanese = WORDS[key]
    return (japanese if lang == "ja" else english).format(**values)


def image_name(rows: tuple[tuple[int, ...], ...] | list[list[int]], lang: str) -> str | None:
    """The built-in image these 5×5 brightness rows show (any brightness counts as lit, as
    the built-in images are one bit a pixel), or None."""
    pattern = ":".join("".join("9" if v else "0" for v in row) for row in rows)
    for name, pixels in BUILTIN_IMAGES.items():
        if pixels == pattern:
            return _image_words(name, lang)
    return None


def _image_words(name: str, lang: str) -> str:
    index = 1 if lang == "ja" else 0
    if name.startswith("ARROW_"):
        return word("arrow", lang, where=ARROWS[name[6:]][index])
    if name.startswith("CLOCK"):
        return word("clock", lang, hour=name[5:])
    return IMAGE_WORDS.get(name, (name.lower(), name.lower()))[index]


def describe_display(rows, is_on: bool, lang: str) -> str:  # type: ignore[no-untyped-def]
    """One sentence for the LED picture."""
    if not is_on or not any(any(row) for row in rows):
        return word("blank", lang)
    levels = {v for row in rows for v in row}
    if len(levels) == 1:
        return word("all_lit", lang, level=levels.pop())
    name = image_name(rows, lang)
    if name is not None and all(v in (0, 9) for row in rows for v in row):
        return word("picture", lang, name=name)
    text = " / ".join(" ".join(str(v) for v in row) for row in rows)
    return word("rows", lang, rows=text)


def describe_event(event: object, lang: str,
                   name_of: Callable[[str], str] | None = None) -> str | None:
    """A sentence for a program's start or end, or a button or sensor change (``name_of``
    names a control by its id); None for events other words cover (the display, sounds,
    serial output) or that say nothing new."""
    if isinstance(event, ProgramStarted):
        return word("started", lang)
    if isinstance(event, ProgramStopped) and event.kind in WORDS:
        return word(event.kind, lang, detail=event.detail or "")
    if isinstance(event, ValueChanged):
        name = name_of(event.id) if name_of is not None else event.id.replace("_", " ")
        if isinstance(event.value, bool) and event.id.startswith("touch_"):
            where = event.id.removeprefix("touch_")
            place = TOUCH_WORDS.get(where, (where, where))[1 if lang == "ja" else 0]
            return word("touched" if event.value else "untouched", lang, name=place)
        if isinstance(event.value, bool):
            return word("pressed" if event.value else "released", lang, name=name)
        if isinstance(event.value, (int, float)):
            value = f"{event.value:g}" if isinstance(event.value, float) else event.value
            return word("value", lang, name=name, value=value)
    return None


def pin_words(event: PinChanged, lang: str) -> str | None:
    """What a program makes a pin of the edge connector do (a motor, a lamp or a servo
    there cannot be seen in the window): on, off, or a PWM level; nothing for a pin let go."""
    number = event.pin.removeprefix("pin")
    if event.mode == "write_digital" and event.value in (0, 1):
        return word("pin_on" if event.value else "pin_off", lang, n=number)
    if event.mode == "write_analog" and event.value is not None:
        return word("pin_pwm", lang, n=number, value=event.value)
    return None


def event_words(event: object, lang: str,
                name_of: Callable[[str], str] | None = None) -> list[str]:
    """What someone who cannot see the window is told of one event, the display aside (a
    PictureWatcher tells it once it settles): each line the board printed, an error, a
    sound's caption, a program starting or ending, a button or a sensor."""
    if isinstance(event, SerialOutput):
        return [line for line in event.text.splitlines() if line.strip()]
    if isinstance(event, ProgramError):
        return [event.error]
    text = sound_caption(event, lang)
    if not isinstance(text, str):
        text = describe_event(event, lang, name_of)
    return [text] if text else []


class _Settling:
    """Something on the board told once it has stayed ``settle_ms`` (a thing changing many
    times a second is not read change by change), and only when it differs from the last
    told. Each kind gives its words for an event, and what its events are told apart by
    (one board's picture, one pin of a board)."""

    def __init__(self, settle_ms: int, words: Callable[[Any], str | None],
                 key: Callable[[Any], object] = lambda event: event.board):
        self.settle_ms, self.words, self.key = settle_ms, words, key
        self._told: dict[object, str] = {}
        self._pending: dict[object, tuple[int, Any]] = {}

    def saw(self, event: Any, now_ms: int) -> None:
        self._pending[self.key(event)] = (now_ms, event)

    def due(self, now_ms: int) -> list[tuple[int, str]]:
        told = []
        for key, (since, event) in list(self._pending.items()):
            if now_ms - since >= self.settle_ms:
                del self._pending[key]
                text = self.words(event)
                if text is not None and self._told.get(key) != text:
                    self._told[key] = text
                    told.append((event.board, text))
        return told


class PictureWatcher(_Settling):
    """The LED picture, described once it has stayed ``settle_ms`` (a scrolling text or an
    animation is not read frame by frame)."""

    def __init__(self, lang: str, settle_ms: int = 300):
        super().__init__(settle_ms, lambda e: describe_display(e.pixels, e.is_on, lang))


class PinWatcher(_Settling):
    """What the program makes the edge connector's pins do, told once a pin's output has
    stayed ``settle_ms`` (a pin switched on and off many times a second is told once)."""

    def __init__(self, lang: str, settle_ms: int = 250):
        super().__init__(settle_ms, lambda e: pin_words(e, lang), lambda e: (e.board, e.pin))
