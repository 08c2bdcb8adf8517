"""Captions for what a board sounds like, in the language of the person watching.

A deaf or hard-of-hearing learner meets the same lesson aim as everyone: in a melody, what
matters is the order of the notes, so a caption names them (ド レ ミ / C D E) rather than
counting them. Captions are made from the board's sound events (``model/audio.py``), never
from the renderer; the window shows them, a narrator can speak them, tests read them.
"""

from __future__ import annotations

import math

from ..simulator.model.audio import (
    AudioSamples,
    AudioSamplesEnded,
    MelodyEnded,
    MelodyStarted,
    SoundEffectEnded,
    SoundEffectPlayed,
    SpeakerChanged,
    SpeechSpoken,
    ToneStarted,
    ToneStopped,
    VolumeChanged,
)
from ..simulator.model.events import ValueChanged

MELODY_NOTES_SHOWN = 12  # the start of a long tune: enough to recognise it
SOLFEGE = {"c": "ド", "d": "レ", "e": "ミ", "f": "ファ", "g": "ソ", "a": "ラ", "b": "シ"}
WORDS = {  # key -> (English, Japanese)
    "melody": ("melody", "メロディー"), "repeating": ("repeating", "くりかえし"),
    "melody_ends": ("melody ends", "メロディーが終わった"),
    "melody_stopped": ("melody stopped", "メロディーを止めた"),
    "tone": ("tone", "音"), "tone_stops": ("tone stops", "音が止まった"),
    "rest": ("rest", "休み"), "in_beats": (" (beats)", "（かっこの中は拍）"),
    "each": ("({n} beat each)", "（どれも {n} 拍）"), "sound": ("sound", "効果音"),
    "sound_ends": ("sound ends", "効果音が終わった"),
    "sound_stopped": ("sound stopped", "効果音を止めた"),
    "sound_effect": ("sound effect", "効果音"), "samples": ("audio samples", "録音した音"),
    "samples_end": ("audio ends", "録音した音が終わった"),
    "says": ("says", "話す"), "sings": ("sings", "歌う"), "pronounces": ("pronounces", "話す"),
    "speaker_on": ("speaker on", "スピーカー オン"),
    "speaker_off": ("speaker off", "スピーカー オフ"),
    "volume": ("volume {n} of 255", "音量 {n}（255 まで）"),
}


def _word(key: str, lang: str, **values: object) -> str:
    english, japanese = WORDS[key]
    return (japanese if lang == "ja" else english).format(**values)


def note_name(text: str, lang: str) -> str:
    """A note as micro:bit music writes it (``c4:4``, ``f#``, ``r:2``) by its name: ``C4`` /
    ``ド4``; the length after ``:`` is left out (the order is what the caption is for)."""
    pitch = text.split(":", 1)[0].strip().lower()
    if not pitch or pitch[0] == "r":
        return _word("rest", lang)
    letter, rest = pitch[0], pitch[1:]
    accidental = rest[:1] if rest[:1] in ("#", "b") and len(rest) >= 1 else ""
    octave = rest[len(accidental):]
    name = SOLFEGE.get(letter, letter.upper()) if lang == "ja" else letter.upper()
    sign = "♯" if accidental == "#" else ("♭" if accidental == "b" else "")
    return f"{name}{sign}{octave}"


def _melody(event: MelodyStarted, lang: str) -> str:
    head = _word("melody", lang) + (f" {event.name}" if event.name else "")
    tail = f" ({_word('repeating', lang)})" if event.loop else ""
    if event.resolved:
        notes, lengths = _resolved(event.resolved[:MELODY_NOTES_SHOWN], lang)
        more = " …" if len(event.notes) > MELODY_NOTES_SHOWN else ""
        if lengths is None:  # notes of different lengths: each with its beats
            head += _word("in_beats", lang)
        else:
            notes += ("" if lang == "ja" else " ") + _word("each", lang, n=lengths)
        return f"{head}: {notes}{more}{tail}"
    notes = " ".join(note_name(n, lang) for n in event.notes[:MELODY_NOTES_SHOWN])
    more = " …" if len(event.notes) > MELODY_NOTES_SHOWN else ""
    return f"{head}: {notes}{more}{tail}"


def _resolved(notes: tuple[tuple[str | None, float], ...], lang: str) -> tuple[str, str | None]:
    """The notes as they sound, the octave shown where it changes (as music notation on the
    board writes it), and their lengths: once for all when they are the same (returned
    apart), else after each note."""
    same = len({beats for _, beats in notes}) == 1
    words, octave = [], None
    for name, beats in notes:
        if name is None:
            text = _word("rest", lang)
        else:
            pitch, this_octave = name.rstrip("0123456789"), name.lstrip("ABCDEFG#")
            text = note_name(pitch.lower(), lang)
            if this_octave != octave:
                text += this_octave
                octave = this_octave
        words.append(text if same else f"{text}({_beats(beats)})")
    return " ".join(words), (_beats(notes[0][1]) if same and notes else None)


def _beats(beats: float) -> str:
    """A length in beats as a child reads it: 1, 2, ½, 1½."""
    whole, part = divmod(round(beats * 4) / 4, 1)
    fraction = {0.25: "¼", 0.5: "½", 0.75: "¾"}.get(part, "")
    if part and not fraction:
        return f"{beats:g}"
    return (f"{whole:g}" if whole or not fraction else "") + fraction


def _seconds(ms: int, lang: str) -> str:
    return f"{ms / 1000:g} 秒" if lang == "ja" else f"{ms / 1000:g} s"


NOTE_NAMES = {"en": ("C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"),
              "ja": ("ド", "ド#", "レ", "レ#", "ミ", "ファ", "ファ#", "ソ", "ソ#", "ラ", "ラ#",
                     "シ")}


def tone_caption(part: str, hz: float, lang: str) -> str:
    """What a circuit's buzzer plays (its ``tone`` value), for those who cannot hear it: the
    nearest note and its octave, and the frequency."""
    if hz <= 0:
        return f"{part}: " + ("（静か）" if lang == "ja" else "(silent)")
    key = round(12 * math.log2(hz / 440.0)) + 57  # 57: A4, counted from C0
    names = NOTE_NAMES["ja" if lang == "ja" else "en"]
    return f"{part}: ♪ {names[key % 12]}{key // 12} ({hz:g} Hz)"


def caption(event: object, lang: str = "en") -> str | None:
    """The caption of one board event in ``lang`` ("en" or "ja"), or None for events that
    make no sound."""
    lang = "ja" if str(lang).startswith("ja") else "en"
    if isinstance(event, ValueChanged) and event.id.endswith(".tone"):
        if isinstance(event.value, (int, float)) and not isinstance(event.value, bool):
            return tone_caption(event.id.rpartition(".")[0], float(event.value), lang)
        return None
    if isinstance(event, MelodyStarted):
        return _melody(event, lang)
    if isinstance(event, ToneStarted):
        hz = f"{event.frequency_hz:.0f} Hz"
        if event.note:
            return f"♪ {note_name(event.note.lower(), lang)} ({hz})"
        length = f", {_seconds(event.duration_ms, lang)}" if event.duration_ms else ""
        return f"{_word('tone', lang)} {hz}{length}"
    if isinstance(event, SpeechSpoken):
        verb = {"say": "says", "sing": "sings"}.get(event.mode, "pronounces")
        return f"{_word(verb, lang)}: {event.text.strip()}"
    if isinstance(event, SoundEffectPlayed):
        if event.name:
            return f"{_word('sound', lang)}: {event.name}"
        return f"{_word('sound_effect', lang)}: {_seconds(event.duration_ms, lang)}"
    if isinstance(event, MelodyEnded):
        return _word("melody_ends" if event.completed else "melody_stopped", lang)
    if isinstance(event, SoundEffectEnded):
        return _word("sound_ends" if event.completed else "sound_stopped", lang)
    if isinstance(event, VolumeChanged):
        return _word("volume", lang, n=event.volume)
    if isinstance(event, SpeakerChanged):
        return _word("speaker_on" if event.on else "speaker_off", lang)
    simple = {ToneStopped: "tone_stops", AudioSamples: "samples", AudioSamplesEnded: "samples_end"}
    key = simple.get(type(event))
    return _word(key, lang) if key else None
