"""``microbit``: the module a student imports, built for one simulated board.

Here: Image, display, button_a/button_b, sleep, running_time, temperature, panic,
reset, set_volume, run_every and scale. The sensors (``sensors.py``), the pins and
buses (``pins.py``) and sound (``sound.py``) come from their own files.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

from ...model.clock import US_PER_MS
from ...model.events import StopKind
from ...model.microbit import MicrobitBoard
from ..mp import ScheduledError, mp_float, mp_int, single_precision
from ..neopixel import build_ws2812_write
from .display import MicroBitDisplay
from .image import Image
from .pins import build_pins
from .sensors import build_sensors
from .sound import build_sound_names
from .text import glyph

PANIC_FACE = ((9, 9, 0, 9, 9), (9, 9, 0, 9, 9), (0, 0, 0, 0, 0), (0, 9, 9, 9, 0),
              (9, 0, 0, 0, 9))
PANIC_FRAME_MS = 600
PANIC_GAP_MS = 60

class MicroBitButton:
    """``button_a`` / ``button_b``: presses are counted as the button goes down."""

    def __init__(self, board: MicrobitBoard, name: str):
        self._board = board
        self._state = board.buttons[name]
        self._name = name

    def __repr__(self) -> str:
        return f"<MicroBitButton {self._name}>"

    def is_pressed(self) -> bool:
        return self._state.pressed

    def was_pressed(self) -> bool:
        pressed = self._state.was_pressed
        self._state.was_pressed = False
        return pressed

    def get_presses(self) -> int:
        presses = self._state.presses
        self._state.presses = 0
        return presses


def _build_functions(board: MicrobitBoard) -> dict[str, object]:
    def sleep(n: float, /) -> None:
        ms = n if isinstance(n, int) else int(mp_float(n))  # floats are truncated
        if ms > 0:
            board.sleep_us(ms * US_PER_MS)

    def running_time() -> int:
        return board.running_time_ms()

    def temperature() -> int:
        return int(board.value("temperature"))  # type: ignore[call-overload]

    def set_volume(v: int) -> None:
        board.audio.set_volume(max(0, min(255, mp_int(v))))

    def reset() -> None:
        board.halt(StopKind.RESET)

    def panic(n: int = 999) -> None:
        code = mp_int(n)
        board.display.animate(_panic_frames(code))
        board.halt(StopKind.PANIC, code)

    return {"sleep": sleep, "running_time": running_time, "temperature": temperature,
            "set_volume": set_volume, "reset": reset, "panic": panic,
            "run_every": _run_every_for(board), "scale": scale}


def _panic_frames(code: int):
    """The panic face, then the code as three digits, each 600 ms then 60 ms dark, for ever."""
    digits = f"{abs(code) % 1000:03d}"
    blank = ((0,) * 5,) * 5
    while True:
        for rows in (PANIC_FACE, *(glyph(ord(d)) for d in digits)):
            yield rows, PANIC_FRAME_MS
            yield blank, PANIC_GAP_MS


class RunEvery:
    """What ``run_every`` returns; called with a function, it starts calling it."""

    def __init__(self, board: MicrobitBoard, period_ms: int):
        self._board = board
        self._period_ms = period_ms
        self._callback: Callable[[], object] | None = None

    def __repr__(self) -> str:
        return "<run_every>"

    def __call__(self, callback: Callable[[], object]) -> RunEvery:
        self._callback = callback
        board = self._board
        board.every(self._period_ms * US_PER_MS,
                    lambda: board.schedule_in_program(self._run))
        return self

    def _run(self) -> None:
        run_scheduled = getattr(self._callback, "run_scheduled", None)
        if run_scheduled is not None:  # the board's own core: its scheduler handles errors
            run_scheduled(ends_program=True)
            return
        try:
            self._callback()  # type: ignore[misc]
        except Exception as exc:  # the firmware stops the timers and ends main.py with it
            self._board.cancel_background()
            raise ScheduledError(exc) from exc


def _run_every_for(board: MicrobitBoard) -> Callable[..., object]:
    def run_every(callback: Callable[[], object] | None = None, *, days: int = 0, h: int = 0,
                  min: int = 0, s: int = 0, ms: int = 0) -> RunEvery:
        period_ms = (((mp_int(days) * 24 + mp_int(h)) * 60 + mp_int(min)) * 60
                     + mp_int(s)) * 1000 + mp_int(ms)
        timer = RunEvery(board, period_ms & 0xFFFFFFFF)
        return timer if callback is None else timer(callback)

    return run_every


def scale(value: float, from_: tuple[float, float], to: tuple[float, float]) -> float:
    """Map ``value`` from one range to another; an int range gives an int (half to even)."""
    (from_lo, from_hi), (to_lo, to_hi) = from_, to
    result = (mp_float(value) - from_lo) / (from_hi - from_lo) * (to_hi - to_lo) + to_lo
    if isinstance(to_lo, float) or isinstance(to_hi, float):
        return single_precision(result)
    return round(result)


def show_error_text(board: MicrobitBoard, type_name: str | None, message: str,
                    line: int | None) -> None:
    """A sad face, then where and what, scrolled: ``line 3 NameError name 'x' ...``. The
    type and message are shown for the board's own exception types only (``type_name``
    None for a program's own class)."""
    text = "" if line is None else f"line {line} "
    if type_name is not None:
        text += f"{type_name} {message}"
    MicroBitDisplay(board).show(Image.SAD)
    board.sleep_us(1000 * US_PER_MS)
    MicroBitDisplay(board).scroll(text)


def build_microbit(board: MicrobitBoard) -> ModuleType:
    mod = ModuleType("microbit", "Pins, images, sounds, temperature and volume.")
    display = MicroBitDisplay(board)
    attrs: dict[str, object] = {
        "Image": Image,
        "display": display,
        "button_a": MicroBitButton(board, "A"),
        "button_b": MicroBitButton(board, "B"),
        **_build_functions(board),
        **build_sensors(board),
        **build_pins(board),
        **build_sound_names(board),
        "ws2812_write": build_ws2812_write(board),
    }
    for key, value in attrs.items():
        setattr(mod, key, value)
    return mod
