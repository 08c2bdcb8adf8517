"""The ``speech`` module of MicroPython on micro:bit V2, built for one board.

As micropython-microbit-v2 v2.1.2 ``src/codal_port/modspeech.c``: ``say``, ``pronounce`` and
``sing`` take the text or phonemes positionally and everything else by keyword only
(``pitch``, ``speed``, ``mouth``, ``throat``, ``pin``, and the hidden ``debug``, ``mode``,
``volume``); speech always blocks until it has been spoken. Phonemes are read by SAM's
parser (``lib/sam/sam.c`` ``Parser1``, with its error messages). How long SAM speaks is
estimated from SAM's phoneme lengths and the speed; the sound itself is left to whoever
voices the ``SpeechSpoken`` event.

Deliberate gap: ``translate`` (SAM's English-to-phoneme reciter rules) is not simulated; it
raises NotSimulatedError. ``say`` still speaks: its event carries the English text, with
no phonemes, and a duration estimated from the text.
"""

from __future__ import annotations

from types import ModuleType

from ..model.clock import US_PER_MS
from ..model.microbit import MicrobitBoard
from .audio import DEFAULT_PIN, check_arity, select_pin
from .mp import Arg, parse_args
from .not_simulated import NotSimulatedError

# SAM's phoneme names, first and second letters ('*': a one-letter name), lib/sam SamTabs.h
NAMES_1 = " .?,-IIEAAAAUAIEUORLWYWRLWYMNNDQSSFT//ZZVDC*J***EAOAOUB**D**G**G**P**T**K**K**UUU"
NAMES_2 = "*****YHHEAHOHXXRXHXXXXH******XX**H*HHX*H*HH*****YYYWWW*********X***********X**LMN"
STRESS_MARKS = "*12345678"
# frames (about 10 ms each at the default speed) of each phoneme, unstressed and stressed
LENGTHS = bytes((
    0, 18, 18, 18, 8, 8, 8, 8, 8, 11, 6, 12, 10, 5, 5, 11, 10, 10, 10, 9, 8, 7, 9, 7,
    6, 8, 6, 7, 7, 7, 2, 5, 2, 2, 2, 2, 2, 2, 6, 6, 7, 6, 6, 2, 8, 3, 1, 30,
    13, 12, 12, 12, 14, 9, 6, 1, 2, 5, 1, 1, 6, 1, 2, 6, 1, 2, 8, 2, 2, 4, 2, 2,
    6, 1, 4, 6, 1, 4, 0xC7, 0xFF, 0))
STRESSED_LENGTHS = bytes((
    0, 18, 18, 18, 8, 11, 9, 11, 14, 15, 11, 16, 12, 6, 6, 14, 12, 14, 12, 11, 8, 8, 11, 10,
    9, 8, 8, 8, 8, 8, 3, 5, 2, 2, 2, 2, 2, 2, 6, 6, 8, 6, 6, 2, 9, 4, 2, 1,
    14, 15, 15, 15, 14, 14, 8, 2, 2, 7, 2, 1, 7, 2, 2, 7, 2, 2, 8, 2, 2, 6, 2, 2,
    7, 2, 4, 7, 1, 4, 5, 5, 0))
STOPS = frozenset((44, 54, 57, 60, 63, 66, 69, 72, 75))  # J B D G GX P T K KX: + 2 parts
DIPHTHONG_GLIDES = {48: 21, 49: 21, 50: 21, 51: 20, 52: 20, 53: 20}  # EY AY OY +YX, AW OW UW +WX
SPLIT = {78: (13, 24), 79: (13, 27), 80: (13, 28)}  # UL UM UN: AX then L, M, N
INPUT_PHONEMES = 128
OUTPUTS_PER_POSITION = 162  # SAM's buffer positions per voiced output (render.c timetable)
POSITIONS_PER_MS = 64 * 19_000 / 1000  # modspeech.c: sample = position >> 6 at 19 kHz

ARTICULATE_ARGS = tuple(
    Arg(name, kind, default, keyword_only=True)
    for name, kind, default in (("pitch", "int", 64), ("speed", "int", 72), ("mouth", "int", 128),
                                ("throat", "int", 128), ("debug", "bool", False),
                                ("mode", "int", 1), ("volume", "int", 4),
                                ("pin", "obj", DEFAULT_PIN)))


def _str_data(value: object) -> bytes:
    """``mp_obj_str_get_data``: the bytes of a str or bytes object."""
    if isinstance(value, str):
        return value.encode()
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    raise TypeError(f"can't convert '{type(value).__name__}' object to str implicitly")


def _upper(code: int) -> int:
    return code - 32 if code > 96 else code


def _match(first: int, second: int) -> tuple[int, int] | None:
    """(phoneme index, characters used): a two-letter name first, then a one-letter name."""
    for index in range(len(NAMES_1)):
        if ord(NAMES_1[index]) == first and NAMES_2[index] != "*" and \
                ord(NAMES_2[index]) == second:
            return index, 2
    for index in range(len(NAMES_1)):
        if NAMES_2[index] == "*" and ord(NAMES_1[index]) == first:
            return index, 1
    return None


def _pitch_mark(data: bytes, position: int) -> int:
    """After ``#``: the digits of a pitch; returns where the phonemes go on."""
    if position >= len(data) or not 0 <= data[position] - 48 <= 9:
        raise ValueError("Illegal pitch")
    pitch = data[position] - 48
    position += 1
    while position < len(data) and 0 <= data[position] - 48 <= 9:
        pitch = pitch * 10 + data[position] - 48
        position += 1
    if pitch > 255:
        raise ValueError("Illegal pitch")
    return position


def parse_phonemes(data: bytes) -> list[tuple[int, int]]:
    """SAM ``Parser1``: (phoneme index, stress) pairs, or ValueError as the firmware raises."""
    phonemes: list[tuple[int, int]] = []
    position = 0
    while True:
        if len(phonemes) >= INPUT_PHONEMES:
            raise ValueError("Phonemes too long")
        if position >= len(data):
            return phonemes
        first = _upper(data[position])
        second = _upper(data[position + 1]) if position + 1 < len(data) else 0
        if first == ord("#"):
            position = _pitch_mark(data, position + 1)
            continue
        found = _match(first, second)
        if found is not None:
            phonemes.append((found[0], 0))
            position += found[1]
            continue
        stress = STRESS_MARKS.rfind(chr(first))
        if stress <= 0:
            raise ValueError("Phoneme not understood")
        if phonemes:
            phonemes[-1] = (phonemes[-1][0], stress)
        position += 1


def _frames(phonemes: list[tuple[int, int]]) -> int:
    """About how many frames SAM renders: each phoneme's length, with the parts SAM adds."""
    total = 0
    for index, stress in phonemes:
        for part in SPLIT.get(index, (index,)):
            total += (STRESSED_LENGTHS if stress else LENGTHS)[part]
            if part in STOPS:
                total += LENGTHS[part + 1] + LENGTHS[part + 2]
            if part in DIPHTHONG_GLIDES:
                total += LENGTHS[DIPHTHONG_GLIDES[part]]
    return total


def speech_ms(frames: int, speed: int) -> int:
    """How long SAM speaks ``frames`` at ``speed`` (an unsigned byte; 0 counts as 256)."""
    per_frame = ((speed & 0xFF) or 256) * OUTPUTS_PER_POSITION / POSITIONS_PER_MS
    return round(frames * per_frame)


def _english_frames(text: bytes) -> int:
    """For ``say`` without the reciter: about one phoneme of 7 frames a letter, plus pauses."""
    letters = sum(1 for code in text if chr(code).isalpha())
    pauses = sum(1 for code in text if chr(code) in ".,?!-")
    return letters * 7 + pauses * 18 + 18


def _build_functions(board: MicrobitBoard) -> dict[str, object]:
    def articulate(mode: str, text: object, data: bytes, frames: int | None,
                   args: tuple[object, ...], kwargs: dict[str, object]) -> None:
        pitch, speed, mouth, throat, _debug, synth_mode, _volume, pin = \
            parse_args(ARTICULATE_ARGS, args, kwargs)
        if frames is None:
            data = _str_data(text)
        select_pin(board, pin, "audio")
        if frames is None:
            frames = _frames(parse_phonemes(data))
        if synth_mode == 0:
            return  # the v1 output mode: v2.1.2 renders nothing in it
        voice = tuple(v & 0xFF for v in (pitch, speed, mouth, throat))  # type: ignore[operator]
        duration = speech_ms(frames, voice[1])
        phonemes = None if mode == "say" else data.decode("latin-1")
        spoken = text if isinstance(text, str) else data.decode("latin-1")
        board.audio.speak(mode, spoken, phonemes, voice, duration)  # type: ignore[arg-type]
        board.sleep_us(duration * US_PER_MS)

    def needs_text(args: tuple[object, ...]) -> None:
        if not args:
            raise TypeError("function missing 1 required positional arguments")

    def say(*args: object, **kwargs: object) -> None:
        needs_text(args)
        words = _str_data(args[0])
        if len(words) > 80:
            raise ValueError("text too long")
        articulate("say", args[0], words, _english_frames(words), args[1:], kwargs)

    def pronounce(*args: object, **kwargs: object) -> None:
        needs_text(args)
        articulate("pronounce", args[0], b"", None, args[1:], kwargs)

    def sing(*args: object, **kwargs: object) -> None:
        needs_text(args)
        articulate("sing", args[0], b"", None, args[1:], kwargs)

    def translate(*args: object, **kwargs: object) -> str:
        check_arity(args, kwargs, 1)
        if len(_str_data(args[0])) > 80:
            raise ValueError("text too long")
        raise NotSimulatedError(
            "speech.translate works on a real micro:bit, but this simulator cannot turn "
            "English into phonemes yet; speech.say still speaks (see 'Deliberate gaps' in "
            "the Terakoya README)")

    return {"say": say, "pronounce": pronounce, "sing": sing, "translate": translate}


def build_speech(board: MicrobitBoard) -> ModuleType:
    module = ModuleType("speech", "Make the micro:bit talk, sing and make other speech sounds.")
    for name, value in _build_functions(board).items():
        setattr(module, name, value)
    return module
