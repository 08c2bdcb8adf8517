"""The simulator window's sound: what the boards play, through the computer's speaker.

``SoundOutput.handle`` takes every event of a board's bus. Sound events (``model/audio.py``)
give a caption, always (muted, no audio device, speaker off); where pygame's mixer starts,
they also sound:

- music: a square wave, the way CODAL's ``SoundOutputPin`` drives the mixer;
- sound expressions (``Sound.HAPPY``, ``SoundEffect``): the parts rendered step by step as
  CODAL's ``SoundEmojiSynthesizer`` does (its tone prints, frequency shapes, volume ramp of
  36 steps, vibrato / tremolo / warble);
- audio samples: AudioFrame bytes at their own sample rate, gathered into short chunks;
- speech: ``espeak-ng`` (or ``espeak``) where it is installed, in a process of its own.

The board's volume (0-255) sets the loudness of each board's channels, as CODAL's mixer
does; with the board's speaker off, a board is silent here. One key (``toggle_mute``) mutes
all. Buffers are built with ``array`` and ``math`` (16-bit signed mono, converted to the
mixer's format); nothing here blocks or waits.
"""

from __future__ import annotations

import math
import queue
import shutil
import subprocess
import threading
from array import array
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pygame
from terakoya.accessibility.sonify import Chord
from terakoya.accessibility.sonify import samples as cue_samples
from terakoya.simulator.model.audio import (
    MUSIC_TICK_MS,
    AudioSamples,
    AudioSamplesEnded,
    MelodyEnded,
    MelodyStarted,
    SoundEffectEnded,
    SoundEffectPlayed,
    SoundPart,
    SpeakerChanged,
    SpeechSpoken,
    ToneStarted,
    ToneStopped,
    VolumeChanged,
)

SOUND_EVENTS = (ToneStarted, ToneStopped, MelodyStarted, MelodyEnded, SoundEffectPlayed,
                SoundEffectEnded, AudioSamples, AudioSamplesEnded, SpeechSpoken,
                SpeakerChanged, VolumeChanged)
MAKES_SOUND = (ToneStarted, MelodyStarted, SoundEffectPlayed, AudioSamples, SpeechSpoken)

PEAK = 16_000  # a full-volume wave's peak in 16-bit samples: room for channels to add up
TONE_WIDTH = 1024  # CODAL's tone print: one cycle is 1024 positions
VOLUME_STEPS = 36  # CODAL's volume ramp (SoundExpressions.cpp)
LOOP_MS = 100  # a looping tone buffer holds whole cycles for about this long
CHUNK_S = 0.08  # audio samples are gathered into chunks about this long
MAX_PENDING_S = 1.0  # more samples than this waiting: the oldest are dropped
CACHE_SIZE = 64
SPEECH_PROGRAMS = ("espeak-ng", "espeak")
SOURCES = ("music", "effect", "samples")

# CODAL's scales for the arpeggio shapes (SoundSynthesizerEffects.cpp, default intervals)
_CHROMATIC = (1.0, 1.0417, 1.1250, 1.2000, 1.2500, 1.3333, 1.4063, 1.5000, 1.6000, 1.6667,
              1.8000, 1.8750)
_SCALES = {
    8: (0, 2, 4, 5, 7, 9, 11),  # major
    10: (0, 2, 3, 5, 7, 8, 10),  # minor
    12: (0, 3, 6, 9),  # diminished
    14: tuple(range(12)),  # chromatic
    16: (0, 2, 4, 6, 8, 10),  # whole tone
}


# -- waveforms -------------------------------------------------------------------------------
def _tone_print(waveform: str, position: int) -> int:
    """CODAL's tone prints (Synthesizer.cpp): a value 0-1023 at a position 0-1023."""
    if waveform == "sine":
        return round(511.5 - 511.5 * math.cos(2 * math.pi * position / TONE_WIDTH))
    if waveform == "sawtooth":
        return position
    if waveform == "triangle":
        return position * 2 if position < 512 else (1023 - position) * 2
    if waveform == "noise":
        return (position * 7919) & 1023  # CODAL's deterministic "tuned" noise
    return 1023 if position < 512 else 0  # square


def _table(waveform: str) -> tuple[float, ...]:
    """One cycle of a waveform as signed values about -1.0 to 1.0, centred as CODAL's are."""
    return tuple((_tone_print(waveform, p) - 512) / 512 for p in range(TONE_WIDTH))


WAVE_TABLES = {name: _table(name) for name in ("sine", "sawtooth", "triangle", "square",
                                               "noise")}


def _render(out: array, table: Sequence[float], position: float, skip: float, gain: float,
            count: int) -> float:
    """Append ``count`` samples of a wave moving ``skip`` positions a sample; return where
    the wave is after them."""
    scale = max(0.0, min(gain, 1.0)) * PEAK
    out.extend(int(table[int((position + k * skip) % TONE_WIDTH)] * scale)
               for k in range(count))
    return (position + count * skip) % TONE_WIDTH


# -- tones -----------------------------------------------------------------------------------
def tone_samples(frequency_hz: float, rate: int, *, waveform: str = "square",
                 level: float = 1.0) -> array:
    """A loopable tone: whole cycles of ``waveform`` lasting about LOOP_MS, 16-bit mono.

    The buffer holds a whole number of cycles, so it repeats without a click; its frequency
    is within 0.5 / (buffer length) of the one asked for.
    """
    if frequency_hz <= 0:
        return array("h")
    cycles = max(1, round(frequency_hz * LOOP_MS / 1000))
    length = max(1, min(round(cycles * rate / frequency_hz), rate * 2))
    out = array("h")
    _render(out, WAVE_TABLES[waveform], 0.0, TONE_WIDTH * cycles / length, level, length)
    return out


# -- sound expressions -----------------------------------------------------------------------
def _shape_frequency(part: SoundPart, step: int, steps: int, frequency: float) -> float:
    """CODAL's frequency interpolation for one step of ``part.shape``."""
    start, end, shape = float(part.freq_start), float(part.freq_end), part.shape
    if shape == 1:
        return start + (end - start) / steps * step
    if shape == 2:
        return math.sin(step * math.pi / 180) * (end - start) + start
    if shape == 5:
        return start + math.sin(math.radians(step)) * end
    if shape == 6:
        return start + math.cos(math.radians(step)) * end
    if shape == 18:
        return max(0.0, start + math.log10(max(step, 1)) * (end - start) / 1.95)
    if 8 <= shape <= 17:
        scale = _SCALES[shape - shape % 2]
        offset = step if shape % 2 == 0 else steps - step - 1
        octave, index = divmod(offset, len(scale))
        return start * 2 ** octave * _CHROMATIC[scale[index]]
    return frequency  # 0 and unknown shapes: the frequency stays


def _fx_step(part: SoundPart, step: int, frequency: float, volume: float) -> tuple[float, float]:
    """CODAL's vibrato (frequency), tremolo (volume) and warble, one step."""
    param = float(part.fx_param)
    if part.fx == "warble":
        return math.sin(step) * (param - part.freq_start) + part.freq_start, volume
    if step == 0 or param == 0:
        return frequency, volume
    factor = param if step % 2 else 1 / param
    if part.fx == "vibrato":
        return frequency * factor, volume
    if part.fx == "tremolo":
        return frequency, volume * factor
    return frequency, volume


def _step_plan(total: int, steps: Iterable[int]) -> list[tuple[int, int, int]]:
    """When each effect's steps happen: (sample index, effect, step), in CODAL's order.

    An effect of n steps moves at total / n samples apart; its last step comes at the end.
    """
    plan = []
    for effect, count in enumerate(steps):
        count = max(count, 1)
        per_step = total / count
        plan += [(total if step == count - 1 else int(per_step * step), effect, step)
                 for step in range(count)]
    plan.sort()
    return plan


def part_samples(part: SoundPart, rate: int, out: array | None = None) -> array:
    """One part of a sound expression, rendered as CODAL's synthesizer renders it."""
    out = array("h") if out is None else out
    total = int(rate * part.duration_ms / 1000)
    fx_steps = int(part.duration_ms / 10000 * part.fx_steps) if part.fx != "none" else 1
    steps = (part.steps, VOLUME_STEPS, fx_steps)
    table = WAVE_TABLES.get(part.waveform, WAVE_TABLES["square"])
    frequency, volume = float(part.freq_start), part.vol_start
    position, written = 0.0, 0
    for at, effect, step in _step_plan(total, steps):
        if at > written:
            skip = TONE_WIDTH * frequency / rate
            position = _render(out, table, position, skip, volume * 1023 / 1024, at - written)
            written = at
        if effect == 0:
            frequency = _shape_frequency(part, step, max(steps[0], 1), frequency)
        elif effect == 1:
            volume = part.vol_start + step * (part.vol_end - part.vol_start) / VOLUME_STEPS
        else:
            frequency, volume = _fx_step(part, step, frequency, volume)
    return out


def effect_samples(parts: Iterable[SoundPart], rate: int) -> array:
    """A whole sound expression, its parts one after the other, 16-bit mono."""
    out = array("h")
    for part in parts:
        part_samples(part, rate, out)
    return out


# -- audio samples ---------------------------------------------------------------------------
def frame_samples(data: bytes, source_rate: int, rate: int) -> array:
    """Unsigned 8-bit samples (128 silent) at ``source_rate``, held to ``rate``, 16-bit mono."""
    if not data or source_rate <= 0:
        return array("h")
    count = round(len(data) * rate / source_rate)
    step = source_rate / rate
    last = len(data) - 1
    return array("h", ((data[min(int(i * step), last)] - 128) * PEAK // 128
                       for i in range(count)))


def mixer_bytes(samples: array, size: int, channels: int) -> bytes:
    """16-bit signed mono samples in the mixer's format (``pygame.mixer.get_init()``)."""
    if size == -16:
        values = samples
    elif size == 32:  # 32-bit float
        values = array("f", (s / 32768 for s in samples))
    elif size == 16:
        values = array("H", (s + 32768 for s in samples))
    elif size == -8:
        values = array("b", (s >> 8 for s in samples))
    else:  # 8-bit unsigned
        values = array("B", ((s >> 8) + 128 for s in samples))
    if channels > 1:
        frames = array(values.typecode, bytes(len(values) * values.itemsize * channels))
        for channel in range(channels):
            frames[channel::channels] = values
        values = frames
    return values.tobytes()


# -- speech ----------------------------------------------------------------------------------
def find_speech_command() -> list[str] | None:
    """``espeak-ng`` or ``espeak`` where one is installed, else None."""
    for program in SPEECH_PROGRAMS:
        path = shutil.which(program)
        if path:
            return [path]
    return None


def speech_args(command: Sequence[str], event: SpeechSpoken) -> list[str]:
    """The command line that says ``event``'s text in English with SAM's voice settings,
    roughly: SAM's pitch and speed go down as the voice goes up and faster, espeak's up."""
    pitch = max(0, min(99, round(50 * 64 / max(event.pitch, 1))))
    words_per_minute = max(80, min(450, round(175 * 72 / max(event.speed, 1))))
    amplitude = round(event.volume * 100 / 255)
    text = event.text.strip()
    if text.startswith("-"):
        text = " " + text  # never read as an option
    return [*command, "-v", "en", "-p", str(pitch), "-s", str(words_per_minute),
            "-a", str(amplitude), text]


# -- the window's sound ----------------------------------------------------------------------
class _Cache(OrderedDict):
    """The last CACHE_SIZE sounds made, by what they were made from."""

    def find(self, key: object) -> pygame.mixer.Sound | None:
        if key in self:
            self.move_to_end(key)
            return self[key]
        return None

    def keep(self, key: object, sound: pygame.mixer.Sound) -> None:
        self[key] = sound
        if len(self) > CACHE_SIZE:
            self.popitem(last=False)


@dataclass
class _Gathered:
    """One board's audio samples waiting to be played; ``ended``: no more will follow."""

    data: bytearray
    rate: int
    ended: bool = False


class SoundOutput:
    """Plays the boards' sound events and gives their captions."""

    def __init__(self, *, audio: bool = True, speech_command: list[str] | None | str = "auto"):
        self._muted = False
        self._started_mixer = False
        self._format: tuple[int, int, int] | None = self._start_mixer() if audio else None
        if speech_command == "auto":
            self.speech_command = find_speech_command()
        elif isinstance(speech_command, str):
            self.speech_command = [speech_command]
        else:
            self.speech_command = list(speech_command) if speech_command else None
        self._channels: dict[tuple[int, str], pygame.mixer.Channel] = {}
        self._boards: dict[int, tuple[int, bool]] = {}  # board -> (volume, speaker on)
        self._pending: dict[int, _Gathered] = {}  # audio samples waiting, by board
        self._tones = _Cache()
        self._effects = _Cache()
        self._speaking: list[subprocess.Popen] = []
        # sound expressions are rendered in a worker thread: a long one takes tens of ms
        self._lock = threading.Lock()
        self._effect_plays: dict[int, int] = {}  # board -> how many effects it started
        self._jobs: queue.Queue = queue.Queue()
        self._worker: threading.Thread | None = None

    def _start_mixer(self) -> tuple[int, int, int] | None:
        try:
            if pygame.mixer.get_init() is None:
                pygame.mixer.init()
                self._started_mixer = True
            return pygame.mixer.get_init()
        except Exception:  # no audio device, no driver: captions only
            return None

    @property
    def audio(self) -> bool:
        """Whether sound goes to the computer's speaker (the mixer started)."""
        return self._format is not None

    @property
    def muted(self) -> bool:
        return self._muted

    def toggle_mute(self) -> bool:
        """Mute or unmute everything; return whether it is now muted."""
        self._muted = not self._muted
        for board in {board for board, _source in self._channels}:
            self._apply_volume(board)
        if self._muted:
            self._stop_speech()
        return self._muted

    # -- events ------------------------------------------------------------------------------
    def handle(self, event: object) -> str | None:
        """Play what ``event`` asks for; return its caption (None: not a sound event)."""
        self.update()
        if not isinstance(event, SOUND_EVENTS):
            return None
        caption = event.caption
        if isinstance(event, MAKES_SOUND):
            self._note_board(event.board, event.volume, event.speaker)
            if not event.speaker:
                caption += " (speaker off)"
        try:
            self._play(event)
        except pygame.error:
            pass  # the audio device went away: the caption still tells
        return caption

    def _play(self, event: object) -> None:
        if isinstance(event, SpeechSpoken):
            self._say(event)
        elif isinstance(event, VolumeChanged):
            self._note_board(event.board, event.volume, self._board(event.board)[1])
        elif isinstance(event, SpeakerChanged):
            self._note_board(event.board, self._board(event.board)[0], event.on)
        if not self.audio:
            return
        if isinstance(event, ToneStarted):
            self._tone(event)
        elif isinstance(event, ToneStopped):
            self._channel(event.board, "music").stop()
        elif isinstance(event, SoundEffectPlayed):
            self._effect(event)
        elif isinstance(event, SoundEffectEnded) and not event.completed:
            self._stop_effect(event.board)
        elif isinstance(event, AudioSamples):
            self._samples(event)
        elif isinstance(event, AudioSamplesEnded):
            self._samples_ended(event.board)

    def _board(self, board: int) -> tuple[int, bool]:
        """A board's volume and whether its speaker is on, as its events last told."""
        return self._boards.get(board, (255, True))

    def _note_board(self, board: int, volume: int, speaker: bool) -> None:
        if self._boards.get(board) != (volume, speaker):
            self._boards[board] = (volume, speaker)
            self._apply_volume(board)

    # -- playing -----------------------------------------------------------------------------
    @staticmethod
    def _sound(samples: array, mixer_format: tuple[int, int, int]) -> pygame.mixer.Sound:
        _rate, size, channels = mixer_format
        return pygame.mixer.Sound(buffer=mixer_bytes(samples, size, channels))

    def _tone(self, event: ToneStarted) -> None:
        key = round(event.frequency_hz, 2)
        sound = self._tones.find(key)
        if sound is None:
            sound = self._sound(tone_samples(event.frequency_hz, self._format[0]), self._format)
            self._tones.keep(key, sound)
        # the tone loops until ToneStopped; at most until the tick after its end
        maxtime = -1 if event.duration_ms is None else event.duration_ms + MUSIC_TICK_MS
        self._channel(event.board, "music").play(sound, loops=-1, maxtime=maxtime)

    def _effect(self, event: SoundEffectPlayed) -> None:
        channel = self._channel(event.board, "effect")
        with self._lock:
            play = self._effect_plays[event.board] = self._effect_plays.get(event.board, 0) + 1
            sound = self._effects.find(event.parts)
            if sound is not None:
                channel.play(sound)
                return
        self._jobs.put((event.board, play, event.parts, channel, self._format))
        if self._worker is None:
            self._worker = threading.Thread(target=self._render_effects, daemon=True,
                                            name="terakoya-sound")
            self._worker.start()

    def _stop_effect(self, board: int) -> None:
        with self._lock:
            self._effect_plays[board] = self._effect_plays.get(board, 0) + 1
            self._channel(board, "effect").stop()

    def _render_effects(self) -> None:
        """The worker: render each sound expression asked for; play it unless another
        started or it was stopped meanwhile."""
        while (job := self._jobs.get()) is not None:
            board, play, parts, channel, mixer_format = job
            try:
                if self._effect_plays.get(board) == play:
                    sound = self._sound(effect_samples(parts, mixer_format[0]), mixer_format)
                    with self._lock:
                        self._effects.keep(parts, sound)
                        if self._effect_plays.get(board) == play:
                            channel.play(sound)
            except Exception:  # the mixer closed meanwhile, or worse: sound never
                pass  # takes the window down, and the next sounds still play
            finally:
                self._jobs.task_done()
        self._jobs.task_done()

    def wait_rendered(self) -> None:
        """Return once every sound expression asked for is rendered (and playing)."""
        self._jobs.join()

    def _samples(self, event: AudioSamples) -> None:
        gathered = self._pending.get(event.board)
        if gathered is None or gathered.rate != event.sample_rate:
            gathered = self._pending[event.board] = _Gathered(bytearray(), event.sample_rate)
        gathered.data += event.samples
        gathered.ended = False
        excess = len(gathered.data) - int(MAX_PENDING_S * gathered.rate)
        if excess > 0:  # the program runs ahead of the speaker: drop the oldest
            del gathered.data[:excess]
        self._flush(event.board)

    def _samples_ended(self, board: int) -> None:
        if board in self._pending:
            self._pending[board].ended = True
            self._flush(board)

    def _flush(self, board: int) -> None:
        """Play gathered samples once a chunk is ready (after the last samples, whatever
        there is), at once or queued after what plays; with both taken they wait."""
        gathered = self._pending[board]
        if not gathered.ended and len(gathered.data) < CHUNK_S * gathered.rate:
            return
        channel = self._channel(board, "samples")
        if channel.get_busy() and channel.get_queue() is not None:
            return
        del self._pending[board]
        if not gathered.data:
            return
        samples = frame_samples(bytes(gathered.data), gathered.rate, self._format[0])
        sound = self._sound(samples, self._format)
        if channel.get_busy():
            channel.queue(sound)
        else:
            channel.play(sound)

    def play_cue(self, chords: list[Chord]) -> bool:
        """Sonification (``accessibility/sonify.py``): the window's own sounds, on a channel
        of their own (board 0), never muted by a board's speaker or volume; the mute key
        mutes them too. False when nothing could sound (no audio device, muted)."""
        if self._format is None or self._muted or not chords:
            return False
        try:
            sound = self._sound(cue_samples(chords, self._format[0]), self._format)
            self._channel(0, "cue").play(sound)
        except pygame.error:  # the audio device went away
            return False
        return True

    def update(self) -> None:
        """Play samples that wait for their channel (``handle`` does it too; a window may
        call this once a frame so that the last samples never wait for another event)."""
        try:
            for board in list(self._pending):
                self._flush(board)
        except pygame.error:
            self._pending.clear()

    def _channel(self, board: int, source: str) -> pygame.mixer.Channel:
        """The mixer channel of one board's source, kept apart from pygame's free ones."""
        key = (board, source)
        if key not in self._channels:
            index = len(self._channels)
            if pygame.mixer.get_num_channels() <= index:
                pygame.mixer.set_num_channels(index + 1)
            pygame.mixer.set_reserved(index + 1)
            self._channels[key] = pygame.mixer.Channel(index)
            self._apply_volume(board)
        return self._channels[key]

    def _apply_volume(self, board: int) -> None:
        volume, speaker = self._board(board)
        level = 0.0 if self._muted or not speaker else volume / 255
        for source in SOURCES:
            channel = self._channels.get((board, source))
            if channel is not None:
                channel.set_volume(level)

    # -- speech ------------------------------------------------------------------------------
    def _say(self, event: SpeechSpoken) -> None:
        self._speaking = [p for p in self._speaking if p.poll() is None]
        if self._muted or not self.speech_command or not event.speaker or event.volume == 0:
            return
        if event.mode != "say":
            return  # SAM's phonemes mean nothing to espeak: the caption tells
        try:
            self._speaking.append(subprocess.Popen(
                speech_args(self.speech_command, event), stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        except (OSError, ValueError, subprocess.SubprocessError):
            pass  # no speech: the caption tells

    def _stop_speech(self) -> None:
        for process in self._speaking:
            if process.poll() is None:
                process.terminate()
        self._speaking = []

    def close(self) -> None:
        """Stop every sound and speech process this started; end the mixer if it began it."""
        self._stop_speech()
        self._pending.clear()
        if self._worker is not None:
            self._jobs.put(None)
            self._worker.join(timeout=2)
            self._worker = None
        if self.audio:
            try:
                for channel in self._channels.values():
                    channel.stop()
                self._tones.clear()
                self._effects.clear()
                if self._started_mixer:
                    pygame.mixer.quit()
            except pygame.error:
                pass
        self._channels.clear()
        self._format = None
