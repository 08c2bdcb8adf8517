"""Sound a micro:bit V2 makes: tones, melodies, sound effects, audio samples and speech.

The board mixes four sources, each on its own channel, so they can sound together
(micropython-microbit-v2 ``src/codal_app/microbithal_audio.cpp``):

- music: a square wave on the mixer's virtual pin, driven by the firmware's 6 ms timer tick
  (``src/codal_port/modmusic.c``, ``drv_system.c``); ``MusicChannel`` runs that engine;
- sound expressions: CODAL's synthesizer (``Sound.HAPPY``, ``SoundEffect``);
- audio samples: ``AudioFrame`` data, 32 samples at 7812 Hz each;
- speech: SAM's voice.

Everything the board produces is told as events on ``board.bus``: exactly what sound starts
and stops and when (virtual time), with enough detail for a window to synthesize it and a
``caption`` for people. Each event also says where the sound goes: the edge pin routed to
the mixer (``pin``), whether the built-in speaker is on, and the volume (0-255).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from .clock import US_PER_MS, Timer
from .events import ProgramStopped, StopKind

if TYPE_CHECKING:
    from .microbit import MicrobitBoard

MUSIC_TICK_MS = 6  # the firmware's timer tick that drives music (drv_system.c)
ARTICULATION_MS = 10  # silence between two notes (modmusic.c ARTICULATION_MS)
DEFAULT_BPM = 120
DEFAULT_TICKS = 4
DEFAULT_OCTAVE = 4
DEFAULT_DURATION = 4
SAMPLE_RATE = 7812  # AudioFrame samples per second (modaudio.c DEFAULT_SAMPLE_RATE)
FRAME_SAMPLES = 32
FRAME_US = FRAME_SAMPLES * 1_000_000 / SAMPLE_RATE  # about 4.1 ms

WAVEFORMS = ("sine", "sawtooth", "triangle", "square", "noise")
EFFECTS = {0: "none", 1: "vibrato", 2: "tremolo", 3: "warble"}


def frequency_of(period_us: int) -> float:
    """The frequency a period on the mixer's virtual pin sounds; 0 Hz for period 0 (silent)."""
    return 1_000_000 / period_us if period_us else 0.0


def _seconds(ms: int) -> str:
    return f"{ms / 1000:g} s"


# -- events -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class ToneStarted:
    """The music channel starts a square wave (``music.pitch`` or one note of a melody).

    ``frequency_hz`` is what sounds: the firmware sets a whole-microsecond period, so 440 Hz
    asked is 1_000_000 / 2272 = 440.14 Hz. ``duration_ms`` is how long it is meant to sound
    (None: until something stops it); a ``ToneStopped`` event always follows at the moment
    it really stops. ``note`` names a melody's note (``"C#5"``).
    """

    board: int
    frequency_hz: float
    duration_ms: int | None
    note: str | None
    pin: str | None
    speaker: bool
    volume: int

    @property
    def caption(self) -> str:
        hz = f"{self.frequency_hz:.0f} Hz"
        text = f"note {self.note} ({hz})" if self.note else f"tone {hz}"
        if self.duration_ms is not None and self.note is None:
            text += f" for {_seconds(self.duration_ms)}"
        return text


@dataclass(frozen=True)
class ToneStopped:
    """The music channel falls silent (end of a note, ``music.stop()``, a rest)."""

    board: int

    @property
    def caption(self) -> str:
        return "tone stops"


@dataclass(frozen=True)
class MelodyStarted:
    """``music.play``: ``name`` is the built-in tune's name (``"BIRTHDAY"``) or None."""

    board: int
    name: str | None
    notes: tuple[str, ...]
    loop: bool
    pin: str | None
    speaker: bool
    volume: int
    # each note as it will sound: (its name with the octave it inherits, "C#4"; None for a
    # rest) and its length in beats (its duration in ticks over the tempo's ticks per beat)
    resolved: tuple[tuple[str | None, float], ...] = ()

    @property
    def caption(self) -> str:
        if self.name:
            text = f"melody: {self.name}"
        else:
            count = len(self.notes)
            text = f"melody of {count} note{'s' if count != 1 else ''}"
        return text + (", repeating" if self.loop else "")


@dataclass(frozen=True)
class MelodyEnded:
    """A melody ended: ``completed`` is False when it was stopped or replaced."""

    board: int
    name: str | None
    completed: bool

    @property
    def caption(self) -> str:
        return "melody ends" if self.completed else "melody stopped"


@dataclass(frozen=True)
class SoundPart:
    """One effect of a CODAL sound expression, as the synthesizer plays it.

    Volumes are 0.0-1.0 (CODAL's 0-1023). ``shape`` is CODAL's frequency curve number:
    0 none, 1 linear, 2 curve, 5 rising, 6 falling, 8-17 arpeggios, 18 logarithmic.
    ``fx`` is none, vibrato, tremolo or warble with its parameter and steps.
    """

    waveform: str
    freq_start: int
    freq_end: int
    duration_ms: int
    vol_start: float
    vol_end: float
    shape: int
    steps: int
    fx: str
    fx_param: int
    fx_steps: int


@dataclass(frozen=True)
class SoundEffectPlayed:
    """A sound expression starts: a built-in ``Sound`` (``name``) or ``SoundEffect`` parts."""

    board: int
    name: str | None
    parts: tuple[SoundPart, ...]
    duration_ms: int
    pin: str | None
    speaker: bool
    volume: int

    @property
    def caption(self) -> str:
        if self.name:
            return f"sound: {self.name}"
        if len(self.parts) == 1:
            part = self.parts[0]
            return (f"sound effect: {part.waveform} wave, {part.freq_start} to "
                    f"{part.freq_end} Hz, {_seconds(part.duration_ms)}")
        return f"{len(self.parts)} sound effects, {_seconds(self.duration_ms)}"


@dataclass(frozen=True)
class SoundEffectEnded:
    """The sound expression channel falls silent (``completed``: it played to its end)."""

    board: int
    completed: bool

    @property
    def caption(self) -> str:
        return "sound ends" if self.completed else "sound stopped"


@dataclass(frozen=True)
class AudioSamples:
    """One AudioFrame's samples (unsigned bytes, 128 = silence) start playing now."""

    board: int
    samples: bytes
    sample_rate: int
    pin: str | None
    speaker: bool
    volume: int

    @property
    def caption(self) -> str:
        return "audio samples"


@dataclass(frozen=True)
class AudioSamplesEnded:
    """No more samples follow (the source ran out, or ``audio.stop()``); the samples already
    given play out, as on the board, which stops asking when its last frame starts."""

    board: int

    @property
    def caption(self) -> str:
        return "audio ends"


@dataclass(frozen=True)
class SpeechSpoken:
    """``speech.say`` / ``pronounce`` / ``sing``: ``mode`` is ``say``, ``pronounce`` or ``sing``.

    ``text`` is what the program gave (English for ``say``, else phonemes); ``phonemes`` is
    what SAM voices (None where the simulator cannot translate English); ``duration_ms`` is
    the simulator's estimate of how long SAM speaks.
    """

    board: int
    mode: str
    text: str
    phonemes: str | None
    pitch: int
    speed: int
    mouth: int
    throat: int
    duration_ms: int
    pin: str | None
    speaker: bool
    volume: int

    @property
    def caption(self) -> str:
        verb = {"say": "says", "sing": "sings"}.get(self.mode, "pronounces")
        return f"{verb}: {self.text.strip()}"


@dataclass(frozen=True)
class SpeakerChanged:
    board: int
    on: bool

    @property
    def caption(self) -> str:
        return "speaker on" if self.on else "speaker off"


@dataclass(frozen=True)
class VolumeChanged:
    board: int
    volume: int

    @property
    def caption(self) -> str:
        return f"volume {self.volume} of 255"


SoundEvent = (ToneStarted | ToneStopped | MelodyStarted | MelodyEnded | SoundEffectPlayed
              | SoundEffectEnded | AudioSamples | AudioSamplesEnded | SpeechSpoken
              | SpeakerChanged | VolumeChanged)


# -- music ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Note:
    """A note as the firmware starts it: ``period_us`` None is a rest (output off); a period
    of 0 sounds nothing. ``hold_ms`` is how long it sounds before the articulation gap."""

    period_us: int | None
    hold_ms: int
    name: str | None = None


class NoteError(Exception):
    """A tune holds something that is not a note: the firmware prints a line and stops."""


class NoteSource(Protocol):
    def next_note(self) -> Note | None:
        """The next note, or None at the end of the tune (a looping source starts again)."""


@dataclass
class MusicSettings:
    """``music_data`` of modmusic.c: tempo and the octave/duration a note inherits."""

    bpm: int = DEFAULT_BPM
    ticks: int = DEFAULT_TICKS
    last_octave: int = DEFAULT_OCTAVE
    last_duration: int = DEFAULT_DURATION


class MusicChannel:
    """The firmware's background music engine (modmusic.c ``microbit_music_tick``).

    A timer tick every 6 ms (at whole multiples of 6 ms since the board started) moves it
    on: a note sounds until the first tick at or after its end, then the output is off for
    the articulation gap (again until a tick), then the next note starts.
    """

    IDLE, NEXT_NOTE, ARTICULATE = range(3)

    def __init__(self, audio: Audio):
        self.audio = audio
        self.state = self.IDLE
        self.wait_ms = 0
        self.period_us = 0  # the virtual pin keeps its period (CODAL SoundOutputPin)
        self.amplitude_on = False
        self.source: NoteSource | None = None
        self.melody: MelodyStarted | None = None
        self._sounding = False
        self._timer: Timer | None = None

    @property
    def idle(self) -> bool:
        return self.state == self.IDLE

    def play(self, source: NoteSource, melody: MelodyStarted) -> None:
        """Start a tune in the background; it replaces what was playing."""
        self._end_melody(completed=False)
        self.state = self.NEXT_NOTE
        self.source = source
        self.melody = melody
        self.wait_ms = self.audio.board.running_time_ms()
        self.audio.publish(melody)
        self._schedule()

    def pitch(self, frequency: int, duration_ms: int) -> None:
        """``music.pitch``: sound now; stop after ``duration_ms`` (negative: never)."""
        self._end_melody(completed=False)
        self.state = self.IDLE
        if frequency != 0:
            self.period_us = 1_000_000 // frequency
        hold = duration_ms if duration_ms >= 0 else None
        self._output(True, hold)
        if duration_ms >= 0:
            self.source = None
            self.wait_ms = self.audio.board.running_time_ms() + duration_ms
            self.state = self.ARTICULATE
        self._schedule()

    def halt(self) -> None:
        """The tune stops moving on; what sounds goes on sounding (until the next start)."""
        self._end_melody(completed=False)
        self.state = self.IDLE
        self._schedule()

    def stop(self) -> None:
        """``music.stop()``, or an interrupted wait: idle and silent."""
        self._end_melody(completed=False)
        self.state = self.IDLE
        self._output(False)
        self._schedule()

    # -- the timer tick ----------------------------------------------------------------------
    def _schedule(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self.state == self.IDLE:
            return
        board = self.audio.board
        tick_us = MUSIC_TICK_MS * US_PER_MS
        first = board.ticks_us() // tick_us + 1  # the next tick strictly after now
        tick = max(first, -(-self.wait_ms // MUSIC_TICK_MS))
        self._timer = board.scheduler.call_at(board.boot_us + tick * tick_us, self._tick)

    def _tick(self) -> None:
        self._timer = None
        now_ms = self.audio.board.running_time_ms()
        if self.state == self.ARTICULATE:
            self._output(False)
            self.wait_ms = now_ms + ARTICULATION_MS
            self.state = self.NEXT_NOTE
        elif self.state == self.NEXT_NOTE:
            self._next_note(now_ms)
        self._schedule()

    def _next_note(self, now_ms: int) -> None:
        try:
            note = self.source.next_note() if self.source is not None else None
        except NoteError as exc:
            self.audio.board.write_serial(f"TypeError: {exc}\n")
            note = None
        if note is None:
            self.state = self.IDLE
            self._end_melody(completed=True)
            self.audio.board.wake_program()
            return
        if note.period_us is None:
            self._output(False)
        else:
            self.period_us = note.period_us
            self._output(True, note.hold_ms, note.name)
        self.wait_ms = now_ms + note.hold_ms
        self.state = self.ARTICULATE

    def _end_melody(self, completed: bool) -> None:
        if self.melody is not None:
            self.audio.publish(MelodyEnded(self.audio.board.number, self.melody.name, completed))
            self.melody = None
        self.source = None

    def _output(self, on: bool, hold_ms: int | None = None, name: str | None = None) -> None:
        self.amplitude_on = on
        sounding = on and self.period_us != 0
        if sounding:
            self.audio.publish(self.audio.stamp(ToneStarted, frequency_of(self.period_us),
                                                hold_ms, name))
        elif self._sounding:
            self.audio.publish(ToneStopped(self.audio.board.number))
        self._sounding = sounding


# -- sound expressions ------------------------------------------------------------------------
def _digits(text: str, start: int, length: int) -> int:
    """CODAL ``parseDigits``: -1 unless every character is a digit."""
    chunk = text[start:start + length]
    return int(chunk) if len(chunk) == length and chunk.isascii() and chunk.isdigit() else -1


def _apply_random(value: int, spread: int, rng: random.Random) -> int:
    """CODAL ``applyRandom``: value plus a random whole number in [-spread, spread]."""
    if value < 0 or spread < 0:
        return -1
    return abs(value + rng.randrange(spread * 2 + 1) - spread)


def parse_sound_part(text: str, rng: random.Random) -> SoundPart | None:
    """One 72-digit effect, as CODAL ``SoundExpressions::parseSoundExpression`` reads it
    (randomness applied now, as CODAL does each time a sound plays)."""
    fields = {name: _digits(text, start, length) for name, start, length in (
        ("wave", 0, 1), ("vol", 1, 4), ("freq", 5, 4), ("dur", 9, 4), ("shape", 13, 2),
        ("freq_end", 18, 4), ("vol_end", 26, 4), ("steps", 30, 4), ("fx", 34, 2),
        ("fx_param", 36, 4), ("fx_steps", 40, 4))}
    for name, start in (("freq", 44), ("freq_end", 48), ("vol", 52), ("vol_end", 56),
                        ("dur", 60), ("fx_param", 64), ("fx_steps", 68)):
        fields[name] = _apply_random(fields[name], _digits(text, start, 4), rng)
    if min(fields.values()) < 0 or fields["wave"] >= len(WAVEFORMS):
        return None
    return SoundPart(
        waveform=WAVEFORMS[fields["wave"]], freq_start=fields["freq"],
        freq_end=fields["freq_end"], duration_ms=fields["dur"],
        vol_start=min(fields["vol"], 1023) / 1023, vol_end=min(fields["vol_end"], 1023) / 1023,
        shape=fields["shape"], steps=fields["steps"], fx=EFFECTS.get(fields["fx"], "none"),
        fx_param=fields["fx_param"], fx_steps=fields["fx_steps"])


def parse_sound_expression(text: str, rng: random.Random) -> tuple[SoundPart, ...] | None:
    """Effects of 72 digits separated by commas (CODAL ``SoundExpressions::playAsync``)."""
    count = (len(text) + 1) // 73
    if count == 0 or len(text) != count * 73 - 1:
        return None
    parts = []
    for index in range(count):
        start = index * 73
        if start > 0 and text[start - 1] != ",":
            return None
        part = parse_sound_part(text[start:start + 72], rng)
        if part is None:
            return None
        parts.append(part)
    return tuple(parts)


class ExpressionChannel:
    """CODAL's sound expression synthesizer: one expression at a time."""

    def __init__(self, audio: Audio):
        self.audio = audio
        self._timer: Timer | None = None

    @property
    def active(self) -> bool:
        return self._timer is not None

    def play(self, parts: tuple[SoundPart, ...], name: str | None) -> None:
        self.stop()
        duration = sum(part.duration_ms for part in parts)
        self.audio.publish(self.audio.stamp(SoundEffectPlayed, name, parts, duration))
        self._timer = self.audio.board.scheduler.call_later(duration * US_PER_MS, self._done)

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
            self.audio.publish(SoundEffectEnded(self.audio.board.number, completed=False))

    def _done(self) -> None:
        self._timer = None
        self.audio.publish(SoundEffectEnded(self.audio.board.number, completed=True))
        self.audio.board.wake_program()


# -- audio samples ----------------------------------------------------------------------------
class SampleChannel:
    """AudioFrames, pulled one at a time (modaudio.c ``audio_data_fetcher``).

    ``request`` asks the board module for the next frame; it answers with ``supply`` at
    once or later (a generator runs in the program). The first frame plays at once and the
    next is asked for; each later frame is asked for when the one before starts playing,
    so the channel stops (``running`` False) as its last frame starts, as on the board.
    """

    def __init__(self, audio: Audio):
        self.audio = audio
        self.running = False
        self._request: Callable[[], None] | None = None
        self._pending: bytes | None = None
        self._busy_until_us = 0.0
        self._timer: Timer | None = None

    def start(self, request: Callable[[], None]) -> None:
        self.stop()
        self.running = True
        self._request = request
        self._busy_until_us = 0.0
        request()

    def is_current(self, request: Callable[[], None]) -> bool:
        """Whether ``request`` belongs to what plays now (not to a stopped playback)."""
        return self.running and self._request == request

    def supply(self, samples: bytes | None) -> None:
        """The next frame's 32 samples, or None: the source is exhausted (or failed)."""
        if not self.running:
            return
        if samples is None:
            self.stop()
            self.audio.board.wake_program()
            return
        now = self.audio.board.scheduler.now_us
        if now >= self._busy_until_us:
            self._write(samples)
        else:
            self._pending = samples
            self._timer = self.audio.board.scheduler.call_at(round(self._busy_until_us),
                                                             self._write_pending)

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        self._pending = None
        if self.running:
            self.running = False
            self.audio.publish(AudioSamplesEnded(self.audio.board.number))

    def _write_pending(self) -> None:
        self._timer = None
        samples, self._pending = self._pending, None
        if samples is not None and self.running:
            self._write(samples)

    def _write(self, samples: bytes) -> None:
        now = self.audio.board.scheduler.now_us
        self._busy_until_us = max(self._busy_until_us, now) + FRAME_US
        self.audio.publish(self.audio.stamp(AudioSamples, bytes(samples), SAMPLE_RATE))
        if self._request is not None:
            self._request()


# -- the board's audio ------------------------------------------------------------------------
class Audio:
    """``board.audio``: the mixer's channels, speaker, routing and volume."""

    def __init__(self, board: MicrobitBoard):
        self.board = board
        self.music = MusicChannel(self)
        self.expression = ExpressionChannel(self)
        self.samples = SampleChannel(self)
        self.settings = MusicSettings()
        self.speaker_on = True
        self.routed_pin: str | None = None  # the edge pin the mixer drives ('pin0'), if any
        self.pin_mode: str | None = None  # 'music' or 'audio', as pin.get_mode() reads it
        self.speech_until_us = 0
        self.generation = 0  # counts resets: module objects are rebuilt after one
        self._rng: random.Random | None = None
        board.bus.subscribe(self._on_event, ProgramStopped)

    # -- state -------------------------------------------------------------------------------
    @property
    def volume(self) -> int:
        return self.board.volume

    def set_volume(self, volume: int) -> None:
        """``microbit.set_volume``: 0-255 for all sound (CODAL ``MicroBitAudio::setVolume``)."""
        self.board.volume = max(0, min(255, volume))
        self.publish(VolumeChanged(self.board.number, self.board.volume))

    def set_speaker(self, on: bool) -> None:
        """``speaker.on()`` / ``off()``: the edge pin still gets the sound."""
        if on != self.speaker_on:
            self.speaker_on = on
            self.publish(SpeakerChanged(self.board.number, on))

    def route(self, pin: str | None, mode: str) -> None:
        """``microbit_pin_audio_select``: which edge pin the mixer drives, and in which mode."""
        self.routed_pin = pin
        self.pin_mode = None if pin is None else mode

    @property
    def rng(self) -> random.Random:
        """CODAL's own random numbers (sound expressions), apart from the program's."""
        if self._rng is None:
            self._rng = random.Random(hash(self.board.random.getstate()))
        return self._rng

    def is_playing(self) -> bool:
        """``audio.is_playing()``: samples or a sound expression (not music, not speech)."""
        return self.samples.running or self.expression.active

    # -- speech ------------------------------------------------------------------------------
    def speak(self, mode: str, text: str, phonemes: str | None, voice: tuple[int, int, int, int],
              duration_ms: int) -> None:
        """Publish what SAM says; the caller blocks for ``duration_ms`` (speech always does)."""
        pitch, speed, mouth, throat = voice
        self.publish(self.stamp(SpeechSpoken, mode, text, phonemes, pitch, speed, mouth, throat,
                                duration_ms))
        self.speech_until_us = self.board.scheduler.now_us + duration_ms * US_PER_MS

    # -- events ------------------------------------------------------------------------------
    def stamp(self, event_type: type, *fields: object) -> object:
        """An event with the board number first and where the sound goes last."""
        return event_type(self.board.number, *fields, self.routed_pin, self.speaker_on,
                          self.board.volume)

    def publish(self, event: object) -> None:
        self.board.bus.publish(event)  # type: ignore[arg-type]

    def _on_event(self, event: object) -> None:
        # Stop, panic and power off end all sound; after main.py ends or fails, background
        # sound goes on as on the board (its timers keep running at the REPL).
        if isinstance(event, ProgramStopped) and event.board == self.board.number and \
                event.kind in (StopKind.STOPPED, StopKind.PANIC, StopKind.POWER_OFF):
            self.silence()

    def silence(self) -> None:
        """Stop every channel now."""
        self.music.stop()
        self.expression.stop()
        self.samples.stop()
        self.speech_until_us = 0

    def reset(self) -> None:
        """What a board reset clears."""
        self.silence()
        self.settings = MusicSettings()
        self.set_speaker(True)
        self.route(None, "music")
        self.generation += 1
