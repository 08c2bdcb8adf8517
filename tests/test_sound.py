"""Sound on the micro:bit V2: music, audio, SoundEffect, Sound, speaker, speech, volume.

Timings are the firmware's: music moves on at the 6 ms timer tick (modmusic.c,
drv_system.c), a note is its ticks x (60000 / bpm / ticks per beat) ms less a 10 ms gap.
"""

import textwrap

import pytest
from helpers import output
from hypothesis import given
from hypothesis import strategies as st
from terakoya.simulator.board_modules.audio import MicroBitSoundEffect
from terakoya.simulator.board_modules.music import start_note
from terakoya.simulator.board_modules.music_data import SOUND_EXPRESSIONS, TUNES
from terakoya.simulator.board_modules.speech import parse_phonemes
from terakoya.simulator.model import audio as model
from terakoya.simulator.runner.session import Simulation


def sound_run(source: str, ms: float = 30_000):
    """Run ``source``; return its output and every sound event as (virtual ms, event)."""
    events = []
    with Simulation(seed=1) as sim:
        board = sim.add_board(source=textwrap.dedent(source))
        board.model.bus.subscribe(
            lambda e: events.append((sim.scheduler.now_us / 1000, e)) if hasattr(e, "caption")
            else None)
        sim.run_until_done(ms)
    return board.serial_output, events


def captions(events):
    return [e.caption for _, e in events]


# -- tune data and notes --------------------------------------------------------------------
def test_the_21_built_in_tunes_are_the_firmwares():
    assert list(TUNES) == [
        "DADADADUM", "ENTERTAINER", "PRELUDE", "ODE", "NYAN", "RINGTONE", "FUNK", "BLUES",
        "BIRTHDAY", "WEDDING", "FUNERAL", "PUNCHLINE", "PYTHON", "BADDY", "CHASE", "BA_DING",
        "WAWAWAWAA", "JUMP_UP", "JUMP_DOWN", "POWER_UP", "POWER_DOWN"]
    assert TUNES["BA_DING"] == ("b5:1", "e6:3")
    assert TUNES["DADADADUM"] == ("r4:2", "g", "g", "g", "eb:8", "r:2", "f", "f", "f", "d:8")
    assert TUNES["JUMP_UP"] == ("c5:1", "d", "e", "f", "g")
    assert [len(TUNES[n]) for n in ("NYAN", "PRELUDE", "PYTHON", "BIRTHDAY")] == [106, 64, 79, 25]
    assert output("import music\nprint(music.BIRTHDAY[:3], type(music.ODE).__name__)") == \
        "('c4:3', 'c:1', 'd:4') tuple\n"


def note(text, **settings):
    return start_note(model.MusicSettings(**settings), text.encode())


def test_notes_as_the_firmware_reads_them():
    assert note("a4") == model.Note(2273, 490, "A4")  # 4 ticks of 125 ms, less 10 ms
    assert note("c") == model.Note(3822, 490, "C4")
    assert note("c5:1").period_us == 3822 >> 1 and note("c5:1").hold_ms == 115
    assert note("C3").period_us == 3822 << 1  # capitals too
    assert note("eb").period_us == 3214 and note("eb").name == "D#4"  # a flat is a sharp
    assert note("ab").name == "G#4"
    assert note("cb").period_us == 0  # C flat has no entry: the firmware sets period 0
    assert note("r:2") == model.Note(None, 240)
    assert note("x") == model.Note(None, 490)  # not a note name: a rest
    assert note("c4:123").hold_ms == 125 * 12 - 10  # two duration digits only
    assert note("c:0").hold_ms == 10  # at least the articulation gap


def test_octave_and_duration_carry_on_to_the_next_note():
    settings = model.MusicSettings()
    names = [start_note(settings, n.encode()) for n in ("c5:2", "d", "e:8", "f3", "g:")]
    assert [n.name for n in names] == ["C5", "D5", "E5", "F3", "G3"]
    assert [n.hold_ms for n in names] == [240, 240, 990, 990, 990]


NOTE = st.builds(lambda letter, accidental, octave, duration: letter + accidental + octave + duration,
                 st.sampled_from("cdefgabCDEFGAB"), st.sampled_from(["", "#"]),
                 st.sampled_from([""] + [str(i) for i in range(1, 9)]),
                 st.sampled_from([""] + [f":{i}" for i in range(1, 20)]))
SEMITONES = {"c": -9, "d": -7, "e": -5, "f": -4, "g": -2, "a": 0, "b": 2}


@given(NOTE)
def test_well_formed_notes_sound_in_tune(text):
    settings = model.MusicSettings()
    result = start_note(settings, text.encode())
    if result.period_us == 0:  # B# and E# have no entry in the firmware's table
        assert text[0].lower() in "be" and "#" in text
        return
    semitone = SEMITONES[text[0].lower()] + ("#" in text) + 12 * (settings.last_octave - 4)
    equal_tempered = 440 * 2 ** (semitone / 12)
    assert abs(1_000_000 / result.period_us / equal_tempered - 1) < 0.01
    assert result.hold_ms == max(125 * settings.last_duration - 10, 10)


@given(st.binary(max_size=12), st.integers(1, 400), st.integers(1, 16))
def test_any_bytes_are_a_note_or_a_rest_as_on_the_board(text, bpm, ticks):
    settings = model.MusicSettings(bpm=bpm, ticks=ticks)
    result = start_note(settings, text)
    assert result.hold_ms >= 10
    assert result.period_us is None or result.period_us >= 0
    assert 0 <= settings.last_octave <= 15 and 0 <= settings.last_duration <= 255


# -- music timing on the virtual clock ----------------------------------------------------------
def test_play_takes_the_firmwares_time():
    # b5:1 sounds 115 ms, off at the tick at 126 ms, 10 ms gap to the tick at 138 ms;
    # e6:3 sounds 365 ms, off at 504 ms, the tune is over at the tick at 516 ms.
    text, events = sound_run("""
        import music
        from microbit import running_time
        music.play(music.BA_DING)
        print(running_time())
    """)
    assert text == "516\n"
    timeline = [(round(t), e.caption) for t, e in events]
    assert timeline == [(0, "melody: BA_DING"), (6, "note B5 (988 Hz)"), (126, "tone stops"),
                        (138, "note E6 (1319 Hz)"), (504, "tone stops"), (516, "melody ends")]


def test_tempo_sets_the_length_of_a_tick():
    text = output("""
        import music
        from microbit import running_time
        music.set_tempo(bpm=240)
        print(music.get_tempo())
        t = running_time()
        music.play(['c:4', 'd:4'])
        print(running_time() - t)
        music.set_tempo(ticks=8)
        print(music.get_tempo())
        music.reset()
        print(music.get_tempo())
    """)
    # 62 ms a tick: 238 ms on -> 246, gap -> 258, 238 ms -> 498, gap -> 510
    assert text == "(240, 4)\n510\n(240, 8)\n(120, 4)\n"


def test_pitch_sounds_for_its_duration_then_stops_at_a_tick():
    text, events = sound_run("""
        import music
        from microbit import running_time
        music.pitch(440, 100)
        print(running_time())
        music.pitch(880)
        print(running_time())
    """)
    assert text == "114\n114\n"
    first = events[0][1]
    assert isinstance(first, model.ToneStarted) and first.duration_ms == 100
    assert first.frequency_hz == pytest.approx(1_000_000 / 2272)
    assert first.caption == "tone 440 Hz for 0.1 s"
    assert [round(t) for t, _ in events[:2]] == [0, 102]
    assert events[-1][1].caption == "tone 880 Hz"  # goes on until stopped


def test_wait_false_plays_in_the_background_and_a_new_call_replaces_it():
    text, events = sound_run("""
        import music
        from microbit import running_time, sleep
        music.play(music.NYAN, wait=False)
        print(running_time())
        sleep(1000)
        music.play(music.JUMP_UP, wait=False)
        sleep(2000)
    """)
    assert text == "0\n"
    names = [(e.name, e.completed) for _, e in events if isinstance(e, model.MelodyEnded)]
    assert names == [("NYAN", False), ("JUMP_UP", True)]


def test_loop_repeats_until_stop():
    text, events = sound_run("""
        import music
        from microbit import sleep
        music.play(['c:1', 'e:1'], wait=False, loop=True)
        sleep(1000)
        music.stop()
        print(music.get_tempo())
    """)
    notes = [e for _, e in events if isinstance(e, model.ToneStarted)]
    assert len(notes) == 8  # a pair every 252 ms
    assert captions(events)[-2:] == ["melody stopped", "tone stops"]


def test_a_non_string_note_stops_the_tune_with_the_firmwares_message():
    assert output("import music\nmusic.play(['c', 5])\nprint('on')") == \
        "TypeError: expecting a str for note\non\n"


def test_stop_from_outside_silences_background_music():
    events = []
    with Simulation() as sim:
        board = sim.add_board(source="import music\nmusic.pitch(440)\nwhile True:\n    pass\n")
        board.model.bus.subscribe(events.append)
        sim.run(50)
        assert board.model.audio.music.amplitude_on
        sim.stop()
    tones = [type(e) for e in events if isinstance(e, (model.ToneStarted, model.ToneStopped))]
    assert tones == [model.ToneStarted, model.ToneStopped]
    assert not board.model.audio.music.amplitude_on


# -- audio, Sound and SoundEffect --------------------------------------------------------------
def test_built_in_sounds_block_for_their_expressions_length():
    text, events = sound_run("""
        from microbit import *
        for sound in (Sound.TWINKLE, Sound.HELLO, Sound.SAD):
            t = running_time()
            audio.play(sound)
            print(running_time() - t, audio.is_playing())
    """)
    assert text == "6722 False\n506 False\n1644 False\n"  # no randomness in these three
    assert captions(events)[0] == "sound: twinkle"
    played = events[0][1]
    assert played.parts[0] == model.SoundPart("sine", 7, 756, 6722, 1018 / 1023, 855 / 1023, 9,
                                              128, "none", 0, 24)


def test_random_parts_of_a_built_in_sound_stay_in_codals_range():
    parts = model.parse_sound_expression(SOUND_EXPRESSIONS["happy"], __import__("random").Random(3))
    assert len(parts) == 3
    assert 1259 - 250 <= sum(p.duration_ms for p in parts) <= 1259 + 250


def test_every_sound_name_plays_and_wait_false_returns_at_once():
    text = output("""
        from microbit import *
        print(Sound.GIGGLE, [n for n in dir(Sound) if n.isupper()])
        start = running_time()
        audio.play(Sound.YAWN, wait=False)
        print(running_time() - start, audio.is_playing())
        audio.stop()  # v2.1.2 stops AudioFrames only: the sound plays on
        print(audio.is_playing())
    """)
    assert text == ("Sound('giggle') ['GIGGLE', 'HAPPY', 'HELLO', 'MYSTERIOUS', 'SAD', 'SLIDE', "
                    "'SOARING', 'SPRING', 'TWINKLE', 'YAWN']\n0 True\nTrue\n")


def test_sound_effect_defaults_repr_and_str():
    text = output("""
        from microbit import audio
        e = audio.SoundEffect()
        print(repr(e))
        print(e)
        print(e.freq_start, e.freq_end, e.duration, e.vol_start, e.vol_end, e.waveform, e.fx, e.shape)
        print(audio.SoundEffect.WAVEFORM_NOISE, audio.SoundEffect.SHAPE_LOG, audio.SoundEffect.FX_TREMOLO)
    """)
    assert text.splitlines() == [
        "SoundEffect(500, 2500, 500, 255, 0, 3, 0, 18)",
        "SoundEffect(freq_start=500, freq_end=2500, duration=500, vol_start=255, vol_end=0, "
        "waveform=WAVEFORM_SQUARE, fx=FX_NONE, shape=SHAPE_LOG)",
        "500 2500 500 255 0 3 0 18", "4 18 2"]


def test_sound_effect_attributes_copy_and_validation():
    text = output("""
        from microbit import audio
        e = audio.SoundEffect(100, shape=audio.SoundEffect.SHAPE_LINEAR, fx=audio.SoundEffect.FX_WARBLE)
        c = e.copy()
        c.duration = 1234
        print(e.duration, c.duration, str(e)[-33:])
        for kwargs in ({'waveform': 10}, {'fx': 100}, {'duration': 10000}, {'freq_end': -1}):
            try:
                audio.SoundEffect(**kwargs)
            except ValueError as exc:
                print(exc)
        try:
            e.duration = 12345
        except ValueError:
            print(e.duration)  # the firmware wrote the low digits before refusing
        for bad in (lambda: audio.SoundEffect(1.5), lambda: setattr(e, 'pitch', 1)):
            try:
                bad()
            except Exception as exc:
                print(type(exc).__name__)
    """)
    assert text.splitlines() == ["500 1234 fx=FX_WARBLE, shape=SHAPE_LINEAR)", "maximum value is 9",
                                 "maximum value is 99", "maximum value is 9999",
                                 "maximum value is 9999", "2345", "TypeError", "AttributeError"]


@given(st.integers(0, 255))
def test_volumes_survive_the_sound_expression_encoding(volume):
    effect = MicroBitSoundEffect(vol_start=volume, vol_end=volume)
    assert (effect.vol_start, effect.vol_end) == (volume, volume)


def test_sound_effects_play_for_their_duration_one_after_another():
    text, events = sound_run("""
        from microbit import *
        t = running_time()
        audio.play(audio.SoundEffect(duration=300))
        print(running_time() - t)
        audio.play([audio.SoundEffect(duration=200), audio.SoundEffect(freq_start=900, duration=50)])
        print(running_time() - t)
    """)
    assert text == "300\n550\n"
    first = events[0][1]
    assert first.caption == "sound effect: square wave, 500 to 2500 Hz, 0.3 s"
    assert first.parts[0].shape == 18 and first.parts[0].vol_start == 1.0
    assert events[2][1].caption == "2 sound effects, 0.25 s"


def test_audio_frames_are_32_samples_with_the_firmwares_checks():
    text = output("""
        from microbit import audio
        f = audio.AudioFrame()
        print(len(f), f[0], f[31])
        f[0] = 255
        g = audio.AudioFrame()
        g.copyfrom(b'\\x00' * 40)
        print((f + g)[0], (f - g)[0], (f * 0.5)[0], bytes(f)[:2])
        def store():
            f[1] = 256
        def delete():
            del f[0]
        # (a firmware type has no __setitem__ attribute: the item syntax reaches its slot)
        for bad in (lambda: f[32], store, delete, lambda: audio.AudioFrame(32)):
            try:
                bad()
            except Exception as exc:
                print(type(exc).__name__, exc)
    """)
    assert text.splitlines() == [
        "32 128 128", "127 255 191 b'\\xff\\x80'", "ValueError index out of bounds",
        "ValueError value out of range", "TypeError cannot delete elements of AudioFrame",
        "TypeError function takes 0 positional arguments but 1 were given"]


def test_frames_play_at_7812_samples_a_second():
    # frame k is asked for as frame k-1 starts: play() returns as the last frame starts
    text, events = sound_run("""
        from microbit import *
        frames = [audio.AudioFrame() for _ in range(10)]
        t = running_time()
        audio.play(frames)
        print(running_time() - t, audio.is_playing())
        def wave():
            for i in range(3):
                f = audio.AudioFrame()
                f[0] = i
                yield f
        audio.play(wave())
        audio.play(frames, wait=False)
        audio.stop()
        print(audio.is_playing())
    """)
    # 9 frames of 4.096 ms = 36.864 ms; the program's own instructions add only microseconds
    # (0.5 us a bytecode on the core engine; the old engine's 10 us a line made it 37)
    assert text == "36 False\nFalse\n"
    samples = [e for _, e in events if isinstance(e, model.AudioSamples)]
    assert len(samples) == 10 + 3 + 1
    assert samples[10].samples[0] == 0 and samples[12].samples[0] == 2
    assert samples[0].sample_rate == 7812 and len(samples[0].samples) == 32


def test_playing_something_that_is_not_frames_raises_as_the_firmware():
    text = output("""
        from microbit import *
        for source in ("giggle", 5, audio.AudioFrame()):
            try:
                audio.play(source)
            except TypeError as exc:
                print(exc)
        try:
            audio.play(Sound.HAPPY, return_pin=pin1)
        except ValueError as exc:
            print(exc)
    """)
    assert text == ("not an AudioFrame\n'int' object isn't iterable\nnot an AudioFrame\n"
                    "return_pin not supported\n")


def test_audio_is_the_same_module_in_microbit_and_sound_cannot_be_made():
    text = output("""
        import audio
        import microbit
        print(microbit.audio is audio, microbit.Sound, type(microbit.Sound.SAD).__name__)
        try:
            microbit.Sound()
        except TypeError as exc:
            print(exc)
    """)
    assert text == "True <class 'MicroBitSound'> MicroBitSound\ncannot create 'MicroBitSound' instances\n"


# -- speaker, volume, pins ---------------------------------------------------------------------
def test_speaker_has_on_and_off_only_and_events_say_where_sound_goes():
    text, events = sound_run("""
        from microbit import *
        import music
        print(speaker)
        speaker.off()
        set_volume(300)
        music.pitch(440, 10, pin=None)
        speaker.on()
        try:
            speaker.is_on()
        except AttributeError:
            print('no is_on in v2.1.2')
    """)
    assert text == "<MicroBitSpeaker>\nno is_on in v2.1.2\n"
    tone = next(e for _, e in events if isinstance(e, model.ToneStarted))
    assert (tone.pin, tone.speaker, tone.volume) == (None, False, 255)
    assert captions(events)[0] == "speaker off" and captions(events)[-1] == "speaker on"


def test_volume_events_come_from_the_model():
    events = []
    with Simulation() as sim:
        board = sim.add_board(source="")
        board.model.bus.subscribe(events.append)
        board.model.audio.set_volume(-5)
    assert board.model.volume == 0 and events[-1].caption == "volume 0 of 255"


def test_pin_arguments_as_the_firmware_checks_them():
    text = output("""
        import music
        from microbit import *
        for pin in (pin_speaker, 5, pin_logo):
            try:
                music.play('c', pin=pin)
            except Exception as exc:
                print(type(exc).__name__, exc)
        try:
            music.stop(pin=pin0)
        except TypeError as exc:
            print(exc)
        music.play('c:1', pin=pin2)
    """)
    assert text == ("ValueError pin_speaker not allowed\nTypeError expecting a pin\n"
                    "TypeError expecting a pin\nfunction doesn't take keyword arguments\n")


def test_argument_errors_as_the_firmware():
    text = output("""
        import music
        for call in (lambda: music.play(5), lambda: music.set_tempo(120),
                     lambda: music.play(), lambda: music.pitch(1.5),
                     lambda: music.play('c', wait=False, foo=1), lambda: music.get_tempo(1)):
            try:
                call()
            except TypeError as exc:
                print(exc)
    """)
    assert text.splitlines() == [
        "object 'int' isn't a tuple or list", "extra positional arguments given",
        "'music' argument required", "can't convert float to int", "extra keyword arguments given",
        "function takes 0 positional arguments but 1 were given"]


# -- speech ------------------------------------------------------------------------------------
def test_say_speaks_with_a_caption_and_blocks():
    text, events = sound_run("""
        import speech
        from microbit import running_time
        speech.say('hello world')
        t = running_time()
        speech.pronounce('/HEHLOW WERLD', speed=144)
        print(t, running_time() - t)
    """)
    said, pronounced = (e for _, e in events if isinstance(e, model.SpeechSpoken))
    assert said.caption == "says: hello world" and said.phonemes is None
    assert pronounced.caption == "pronounces: /HEHLOW WERLD"
    assert (pronounced.pitch, pronounced.speed, pronounced.mouth, pronounced.throat) == \
        (64, 144, 128, 128)
    start, length = map(int, text.split())
    assert start == said.duration_ms and length == pronounced.duration_ms
    assert 1000 < pronounced.duration_ms < 1600  # 70 frames of about 19 ms at speed 144


def test_sam_reads_phonemes_and_refuses_what_the_firmware_refuses():
    assert parse_phonemes(b"/HEHLOW") == [(36, 0), (7, 0), (24, 0), (52, 0)]
    assert parse_phonemes(b"ay5") == [(49, 5)]
    for bad, message in ((b"QQ9", "Phoneme not understood"), (b"#", "Illegal pitch"),
                         (b"#300AA", "Illegal pitch"), (b"AA" * 128, "Phonemes too long")):
        with pytest.raises(ValueError, match=message):
            parse_phonemes(bad)


def test_speech_errors_as_the_firmware():
    text = output("""
        import speech
        for call in (lambda: speech.say('hi', 50), lambda: speech.say('x' * 81),
                     lambda: speech.sing('#1000AA'), lambda: speech.say(5),
                     lambda: speech.pronounce('AA', pitch=1.5), lambda: speech.translate('hi')):
            try:
                call()
            except Exception as exc:
                print(type(exc).__name__, exc)
    """)
    lines = text.splitlines()
    assert lines[:5] == ["TypeError extra positional arguments given", "ValueError text too long",
                         "ValueError Illegal pitch",
                         "TypeError can't convert 'int' object to str implicitly",
                         "TypeError can't convert float to int"]
    assert lines[5].startswith("NotSimulatedError speech.translate works on a real micro:bit")


def test_reset_silences_and_restores_the_speaker():
    events = []
    with Simulation() as sim:
        board = sim.add_board(source="from microbit import *\nspeaker.off()\naudio.play("
                                     "Sound.TWINKLE, wait=False)\nsleep(100)\nreset()\n")
        board.model.bus.subscribe(events.append)
        sim.run(130)
        assert not board.model.audio.is_playing()
    said = [e.caption for e in events if hasattr(e, "caption")]
    assert said[-2:] == ["sound stopped", "speaker on"]  # the program starts again at 150 ms
