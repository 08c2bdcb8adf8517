"""The ``audio`` module of MicroPython on micro:bit V2 (also ``microbit.audio``), for one board.

As in micropython-microbit-v2 v2.1.2 (``src/codal_port/modaudio.c``,
``microbit_soundeffect.c``, ``microbit_sound.c``): ``play``, ``is_playing``, ``stop``,
``AudioFrame`` (32 samples) and ``SoundEffect``; ``MicroBitSound`` is ``microbit.Sound``.
``import audio`` and ``microbit.audio`` are the same module object.

Also here, for ``music`` and ``speech`` too: ``parse_args``, MicroPython's
``mp_arg_parse_all`` (the firmware's argument tables and its error messages), and
``select_pin``, the firmware's audio pin selection (``microbit_pinaudio.c``).
"""

from __future__ import annotations

import struct
import weakref
from collections.abc import Iterator
from types import ModuleType

from ..model.audio import parse_sound_expression
from ..model.microbit import MicrobitBoard
from .mp import Arg, mp_float, parse_args, word
from .music_data import SOUND_EXPRESSIONS
from .not_simulated import NotSimulatedError

AUDIO_PINS = tuple(f"pin{n}" for n in (*range(17), 19, 20))


class _DefaultPin:
    """The default ``pin=`` of play/pitch/say: pin0 in v2.1.2 (modmicrobit.h
    ``microbit_pin_default_audio_obj``)."""

    _name = "pin0"


DEFAULT_PIN = _DefaultPin()


# -- MicroPython's argument handling (see mp.py for the shared part) -----------------------
def no_keywords(kwargs: dict[str, object]) -> None:
    if kwargs:
        raise TypeError("function doesn't take keyword arguments")


def check_arity(args: tuple[object, ...], kwargs: dict[str, object], count: int) -> None:
    """A firmware function of ``count`` positional arguments and no keywords."""
    no_keywords(kwargs)
    if len(args) != count:
        raise TypeError(f"function takes {count} positional arguments but {len(args)} were given")


# -- pins -------------------------------------------------------------------------------------
def pin_name(pin: object) -> str | None:
    """The name of a ``microbit`` pin object (``pin0``), from its ``_name``."""
    name = getattr(pin, "_name", None)
    return name.removeprefix("microbit.") if isinstance(name, str) else None


def select_pin(board: MicrobitBoard, pin: object, mode: str) -> None:
    """``microbit_pin_audio_select``: route the mixer to an edge pin (None: speaker only)."""
    if pin is None:
        board.audio.route(None, mode)
        return
    name = pin_name(pin)
    if name == "pin_speaker":
        raise ValueError("pin_speaker not allowed")
    if name not in AUDIO_PINS:
        raise TypeError("expecting a pin")
    board.audio.route(name, mode)


# -- microbit.Sound -----------------------------------------------------------------------------
class MicroBitSound:
    """``microbit.Sound``: the built-in sounds, played by CODAL from sound expressions."""

    __slots__ = ("_name",)
    GIGGLE: MicroBitSound
    HAPPY: MicroBitSound
    HELLO: MicroBitSound
    MYSTERIOUS: MicroBitSound
    SAD: MicroBitSound
    SLIDE: MicroBitSound
    SOARING: MicroBitSound
    SPRING: MicroBitSound
    TWINKLE: MicroBitSound
    YAWN: MicroBitSound

    def __new__(cls, *args: object, **kwargs: object) -> MicroBitSound:
        raise TypeError("cannot create 'MicroBitSound' instances")

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"'MicroBitSound' object has no attribute '{name}'")

    def __repr__(self) -> str:
        return f"Sound('{self._name}')"


def _make_sound(name: str) -> MicroBitSound:
    sound = object.__new__(MicroBitSound)
    object.__setattr__(sound, "_name", name)
    return sound


for _name in SOUND_EXPRESSIONS:
    setattr(MicroBitSound, _name.upper(), _make_sound(_name))
MicroBitSound.__module__ = "builtins"


# -- SoundEffect --------------------------------------------------------------------------------
# attribute: (offset, length) in the 72-digit sound expression (microbit_soundeffect.c)
FIELDS = {"freq_start": (5, 4), "freq_end": (18, 4), "duration": (9, 4), "vol_start": (1, 4),
          "vol_end": (26, 4), "waveform": (0, 1), "fx": (34, 2), "shape": (13, 2)}
VOLUME_OFFSETS = (1, 26)
WAVEFORM_NAMES = ("WAVEFORM_SINE", "WAVEFORM_SAWTOOTH", "WAVEFORM_TRIANGLE", "WAVEFORM_SQUARE",
                  "WAVEFORM_NOISE")
FX_NAMES = ("FX_NONE", "FX_VIBRATO", "FX_TREMOLO", "FX_WARBLE")
SHAPE_NAMES = {1: "SHAPE_LINEAR", 2: "SHAPE_CURVE", 18: "SHAPE_LOG"}
SOUND_EFFECT_ARGS = (Arg("freq_start", "int", 500), Arg("freq_end", "int", 2500),
                     Arg("duration", "int", 500), Arg("vol_start", "int", 255),
                     Arg("vol_end", "int", 0), Arg("waveform", "int", 3), Arg("fx", "int", 0),
                     Arg("shape", "int", 18))


class MicroBitSoundEffect:
    """``audio.SoundEffect``: its parameters live as digits of a CODAL sound expression."""

    __slots__ = ("_expr",)
    WAVEFORM_SINE = 0
    WAVEFORM_SAWTOOTH = 1
    WAVEFORM_TRIANGLE = 2
    WAVEFORM_SQUARE = 3
    WAVEFORM_NOISE = 4
    SHAPE_LINEAR = 1
    SHAPE_CURVE = 2
    SHAPE_LOG = 18
    FX_NONE = 0
    FX_TREMOLO = 2
    FX_VIBRATO = 1
    FX_WARBLE = 3

    def __init__(self, *args: object, **kwargs: object):
        values = parse_args(SOUND_EFFECT_ARGS, args, kwargs)
        object.__setattr__(self, "_expr", ["0"] * 72)
        self._encode(30, 4, 128)  # steps
        self._encode(36, 4, 1)  # fx parameter
        self._encode(40, 4, 24)  # fx steps
        for arg, value in zip(SOUND_EFFECT_ARGS, values):
            self._encode(*FIELDS[arg.name], value)  # type: ignore[arg-type]

    def _encode(self, offset: int, length: int, value: int) -> None:
        """``sound_expr_encode``: the digits are written before a too-big value is refused."""
        value &= 0xFFFFFFFF
        if offset in VOLUME_OFFSETS:
            value = ((value * 1023 + 127) & 0xFFFFFFFF) // 255
        for index in range(length - 1, -1, -1):
            self._expr[offset + index] = str(value % 10)
            value //= 10
        if value:
            raise ValueError(f"maximum value is {'9' * min(length, 4)}")

    def _decode(self, offset: int, length: int) -> int:
        value = int("".join(self._expr[offset:offset + length]))
        return (value * 255 + 511) // 1023 if offset in VOLUME_OFFSETS else value

    def expression(self) -> str:
        return "".join(self._expr)

    def __setattr__(self, name: str, value: object) -> None:
        if name not in FIELDS:
            raise AttributeError(f"'MicroBitSoundEffect' object has no attribute '{name}'")
        object.__setattr__(self, name, value)

    def copy(self) -> MicroBitSoundEffect:
        other = object.__new__(MicroBitSoundEffect)
        object.__setattr__(other, "_expr", list(self._expr))
        return other

    @staticmethod
    def _from_string(text: object) -> MicroBitSoundEffect:
        """The firmware's hidden helper: the first 72 characters of a sound expression."""
        if not isinstance(text, str):
            raise TypeError(f"can't convert '{type(text).__name__}' object to str implicitly")
        effect = object.__new__(MicroBitSoundEffect)
        object.__setattr__(effect, "_expr", list(text[:72].ljust(72, "0")))
        return effect

    def __repr__(self) -> str:
        values = [self._decode(*FIELDS[name]) for name in FIELDS]
        return "SoundEffect({}, {}, {}, {}, {}, {}, {}, {})".format(*values)

    def __str__(self) -> str:
        freq_start, freq_end, duration, vol_start, vol_end, waveform, fx, shape = (
            self._decode(*FIELDS[name]) for name in FIELDS)
        wave = WAVEFORM_NAMES[waveform] if waveform < len(WAVEFORM_NAMES) else str(waveform)
        effect = FX_NAMES[fx] if fx < len(FX_NAMES) else str(fx)
        return (f"SoundEffect(freq_start={freq_start}, freq_end={freq_end}, "
                f"duration={duration}, vol_start={vol_start}, vol_end={vol_end}, "
                f"waveform={wave}, fx={effect}, shape={SHAPE_NAMES.get(shape, shape)})")


def _field(name: str) -> property:
    offset, length = FIELDS[name]

    def get(self: MicroBitSoundEffect) -> int:
        return self._decode(offset, length)

    def set(self: MicroBitSoundEffect, value: object) -> None:
        self._encode(offset, length, word(value))

    return property(get, set, doc=f"{name}, kept as digits of the sound expression")


for _field_name in FIELDS:
    setattr(MicroBitSoundEffect, _field_name, _field(_field_name))
MicroBitSoundEffect.__module__ = "builtins"


# -- AudioFrame ---------------------------------------------------------------------------------
def _clamp_byte(value: int) -> int:
    return 0 if value < 0 else 255 if value > 255 else value


def _float_to_fixed(value: float, scale: int) -> int:
    """modaudio.c ``float_to_fixed``: a 32-bit float as fixed point, bit by bit."""
    bits = struct.unpack("<i", struct.pack("<f", value))[0]
    sign = 1 - ((bits >> 30) & 2)
    exponent = ((bits >> 23) & 255) - 150
    mantissa = (1 << 23) | (bits & ((1 << 23) - 1))
    shift = scale + exponent
    if shift > 0:
        result = sign * (mantissa << shift)
    elif shift < -31:
        result = 0
    else:
        result = sign * (mantissa >> -shift)
    return (result + (1 << 31)) % (1 << 32) - (1 << 31)


class AudioFrame:
    """32 unsigned samples (128 = silence); 32 samples at 7812 Hz last about 4.1 ms."""

    __slots__ = ("_data",)

    def __init__(self, *args: object, **kwargs: object):
        check_arity(args, kwargs, 0)
        self._data = bytearray([128] * 32)

    def _index(self, index: object) -> int:
        number = word(index)
        if not 0 <= number < 32:
            raise ValueError("index out of bounds")
        return number

    def __len__(self) -> int:
        return 32

    def __getitem__(self, index: object) -> int:
        return self._data[self._index(index)]

    def __setitem__(self, index: object, value: object) -> None:
        position = self._index(index)
        number = word(value)
        if not 0 <= number <= 255:
            raise ValueError("value out of range")
        self._data[position] = number

    def __delitem__(self, index: object) -> None:
        self._index(index)
        raise TypeError("cannot delete elements of AudioFrame")

    def __bytes__(self) -> bytes:
        return bytes(self._data)

    def __buffer__(self, flags: int) -> memoryview:
        return memoryview(self._data)

    def copyfrom(self, other: object) -> None:
        data = _buffer_of(other)
        self._data[:min(len(data), 32)] = data[:32]

    def _copy(self) -> AudioFrame:
        frame = AudioFrame()
        frame._data[:] = self._data
        return frame

    def _add_into(self, other: object, sign: int) -> AudioFrame | object:
        if not isinstance(other, AudioFrame):
            return NotImplemented
        for i in range(32):
            self._data[i] = _clamp_byte(self._data[i] + sign * (other._data[i] - 128))
        return self

    def _multiply(self, factor: object) -> AudioFrame:
        scaled = _float_to_fixed(mp_float(factor), 15)
        for i in range(32):
            product = ((self._data[i] - 128) * scaled + (1 << 31)) % (1 << 32) - (1 << 31)
            self._data[i] = _clamp_byte((product >> 15) + 128)
        return self

    def __add__(self, other: object) -> AudioFrame | object:
        if not isinstance(other, AudioFrame):
            return NotImplemented
        return self._copy()._add_into(other, 1)

    def __sub__(self, other: object) -> AudioFrame | object:
        if not isinstance(other, AudioFrame):
            return NotImplemented
        return self._copy()._add_into(other, -1)

    def __iadd__(self, other: object) -> AudioFrame | object:
        return self._add_into(other, 1)

    def __isub__(self, other: object) -> AudioFrame | object:
        return self._add_into(other, -1)

    def __mul__(self, factor: object) -> AudioFrame:
        return self._copy()._multiply(factor)

    def __imul__(self, factor: object) -> AudioFrame:
        return self._multiply(factor)


AudioFrame.__module__ = "builtins"


def _buffer_of(obj: object) -> bytes:
    """``mp_get_buffer_raise`` for reading."""
    if isinstance(obj, AudioFrame):
        return bytes(obj._data)
    try:
        return bytes(memoryview(obj))  # type: ignore[arg-type]
    except TypeError:
        raise TypeError("object with buffer protocol required") from None


# -- playing ------------------------------------------------------------------------------------
class _FramePuller:
    """Hands AudioFrames to the board's sample channel as it asks for them.

    A list or tuple is read by the background, so it plays on whatever the program does;
    any other iterable (a generator runs the student's code) is read inside the program,
    as the firmware's scheduler does.
    """

    def __init__(self, board: MicrobitBoard, source: object):
        self.board = board
        self.direct = type(source) in (list, tuple)
        self.iterator: Iterator[object] = iter(source)  # type: ignore[call-overload]
        self.first = True

    def request(self) -> None:
        if self.first:
            self.first = False
            self.pull()  # the first frame is read at once, inside audio.play()
        elif self.direct:
            try:
                self.pull()
            except Exception as exc:  # the program sees it at its next chance
                self.board.schedule_in_program(_raiser(exc))
        elif self.board.task is None or self.board.task.done:
            self.board.audio.samples.supply(None)
        else:  # handed over from the background, so that a waiting program wakes for it
            self.board.scheduler.call_later(
                0, lambda: self.board.schedule_in_program(self.pull))

    def pull(self) -> None:
        channel = self.board.audio.samples
        if not channel.is_current(self.request):
            return  # an older play() that was stopped or replaced
        try:
            item = next(self.iterator)
        except StopIteration:
            channel.supply(None)
            return
        except BaseException:
            channel.supply(None)
            raise
        if not isinstance(item, AudioFrame):
            channel.supply(None)
            raise TypeError("not an AudioFrame")
        channel.supply(bytes(item._data))


def _raiser(exc: BaseException):
    def raise_it() -> None:
        raise exc
    return raise_it


def _expression_of(source: object) -> tuple[str, str | None] | None:
    """The sound expression of a Sound, a SoundEffect or a list of them, with a name."""
    if isinstance(source, MicroBitSound):
        return SOUND_EXPRESSIONS[source._name], source._name
    if isinstance(source, MicroBitSoundEffect):
        return source.expression(), None
    if isinstance(source, (list, tuple)) and source and \
            isinstance(source[0], MicroBitSoundEffect):
        if not all(isinstance(item, MicroBitSoundEffect) for item in source):
            raise NotSimulatedError(
                "a list of sound effects must hold only SoundEffect objects: on a real "
                "micro:bit anything else in it makes the board misbehave")
        return ",".join(item.expression() for item in source), None
    return None


def play_expression(board: MicrobitBoard, expression: str, name: str | None, wait: bool) -> None:
    parts = parse_sound_expression(expression, board.audio.rng)
    if parts is None:
        raise NotSimulatedError(
            "this sound effect has a value the micro:bit's synthesizer cannot play (such as a "
            "waveform other than the WAVEFORM_ constants); a real board misbehaves with it")
    channel = board.audio.expression
    channel.play(parts, name)
    if wait:
        try:
            board.wait(lambda: not channel.active)
        except BaseException:
            channel.stop()
            raise


def play_source(board: MicrobitBoard, source: object, pin: object, wait: bool) -> None:
    """``microbit_audio_play_source``."""
    samples = board.audio.samples
    samples.stop()
    select_pin(board, pin, "audio")
    found = _expression_of(source)
    if found is not None:
        play_expression(board, found[0], found[1], wait)
        return
    puller = _FramePuller(board, source)
    samples.start(puller.request)
    if wait:
        board.wait(lambda: not samples.running)


PLAY_ARGS = (Arg("source", required=True), Arg("wait", "bool", True),
             Arg("pin", default=DEFAULT_PIN), Arg("return_pin"))

_MODULES: weakref.WeakKeyDictionary[MicrobitBoard, tuple[int, ModuleType]] = \
    weakref.WeakKeyDictionary()


def build_audio(board: MicrobitBoard) -> ModuleType:
    """The board's ``audio`` module; ``microbit.audio`` is this same object (until a reset)."""
    cached = _MODULES.get(board)
    if cached is not None and cached[0] == board.audio.generation:
        return cached[1]
    module = _make_module(board)
    _MODULES[board] = (board.audio.generation, module)
    return module


def _make_module(board: MicrobitBoard) -> ModuleType:
    def play(*args: object, **kwargs: object) -> None:
        source, wait, pin, return_pin = parse_args(PLAY_ARGS, args, kwargs)
        if return_pin is not None:
            raise ValueError("return_pin not supported")
        play_source(board, source, pin, bool(wait))

    def is_playing(*args: object, **kwargs: object) -> bool:
        check_arity(args, kwargs, 0)
        return board.audio.is_playing()

    def stop(*args: object, **kwargs: object) -> None:
        check_arity(args, kwargs, 0)
        # v2.1.2 stops AudioFrames only: a Sound or SoundEffect plays on (fixed after 2.1.2,
        # micropython-microbit-v2 issue #180)
        board.audio.samples.stop()

    module = ModuleType("audio", "Play sounds, sound effects and audio samples.")
    for name, value in (("play", play), ("is_playing", is_playing), ("stop", stop),
                        ("AudioFrame", AudioFrame), ("SoundEffect", MicroBitSoundEffect)):
        setattr(module, name, value)
    return module
