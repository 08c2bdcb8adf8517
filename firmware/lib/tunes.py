# SPDX-License-Identifier: MIT
# Terakoya firmware: tunes on a buzzer, with the micro:bit's `music` notes and API, for ESP32
# boards (MicroPython 1.19 or newer).
#
#   import tunes
#   tunes.play(tunes.BIRTHDAY, pin=25)       # a passive buzzer (or speaker) on GPIO25
#   tunes.play(["C4:4", "E", "G:8"])          # the pin given before is kept
#   tunes.play(tunes.ODE, wait=False)         # plays on while the program goes on
#   tunes.pitch(440, 500)                     # 440 Hz for half a second
#   tunes.stop()
#   tunes.set_tempo(bpm=90)                   # get_tempo() -> (bpm, ticks); reset()
#
# A note is NAME[#|b][OCTAVE][:TICKS], as on the micro:bit: "c4:4" is middle C for 4 ticks,
# "r:2" a rest; a note without an octave or ticks keeps those of the note before (each
# play() starts from octave 4, 4 ticks). At the default tempo (120 bpm, 4 ticks a beat) a
# tick is 125 ms. Frequencies and timing are the micro:bit's: each note sounds for its
# length less 10 ms, then 10 ms of silence. wait=False and loop=True play from hardware
# timer 1. The melodies are a few of the micro:bit's (micropython-microbit, MIT licence).
import time

from machine import PWM, Pin, Timer

_TIMER = 1
# the periods (us) of octave 4: A B C D E F G, and of their sharps (B# and E#: 0, silent)
_PERIODS = (2273, 2025, 3822, 3405, 3034, 2863, 2551)
_SHARPS = (2145, 0, 3608, 3214, 0, 2703, 2408)
_GAP_MS = 10

DADADADUM = ("r4:2", "g", "g", "g", "eb:8", "r:2", "f", "f", "f", "d:8")
ENTERTAINER = ("d4:1", "d#", "e", "c5:2", "e4:1", "c5:2", "e4:1", "c5:3", "c:1", "d", "d#",
               "e", "c", "d", "e:2", "b4:1", "d5:2", "c:4")
ODE = ("e4", "e", "f", "g", "g", "f", "e", "d", "c", "c", "d", "e", "e:6", "d:2", "d:8", "e:4",
       "e", "f", "g", "g", "f", "e", "d", "c", "c", "d", "e", "d:6", "c:2", "c:8")
BIRTHDAY = ("c4:3", "c:1", "d:4", "c:4", "f", "e:8", "c:3", "c:1", "d:4", "c:4", "g", "f:8",
            "c:3", "c:1", "c5:4", "a4", "f", "e", "d", "a#:3", "a#:1", "a:4", "f", "g", "f:8")
BA_DING = ("b5:1", "e6:3")
JUMP_UP = ("c5:1", "d", "e", "f", "g")
JUMP_DOWN = ("g5:1", "f", "e", "d", "c")
POWER_UP = ("g4:1", "c5", "e", "g:2", "e:1", "g:3")
POWER_DOWN = ("g5:1", "d#", "c", "g4:2", "b:1", "c5:3")

_pwm = None
_pin = None
_timer = None
_steps = None
_bpm, _ticks, _octave, _duration = 120, 4, 4, 4


def _note(text):
    """(frequency in Hz or 0 for silence, ms it sounds) of one note, as the micro:bit reads
    it: the octave and ticks it gives are kept for the notes after it."""
    global _octave, _duration
    n = len(text)
    index = ((ord(text[0]) if n else 0) & 0x1F) - 1  # A-G: 0-6; anything else is a rest
    octave, sharp, i = 0, False, 1
    if i < n and text[i] in "#b":
        if text[i] == "b":  # a flat is the sharp of the note below
            index = 6 if index == 0 else index - 1
            if index == 1:  # C flat: the B of the octave below
                octave -= 1
        sharp = True
        i += 1
    if i < n and text[i] != ":":
        _octave = ord(text[i]) & 0xF
        i += 1
    octave += _octave
    if i < n and text[i] == ":":
        i += 1
        if i < n:
            ticks = ord(text[i]) & 0xF
            i += 1
            if i < n:
                ticks = ticks * 10 + (ord(text[i]) & 0xF)
            _duration = ticks & 0xFF
    ms = max(60000 // _bpm // _ticks * _duration - _GAP_MS, _GAP_MS)
    if not 0 <= index < 7:
        return 0, ms
    period = (_SHARPS if sharp else _PERIODS)[index]
    period = period >> (octave - 4) if octave >= 4 else period << (4 - octave)
    return ((1000000 + period // 2) // period if period else 0), ms


def _melody(music, loop):
    while True:
        for text in ((music,) if isinstance(music, str) else music):
            yield _note(text)
            yield 0, _GAP_MS
        if not loop:
            return


def _sound(frequency):
    if frequency:
        _pwm.freq(frequency)
        _pwm.duty_u16(32768)
    else:
        _pwm.duty_u16(0)


def _use(pin):
    global _pwm, _pin
    if pin is not None and pin != _pin:
        if _pwm is not None:
            _pwm.deinit()
        _pwm = PWM(Pin(pin) if isinstance(pin, int) else pin, freq=440, duty=0)
        _pin = pin
    if _pwm is None:
        raise ValueError("which pin is the buzzer on? such as tunes.play(tunes.ODE, pin=25)")


def _run(steps, wait):
    global _steps
    if not wait:  # in the background, from the timer
        _steps = steps
        _next(None)
        return
    due = time.ticks_ms()
    for frequency, ms in steps:
        _sound(frequency)
        due = time.ticks_add(due, ms)
        left = time.ticks_diff(due, time.ticks_ms())
        if left > 0:
            time.sleep_ms(left)
    _sound(0)


def _next(_t):
    global _steps, _timer
    if _steps is None:
        return
    try:
        frequency, ms = next(_steps)
    except StopIteration:
        _steps = None
        _sound(0)
        return
    _sound(frequency)
    if _timer is None:
        _timer = Timer(_TIMER)
    _timer.init(mode=Timer.ONE_SHOT, period=max(1, ms), callback=_next)


def stop(pin=None):
    global _steps
    _steps = None
    if _timer is not None:
        _timer.deinit()
    if pin is not None or _pwm is not None:
        _use(pin)
        _sound(0)


def play(music, pin=None, wait=True, loop=False):
    """Play a note ("c4:4") or a list of notes; with loop=True, again and again."""
    global _octave, _duration
    stop(pin)
    _use(pin)
    _octave, _duration = 4, 4
    _run(_melody(music, loop), wait)


def pitch(frequency, duration=-1, pin=None, wait=True):
    """Sound ``frequency`` Hz for ``duration`` ms (-1: until stop() or the next sound)."""
    stop(pin)
    _use(pin)
    if duration < 0:
        _sound(frequency)
    else:
        _run(iter(((frequency, duration),)), wait)


def set_tempo(ticks=0, bpm=0):
    global _ticks, _bpm
    if ticks:
        _ticks = ticks
    if bpm:
        _bpm = bpm


def get_tempo():
    return _bpm, _ticks


def reset():
    global _bpm, _ticks, _octave, _duration
    _bpm, _ticks, _octave, _duration = 120, 4, 4, 4
