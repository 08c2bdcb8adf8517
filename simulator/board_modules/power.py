"""The ``power`` module of MicroPython on micro:bit V2, built for one board.

As in the firmware (micropython-microbit-v2 v2.1.2, ``src/codal_port/modpower.c`` and
``drv_softtimer.c``):

- ``off()`` powers the board down: the program ends for good and the display goes dark.
  Only the reset button (in the simulator: running the program again) starts it again.
- ``deep_sleep(ms=None, wake_on=None, run_every=True)`` sleeps until ``ms`` have passed or
  a wake source fires: a button in ``wake_on`` pressed, a pin in it (0, 1 or 2) touched, or
  data arriving on the serial line (always a wake source). A button or pin already active
  wakes the board at once. With ``run_every=True`` the board wakes for each ``run_every``
  callback, runs it and sleeps again; with ``run_every=False`` the timers are paused and the
  runs that fell due during the sleep are skipped (their timing is kept).
- Not simulated (see the README's gaps): the LEDs stay lit during a deep sleep (on the board
  they go dark), and other pins in ``wake_on`` are accepted but nothing can wake them.
- Arguments are parsed as ``mp_arg_parse_all`` does: positional or keyword; an unknown or
  repeated keyword is ``TypeError: extra keyword arguments given``; ``ms`` must be an int;
  anything in ``wake_on`` that is not a pin or button is ``ValueError: expecting a pin or
  button``.
"""

from __future__ import annotations

from types import ModuleType

from ..model.clock import US_PER_MS
from ..model.events import StopKind
from ..model.microbit import MicrobitBoard, Repeating
from .machine import pin_name, plain_names
from .microbit import MicroBitButton
from .mp import Arg, parse_args, word

UINT32 = 0xFFFFFFFF
TOUCH_PINS = ("pin0", "pin1", "pin2")  # the pins a finger can make active
DEEP_SLEEP_ARGS = (Arg("ms"), Arg("wake_on"), Arg("run_every", default=True))


def wake_sources(value: object) -> tuple[list[str], list[str]]:
    """The buttons ('A', 'B') and pins ('pin0', ...) in ``wake_on``."""
    if value is None:
        items: list[object] = []
    elif isinstance(value, (tuple, list)):
        items = list(value)
    else:
        items = [value]
    buttons, pins = [], []
    for item in items:
        if isinstance(item, MicroBitButton):
            buttons.append(item._name)
        elif (name := pin_name(item)) is not None:
            pins.append(name)
        else:
            raise ValueError("expecting a pin or button")
    return buttons, pins


class WakeWatch:
    """Tells when a wake source fires, from the board's inputs since the sleep began."""

    def __init__(self, board: MicrobitBoard, buttons: list[str], pins: list[str]):
        self.board = board
        self.buttons = {b: board.buttons[b].presses for b in buttons}
        self.touches = {p: board.touches[p] for p in pins if p in TOUCH_PINS}
        self.serial = len(board.serial_in)

    def fired(self) -> bool:
        board = self.board
        return (any(board.buttons[b].pressed or board.buttons[b].presses > n
                    for b, n in self.buttons.items())
                or any(board.touched[t] or board.touches[t] > n
                       for t, n in self.touches.items())
                or len(board.serial_in) > self.serial)


class PausedTimers:
    """``run_every`` timers held still while the board sleeps with ``run_every=False``.

    On waking, the runs that fell due are skipped and the next ones keep their timing, as
    ``microbit_soft_timer_set_pause(False, False)`` does.
    """

    def __init__(self, board: MicrobitBoard):
        self.board = board
        self.paused: list[tuple[Repeating, int]] = []
        for timer in board.background_timers:
            due = timer.pause()
            if due is not None:
                self.paused.append((timer, due))

    def resume(self) -> None:
        for timer, due in self.paused:
            if timer in self.board.background_timers:  # not stopped while asleep
                timer.resume(due)


def _sleep(board: MicrobitBoard, ms: int | None, watch: WakeWatch, run_every: bool) -> None:
    timeout_us = None if ms is None else ms * US_PER_MS
    paused = None if run_every else PausedTimers(board)
    try:
        board.wait(watch.fired, timeout_us)
    finally:
        if paused is not None:
            paused.resume()


def build_power(board: MicrobitBoard) -> ModuleType:
    def off() -> None:
        board.display.stop_animation()
        board.display.clear()  # the LEDs go dark
        board.halt(StopKind.POWER_OFF)

    def deep_sleep(*args: object, **kwargs: object) -> None:
        ms, wake_on, run_every = parse_args(DEEP_SLEEP_ARGS, args, kwargs)
        wake_ms = None if ms is None else word(ms) & UINT32
        buttons, pins = wake_sources(wake_on)
        _sleep(board, wake_ms, WakeWatch(board, buttons, pins), bool(run_every))

    mod = ModuleType("power", "Manage the power modes of the micro:bit (V2 only).")
    for function in plain_names(off, deep_sleep):
        setattr(mod, function.__name__, function)
    return mod

