"""The ``machine`` module of MicroPython 1.23's ESP32 port (ports/esp32/modmachine.c and the
extmod ``machine`` functions), built for one run of one board's program.

The classes are in ``pins.py`` (Pin, Signal, ADC, DAC, TouchPad), ``pwm.py``, ``buses.py``
(I2C, SoftI2C, SPI, SoftSPI, UART) and ``timing.py`` (Timer, RTC, WDT). Here:

- ``freq()`` is 160000000 (ESP32_GENERIC's default); ``freq(hz)`` takes 20, 40, 80, 160 or
  240 MHz (it does not change how fast the simulated program runs).
- ``reset()`` restarts the board (``reset_cause()`` then SOFT_RESET, as ESP-IDF's software
  reset maps); ``soft_reset()`` is the soft reboot of Ctrl-D (the engine knows it by
  SOFT_RESET_MARK; a plain ``sys.exit()`` in main.py goes to the REPL, as in 1.23).
- ``lightsleep(ms)`` / ``sleep(ms)`` let the time pass and go on; ``deepsleep(ms)`` lets it
  pass and restarts the board: boot.py and main.py run again, ``reset_cause()`` is
  DEEPSLEEP_RESET and ``wake_reason()`` TIMER_WAKE (EXT0_WAKE for a pin set with
  ``esp32.wake_on_ext0`` or ``Pin.irq(wake=...)``). Without a time and without a wake
  source the board sleeps until the simulation ends.
- ``unique_id()`` is the board's 6-byte MAC (``chip.base_mac``).
- ``time_pulse_us(pin, level, timeout_us=1000000)`` asks a ``PulseDevice`` part on the pin
  for its pulse; with none it times the pin's level: -2 when the pulse does not begin in
  time, -1 when it does not end in time.
- ``bitstream(pin, 0, timing, buf)`` hands the bytes to the ``BitstreamDevice`` parts on
  the pin (NeoPixels), and takes the time the bits take.
- ``ADCBlock(id, bits=12)`` and ``ADC.block()``: a unit of the converter; ``connect(pin)`` or
  ``connect(channel)`` gives that input's ``ADC``; ``init(bits=...)`` sets the unit's width.
- ``mem8``/``mem16``/``mem32``, ``bootloader()``, ``I2S`` and ``SDCard`` are not simulated:
  using them raises NotSimulatedError (the classes have the firmware's constants and methods,
  see ``unsimulated.py``).
"""

from __future__ import annotations

from types import ModuleType

from ...model.esp32 import Esp32Board
from ...model.events import StopKind
from ...model.parts import BitstreamDevice, PulseDevice
from ..machine import plain_names
from ..mp import mp_int, read_buffer, word
from . import buses, pins, pwm, timing, unsimulated
from .chip import (
    DEEPSLEEP_RESET,
    EXT0_WAKE,
    EXT1_WAKE,
    HARD_RESET,
    PWRON_RESET,
    SOFT_RESET,
    TIMER_WAKE,
    TOUCHPAD_WAKE,
    ULP_WAKE,
    WDT_RESET,
    base_mac,
    not_simulated,
)
from .context import Context, context_for

FREQS_MHZ = (20, 40, 80, 160, 240)
SOFT_RESET_MARK = 0x50F7  # TK_SOFT_RESET_MARK in the engine's main.c
DEFAULT_PULSE_TIMEOUT_US = 1_000_000
CLASSES = {"Pin": pins.Pin, "Signal": pins.Signal, "ADC": pins.ADC, "DAC": pins.DAC,
           "TouchPad": pins.TouchPad, "PWM": pwm.PWM, "I2C": buses.I2C,
           "SoftI2C": buses.SoftI2C, "SPI": buses.SPI, "SoftSPI": buses.SoftSPI,
           "UART": buses.UART, "Timer": timing.Timer, "RTC": timing.RTC, "WDT": timing.WDT}
CONSTANTS = {"PWRON_RESET": PWRON_RESET, "HARD_RESET": HARD_RESET, "WDT_RESET": WDT_RESET,
             "DEEPSLEEP_RESET": DEEPSLEEP_RESET, "SOFT_RESET": SOFT_RESET, "SLEEP": 2,
             "DEEPSLEEP": 4, "EXT0_WAKE": EXT0_WAKE, "EXT1_WAKE": EXT1_WAKE,
             "PIN_WAKE": EXT0_WAKE, "TIMER_WAKE": TIMER_WAKE, "TOUCHPAD_WAKE": TOUCHPAD_WAKE,
             "ULP_WAKE": ULP_WAKE}


class Mem:
    """``mem8``/``mem16``/``mem32``: the chip's memory, which this simulator does not have."""

    def __init__(self, bits: int):
        self._bits = bits

    def __repr__(self) -> str:
        return f"<{self._bits}-bit memory>"

    def __getitem__(self, address: object) -> int:
        raise not_simulated(f"reading chip memory (mem{self._bits})")

    def __setitem__(self, address: object, value: object) -> None:
        raise not_simulated(f"writing chip memory (mem{self._bits})")


Mem.__name__ = Mem.__qualname__ = "mem"


def board_classes(ctx: Context) -> dict[str, type]:
    """The classes of this run, each bound to its board (the names are the firmware's)."""
    made = {name: type(name, (cls,), {"_context": ctx, "__module__": "machine"})
            for name, cls in CLASSES.items()}
    made["Signal"]._pin_class = made["Pin"]  # type: ignore[attr-defined]
    made.update(unsimulated.machine_classes())
    made["ADCBlock"] = type("ADCBlock", (pins.ADCBlock,), {"_context": ctx, "__module__": "machine",
                                                          "_adc_class": made["ADC"]})
    made["ADC"]._block_class = made["ADCBlock"]  # type: ignore[attr-defined]
    return made


def _sleeper(ctx: Context):
    board, chip = ctx.board, ctx.chip

    def wait_for_wake(ms: int | None) -> int:
        """Sleep until the time is up or a wake source fires; returns the wake reason."""
        ext0 = chip.wake_ext0
        woken = (lambda: ctx.gpio.level(ext0[0]) == ext0[1]) if ext0 else (lambda: False)
        if ms is None and ext0 is None:
            board.wait(lambda: False)
        board.wait(woken, None if ms is None else max(0, ms) * 1000)
        return EXT0_WAKE if ext0 is not None and woken() else TIMER_WAKE

    def lightsleep(*args: object) -> None:
        ms = mp_int(args[0]) if args else None
        chip.wake_reason = wait_for_wake(ms)

    def deepsleep(*args: object) -> None:
        ms = mp_int(args[0]) if args else None
        board.cancel_background()
        ctx.chip.generation += 1  # the running program's callbacks are gone
        chip.wake_reason = wait_for_wake(ms)
        chip.reset_cause = DEEPSLEEP_RESET
        board.halt(StopKind.RESET)

    return lightsleep, deepsleep


def _timed(ctx: Context):
    board, gpio = ctx.board, ctx.gpio

    def time_pulse_us(pin: object, pulse_level: object, timeout_us: object = None) -> int:
        number = ctx.gpio_number(pin)
        level = 1 if pulse_level else 0
        timeout = DEFAULT_PULSE_TIMEOUT_US if timeout_us is None else word(timeout_us)
        for part in board.parts_on(number, PulseDevice):
            length = part.pulse_us(level)
            if length is not None:
                if length > timeout:
                    board.busy_us(timeout)
                    return -1
                board.busy_us(int(length))
                return int(length)
        if not board.wait(lambda: gpio.level(number) == level, timeout):
            return -2
        start = board.ticks_us()
        if not board.wait(lambda: gpio.level(number) != level, timeout):
            return -1
        return board.ticks_us() - start

    def bitstream(pin: object, encoding: object, timing: object, buf: object) -> None:
        number = ctx.gpio_number(pin)
        if mp_int(encoding) != 0:
            raise ValueError("encoding")
        times = [mp_int(t) for t in timing]  # type: ignore[attr-defined]
        if len(times) != 4:
            raise ValueError("timing")
        data = read_buffer(buf)
        ones = sum(bin(b).count("1") for b in data)
        ns = ones * (times[2] + times[3]) + (8 * len(data) - ones) * (times[0] + times[1])
        for part in board.parts_on(number, BitstreamDevice):
            part.bitstream(data)
        board.busy_us(ns // 1000)

    return time_pulse_us, bitstream


def _system(ctx: Context):
    board, chip = ctx.board, ctx.chip
    irq_state = [1]

    def freq(*args: object) -> int | None:
        if not args:
            return chip.cpu_hz
        hz = mp_int(args[0])
        if hz // 1_000_000 not in FREQS_MHZ:
            raise ValueError("frequency must be 20MHz, 40MHz, 80Mhz, 160MHz or 240MHz")
        chip.cpu_hz = hz // 1_000_000 * 1_000_000
        return None

    def reset() -> None:
        chip.reset_cause = SOFT_RESET
        board.halt(StopKind.RESET)

    def soft_reset() -> None:
        raise SystemExit(SOFT_RESET_MARK)  # the engine's mark: a soft reboot follows

    def reset_cause() -> int:
        return chip.reset_cause

    def wake_reason() -> int:
        return chip.wake_reason

    def unique_id() -> bytes:
        return base_mac(board)

    def idle() -> None:
        board.busy_us(1)

    def disable_irq() -> int:
        state, irq_state[0] = irq_state[0], 0
        return state

    def enable_irq(state: object) -> None:
        irq_state[0] = mp_int(state)

    def bootloader(*args: object) -> None:
        raise not_simulated("machine.bootloader()")

    return (freq, reset, soft_reset, reset_cause, wake_reason, unique_id, idle, disable_irq,
            enable_irq, bootloader)


def build_machine(board: Esp32Board) -> ModuleType:
    ctx = context_for(board)
    mod = ModuleType("machine", "Functions related to the hardware.")
    lightsleep, deepsleep = _sleeper(ctx)
    functions = [*_system(ctx), *_timed(ctx), lightsleep, deepsleep]
    for function in plain_names(*functions):
        setattr(mod, function.__name__, function)
    mod.sleep = lightsleep  # type: ignore[attr-defined]
    for name, value in {**board_classes(ctx), **CONSTANTS}.items():
        setattr(mod, name, value)
    for bits in (8, 16, 32):
        setattr(mod, f"mem{bits}", Mem(bits))
    return mod
