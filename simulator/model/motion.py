"""Movement and sound sensing of a micro:bit V2: accelerometer and gestures, compass, microphone.

The board's sensors (``accelerometer_x/_y/_z``, ``compass_heading``, ``sound_level``, set with
``board.set_value``) are what the world does to the board. This part turns them into what the
firmware reports, the way the firmware does it:

- Accelerometer readings as the LSM303 driver gives them (codal-core
  ``LSM303Accelerometer.cpp``): 10-bit samples, so a reading is a multiple of 2 x range mg
  (4 mg at the default 2 g), at most range x 1024 mg either way.
- Gestures from those readings with CODAL's recogniser (codal-core ``Accelerometer.cpp``),
  sampled every 20 ms (the driver's default 50 Hz) from power-on, because MicroPython listens
  for gesture events from the start (``main.cpp``). The events feed the history MicroPython
  keeps (``microbit_accelerometer.c``: one flag per gesture, a list of at most 16).
- An injected gesture (``board.gesture(name)``) is raised as if the recogniser had seen it; a
  posture or shake then stays the current gesture for ``GESTURE_HOLD_MS``, after which the
  recogniser settles on what the accelerometer says again (and reports that posture, as after
  a real movement). ``3g``, ``6g`` and ``8g`` are impulse events: as on the board they never
  become the current gesture.
- LOUD and QUIET from ``sound_level`` with CODAL's level detector (codal-core
  ``LevelDetectorSPL.cpp``, thresholds from codal-microbit-v2 ``MicroBitAudio.cpp``), checked
  at the end of each 11.52 ms detector window once the program has used the microphone
  (``microbithal_microphone.cpp`` listens only from then on), feeding MicroPython's history
  (``microbit_microphone.c``: at most 8 events).
- A magnetic field consistent with ``compass_heading`` (see ``compass_field``).

Nothing here imports anything but the standard library and other model files.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .clock import US_PER_MS, Timer
from .events import ValueChanged

if TYPE_CHECKING:
    from .microbit import MicrobitBoard

# -- gestures: codes as CODAL and MicroPython number them (Accelerometer.h, microbithal.h) ------
NONE, UP, DOWN, LEFT, RIGHT, FACE_UP, FACE_DOWN, FREEFALL, G3, G6, G8, SHAKE, G2 = range(13)
GESTURE_NAMES = ("", "up", "down", "left", "right", "face up", "face down", "freefall",
                 "3g", "6g", "8g", "shake", "2g")
IMPULSES = (G2, G3, G6, G8)

SAMPLE_PERIOD_US = 20 * US_PER_MS  # CODAL's default accelerometer period: 50 Hz
RANGES_G = (2, 4, 8, 16)  # what the LSM303 offers; set_range picks the first >= the request
GESTURE_HOLD_MS = 1000  # how long an injected posture or shake stays the current gesture
GESTURE_HISTORY = 16  # GESTURE_LIST_SIZE bytes of two 4-bit entries each

TILT_MG = 1000 - 200  # ACCELEROMETER_TILT_TOLERANCE
FREEFALL_SQ = 400 ** 2  # ACCELEROMETER_FREEFALL_TOLERANCE, squared
SHAKE_MG = 400  # ACCELEROMETER_SHAKE_TOLERANCE
SHAKE_COUNT = 4  # zero crossings that make a shake
SHAKE_DAMPING = 10  # samples after which one counted crossing is forgotten
SHAKE_RTX = 30  # samples before another shake can be reported
GESTURE_DAMPING = 5  # samples a posture must hold before it is reported
IMPULSE_SQ = {G2: 2048 ** 2, G3: 3072 ** 2, G6: 6144 ** 2, G8: 8192 ** 2}

# -- microphone: CODAL's level detector as MicroPython v2.1.2 configures it ----------------------
SPL_ZERO_DB = 52.0  # 8-bit level 0 (LEVEL_DETECTOR_SPL_8BIT_000_POINT in MicroPython's codal.json)
SPL_FULL_DB = 100.0  # 8-bit level 255 (codal-core's LEVEL_DETECTOR_SPL_8BIT_255_POINT)
SPL_PER_DB = 255.0 / (SPL_FULL_DB - SPL_ZERO_DB)
LOUD_DB = 85.0  # MicroBitAudio's levelSPL high threshold: 8-bit 175.3
QUIET_DB = 65.0  # and low threshold: 8-bit 69.1
LEVEL_WINDOW_US = 128 * 90  # one detector window: 128 samples at the ADC's 90 us period
SOUND_HISTORY = 8  # EVENT_HISTORY_SIZE

# -- compass: a plausible Earth field (roughly Japan's) -----------------------------------------
FIELD_HORIZONTAL_NT = 30_000
FIELD_DOWN_NT = 35_000


@dataclass(frozen=True)
class GestureDetected:
    """The board raised a gesture event (detected from the accelerometer, or injected)."""

    board: int
    name: str


@dataclass(frozen=True)
class SoundDetected:
    """The microphone's level detector raised ``loud`` or ``quiet``."""

    board: int
    name: str


class GestureDetector:
    """CODAL's gesture recogniser (``Accelerometer::updateGesture``), one sample at a time."""

    def __init__(self) -> None:
        self.sigma = 0
        self.impulse_sigma = 0
        self.last = NONE  # the stable gesture, what getGesture() returns
        self.current = NONE  # the latest instantaneous posture
        self.shake_axes = [False, False, False]
        self.shake_count = 0
        self.shake_timer = 0
        self.shaken = False
        self.impulse_fired = dict.fromkeys(IMPULSES, True)  # CODAL starts them at 1
        self.holding = False  # an injected gesture is being held

    def state(self) -> tuple:
        return (self.sigma, self.impulse_sigma, self.last, self.current, tuple(self.shake_axes),
                self.shake_count, self.shake_timer, self.shaken,
                tuple(self.impulse_fired.values()), self.holding)

    def update(self, x: int, y: int, z: int) -> list[int]:
        """Take one sample (mg); the gesture events it raises, in order (NONE left out)."""
        events = self._impulses(x * x + y * y + z * z)
        posture = self._posture(x, y, z)
        if posture == SHAKE:
            self.last = SHAKE
            return events + [SHAKE]
        if posture == self.current:
            self.sigma = min(self.sigma + 1, GESTURE_DAMPING)
        else:
            self.current = posture
            self.sigma = 0
        if not self.holding and self.current != self.last and self.sigma >= GESTURE_DAMPING:
            self.last = self.current
            if self.last != NONE:
                events.append(self.last)
        return events

    def _impulses(self, force: int) -> list[int]:
        events = []
        if force > IMPULSE_SQ[G2]:
            for code in IMPULSES:
                if force > IMPULSE_SQ[code] and not self.impulse_fired[code]:
                    events.append(code)
                    self.impulse_fired[code] = True
            self.impulse_sigma = 0
        if self.impulse_sigma < GESTURE_DAMPING:
            self.impulse_sigma += 1
        else:
            self.impulse_fired = dict.fromkeys(IMPULSES, False)
        return events

    def _posture(self, x: int, y: int, z: int) -> int:
        """``instantaneousPosture``: shake by zero crossings, then freefall, then tilt."""
        crossed = False
        for axis, value in enumerate((x, y, z)):
            high = self.shake_axes[axis]
            if (value < -SHAKE_MG and high) or (value > SHAKE_MG and not high):
                crossed = True
                self.shake_axes[axis] = not high
        if crossed and self.shake_count < SHAKE_COUNT:
            self.shake_count += 1
            if self.shake_count == 1:
                self.shake_timer = 0
            if self.shake_count == SHAKE_COUNT:
                self.shaken = True
                self.shake_timer = 0
                return SHAKE
        if self.shake_count > 0:
            self.shake_timer += 1
            if self.shaken and self.shake_timer >= SHAKE_RTX:
                self.shaken = False
                self.shake_timer = 0
                self.shake_count = 0
            elif not self.shaken and self.shake_timer >= SHAKE_DAMPING:
                self.shake_timer = 0
                self.shake_count -= 1
        return _tilt(x, y, z)

    def hold(self, code: int) -> None:
        """An injected posture or shake: it is the current gesture until ``release``."""
        self.last = code
        self.holding = True

    def release(self) -> None:
        """After a hold the recogniser settles afresh on the real posture."""
        if self.holding:
            self.holding = False
            self.current = NONE
            self.sigma = 0


def _tilt(x: int, y: int, z: int) -> int:
    if x * x + y * y + z * z < FREEFALL_SQ:
        return FREEFALL
    for value, low, high in ((x, LEFT, RIGHT), (y, DOWN, UP), (z, FACE_UP, FACE_DOWN)):
        if value < -TILT_MG:
            return low
        if value > TILT_MG:
            return high
    return NONE


def _spl_from_8bit(value: float) -> float:
    return SPL_ZERO_DB + value / SPL_PER_DB


class SoundLevelDetector:
    """CODAL's ``LevelDetectorSPL`` thresholds and events, with MicroPython's 8-bit unit.

    Thresholds are kept in dB. Setting one clears its "passed" state, so the event can come
    again. When a new threshold crosses the other, CODAL moves the other one, passing a dB
    value through the 8-bit conversion a second time; that quirk is kept.
    """

    def __init__(self) -> None:
        self.high_db = LOUD_DB
        self.low_db = QUIET_DB
        self.high_passed = False
        self.low_passed = False

    def set_low(self, value: float) -> None:
        value = _spl_from_8bit(value)
        if self.low_db == value:
            return
        self.low_db = value
        self.low_passed = False
        if self.high_db < self.low_db:
            self.set_high(self.low_db + 1)

    def set_high(self, value: float) -> None:
        value = _spl_from_8bit(value)
        if self.high_db == value:
            return
        self.high_db = value
        self.high_passed = False
        if self.low_db > self.high_db:
            self.set_low(self.high_db - 1)

    def check(self, level_db: float) -> str | None:
        """One window's level: 'loud', 'quiet' or None."""
        if not self.high_passed and level_db > self.high_db:
            self.high_passed, self.low_passed = True, False
            return "loud"
        if not self.low_passed and level_db < self.low_db:
            self.low_passed, self.high_passed = True, False
            return "quiet"
        return None


class Motion:
    """Accelerometer, gestures, compass and microphone state of one board."""

    def __init__(self, board: MicrobitBoard):
        self.board = board
        self.compass_calibrated = False  # CODAL keeps the calibration in flash: not reset
        self._sample_timer: Timer | None = None
        self._hold_timer: Timer | None = None
        self._window_timer: Timer | None = None
        self.reset()
        board.bus.subscribe(self._on_event, ValueChanged)

    def reset(self) -> None:
        """What a board reset clears: gesture and sound state, range, thresholds."""
        for timer in (self._sample_timer, self._hold_timer, self._window_timer):
            if timer is not None:
                timer.cancel()
        self._sample_timer = self._hold_timer = self._window_timer = None
        self.range_g = 2
        self.detector = GestureDetector()
        self.gesture_flags = 0  # bit n: gesture n happened since was_gesture asked
        self.gesture_list: list[int] = []
        self._anchor_us = self.board.scheduler.now_us
        self.sound = SoundLevelDetector()
        self.microphone_on = False
        self._mic_anchor_us = 0
        self.sound_current = "quiet"
        self.sound_flags: set[str] = set()
        self.sound_list: list[str] = []
        if self.board.value("gesture") != "none":
            self.board.set_value("gesture", "none")
        self._start_sampling()

    def _on_event(self, event: object) -> None:
        if not isinstance(event, ValueChanged) or event.board != self.board.number:
            return
        if event.id.startswith("accelerometer_"):
            self._start_sampling()
        elif event.id == "gesture" and event.value != "none":
            self.inject_gesture(str(event.value))
        elif event.id == "gesture" and self._hold_timer is not None:
            self._hold_timer.cancel()
            self._end_hold()
        elif event.id == "sound_level":
            self._schedule_window()

    # -- accelerometer ------------------------------------------------------------------------
    def acceleration(self) -> tuple[int, int, int]:
        """The reading the firmware returns for each axis, in mg."""
        x, y, z = (self._reading(self.board.value(f"accelerometer_{axis}")) for axis in "xyz")
        return x, y, z

    def _reading(self, mg: object) -> int:
        step = 2 * self.range_g
        limit = 1024 * self.range_g
        magnitude = math.floor(abs(float(mg)) / step + 0.5) * step  # type: ignore[arg-type]
        return int(math.copysign(min(limit, magnitude), float(mg)))  # type: ignore[arg-type]

    def set_range(self, g: int) -> None:
        """``setRange``: the value is stored in a byte, then the nearest range at or above."""
        g &= 0xFF
        self.range_g = next((r for r in RANGES_G if r >= g), RANGES_G[-1])
        self._start_sampling()

    def current_gesture(self) -> int:
        return self.detector.last

    @property
    def sampling(self) -> bool:
        """Whether the recogniser still has samples to take (it rests once settled)."""
        return self._sample_timer is not None

    def _start_sampling(self) -> None:
        """Sample on the 20 ms grid from boot until the recogniser's state stops changing."""
        if self._sample_timer is None:
            scheduler = self.board.scheduler
            periods = (scheduler.now_us - self._anchor_us) // SAMPLE_PERIOD_US + 1
            self._sample_timer = scheduler.call_at(
                self._anchor_us + periods * SAMPLE_PERIOD_US, self._sample)

    def _sample(self) -> None:
        self._sample_timer = None
        before = self.detector.state()
        for code in self.detector.update(*self.acceleration()):
            self._gesture_event(code)
        if self.detector.state() != before:
            self._start_sampling()  # with the same input, an unchanged state stays unchanged

    def _gesture_event(self, code: int) -> None:
        """``microbit_hal_gesture_callback``: flag it, and list it while there is room."""
        self.gesture_flags |= 1 << code
        if len(self.gesture_list) < GESTURE_HISTORY:
            self.gesture_list.append(code)
        self.board.bus.publish(GestureDetected(self.board.number, GESTURE_NAMES[code]))

    def inject_gesture(self, name: str) -> None:
        """A gesture from outside (a scenario, the window): raised as the recogniser would."""
        code = GESTURE_NAMES.index(name)
        self._gesture_event(code)
        if code not in IMPULSES:
            self.detector.hold(code)
        if self._hold_timer is not None:
            self._hold_timer.cancel()
        self._hold_timer = self.board.scheduler.call_later(GESTURE_HOLD_MS * US_PER_MS,
                                                           self._end_hold)

    def _end_hold(self) -> None:
        self._hold_timer = None
        self.detector.release()
        self._start_sampling()
        if self.board.value("gesture") != "none":
            self.board.set_value("gesture", "none")

    # -- compass ----------------------------------------------------------------------------------
    def heading(self) -> int:
        return int(self.board.value("compass_heading")) % 360  # type: ignore[call-overload]

    def compass_field(self) -> tuple[int, int, int]:
        """The field (nT) on a board lying flat, face up, turned to ``compass_heading``.

        x and y carry the horizontal part so that CODAL's bearing formulas
        (``atan2(x, y)``, and the tilt-compensated one for a level board) give the heading
        back; z is the downward part, positive as in the northern hemisphere.
        """
        angle = math.radians(float(self.board.value("compass_heading")))  # type: ignore[arg-type]
        return (round(FIELD_HORIZONTAL_NT * math.sin(angle)),
                round(FIELD_HORIZONTAL_NT * math.cos(angle)), FIELD_DOWN_NT)

    # -- microphone -------------------------------------------------------------------------------
    def start_microphone(self) -> None:
        """``microbit_hal_microphone_init``: from now on the detector's events reach the program."""
        if not self.microphone_on:
            self.microphone_on = True
            self._mic_anchor_us = self.board.scheduler.now_us
            self._schedule_window()

    def set_sound_threshold(self, loud: bool, value: int) -> None:
        if loud:
            self.sound.set_high(value)
        else:
            self.sound.set_low(value)
        self._schedule_window()

    def sound_level_db(self) -> float:
        """The level of the sound, in dB, that reads as ``sound_level`` on the 8-bit scale.

        An 8-bit reading n stands for any level from n to n+1 (the firmware truncates), so
        the middle, n + 0.5, is taken; 0 is the detector's floor of 52 dB.
        """
        level = int(self.board.value("sound_level"))  # type: ignore[call-overload]
        return SPL_ZERO_DB if level <= 0 else _spl_from_8bit(level + 0.5)

    def _schedule_window(self) -> None:
        """Check the level at the end of the detector window in progress."""
        if self.microphone_on and self._window_timer is None:
            scheduler = self.board.scheduler
            windows = (scheduler.now_us - self._mic_anchor_us) // LEVEL_WINDOW_US + 1
            self._window_timer = scheduler.call_at(
                self._mic_anchor_us + windows * LEVEL_WINDOW_US, self._window)

    def _window(self) -> None:
        """``microbit_hal_level_detector_callback``: current event, flag, and history."""
        self._window_timer = None
        event = self.sound.check(self.sound_level_db())
        if event is None:
            return
        self.sound_current = event
        self.sound_flags.add(event)
        if len(self.sound_list) < SOUND_HISTORY:
            self.sound_list.append(event)
        self.board.bus.publish(SoundDetected(self.board.number, event))
