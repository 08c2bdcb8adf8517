"""``microbit.accelerometer``, ``compass``, ``microphone`` and ``SoundEvent`` over ``board.motion``.

What each call returns, clears and raises follows micropython-microbit-v2 v2.1.2
(``microbit_accelerometer.c``, ``microbit_compass.c``, ``microbit_microphone.c``,
``microbit_soundevent.c``); the numbers behind them come from the model (``model/motion.py``).

The compass calibration is CODAL's game (``MicroBitCompassCalibrator::calibrateUX``): the board
scrolls "TILT TO FILL SCREEN" and the player tilts it until all 25 LEDs are lit. The simulator
plays it for the player: one new LED every 100 ms step, exactly as the game draws it for someone
who tilts briskly, then the smiley for a second. It takes 3.6 s of virtual time; afterwards the
compass is calibrated. ``heading()`` on an uncalibrated compass starts it, as on the board.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable
from typing import TypeVar

from ...model.clock import US_PER_MS
from ...model.microbit import MicrobitBoard
from ...model.motion import GESTURE_NAMES, Motion
from ..mp import builtin, single_precision, word
from .text import Rows, scroll_frames

F = TypeVar("F", bound=Callable[..., object])

GESTURE_CODES = {name: code for code, name in enumerate(GESTURE_NAMES)}

CALIBRATION_START_MS = 100  # target_wait(100) before the game starts
CALIBRATION_STEP_MS = 100  # TIME_STEP
CALIBRATION_SCROLL_MS = 120  # CODAL's default scroll speed
CALIBRATION_MESSAGE = b"TILT TO FILL SCREEN "
CALIBRATION_SCROLL_STOP = 15  # SAMPLES_END_MSG_COUNT: the message stops after 15 LEDs
CALIBRATION_DONE_MS = 1000
# The order in which the simulated player's tilting reaches the LEDs: out from the middle.
CALIBRATION_PATH = ((2, 2), (3, 2), (3, 3), (2, 3), (1, 3), (1, 2), (1, 1), (2, 1), (3, 1),
                    (4, 1), (4, 2), (4, 3), (4, 4), (3, 4), (2, 4), (1, 4), (0, 4), (0, 3),
                    (0, 2), (0, 1), (0, 0), (1, 0), (2, 0), (3, 0), (4, 0))
CURSOR_LEVELS = {0: 0, 40: 6, 80: 7, 120: 7, 160: 8}  # CODAL brightness -> display level 0-9
SMILEY: Rows = ((0, 9, 0, 9, 0), (0, 9, 0, 9, 0), (0, 0, 0, 0, 0), (9, 0, 0, 0, 9),
                (0, 9, 9, 9, 0))


def _fixed_args(method: F) -> F:
    """A method with MicroPython's fixed-argument checks (``mp_arg_check_num_sig``)."""
    count = len(inspect.signature(method).parameters)  # self included, as MicroPython counts
    return builtin(count)(method)


def _gesture_code(name: object) -> int:
    """``gesture_from_obj``: the name must be a str, and one the firmware knows."""
    if type(name) is not str:
        raise TypeError(f"can't convert '{type(name).__name__}' object to str implicitly")
    code = GESTURE_CODES.get(name)
    if code is None:
        raise ValueError("invalid gesture")
    return code


class MicroBitAccelerometer:
    """The object students know as ``accelerometer``."""

    __slots__ = ("_motion",)
    __module__ = "builtins"

    def __init__(self, motion: Motion):
        self._motion = motion

    def __repr__(self) -> str:
        return "<MicroBitAccelerometer>"

    @_fixed_args
    def get_x(self) -> int:
        return self._motion.acceleration()[0]

    @_fixed_args
    def get_y(self) -> int:
        return self._motion.acceleration()[1]

    @_fixed_args
    def get_z(self) -> int:
        return self._motion.acceleration()[2]

    @_fixed_args
    def get_values(self) -> tuple[int, int, int]:
        return self._motion.acceleration()

    @_fixed_args
    def get_strength(self) -> int:
        """The length of the acceleration vector, as a 32-bit float truncated to int."""
        x, y, z = self._motion.acceleration()
        return int(single_precision(math.sqrt(x * x + y * y + z * z)))

    @_fixed_args
    def current_gesture(self) -> str:
        return GESTURE_NAMES[self._motion.current_gesture()]

    @_fixed_args
    def is_gesture(self, name: str) -> bool:
        return self._motion.current_gesture() == _gesture_code(name)

    @_fixed_args
    def was_gesture(self, name: str) -> bool:
        """Whether it happened since last asked; clears that flag and the whole list."""
        motion = self._motion
        bit = 1 << _gesture_code(name)
        happened = bool(motion.gesture_flags & bit)
        motion.gesture_flags &= ~bit
        motion.gesture_list.clear()
        return happened

    @_fixed_args
    def get_gestures(self) -> tuple[str, ...]:
        """The gestures listed since last asked, oldest first; the flags stay."""
        names = tuple(GESTURE_NAMES[code] for code in self._motion.gesture_list)
        self._motion.gesture_list.clear()
        return names

    @_fixed_args
    def set_range(self, value: int) -> None:
        self._motion.set_range(word(value))


class MicroBitCompass:
    """The object students know as ``compass``."""

    __slots__ = ("_board", "_motion")
    __module__ = "builtins"

    def __init__(self, board: MicrobitBoard):
        self._board = board
        self._motion = board.motion

    def __repr__(self) -> str:
        return "<MicroBitCompass>"

    @_fixed_args
    def heading(self) -> int:
        """Degrees clockwise from north; an uncalibrated compass first runs the calibration."""
        if not self._motion.compass_calibrated:
            _calibrate(self._board)
        return self._motion.heading()

    @_fixed_args
    def calibrate(self) -> None:
        _calibrate(self._board)

    @_fixed_args
    def is_calibrated(self) -> bool:
        return self._motion.compass_calibrated

    @_fixed_args
    def clear_calibration(self) -> None:
        self._motion.compass_calibrated = False

    @_fixed_args
    def get_x(self) -> int:
        return self._motion.compass_field()[0]

    @_fixed_args
    def get_y(self) -> int:
        return self._motion.compass_field()[1]

    @_fixed_args
    def get_z(self) -> int:
        return self._motion.compass_field()[2]

    @_fixed_args
    def get_field_strength(self) -> int:
        x, y, z = self._motion.compass_field()
        return int(math.sqrt(x * x + y * y + z * z))


def _calibrate(board: MicrobitBoard) -> None:
    """The calibration game, played briskly; blocks the program for 3.6 s of virtual time."""
    display = board.display
    board.motion.compass_calibrated = False  # Compass::calibrate clears the old one first
    board.sleep_us(CALIBRATION_START_MS * US_PER_MS)
    display.stop_animation()
    visited: list[tuple[int, int]] = []
    for step, cursor in enumerate(CALIBRATION_PATH):
        if step == 0:
            display.clear()
            display.animate((rows, CALIBRATION_SCROLL_MS) for rows in
                            scroll_frames(CALIBRATION_MESSAGE, monospace=True, loop=False))
        elif step == CALIBRATION_SCROLL_STOP:
            display.stop_animation()  # the scroll stops where it is
        if step > CALIBRATION_SCROLL_STOP:  # the game only draws once the message is gone
            display.set_rows(_calibration_rows(visited, cursor, (step + 1) * 40 % 200))
        visited.append(cursor)
        board.sleep_us(CALIBRATION_STEP_MS * US_PER_MS)
    board.motion.compass_calibrated = True
    display.clear()
    display.set_rows(SMILEY)
    board.sleep_us(CALIBRATION_DONE_MS * US_PER_MS)
    display.clear()


def _calibration_rows(visited: list[tuple[int, int]], cursor: tuple[int, int],
                      cursor_on: int) -> Rows:
    """Lit LEDs fully on, the player's LED flashing (its CODAL brightness as a 0-9 level)."""
    pixels = [[0] * 5 for _ in range(5)]
    for x, y in visited:
        pixels[y][x] = 9
    pixels[cursor[1]][cursor[0]] = CURSOR_LEVELS[cursor_on]
    return tuple(tuple(row) for row in pixels)


class _ConstantType(type):
    """A type whose attributes cannot be changed, as a type with a ROM dict in MicroPython.

    ``SoundEvent`` is shared by every simulated board, so this also keeps boards apart.
    """

    def __setattr__(cls, name: str, value: object) -> None:
        raise AttributeError(f"'type' object has no attribute '{name}'")

    def __delattr__(cls, name: str) -> None:
        raise AttributeError(f"'type' object has no attribute '{name}'")


class MicroBitSoundEvent(metaclass=_ConstantType):
    """``SoundEvent``: its two instances, ``LOUD`` and ``QUIET``, are the only ones."""

    __slots__ = ("_name",)
    __module__ = "builtins"
    LOUD: MicroBitSoundEvent
    QUIET: MicroBitSoundEvent

    def __new__(cls, *args: object, **kwargs: object) -> MicroBitSoundEvent:
        raise TypeError("cannot create 'MicroBitSoundEvent' instances")

    @classmethod
    def _make(cls, name: str) -> MicroBitSoundEvent:
        event = object.__new__(cls)
        event._name = name
        return event

    def __repr__(self) -> str:
        return f"SoundEvent('{self._name}')"


type.__setattr__(MicroBitSoundEvent, "LOUD", MicroBitSoundEvent._make("loud"))
type.__setattr__(MicroBitSoundEvent, "QUIET", MicroBitSoundEvent._make("quiet"))
SOUND_EVENTS = {"loud": MicroBitSoundEvent.LOUD, "quiet": MicroBitSoundEvent.QUIET}


def _sound_name(event: object) -> str:
    """``sound_event_from_obj``: only the two SoundEvent objects themselves will do."""
    for name, known in SOUND_EVENTS.items():
        if event is known:
            return name
    raise ValueError("invalid sound")


class MicroBitMicrophone:
    """The object students know as ``microphone``. Any use starts the microphone."""

    __slots__ = ("_motion",)
    __module__ = "builtins"

    def __init__(self, motion: Motion):
        self._motion = motion

    def __repr__(self) -> str:
        return "<MicroBitMicrophone>"

    @_fixed_args
    def set_threshold(self, event: MicroBitSoundEvent, value: int) -> None:
        loud = _sound_name(event) == "loud"
        level = word(value)
        self._motion.start_microphone()
        self._motion.set_sound_threshold(loud, level)

    @_fixed_args
    def sound_level(self) -> int:
        self._motion.start_microphone()
        return int(self._motion.board.value("sound_level"))  # type: ignore[call-overload]

    @_fixed_args
    def current_event(self) -> MicroBitSoundEvent:
        """The latest event; ``QUIET`` before any (the v2.1.2 firmware, not None)."""
        self._motion.start_microphone()
        return SOUND_EVENTS[self._motion.sound_current]

    @_fixed_args
    def is_event(self, event: MicroBitSoundEvent) -> bool:
        self._motion.start_microphone()
        return _sound_name(event) == self._motion.sound_current

    @_fixed_args
    def was_event(self, event: MicroBitSoundEvent) -> bool:
        """Whether it happened since last asked; clears that flag and the whole history."""
        motion = self._motion
        motion.start_microphone()
        name = _sound_name(event)
        happened = name in motion.sound_flags
        motion.sound_flags.discard(name)
        motion.sound_list.clear()
        return happened

    @_fixed_args
    def get_events(self) -> tuple[MicroBitSoundEvent, ...]:
        motion = self._motion
        motion.start_microphone()
        events = tuple(SOUND_EVENTS[name] for name in motion.sound_list)
        motion.sound_list.clear()
        return events


def build_sensors(board: MicrobitBoard) -> dict[str, object]:
    """The sensor objects of ``microbit`` for one board, by name."""
    return {"accelerometer": MicroBitAccelerometer(board.motion),
            "compass": MicroBitCompass(board),
            "microphone": MicroBitMicrophone(board.motion),
            "SoundEvent": MicroBitSoundEvent}
