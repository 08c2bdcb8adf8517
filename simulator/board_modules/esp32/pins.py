"""``machine.Pin``, ``Signal``, ``ADC``, ``DAC`` and ``TouchPad`` of MicroPython 1.23's ESP32
port (machine_pin.c, machine_adc.c, machine_dac.c, machine_touchpad.c), over the board's
GPIO model (``model/gpio.py``).

- ``Pin(n)`` is the same object every time (the firmware's pin table); its repr is
  ``Pin(2)``; a number outside the table is ``ValueError: invalid pin``; GPIO34-39 of the
  ESP32 refuse an output mode with ``ValueError: pin can only be input``. The constants are
  the ESP-IDF values the port uses: IN 1, OUT 3, OPEN_DRAIN 7, PULL_DOWN 1, PULL_UP 2,
  IRQ_RISING 1, IRQ_FALLING 2, WAKE_LOW 4, WAKE_HIGH 5, DRIVE_0-3 0-3.
- An IRQ's handler gets the pin and runs through the board's scheduler, as the port's ISR
  schedules it; an error in it prints its traceback and the program goes on.
- ADC reads the voltage at the pin (``Gpio.volts``). The port starts a channel at
  ATTN_0DB, whose range ends near 1.1 V; the ranges here are 1.1, 1.5, 2.2 and 3.3 V for
  0, 2.5, 6 and 11 dB (real chips vary by a few percent; 11 dB is taken to reach the supply,
  so a potentiometer's top reads 4095). ``read_uv`` is in whole millivolts (the port's
  calibration gives mV), times 1000.
- TouchPad reads ``chip.touch_read``: about 600 untouched, 80 touched (an ESP32's pads read
  some hundreds, and much less under a finger). The S3's pads count the other way on real
  boards (they rise when touched); here they read as the ESP32's do.
"""

from __future__ import annotations

from ...model import gpio as model
from ..mp import Arg, builtin, mp_int, parse_args
from .chip import EspError, touch_read
from .context import Context

IN, OUT, OPEN_DRAIN = 1, 3, 7
PULL_DOWN, PULL_UP = 1, 2
IRQ_RISING, IRQ_FALLING = 1, 2
WAKE_LOW, WAKE_HIGH = 4, 5
OUTPUT_BIT = 2
MODES = {IN: model.IN, OUT: model.OUT, OPEN_DRAIN: model.OPEN_DRAIN}

PIN_INIT = (Arg("mode", default=None), Arg("pull", default=-1),
            Arg("value", keyword_only=True, default=None),
            Arg("drive", keyword_only=True, default=None),
            Arg("hold", keyword_only=True, default=None))


class IRQ:
    """What ``Pin.irq()`` returns: the pin's interrupt."""

    def __init__(self, pin: Pin):
        self._pin = pin

    def __call__(self) -> None:
        handler = self._pin._handler
        if handler is not None:
            handler(self._pin)

    @builtin(1, 2)
    def trigger(self, *new: object) -> int:
        return self._pin._trigger


class Pin:
    _context: Context
    IN, OUT, OPEN_DRAIN, PULL_UP, PULL_DOWN = IN, OUT, OPEN_DRAIN, PULL_UP, PULL_DOWN
    IRQ_RISING, IRQ_FALLING, WAKE_LOW, WAKE_HIGH = IRQ_RISING, IRQ_FALLING, WAKE_LOW, WAKE_HIGH
    DRIVE_0, DRIVE_1, DRIVE_2, DRIVE_3 = 0, 1, 2, 3

    def __new__(cls, *args: object, **kwargs: object) -> Pin:
        if not args:
            raise TypeError("function missing 1 required positional arguments")
        ctx = cls._context
        number = ctx.gpio_number(args[0])
        pins: dict[int, Pin] = ctx.__dict__.setdefault("pin_objects", {})
        self = pins.get(number)
        if self is None:
            self = object.__new__(cls)
            self._number, self._handler, self._trigger = number, None, 0
            self._drive = 2
            pins[number] = self
        if len(args) > 1 or kwargs:
            self._init(args[1:], kwargs)
        return self

    def __init__(self, *args: object, **kwargs: object) -> None:
        pass  # all done in __new__ (the same object comes back)

    def __repr__(self) -> str:
        return f"Pin({self._number})"

    def init(self, *args: object, **kwargs: object) -> None:
        self._init(args, kwargs)

    def _init(self, args: tuple[object, ...], kwargs: dict[str, object]) -> None:
        mode, pull, value, drive, _hold = parse_args(PIN_INIT, args, kwargs)
        gpio, n = self._context.gpio, self._number
        state = gpio.state(n)
        if value is not None:
            gpio.write(n, 1 if value else 0)
        if drive is not None:
            self._drive = mp_int(drive)
        new_mode, new_pull = state.mode, state.pull
        if mode is not None:
            code = mp_int(mode)
            if n >= self._context.first_input_only and code & OUTPUT_BIT:
                raise ValueError("pin can only be input")
            new_mode = MODES.get(code & 7, model.IN if not code & OUTPUT_BIT else model.OUT)
        if pull != -1:
            code = 0 if pull is None else mp_int(pull)
            new_pull = model.PULL_UP if code & PULL_UP else model.PULL_DOWN if code & PULL_DOWN \
                else None
        gpio.configure(n, new_mode, new_pull)

    def __call__(self, *args: object) -> int | None:
        if len(args) > 1:
            raise TypeError(f"function expected at most 1 arguments, got {len(args)}")
        gpio, n = self._context.gpio, self._number
        if not args:
            return gpio.level(n)
        gpio.write(n, 1 if args[0] else 0)
        return None

    def value(self, *args: object, **kwargs: object) -> int | None:
        if kwargs:
            raise TypeError("function doesn't take keyword arguments")
        if len(args) > 1:
            raise TypeError(f"function expected at most 2 arguments, got {len(args) + 1}")
        return self(*args)

    @builtin(1)
    def on(self) -> None:
        self._context.gpio.write(self._number, 1)

    @builtin(1)
    def off(self) -> None:
        self._context.gpio.write(self._number, 0)

    @builtin(1)
    def toggle(self) -> None:
        gpio = self._context.gpio
        gpio.write(self._number, 1 - gpio.state(self._number).out_level)

    def irq(self, *args: object, **kwargs: object) -> IRQ:
        table = (Arg("handler", default=None), Arg("trigger", "int", IRQ_RISING | IRQ_FALLING),
                 Arg("wake", default=None))
        handler, trigger, wake = parse_args(table, args, kwargs)
        if args or kwargs:
            if trigger in (WAKE_LOW, WAKE_HIGH) and wake is not None:
                self._context.chip.wake_ext0 = (self._number, 0 if trigger == WAKE_LOW else 1)
            else:
                self._set_irq(handler, int(trigger))  # type: ignore[arg-type]
        return IRQ(self)

    def _set_irq(self, handler: object, trigger: int) -> None:
        ctx, n = self._context, self._number
        if handler is None:
            handler, trigger = None, 0
        self._handler, self._trigger = handler, trigger
        mask = (model.IRQ_RISING if trigger & IRQ_RISING else 0) | \
            (model.IRQ_FALLING if trigger & IRQ_FALLING else 0)
        if handler is None or not mask:
            ctx.gpio.set_irq(n, 0, None)
            return
        ctx.gpio.set_irq(n, mask, lambda _number: ctx.schedule(handler, self))


class Signal:
    """A pin whose value may be inverted: ``Signal(Pin(2), invert=True)`` or
    ``Signal(2, Pin.OUT, invert=True)``."""

    _pin_class: type[Pin]

    def __init__(self, *args: object, **kwargs: object) -> None:
        invert = bool(kwargs.pop("invert", False))
        if not args:
            raise TypeError("function missing 1 required positional arguments")
        pin = args[0]
        if not isinstance(pin, Pin) or len(args) > 1 or kwargs:
            pin = self._pin_class(*args, **kwargs)
        self._pin, self._invert = pin, invert

    def __call__(self, *args: object) -> int | None:
        if args:
            return self._pin(1 if bool(args[0]) != self._invert else 0)
        return int(self._pin() != self._invert)  # type: ignore[operator]

    def value(self, *args: object) -> int | None:
        return self(*args)

    @builtin(1)
    def on(self) -> None:
        self(1)

    @builtin(1)
    def off(self) -> None:
        self(0)


# -- ADC ------------------------------------------------------------------------------------
ESP32_ADC = {36: (1, 0), 37: (1, 1), 38: (1, 2), 39: (1, 3), 32: (1, 4), 33: (1, 5),
             34: (1, 6), 35: (1, 7), 4: (2, 0), 0: (2, 1), 2: (2, 2), 15: (2, 3), 13: (2, 4),
             12: (2, 5), 14: (2, 6), 27: (2, 7), 25: (2, 8), 26: (2, 9)}
S3_ADC = {n: (1, n - 1) if n <= 10 else (2, n - 11) for n in range(1, 21)}
FULL_SCALE_V = (1.1, 1.5, 2.2, 3.3)  # ATTN_0DB, 2_5DB, 6DB, 11DB
WIDTHS = {0: 9, 1: 10, 2: 11, 3: 12}


class ADC:
    _context: Context
    ATTN_0DB, ATTN_2_5DB, ATTN_6DB, ATTN_11DB = 0, 1, 2, 3
    WIDTH_9BIT, WIDTH_10BIT, WIDTH_11BIT, WIDTH_12BIT = 0, 1, 2, 3

    def __init__(self, *args: object, **kwargs: object) -> None:
        if not args:
            raise TypeError("function missing 1 required positional arguments")
        if len(args) > 1:
            raise TypeError("function takes 1 positional arguments but 2 were given")
        ctx = self._context
        number = ctx.gpio_number(args[0])
        table = S3_ADC if ctx.is_s3 else ESP32_ADC
        if number not in table:
            raise ValueError("invalid pin")
        self._number, (self._unit, self._channel) = number, table[number]
        attens: dict[int, int] = ctx.__dict__.setdefault("adc_atten", {})
        attens.setdefault(number, 0)
        ctx.__dict__.setdefault("adc_bits", {1: 12, 2: 12})
        self.init(**kwargs)

    def __repr__(self) -> str:
        return f"ADC(Pin({self._number}), atten={self._atten})"

    @property
    def _atten(self) -> int:
        return self._context.__dict__["adc_atten"][self._number]

    def init(self, *args: object, **kwargs: object) -> None:
        (atten,) = parse_args((Arg("atten", "int", -1, keyword_only=True),), args, kwargs)
        if atten != -1:
            self.atten(atten)

    @builtin(2)
    def atten(self, atten: object) -> None:
        value = mp_int(atten)
        if not 0 <= value <= 3:
            raise ValueError("parameter error")
        self._context.__dict__["adc_atten"][self._number] = value

    @builtin(2)
    def width(self, bits: object) -> None:
        value = mp_int(bits)
        if value not in WIDTHS:
            raise ValueError("invalid bits")
        self._context.__dict__["adc_bits"][self._unit] = WIDTHS[value]

    def _volts(self) -> float:
        return min(self._context.gpio.volts(self._number), FULL_SCALE_V[self._atten])

    @builtin(1)
    def read(self) -> int:
        bits = self._context.__dict__["adc_bits"][self._unit]
        top = (1 << bits) - 1
        return min(top, round(self._volts() / FULL_SCALE_V[self._atten] * top))

    @builtin(1)
    def read_u16(self) -> int:
        bits = self._context.__dict__["adc_bits"][self._unit]
        raw = self.read()
        return (raw << (16 - bits)) | (raw >> (2 * bits - 16))

    @builtin(1)
    def read_uv(self) -> int:
        return round(self._volts() * 1000) * 1000

    @builtin(1)
    def block(self) -> "ADCBlock":
        return self._block_class(self._unit)  # type: ignore[attr-defined]


class ADCBlock:
    """One unit of the converter (ADC1 or ADC2): its width, and its inputs as ``ADC``s."""

    _context: Context
    _adc_class: type

    def __init__(self, *args: object, **kwargs: object) -> None:
        (unit, bits) = parse_args((Arg("id", "int", required=True), Arg("bits", "int", -1,
                                                               keyword_only=True)), args, kwargs)
        if unit not in (1, 2):
            raise ValueError("invalid block id")
        self._unit = unit
        self._context.__dict__.setdefault("adc_bits", {1: 12, 2: 12})
        self.init(bits=bits)

    def __repr__(self) -> str:
        return f"ADCBlock({self._unit}, bits={self._context.__dict__['adc_bits'][self._unit]})"

    def init(self, *args: object, **kwargs: object) -> None:
        (bits,) = parse_args((Arg("bits", "int", -1, keyword_only=True),), args, kwargs)
        if bits == -1:
            return
        if bits not in WIDTHS.values():
            raise ValueError("invalid bits")
        self._context.__dict__["adc_bits"][self._unit] = bits

    def connect(self, *args: object, **kwargs: object) -> ADC:
        """``connect(channel)``, ``connect(pin)`` or ``connect(channel, pin)``: that input."""
        if not args or len(args) > 2:
            raise TypeError("function takes 1 or 2 positional arguments")
        table = S3_ADC if self._context.is_s3 else ESP32_ADC
        if isinstance(args[-1], int) and len(args) == 1:
            pins = [n for n, where in table.items() if where == (self._unit, args[0])]
            if not pins:
                raise ValueError("invalid channel")
            number = pins[0]
        else:
            number = self._context.gpio_number(args[-1])
            if table.get(number, (0, -1))[0] != self._unit:
                raise ValueError("invalid pin")
        return self._adc_class(number, **kwargs)  # type: ignore[call-arg]


class DAC:
    _context: Context

    def __init__(self, *args: object) -> None:
        if len(args) != 1:
            raise TypeError(f"function takes 1 positional arguments but {len(args)} were given")
        number = self._context.gpio_number(args[0])
        if number not in (25, 26) or self._context.is_s3:
            raise ValueError("invalid Pin for DAC")
        self._number = number

    def __repr__(self) -> str:
        return f"DAC(Pin({self._number}))"

    @builtin(2)
    def write(self, value: object) -> None:
        level = mp_int(value)
        if not 0 <= level <= 255:
            raise ValueError("value out of range")
        self._context.gpio.set_dac(self._number, model.SUPPLY_V * level / 255)


ESP32_TOUCH = {4: 0, 0: 1, 2: 2, 15: 3, 13: 4, 12: 5, 14: 6, 27: 7, 33: 8, 32: 9}


class TouchPad:
    _context: Context

    def __init__(self, *args: object) -> None:
        if len(args) != 1:
            raise TypeError(f"function takes 1 positional arguments but {len(args)} were given")
        ctx = self._context
        number = ctx.gpio_number(args[0])
        valid = range(1, 15) if ctx.is_s3 else ESP32_TOUCH
        if number not in valid:
            raise ValueError("invalid pin for touchpad")
        self._number, self._threshold = number, 0

    @builtin(2)
    def config(self, value: object) -> None:
        self._threshold = mp_int(value)

    @builtin(1)
    def read(self) -> int:
        return touch_read(self._context.board, self._number)


def input_only_pwm_error() -> EspError:
    return EspError(0x102, "ESP_ERR_INVALID_ARG")
