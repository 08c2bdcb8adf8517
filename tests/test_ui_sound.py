"""The simulator window's sound (simulator/ui/sound_out.py): captions, mute, synthesis, speech.

SDL's dummy audio driver (conftest.py) lets the mixer start without a sound card; no test
sleeps or starts a real process.
"""

import random
import textwrap
from array import array

import pygame
import pytest
from helpers import run
from hypothesis import given, settings
from hypothesis import strategies as st
from terakoya.simulator.board_modules.music_data import SOUND_EXPRESSIONS
from terakoya.simulator.model import audio as model
from terakoya.simulator.model.events import DisplayChanged, SerialOutput
from terakoya.simulator.ui import sound_out
from terakoya.simulator.ui.sound_out import (
    PEAK,
    SoundOutput,
    effect_samples,
    frame_samples,
    mixer_bytes,
    part_samples,
    speech_args,
    tone_samples,
)

RATE = 44100


def tone(freq=440.0, duration=500, board=1, speaker=True, volume=255, note=None):
    return model.ToneStarted(board, freq, duration, note, None, speaker, volume)


def part(waveform="square", freq_start=440, freq_end=440, duration_ms=100, vol_start=1.0,
         vol_end=1.0, shape=1, steps=128, fx="none", fx_param=0, fx_steps=0):
    return model.SoundPart(waveform, freq_start, freq_end, duration_ms, vol_start, vol_end,
                           shape, steps, fx, fx_param, fx_steps)


def effect(parts, board=1, name=None, speaker=True, volume=255):
    parts = tuple(parts)
    return model.SoundEffectPlayed(board, name, parts, sum(p.duration_ms for p in parts), None,
                                   speaker, volume)


def speech(text="hello", mode="say", speaker=True, volume=255, pitch=64, speed=72):
    return model.SpeechSpoken(1, mode, text, None, pitch, speed, 128, 128, 500, None, speaker,
                              volume)


def crossings(samples):
    """How many times a wave goes from below zero to zero or above."""
    return sum(1 for a, b in zip(samples, samples[1:]) if a < 0 <= b)


@pytest.fixture
def out():
    output = SoundOutput(speech_command=None)
    assert output.audio, "the dummy audio driver lets the mixer start"
    yield output
    output.close()


@pytest.fixture
def quiet():
    """A sound output with no mixer at all: captions only."""
    output = SoundOutput(audio=False, speech_command=None)
    yield output
    output.close()


# -- captions ------------------------------------------------------------------------------
def test_every_sound_event_gives_its_caption(quiet):
    events = [
        (tone(440.14, 1000), "tone 440 Hz for 1 s"),
        (tone(261.6, 490, note="C4"), "note C4 (262 Hz)"),
        (model.ToneStopped(1), "tone stops"),
        (model.MelodyStarted(1, "BIRTHDAY", ("c4:3",), True, None, True, 255),
         "melody: BIRTHDAY, repeating"),
        (model.MelodyEnded(1, "BIRTHDAY", True), "melody ends"),
        (effect([part()], name="happy"), "sound: happy"),
        (effect([part(freq_start=400, freq_end=2000, duration_ms=500)]),
         "sound effect: square wave, 400 to 2000 Hz, 0.5 s"),
        (model.SoundEffectEnded(1, completed=False), "sound stopped"),
        (model.AudioSamples(1, bytes(32), 7812, None, True, 255), "audio samples"),
        (model.AudioSamplesEnded(1), "audio ends"),
        (speech("hello there "), "says: hello there"),
        (speech("/HEHLOW", mode="pronounce"), "pronounces: /HEHLOW"),
        (model.SpeakerChanged(1, False), "speaker off"),
        (model.VolumeChanged(1, 100), "volume 100 of 255"),
    ]
    assert [quiet.handle(event) for event, _ in events] == [text for _, text in events]


def test_other_events_have_no_caption(quiet):
    assert quiet.handle(DisplayChanged(1, ((0,) * 5,) * 5, True)) is None
    assert quiet.handle(SerialOutput(1, "hi\n")) is None


def test_a_sound_with_the_speaker_off_says_so(quiet):
    assert quiet.handle(tone(speaker=False)) == "tone 440 Hz for 0.5 s (speaker off)"
    assert quiet.handle(speech("hi", speaker=False)) == "says: hi (speaker off)"


def test_captions_of_a_program_run(out):
    board = run("""
        import music, speech, audio
        from microbit import *
        music.play(['c4:1', 'e4:1'])
        audio.play(Sound.HAPPY)
        speech.say('hi')
        set_volume(100)
        speaker.off()
        music.pitch(880, 100)
    """)
    captions = [c for c in map(out.handle, board.events) if c is not None]
    assert captions == [
        "melody of 2 notes", "note C4 (262 Hz)", "tone stops", "note E4 (330 Hz)",
        "tone stops", "melody ends", "sound: happy", "sound ends", "says: hi", "volume 100 of 255",
        "speaker off", "tone 880 Hz for 0.1 s (speaker off)", "tone stops"]
    out.wait_rendered()


def test_captions_come_muted_and_without_a_mixer(out, quiet):
    out.toggle_mute()
    for output in (out, quiet):
        assert output.handle(tone()) == "tone 440 Hz for 0.5 s"
        assert output.handle(effect([part()], name="giggle")) == "sound: giggle"
    out.wait_rendered()


# -- playing and muting --------------------------------------------------------------------
def test_tones_play_until_stopped(out):
    out.handle(tone(duration=None))
    music = out._channels[(1, "music")]
    assert music.get_busy()
    out.handle(model.ToneStopped(1))
    assert not music.get_busy()


def test_tones_are_made_once_per_frequency(out):
    out.handle(tone(523.0))
    out.handle(tone(523.0, duration=100))
    out.handle(tone(659.0))
    assert list(out._tones) == [523.0, 659.0]


def test_mute_silences_every_board_and_unmute_brings_their_volumes_back(out):
    out.handle(tone(board=1, volume=255))
    out.handle(tone(board=2, volume=51))
    levels = lambda: [round(out._channels[(b, "music")].get_volume(), 2) for b in (1, 2)]  # noqa: E731
    assert not out.muted and levels() == [1.0, 0.2]
    assert out.toggle_mute() is True and out.muted
    assert levels() == [0.0, 0.0]
    assert out.toggle_mute() is False and not out.muted
    assert levels() == [1.0, 0.2]


def test_the_board_volume_and_speaker_set_the_level(out):
    out.handle(tone())
    music = out._channels[(1, "music")]
    out.handle(model.VolumeChanged(1, 128))
    assert music.get_volume() == pytest.approx(128 / 255, abs=0.01)
    out.handle(model.SpeakerChanged(1, False))
    assert music.get_volume() == 0
    out.handle(model.SpeakerChanged(1, True))
    assert music.get_volume() == pytest.approx(128 / 255, abs=0.01)


def test_sound_effects_render_play_and_stop(out):
    parts = model.parse_sound_expression(SOUND_EXPRESSIONS["hello"], random.Random(1))
    out.handle(effect(parts, name="hello"))
    out.wait_rendered()
    channel = out._channels[(1, "effect")]
    assert channel.get_busy() and parts in out._effects
    out.handle(model.SoundEffectEnded(1, completed=False))
    assert not channel.get_busy()
    out.handle(effect(parts, name="hello"))  # made already: plays at once
    assert channel.get_busy()


def test_a_stopped_sound_effect_does_not_start_late(out):
    out.handle(effect([part(duration_ms=300)]))
    out.handle(model.SoundEffectEnded(1, completed=False))
    out.wait_rendered()
    assert not out._channels[(1, "effect")].get_busy()


def test_audio_samples_play_in_chunks_and_the_rest_at_the_end(out):
    frame = bytes(range(0, 256, 8))
    for _ in range(10):  # 320 samples: about 41 ms, less than a chunk
        out.handle(model.AudioSamples(1, frame, 7812, None, True, 255))
    assert (1, "samples") not in out._channels and len(out._pending[1].data) == 320
    for _ in range(10):  # 640 samples: a chunk of 82 ms is ready
        out.handle(model.AudioSamples(1, frame, 7812, None, True, 255))
    channel = out._channels[(1, "samples")]
    assert channel.get_busy() and 1 not in out._pending
    assert channel.get_sound().get_length() == pytest.approx(640 / 7812, abs=0.001)
    out.handle(model.AudioSamples(1, frame, 7812, None, True, 255))
    out.handle(model.AudioSamplesEnded(1))  # the last 32 samples: queued after the chunk
    assert channel.get_queue().get_length() == pytest.approx(32 / 7812, abs=0.001)
    assert 1 not in out._pending


def test_the_last_samples_wait_while_the_channel_is_taken(out):
    chunk = bytes([200]) * 700
    for _ in range(3):
        out.handle(model.AudioSamples(1, chunk, 7812, None, True, 255))
    out.handle(model.AudioSamplesEnded(1))
    channel = out._channels[(1, "samples")]
    assert channel.get_busy() and channel.get_queue() is not None
    assert out._pending[1].ended and len(out._pending[1].data) == 700  # playing, queued, waiting
    channel.stop()  # as if the two played out
    assert out.handle(DisplayChanged(1, ((0,) * 5,) * 5, True)) is None  # any event moves it on
    assert 1 not in out._pending and channel.get_busy()


def test_no_exception_when_the_mixer_cannot_start(monkeypatch):
    def broken(*args, **kwargs):
        raise pygame.error("No available audio device")

    monkeypatch.setattr(pygame.mixer, "get_init", lambda: None)
    monkeypatch.setattr(pygame.mixer, "init", broken)
    output = SoundOutput(speech_command=None)
    assert not output.audio
    assert output.handle(tone()) == "tone 440 Hz for 0.5 s"
    assert output.handle(effect([part()])) == "sound effect: square wave, 440 to 440 Hz, 0.1 s"
    assert output.handle(model.AudioSamples(1, bytes(32), 7812, None, True, 255)) == "audio samples"
    assert output.toggle_mute() is True
    output.close()


# -- synthesis -----------------------------------------------------------------------------
@pytest.mark.parametrize("freq", [110.0, 440.14, 1000.0, 4186.0])
def test_a_tone_loop_holds_whole_cycles_of_the_frequency(freq):
    samples = tone_samples(freq, RATE)
    cycles = round(freq * sound_out.LOOP_MS / 1000)
    assert len(samples) == round(cycles * RATE / freq)
    assert abs(len(samples) - RATE * sound_out.LOOP_MS / 1000) <= RATE / freq  # about 100 ms
    assert crossings(list(samples) + [samples[0]]) == cycles  # seamless when it loops
    assert max(samples) <= PEAK and min(samples) == -PEAK


def test_a_tone_is_square_and_scaled_by_its_level():
    loud, soft = tone_samples(500.0, RATE), tone_samples(500.0, RATE, level=0.25)
    assert set(loud) == {int(511 / 512 * PEAK), -PEAK}  # CODAL's square: 1023 or 0 about 512
    assert set(soft) == {int(511 / 512 * PEAK / 4), -PEAK // 4}
    sine = tone_samples(500.0, RATE, waveform="sine")
    assert len(set(sine)) > 50 and max(sine) <= PEAK and min(sine) >= -PEAK
    assert len(tone_samples(0.0, RATE)) == 0


def test_an_effect_lasts_its_parts_durations():
    parts = [part(duration_ms=100), part("sine", 200, 800, 250), part("noise", duration_ms=37)]
    samples = effect_samples(parts, RATE)
    assert len(samples) == int(RATE * 0.1) + int(RATE * 0.25) + int(RATE * 0.037)
    assert max(samples) <= PEAK and min(samples) >= -PEAK


def test_a_linear_sweep_rises_from_start_to_end_frequency():
    samples = part_samples(part("sawtooth", 200, 2000, 1000, steps=128), RATE)
    first, last = samples[:RATE // 10], samples[-RATE // 10:]
    assert 18 <= crossings(first) <= 30  # about 200-380 Hz in the first tenth
    assert 180 <= crossings(last) <= 205  # about 1830-2000 Hz in the last


def test_the_volume_ramps_from_start_to_end_volume():
    samples = part_samples(part("square", 500, 500, 720, vol_start=1.0, vol_end=0.0), RATE)
    start, end = samples[:RATE // 50], samples[-RATE // 50:]
    assert max(start) == pytest.approx(PEAK, rel=0.01)
    # CODAL's 36th step comes as the sound ends: the last one heard is at 2/36 of the way
    assert max(end) == pytest.approx(PEAK * 2 / 36, rel=0.01)


def test_a_silent_part_is_silent_and_zero_length_parts_are_empty():
    assert set(part_samples(part(vol_start=0.0, vol_end=0.0), RATE)) == {0}
    assert len(part_samples(part(duration_ms=0), RATE)) == 0


def test_vibrato_moves_the_frequency_and_tremolo_the_volume():
    plain = part_samples(part("sine", 400, 400, 1000, shape=0), RATE)
    vibrato = part_samples(part("sine", 400, 400, 1000, shape=0, fx="vibrato", fx_param=2,
                                fx_steps=512), RATE)
    tremolo = part_samples(part("sine", 400, 400, 1000, vol_start=0.3, vol_end=0.3, shape=0,
                                fx="tremolo", fx_param=3, fx_steps=900), RATE)
    assert crossings(plain) == pytest.approx(400, abs=2)
    assert crossings(vibrato) > 450
    cycle = RATE // 400 + 1
    peaks = [max(tremolo[i:i + cycle]) for i in range(0, RATE - cycle, cycle)]
    assert max(peaks) == pytest.approx(0.9 * PEAK, rel=0.01)  # 0.3 x 3
    assert min(peaks) == pytest.approx(0.1 * PEAK, rel=0.01)  # 0.3 / 3


def test_every_built_in_sound_renders():
    for name, text in SOUND_EXPRESSIONS.items():
        parts = model.parse_sound_expression(text, random.Random(7))
        samples = effect_samples(parts, RATE)
        assert len(samples) == sum(int(RATE * p.duration_ms / 1000) for p in parts), name
        assert max(map(abs, samples)) > PEAK // 4, name


@settings(max_examples=60, deadline=None)
@given(st.builds(
    part, st.sampled_from(model.WAVEFORMS), st.integers(0, 9999), st.integers(0, 9999),
    st.integers(0, 120), st.floats(0, 1), st.floats(0, 1),
    st.sampled_from([0, 1, 2, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 3]),
    st.integers(0, 300), st.sampled_from(["none", "vibrato", "tremolo", "warble"]),
    st.integers(0, 9999), st.integers(0, 9999)))
def test_any_part_renders_its_length_within_range(p):
    samples = part_samples(p, 8000)
    assert len(samples) == int(8000 * p.duration_ms / 1000)
    assert all(-PEAK <= s <= PEAK for s in samples)


def test_audio_frames_are_held_to_the_mixer_rate():
    data = bytes([128, 255, 0, 192])
    samples = frame_samples(data, 7812, RATE)
    assert len(samples) == round(4 * RATE / 7812)  # 23
    assert samples[0] == 0 and samples[6] == 127 * PEAK // 128 and samples[12] == -PEAK
    assert samples[-1] == 64 * PEAK // 128
    assert len(frame_samples(bytes(32), 7812, RATE)) == 181 and len(frame_samples(b"", 7812, RATE)) == 0


def test_samples_become_the_mixers_format():
    mono = array("h", [1000, -1000, 0])
    assert mixer_bytes(mono, -16, 1) == mono.tobytes()
    assert array("h", mixer_bytes(mono, -16, 2)).tolist() == [1000, 1000, -1000, -1000, 0, 0]
    assert array("H", mixer_bytes(mono, 16, 1)).tolist() == [33768, 31768, 32768]
    assert array("b", mixer_bytes(mono, -8, 1)).tolist() == [3, -4, 0]
    assert list(mixer_bytes(mono, 8, 2)) == [131, 131, 124, 124, 128, 128]
    assert array("f", mixer_bytes(mono, 32, 1)).tolist() == pytest.approx([0.0305, -0.0305, 0],
                                                                          abs=0.001)


# -- speech --------------------------------------------------------------------------------
class FakePopen:
    started: list = []

    def __init__(self, args, **kwargs):
        self.args, self.kwargs = args, kwargs
        self.terminated = False
        FakePopen.started.append(self)

    def poll(self):
        return None

    def terminate(self):
        self.terminated = True


def fake_popen(monkeypatch) -> list:
    FakePopen.started = []
    monkeypatch.setattr(sound_out.subprocess, "Popen", FakePopen)
    return FakePopen.started


@pytest.fixture
def popen(monkeypatch):
    return fake_popen(monkeypatch)


def test_speech_runs_espeak_without_waiting(popen, quiet):
    talker = SoundOutput(audio=False, speech_command=["espeak-ng"])
    assert talker.handle(speech("hello world")) == "says: hello world"
    (process,) = popen
    assert process.args == ["espeak-ng", "-v", "en", "-p", "50", "-s", "175", "-a", "100",
                            "hello world"]
    assert process.kwargs["stdout"] == process.kwargs["stderr"] == sound_out.subprocess.DEVNULL
    talker.close()
    assert process.terminated  # close ends speech still going


def test_speech_follows_the_voice_settings_and_never_reads_an_option():
    args = speech_args(["espeak"], speech("-v no", pitch=32, speed=144, volume=51))
    assert args == ["espeak", "-v", "en", "-p", "99", "-s", "88", "-a", "20", " -v no"]
    assert speech_args(["x"], speech(pitch=0, speed=0))[4:7] == ["99", "-s", "450"]


def test_no_speech_when_muted_off_or_not_english(popen):
    talker = SoundOutput(audio=False, speech_command="espeak")
    talker.handle(speech(speaker=False))
    talker.handle(speech("/HEHLOW", mode="pronounce"))
    talker.handle(speech(volume=0))
    assert popen == []
    talker.handle(speech("one"))
    assert talker.toggle_mute() and popen[0].terminated  # muting ends speech going on
    assert talker.handle(speech("two")) == "says: two"
    assert [p.args[-1] for p in popen] == ["one"]
    talker.close()


def test_speech_finds_espeak_ng_first_then_espeak(monkeypatch):
    installed = {"espeak-ng": "/usr/bin/espeak-ng", "espeak": "/usr/bin/espeak"}
    monkeypatch.setattr(sound_out.shutil, "which", installed.get)
    assert SoundOutput(audio=False).speech_command == ["/usr/bin/espeak-ng"]
    del installed["espeak-ng"]
    assert SoundOutput(audio=False).speech_command == ["/usr/bin/espeak"]
    installed.clear()
    assert SoundOutput(audio=False).speech_command is None
    assert SoundOutput(audio=False, speech_command=None).speech_command is None


def test_a_failing_speech_command_only_leaves_the_caption(monkeypatch):
    def missing(*args, **kwargs):
        raise FileNotFoundError("espeak-ng")

    monkeypatch.setattr(sound_out.subprocess, "Popen", missing)
    talker = SoundOutput(audio=False, speech_command=["espeak-ng"])
    assert talker.handle(speech("hi")) == "says: hi"
    assert talker.handle(speech("nul\x00")) == "says: nul\x00"
    talker.close()


def test_a_program_speaks_through_the_command(monkeypatch):
    # The program runs before Popen is faked: the fake replaces subprocess.Popen itself, and
    # the core engine starts each board's process with it.
    board = run(textwrap.dedent("""
        import speech
        speech.say('good morning')
        speech.sing('#115DOWWWW')
    """))
    popen = fake_popen(monkeypatch)
    talker = SoundOutput(audio=False, speech_command=["espeak-ng"])
    captions = [c for c in map(talker.handle, board.events) if c]
    assert captions == ["says: good morning", "sings: #115DOWWWW"]
    assert [p.args[-1] for p in popen] == ["good morning"]
    talker.close()
