"""``machine.PWM`` of MicroPython 1.23's ESP32 port (machine_pwm.c over ESP-IDF's LEDC).

- ``PWM(pin, freq=5000)``: a new PWM without a duty runs at 50 % (``duty=512``); its repr
  names the duty the way it was last set: ``PWM(Pin(2), freq=5000, duty=512)``,
  ``..., duty_u16=32768)``, ``..., duty_ns=100000)``.
- The LEDC has 16 channels (8 high speed, 8 low speed) and 8 timers; each frequency in use
  needs a timer: ``ValueError: out of PWM channels:16`` / ``out of PWM timers:8``.
- The duty resolution is what the 80 MHz clock (1 MHz below 10 Hz) allows at the frequency,
  at most 16 bits, so ``duty_u16()`` reads back what the hardware keeps: at 5 kHz (13 bits)
  ``duty_u16(1001)`` reads 1000. ``freq()`` reads what the divider gives (ESP-IDF's
  ``ledc_get_freq``).
- Ranges: ``frequency must be from 1Hz to 40MHz``, ``duty must be from 0 to 1023``,
  ``duty_u16 must be from 0 to 65535``, ``duty_ns must be from 0 to N ns``; after
  ``deinit()``: ``RuntimeError: PWM is inactive``. An input-only pin fails in ESP-IDF's
  channel set-up: ``OSError: (-258, 'ESP_ERR_INVALID_ARG')``.
"""

from __future__ import annotations

from ...model.gpio import Pwm
from ..mp import Arg, parse_args
from .context import Context
from .pins import input_only_pwm_error

DEFAULT_FREQ = 5000
APB_HZ, REF_HZ, SLOW_BELOW_HZ = 80_000_000, 1_000_000, 10
CHANNELS, TIMERS = 16, 8
MAX_U16, MAX_U10 = 65535, 1023
INIT_ARGS = (Arg("freq", "int", -1), Arg("duty", "int", -1, keyword_only=True),
             Arg("duty_u16", "int", -1, keyword_only=True),
             Arg("duty_ns", "int", -1, keyword_only=True),
             Arg("invert", "int", 0, keyword_only=True))


def resolution_for(freq: int) -> int:
    """The timer's duty bits at ``freq`` (the port's ``set_freq``)."""
    clock = REF_HZ if freq < SLOW_BELOW_HZ else APB_HZ
    divider = max(1, (clock + freq // 2) // freq)
    actual = max(1.0, clock / divider)
    ticks = round(clock / actual)
    bits = ticks.bit_length() - 1
    return 1 if bits == 0 else min(bits, 16)


def actual_freq(freq: int) -> int:
    """ESP-IDF's ``ledc_get_freq``: from the divider (8 fractional bits) it programmed."""
    clock = REF_HZ if freq < SLOW_BELOW_HZ else APB_HZ
    precision = 1 << resolution_for(freq)
    divider = ((clock << 8) + freq * precision // 2) // (freq * precision)
    return (clock << 8) // (precision * divider) if divider else 0


class PWM:
    _context: Context

    def __init__(self, *args: object, **kwargs: object) -> None:
        if not args:
            raise TypeError("function missing 1 required positional arguments")
        if len(args) > 2:
            raise TypeError(f"function expected at most 2 arguments, got {len(args)}")
        self._number = self._context.gpio_number(args[0])
        self._active, self._freq, self._raw, self._scale, self._asked = False, 0, 0, "", 0
        self.init(*args[1:], **kwargs)

    @property
    def _table(self) -> dict[int, int]:
        """pin -> frequency of every PWM running on the board now."""
        return self._context.__dict__.setdefault("pwm_channels", {})

    def __repr__(self) -> str:
        text = f"PWM(Pin({self._number})"
        if self._active:
            shown = {"duty": self.duty(), "duty_ns": self.duty_ns(), "": self.duty_u16()}
            name = self._scale if self._scale != "duty_u16" else ""
            text += f", freq={self.freq()}, {name or 'duty_u16'}={shown[name]}"
        return text + ")"

    def init(self, *args: object, **kwargs: object) -> None:
        freq, duty, duty_u16, duty_ns, _invert = parse_args(INIT_ARGS, args, kwargs)
        if sum(d != -1 for d in (duty, duty_u16, duty_ns)) > 1:
            raise ValueError("only one of parameters 'duty', 'duty_u16' or 'duty_ns' is allowed")
        table = self._table
        if self._number not in table and len(table) >= CHANNELS:
            raise ValueError(f"out of PWM channels:{CHANNELS}")
        if freq == -1:
            freq = table.get(self._number) or DEFAULT_FREQ
        self._check_freq(freq)  # type: ignore[arg-type]
        if self._number >= self._context.first_input_only:
            raise input_only_pwm_error()
        table[self._number] = freq  # type: ignore[assignment]
        self._active = True
        self._set_freq(freq)  # type: ignore[arg-type]
        if duty_u16 != -1:
            self.duty_u16(duty_u16)
        elif duty_ns != -1:
            self.duty_ns(duty_ns)
        elif duty != -1:
            self.duty(duty)
        elif not self._scale:
            self.duty(512)

    def _check_freq(self, freq: int) -> None:
        if not 0 < freq <= 40_000_000:
            raise ValueError("frequency must be from 1Hz to 40MHz")
        others = {f for pin, f in self._table.items() if pin != self._number}
        if freq not in others and len(others) >= TIMERS:
            raise ValueError(f"out of PWM timers:{TIMERS}")

    def _set_freq(self, freq: int) -> None:
        self._freq = freq
        self._table[self._number] = freq
        if self._scale:  # the same duty at the new frequency
            self._apply(self._scale, self._asked)

    def _check_active(self) -> None:
        if not self._active:
            raise RuntimeError("PWM is inactive")

    def _apply(self, scale: str, asked: int) -> None:
        bits = resolution_for(self._freq)
        u16 = {"duty": asked << 6, "duty_ns": self._ns_to_u16(asked), "duty_u16": asked}[scale]
        self._raw = min(u16 >> (16 - bits), (1 << bits) - 1)
        self._scale, self._asked = scale, asked
        duty = self._raw / (1 << bits)
        self._context.gpio.set_pwm(self._number, Pwm(actual_freq(self._freq), duty))

    def _ns_to_u16(self, ns: int) -> int:
        duty = (ns * MAX_U16 * self._freq + 500_000_000) // 1_000_000_000
        return 1 if ns > 0 and duty == 0 else min(duty, MAX_U16)

    def _u16_to_ns(self, u16: int) -> int:
        return (u16 * 1_000_000_000 + self._freq * MAX_U16 // 2) // (self._freq * MAX_U16)

    def _read_u16(self) -> int:
        self._check_active()
        return self._raw << (16 - resolution_for(self._freq))

    # -- the methods ---------------------------------------------------------------------
    def freq(self, *value: object) -> int | None:
        self._check_active()
        if not value:
            return actual_freq(self._freq)
        (freq,) = parse_args((Arg("freq", "int"),), value, {})
        self._check_freq(freq)  # type: ignore[arg-type]
        self._set_freq(freq)  # type: ignore[arg-type]
        return None

    def duty(self, *value: object) -> int | None:
        if not value:
            return self._read_u16() >> 6
        (duty,) = parse_args((Arg("duty", "int"),), value, {})
        self._check_active()
        if not 0 <= duty <= MAX_U10:  # type: ignore[operator]
            raise ValueError(f"duty must be from 0 to {MAX_U10}")
        self._apply("duty", duty)  # type: ignore[arg-type]
        return None

    def duty_u16(self, *value: object) -> int | None:
        if not value:
            return self._read_u16()
        (duty,) = parse_args((Arg("duty_u16", "int"),), value, {})
        self._check_active()
        if not 0 <= duty <= MAX_U16:  # type: ignore[operator]
            raise ValueError(f"duty_u16 must be from 0 to {MAX_U16}")
        self._apply("duty_u16", duty)  # type: ignore[arg-type]
        return None

    def duty_ns(self, *value: object) -> int | None:
        if not value:
            return self._u16_to_ns(self._read_u16())
        (ns,) = parse_args((Arg("duty_ns", "int"),), value, {})
        self._check_active()
        top = self._u16_to_ns(MAX_U16)
        if not 0 <= ns <= top:  # type: ignore[operator]
            raise ValueError(f"duty_ns must be from 0 to {top} ns")
        self._apply("duty_ns", ns)  # type: ignore[arg-type]
        return None

    def deinit(self) -> None:
        if self._active:
            self._table.pop(self._number, None)
            self._context.gpio.set_pwm(self._number, None)
        self._active, self._scale = False, ""
