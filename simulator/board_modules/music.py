"""The ``music`` module of MicroPython on micro:bit V2, built for one board.

As micropython-microbit-v2 v2.1.2 ``src/codal_port/modmusic.c`` and ``modmusictunes.c``:
the 21 built-in tunes, the note format (``NOTE[#|b][OCTAVE][:DURATION]``, ``r`` a rest; a
note keeps the octave and duration of the one before), ``set_tempo``/``get_tempo``/``reset``,
``play``, ``pitch`` and ``stop``. Notes are read one at a time as they play
(``start_note``), and the board's 6 ms music tick times them (``board.audio.music``).
"""

from __future__ import annotations

from dataclasses import replace
from types import ModuleType

from ..model.audio import ARTICULATION_MS, MelodyStarted, MusicSettings, Note, NoteError
from ..model.microbit import MicrobitBoard
from .audio import DEFAULT_PIN, check_arity, no_keywords, select_pin
from .mp import Arg, parse_args
from .music_data import TUNES

# periods (µs) of octave 4 from A to B, then C to G (A is 0, G is 6); sharps: A#, -, C#...
PERIODS_US = (2273, 2025, 3822, 3405, 3034, 2863, 2551)
SHARP_PERIODS_US = (2145, 0, 3608, 3214, 0, 2703, 2408)
LETTERS = "ABCDEFG"
UINT32 = 0xFFFFFFFF


def _divide(numerator: int, denominator: int) -> int:
    """Integer division as the micro:bit's processor does it: dividing by zero gives 0."""
    return numerator // denominator if denominator else 0


def start_note(settings: MusicSettings, text: bytes) -> Note:
    """modmusic.c ``start_note``: one note, changing the octave and duration kept for the next.

    No validation, as on the board: a letter outside A-G (and ``r``) is a rest, ``:`` with
    nothing after it keeps the duration, and only one octave digit and two duration digits
    are read. Letters H, I and J index past the firmware's table (undefined there): a rest.
    """
    length = len(text)
    index = (((text[0] if length else 0) & 0x1F) - 1) & 0xFF
    ms_per_tick = _divide(_divide(60000, settings.bpm), settings.ticks)
    octave, sharp, position = 0, False, 1
    if position < length and text[position] in b"#b":
        if text[position] == ord("b"):
            index = 6 if index == 0 else (index - 1) & 0xFF
            if index == 1:  # C flat: B of the octave below
                octave -= 1
        sharp = True
        position += 1
    if position < length and text[position] != ord(":"):
        settings.last_octave = text[position] & 0xF
        position += 1
    octave += settings.last_octave
    if position < length and text[position] == ord(":"):
        position += 1
        if position < length:
            duration = text[position] & 0xF
            position += 1
            if position < length:
                duration = duration * 10 + (text[position] & 0xF)
            settings.last_duration = duration & 0xFF
    period, name = _pitch(index, sharp, octave)
    return Note(period, _hold_ms(ms_per_tick, settings), name)


def _hold_ms(ms_per_tick: int, settings: MusicSettings) -> int:
    """How long a note sounds: its length less the articulation gap, at least 10 ms."""
    raw = (ms_per_tick * settings.last_duration - ARTICULATION_MS) & UINT32
    hold = raw - (1 << 32) if raw >= 1 << 31 else raw
    return max(hold, ARTICULATION_MS)


def _pitch(index: int, sharp: bool, octave: int) -> tuple[int | None, str | None]:
    """(period in µs, or None for a rest; the note's name for captions)."""
    if index >= len(PERIODS_US):
        return None, None
    base = (SHARP_PERIODS_US if sharp else PERIODS_US)[index]
    shift = octave - 4
    period = base >> shift if shift >= 0 else (base << -shift) & UINT32
    return period, f"{LETTERS[index]}{'#' if sharp else ''}{octave}"


def _note_bytes(note: object) -> bytes:
    if isinstance(note, str):
        return note.encode()
    if isinstance(note, (bytes, bytearray)):
        return bytes(note)
    raise NoteError("expecting a str for note")


class Tune:
    """The notes of one ``music.play``, read lazily as the music tick asks (a note source)."""

    def __init__(self, settings: MusicSettings, notes: object, loop: bool):
        self.settings = settings
        self.single = isinstance(notes, (str, bytes))
        self.notes = notes
        self.length = 1 if self.single else len(notes)  # type: ignore[arg-type]
        self.loop = loop
        self.index = 0

    def next_note(self) -> Note | None:
        if self.index >= self.length:
            if not self.loop or self.length == 0:
                return None
            self.index = 0
        if self.single:
            note = self.notes
        else:
            items = self.notes
            if self.index >= len(items):  # type: ignore[arg-type]
                return None  # the list was shortened while it played
            note = items[self.index]  # type: ignore[index]
        self.index += 1
        return start_note(self.settings, _note_bytes(note))


PLAY_ARGS = (Arg("music", required=True), Arg("pin", default=DEFAULT_PIN),
             Arg("wait", "bool", True), Arg("loop", "bool", False))
PITCH_ARGS = (Arg("frequency", "int", 0, required=True), Arg("duration", "int", -1),
              Arg("pin", default=DEFAULT_PIN), Arg("wait", "bool", True))
TEMPO_ARGS = (Arg("ticks", "int", 0, keyword_only=True), Arg("bpm", "int", 0, keyword_only=True))
TUNE_NAMES = {id(notes): name for name, notes in TUNES.items()}


def _wait_idle(board: MicrobitBoard) -> None:
    """``wait_async_music_idle``: an interruption stops the music before it goes on."""
    channel = board.audio.music
    try:
        board.wait(lambda: channel.idle)
    except BaseException:
        channel.stop()
        raise


def _note_text(note: object) -> str:
    if isinstance(note, (bytes, bytearray)):
        return bytes(note).decode("latin-1")
    return note if isinstance(note, str) else repr(note)


def _melody(board: MicrobitBoard, notes: object, loop: bool) -> MelodyStarted:
    if isinstance(notes, (str, bytes)):
        texts: tuple[str, ...] = (_note_text(notes),)
    else:
        texts = tuple(_note_text(n) for n in notes)  # type: ignore[attr-defined]
    name = TUNE_NAMES.get(id(notes))
    if name is None and isinstance(notes, (tuple, list)):  # a copy, from the board's core
        name = next((key for key, tune in TUNES.items() if tuple(notes) == tune), None)
    event = board.audio.stamp(MelodyStarted, name, texts, loop)
    return replace(event, resolved=resolve(board.audio.settings, texts))  # type: ignore[type-var]


def resolve(settings: MusicSettings, texts: tuple[str, ...]) -> tuple[tuple[str | None, float],
                                                                        ...]:
    """What each note will sound as, for captions: the name with the octave it inherits and
    its length in beats, read with a copy of the board's settings (the board's own are
    changed only as the notes play)."""
    copy = replace(settings)
    notes = []
    for text in texts[:64]:  # a caption shows the start of a tune
        note = start_note(copy, text.encode("utf-8", "replace"))
        beats = copy.last_duration / copy.ticks if copy.ticks else 0.0
        notes.append((note.name if note.period_us is not None else None, beats))
    return tuple(notes)


def _build_functions(board: MicrobitBoard) -> dict[str, object]:
    audio = board.audio

    def play(*args: object, **kwargs: object) -> None:
        notes, pin, wait, loop = parse_args(PLAY_ARGS, args, kwargs)
        audio.settings.last_octave = 4
        audio.settings.last_duration = 4
        if not isinstance(notes, (str, bytes)) and not isinstance(notes, (tuple, list)):
            raise TypeError(f"object '{type(notes).__name__}' isn't a tuple or list")
        audio.music.halt()
        select_pin(board, pin, "music")
        audio.music.play(Tune(audio.settings, notes, bool(loop)), _melody(board, notes, bool(loop)))
        if wait:
            _wait_idle(board)

    def pitch(*args: object, **kwargs: object) -> None:
        frequency, duration, pin, wait = parse_args(PITCH_ARGS, args, kwargs)
        audio.music.halt()
        select_pin(board, pin, "music")
        audio.music.pitch(frequency & 0xFFFFFFFF, duration)  # type: ignore[operator]
        if duration >= 0 and wait:  # type: ignore[operator]
            _wait_idle(board)

    def stop(*args: object, **kwargs: object) -> None:
        no_keywords(kwargs)
        if len(args) > 1:
            raise TypeError(f"function expected at most 1 arguments, got {len(args)}")
        select_pin(board, args[0] if args else DEFAULT_PIN, "music")
        audio.music.stop()

    def set_tempo(*args: object, **kwargs: object) -> None:
        ticks, bpm = parse_args(TEMPO_ARGS, args, kwargs)
        if ticks:
            audio.settings.ticks = ticks & 0xFFFF  # type: ignore[operator]
        if bpm:
            audio.settings.bpm = bpm & 0xFFFF  # type: ignore[operator]

    def get_tempo(*args: object, **kwargs: object) -> tuple[int, int]:
        check_arity(args, kwargs, 0)
        return (audio.settings.bpm, audio.settings.ticks)  # (bpm, ticks), as the firmware

    def reset(*args: object, **kwargs: object) -> None:
        check_arity(args, kwargs, 0)
        defaults = MusicSettings()  # the playing tune sees the change, as on the board
        settings = audio.settings
        settings.bpm, settings.ticks = defaults.bpm, defaults.ticks
        settings.last_octave, settings.last_duration = defaults.last_octave, defaults.last_duration

    return {"play": play, "pitch": pitch, "stop": stop, "set_tempo": set_tempo,
            "get_tempo": get_tempo, "reset": reset}


def build_music(board: MicrobitBoard) -> ModuleType:
    module = ModuleType("music", "Create and play melodies.")
    for name, value in {**_build_functions(board), **TUNES}.items():
        setattr(module, name, value)
    return module
