"""``machine.Timer``, ``RTC`` and ``WDT`` of MicroPython 1.23's ESP32 port (machine_timer.c,
machine_rtc.c, machine_wdt.c), on the board's virtual clock.

- Timer ids 0-3 are the chip's two groups of two hardware timers (the port keeps only the
  two low bits of the id). A callback gets the timer and runs through the board's
  scheduler, as the port's ISR schedules it; an error in it prints its traceback and the
  program goes on. Timers stop when the program ends (and at a reset).
- RTC counts from 2000-01-01 00:00:00 (MicroPython's epoch on the ESP32) with the board's
  clock; ``datetime(t)`` sets it. Its 2 KB of slow memory (``memory()``) outlives a reset
  and deep sleep, as on the chip. (``time.time()`` is the engine's and follows the board's
  uptime; setting the RTC does not move it.)
- WDT(timeout=ms): not fed in time, it resets the board; ``machine.reset_cause()`` then
  says WDT_RESET.
"""

from __future__ import annotations

import datetime as _dt

from ...model.board import Repeating
from ...model.events import StopKind
from ..mp import Arg, builtin, mp_int, parse_args, read_buffer
from .chip import WDT_RESET
from .context import Context

ONE_SHOT, PERIODIC = 0, 1
EPOCH = _dt.datetime(2000, 1, 1)
RTC_MEMORY_MAX = 2048


class Timer:
    _context: Context
    ONE_SHOT, PERIODIC = ONE_SHOT, PERIODIC

    def __init__(self, *args: object, **kwargs: object) -> None:
        if not args:
            raise TypeError("function missing 1 required positional arguments")
        number = mp_int(args[0])
        self._id = number & 3
        self._mode, self._period_us, self._callback = PERIODIC, 0, None
        self._timer: Repeating | None = None
        self._started_us = 0
        if len(args) > 1 or kwargs:
            self.init(*args[1:], **kwargs)

    def __repr__(self) -> str:
        mode = "PERIODIC" if self._mode == PERIODIC else "ONE_SHOT"
        return f"Timer({self._id}, mode={mode}, period={self._period_us // 1000})"

    def init(self, *args: object, **kwargs: object) -> None:
        table = (Arg("mode", "int", PERIODIC, keyword_only=True),
                 Arg("callback", keyword_only=True), Arg("period", "int", -1, keyword_only=True),
                 Arg("tick_hz", "int", 1000, keyword_only=True),
                 Arg("freq", keyword_only=True))
        mode, callback, period, tick_hz, freq = parse_args(table, args, kwargs)
        if freq is not None:
            hz = float(freq)  # type: ignore[arg-type]
            if hz <= 0:
                raise ValueError("period too large")
            period_us = round(1_000_000 / hz)
        elif period == -1:
            raise ValueError("period too large")
        else:
            period_us = int(period) * 1_000_000 // max(1, int(tick_hz))  # type: ignore[call-overload]
        self.deinit()
        self._mode, self._callback, self._period_us = mode, callback, max(1, period_us)
        board = self._context.board
        self._started_us = board.scheduler.now_us
        self._timer = board.every(self._period_us, self._fire)

    def _fire(self) -> None:
        if self._mode == ONE_SHOT and self._timer is not None:
            self._timer.cancel()
            self._timer = None
        self._started_us = self._context.board.scheduler.now_us
        if self._callback is not None:
            self._context.schedule(self._callback, self)

    def deinit(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    @builtin(1)
    def value(self) -> int:
        """Milliseconds since the timer last started counting."""
        if self._timer is None:
            return 0
        return (self._context.board.scheduler.now_us - self._started_us) // 1000


class RTC:
    _context: Context

    def __init__(self, *args: object) -> None:
        if args and mp_int(args[0]) != 0:
            raise ValueError("invalid RTC id")

    def _now(self) -> _dt.datetime:
        board = self._context.board
        us = board.scheduler.now_us + board.rtc_offset_us
        return EPOCH + _dt.timedelta(microseconds=us)

    def datetime(self, *args: object) -> tuple[int, ...] | None:
        if len(args) > 1:
            raise TypeError(f"function expected at most 2 arguments, got {len(args) + 1}")
        if not args:
            t = self._now()
            return (t.year, t.month, t.day, t.weekday(), t.hour, t.minute, t.second,
                    t.microsecond)
        self._set(args[0])
        return None

    def _set(self, value: object) -> None:
        items = [mp_int(v) for v in value]  # type: ignore[attr-defined]
        if len(items) < 7:
            raise ValueError("requested length 8 but object has length %d" % len(items))
        year, month, day, _weekday, hour, minute, second = items[:7]
        micro = items[7] if len(items) > 7 else 0
        try:
            wanted = _dt.datetime(year, month, day, hour, minute, second, max(0, micro))
        except ValueError:
            raise ValueError("invalid date") from None
        us = (wanted - EPOCH) // _dt.timedelta(microseconds=1)
        board = self._context.board
        board.rtc_offset_us = us - board.scheduler.now_us

    def init(self, value: object) -> None:
        self._set(value)

    def memory(self, *args: object) -> bytes | None:
        chip = self._context.chip
        if not args:
            return chip.rtc_memory
        data = read_buffer(args[0])
        if len(data) > RTC_MEMORY_MAX:
            raise ValueError("buffer too long")
        chip.rtc_memory = data
        return None


class WDT:
    _context: Context

    def __init__(self, *args: object, **kwargs: object) -> None:
        table = (Arg("id", "int", 0), Arg("timeout", "int", 5000))
        wdt_id, timeout = parse_args(table, args, kwargs)
        if wdt_id != 0:
            raise ValueError(f"WDT({wdt_id}) doesn't exist")
        if timeout <= 0:  # type: ignore[operator]
            raise ValueError("WDT timeout too short")
        board = self._context.board
        self._timeout_us = int(timeout) * 1000  # type: ignore[call-overload]
        self._fed_us = board.scheduler.now_us
        self._check = board.every(max(1000, self._timeout_us // 16), self._watch)

    @builtin(1)
    def feed(self) -> None:
        self._fed_us = self._context.board.scheduler.now_us

    def _watch(self) -> None:
        ctx = self._context
        if not ctx.current:
            self._check.cancel()
            return
        if ctx.board.scheduler.now_us - self._fed_us >= self._timeout_us:
            self._check.cancel()
            ctx.chip.reset_cause = WDT_RESET
            board = ctx.board  # the reset happens in the program's task, as machine.reset()
            board.schedule_in_program(lambda: board.halt(StopKind.RESET))
