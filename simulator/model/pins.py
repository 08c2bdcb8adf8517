"""The edge connector of a micro:bit V2: pin modes, levels, PWM, pulls, touch, SPI and UART.

As micropython-microbit-v2 v2.1.2 (``src/codal_port/microbit_pin.c``, ``microbit_pinmode.c``,
``src/codal_app/microbithal.cpp``) runs over CODAL's ``NRF52Pin``:

- Every pin has a MicroPython *mode*, what ``get_mode()`` says. Pins 3, 4, 6, 7 and 10 start
  in ``display`` mode, 5 and 11 in ``button``, 19 and 20 in ``i2c``, the rest ``unused``.
  Taking a pin out of ``display``, ``button``, ``music``, ``i2c`` or ``spi`` mode raises
  ``ValueError: Pin 3 in display mode``. ``display.off()`` frees the display pins.
- What the chip does with the pin (``hw``: input, digital output, PWM...) is kept apart from
  the mode, as in the firmware: ``write_analog(0)`` makes the mode ``unused`` while the pin
  still outputs PWM at 0 %; ``set_pull`` makes it ``read_digital`` while an output keeps
  driving until the pin is read.
- PWM: one peripheral with four channels and one period for all of them (20 ms at boot). A
  fifth PWM pin takes the channel of the pin that got one longest ago (round robin); that pin
  then outputs low. Periods the nRF52 cannot make (over 262143 µs, or negative) are ignored
  without an error, as on the board.
- Inputs: pins 0-2 follow their analog sensor (``pin0``...) once a scenario or test has set
  it; ``read_digital`` gives 1 from level 512 up. Until then they float. A floating pin reads
  its pull: pull-up 1, pull-down 0; with no pull pins 0-2 read 1 (their 10 MΩ pull-ups) and the
  others 0. A finger on pin 0-2 pulls it to 0 unless the internal pull-up is on. Pins 5 and 11
  read buttons A and B (0 while pressed). ``read_analog`` of a pin without a sensor gives 0.
- Parts of a circuit (``circuit.toml``) drive pins from outside (``drive``): a pin reads what
  they drive before its pull (more than half the 3.3 V supply reads 1; a part pulling low wins
  over one pulling high), ``read_analog`` gives their voltage as 0-1023 (of the supply), and
  in resistive touch mode (pins 0-2 by default) a pin held low counts as touched, as CODAL's
  touch button there is an active-low button with no pull. A part on pin 5 or 11 is in
  parallel with button A or B (low while either pulls it low). Parts stay wired across a reset.
- Pulls: ``get_pull()`` tells what the firmware remembers, ``PULL_UP`` (0) until ``set_pull``
  (its table starts zeroed), while the chip really applies pull-down (no pull on the display
  pins, and none after ``is_touched`` in resistive mode).

On the board's bus: ``PinChanged`` when a pin's mode or output changes, ``SpiWritten`` for
bytes sent on SPI.
"""

from __future__ import annotations

import codecs
import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from .events import DisplayChanged, ValueChanged
from .gpio import HIGH_ABOVE_V, SUPPLY_V

if TYPE_CHECKING:
    from .microbit import MicrobitBoard

PULL_UP, PULL_DOWN, NO_PULL = 0, 1, 2  # microbithal.h: "These match the micro:bit v1 constants"
RESISTIVE, CAPACITIVE = 0, 1

PIN_NUMBERS = {**{f"pin{n}": n for n in (*range(17), 19, 20)}, "pin_logo": 30, "pin_speaker": 31}
DISPLAY_PINS = ("pin3", "pin4", "pin6", "pin7", "pin10")
BUTTON_PINS = {"pin5": "A", "pin11": "B"}
ANALOG_INPUTS = ("pin0", "pin1", "pin2")  # each has a sensor of the same name, 0-1023
ADC_PINS = ("pin0", "pin1", "pin2", "pin3", "pin4", "pin10")  # read_analog measures these
ADC_MAX = 1023  # read_analog's full scale: the supply voltage
TOUCH_KEYS = {"pin0": "pin0", "pin1": "pin1", "pin2": "pin2", "pin_logo": "logo"}
INITIAL_MODES = {**dict.fromkeys(DISPLAY_PINS, "display"), **dict.fromkeys(BUTTON_PINS, "button"),
                 "pin19": "i2c", "pin20": "i2c"}
LOCKED_MODES = frozenset({"display", "button", "music", "i2c", "spi"})  # release = error
HIGH_LEVEL = 512  # an analog input level from which read_digital gives 1
PWM_CHANNELS = 4
BOOT_PWM_PERIOD_US = 20_000  # CODAL creates its PWM at 50 Hz
PWM_TICKS_PER_US = 16  # the nRF52 PWM runs from a 16 MHz clock
DEVICE_INVALID_PARAMETER = -1001  # CODAL's error code, what a failed SPI init raises


@dataclass(frozen=True)
class PinChanged:
    """A pin's mode or output changed.

    ``value`` is what the program makes the pin output: 0 or 1 (digital), 0-1023 (PWM duty),
    or None when the program drives nothing on it. ``period_us`` is the PWM period while the
    pin outputs PWM, else None.
    """

    board: int
    pin: str
    mode: str
    value: int | None
    period_us: int | None


@dataclass(frozen=True)
class SpiWritten:
    """Bytes the program sent on the SPI bus (MOSI)."""

    board: int
    data: bytes


class PinOutput(NamedTuple):
    mode: str
    value: int | None
    period_us: int | None


@dataclass
class PinState:
    name: str
    mode: str
    hw: str = "idle"  # idle, digital_in, digital_out, pwm, analog_in or touch
    level: int = 0  # the digital output level
    duty: int = 0  # the PWM duty, 0-1023
    pull: int = PULL_DOWN  # the pull the chip applies
    reported_pull: int = PULL_UP  # what get_pull() says
    touch_mode: int = RESISTIVE

    @property
    def number(self) -> int:
        return PIN_NUMBERS[self.name]


def initial_state(name: str) -> PinState:
    state = PinState(name, INITIAL_MODES.get(name, "unused"))
    if name in DISPLAY_PINS:
        state.pull = NO_PULL
    if name == "pin_logo":
        state.touch_mode = CAPACITIVE
    return state


def pwm_period_us(period: int) -> int | None:
    """The period the nRF52 PWM makes for ``period`` µs, or None if it cannot.

    As CODAL's ``NRF52PWM::setPeriodUs``: the 16 MHz clock is divided by up to 2**7 so that
    the period fits 15 bits; long periods lose their last microseconds.
    """
    if period < 0:
        return None
    ticks = period * PWM_TICKS_PER_US
    prescaler = 0
    while ticks >> prescaler >= 32768:
        prescaler += 1
    if prescaler > 7:
        return None
    return (ticks >> prescaler << prescaler) // PWM_TICKS_PER_US


def c_divide(a: int, b: int) -> int:
    """C's integer division (towards zero); by zero gives 0 as on the Cortex-M4."""
    if b == 0:
        return 0
    quotient = abs(a) // abs(b)
    return quotient if (a < 0) == (b < 0) else -quotient


class SerialPort:
    """The UART: MicroPython's stdin and stdout, on the USB serial line.

    Received text is ``board.serial_in`` (what a scenario types), taken byte by byte.
    """

    def __init__(self, board: MicrobitBoard):
        self.board = board
        self.baudrate = 115_200
        self.char_timeout_ms = 0  # microbit_uart_timeout_char stays 0 until uart.init()
        self._pending = b""  # the rest of a character only partly read
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")

    def init(self, baudrate: int) -> None:
        self.baudrate = baudrate
        self.char_timeout_ms = (c_divide(13000, baudrate) + 1) & 0xFFFF  # 13 bits a byte

    def available(self) -> bool:
        return bool(self._pending or self.board.serial_in)

    def take_byte(self) -> int | None:
        if not self._pending:
            text = self.board.serial_in
            if not text:
                return None
            self._pending = text[0].encode("utf-8", "replace")
            self.board.serial_in = text[1:]
        byte, self._pending = self._pending[0], self._pending[1:]
        return byte

    def send(self, data: bytes) -> None:
        """Raw bytes out; CR LF shows as one line end, as print()'s output does."""
        self.board.write_serial(self._decoder.decode(data).replace("\r\n", "\n"))


class Pins:
    """Every pin's mode and output, the shared PWM, SPI and the UART of one board."""

    def __init__(self, board: MicrobitBoard):
        self.board = board
        self.driven_inputs: set[str] = set()  # analog inputs a scenario or test has set
        self.outside: dict[str, dict[object, float]] = {}  # pin -> {part: volts it drives}
        self.on_output: Callable[[str], None] | None = None  # told when a pin's output changes
        self._display_on = True
        self._boot()
        board.bus.subscribe(self._on_event, ValueChanged, DisplayChanged)

    def _boot(self) -> None:
        self.states = {name: initial_state(name) for name in PIN_NUMBERS}
        self.pwm_period_us = BOOT_PWM_PERIOD_US
        self.pwm_channels: list[str | None] = [None] * PWM_CHANNELS
        self._last_channel = PWM_CHANNELS - 1
        self.spi_ready = False
        self.serial = SerialPort(self.board)
        self._published = {name: self.output(name) for name in self.states}

    def reset(self) -> None:
        """What a board reset clears: every pin back to its boot state."""
        published = self._published
        self._boot()
        self._display_on = True
        self._published = published
        self._publish_changes()

    # -- what windows and tests read -----------------------------------------------------
    def mode(self, name: str) -> str:
        return self.states[name].mode

    def output(self, name: str) -> PinOutput:
        state = self.states[name]
        if state.hw == "digital_out":
            return PinOutput(state.mode, state.level, None)
        if state.hw == "pwm":
            if name in self.pwm_channels:
                return PinOutput(state.mode, state.duty, self.pwm_period_us)
            return PinOutput(state.mode, 0, None)  # its channel was taken: the pin is low
        return PinOutput(state.mode, None, None)

    def input_level(self, name: str) -> int:
        """What ``read_digital`` reads on the pin now (see the module docstring)."""
        state = self.states[name]
        if name in BUTTON_PINS:
            parts = self.parts_volts(name)
            pressed = self.board.buttons[BUTTON_PINS[name]].pressed
            return 0 if pressed or (parts is not None and parts <= HIGH_ABOVE_V) else 1
        volts = self.parts_volts(name)
        if volts is not None:
            if name in self.driven_inputs:
                volts = min(volts, self._slider_volts(name))
            return 1 if volts > HIGH_ABOVE_V else 0
        if name in self.driven_inputs:
            return 1 if int(self.board.value(name)) >= HIGH_LEVEL else 0  # type: ignore[call-overload]
        if state.pull == PULL_UP:
            return 1
        if name in TOUCH_KEYS and self.board.touched[TOUCH_KEYS[name]]:
            return 0
        if state.pull == PULL_DOWN:
            return 0
        return 1 if name in ANALOG_INPUTS else 0

    def float_input(self, name: str) -> None:
        """Disconnect what drives an analog input: it floats again."""
        self.driven_inputs.discard(name)

    # -- the circuit's side ------------------------------------------------------------------
    def drive(self, name: str, part: object, volts: float | None) -> None:
        """A part of the circuit drives the pin to ``volts`` (None: it lets go)."""
        drivers = self.outside.setdefault(name, {})
        if volts is None:
            drivers.pop(part, None)
        else:
            drivers[part] = max(0.0, min(SUPPLY_V, float(volts)))

    def parts_volts(self, name: str) -> float | None:
        """The voltage the circuit's parts put on the pin (the lowest wins), or None."""
        drivers = self.outside.get(name)
        return min(drivers.values()) if drivers else None

    def _slider_volts(self, name: str) -> float:
        return int(self.board.value(name)) * SUPPLY_V / ADC_MAX  # type: ignore[call-overload]

    def _held_low(self, name: str) -> bool:
        volts = self.parts_volts(name)
        return volts is not None and volts <= HIGH_ABOVE_V

    # -- modes ---------------------------------------------------------------------------
    def acquire(self, name: str, mode: str) -> bool:
        """Put a pin in ``mode`` for a function; ValueError if another function holds it."""
        changed = self._acquire(self.states[name], mode)
        self._publish_changes()
        return changed

    def free(self, name: str) -> None:
        self.states[name].mode = "unused"
        self._publish_changes()

    def _acquire(self, state: PinState, mode: str) -> bool:
        current = state.mode
        if current == "button" and mode == "read_digital":
            return False  # a button pin is a digital input already
        if current == mode:
            return False
        if current in LOCKED_MODES:
            raise ValueError(f"Pin {state.number} in {current} mode")
        state.mode = mode
        return True

    def _configure(self, state: PinState, hw: str) -> None:
        """Set what the chip does with the pin; leaving PWM frees its channel."""
        if state.hw == "pwm" and hw != "pwm":
            self.pwm_channels = [None if c == state.name else c for c in self.pwm_channels]
        state.hw = hw

    def claim_display(self) -> None:
        """``display.on()``: pins 3, 4, 6, 7, 10 go back to the display, in that order.

        ValueError, as the firmware raises, if one is held by SPI for example.
        """
        try:
            for name in DISPLAY_PINS:
                state = self.states[name]
                self._acquire(state, "display")
                self._configure(state, "idle")
        finally:
            self._publish_changes()

    def release_display(self) -> None:
        """``display.off()``: the display pins become unused inputs."""
        for name in DISPLAY_PINS:
            state = self.states[name]
            state.mode = "unused"
            self._configure(state, "digital_in")
        self._publish_changes()

    def _on_event(self, event: object) -> None:
        if isinstance(event, ValueChanged):
            if event.id in ANALOG_INPUTS:
                self.driven_inputs.add(event.id)
        elif isinstance(event, DisplayChanged) and event.is_on != self._display_on:
            self._display_on = event.is_on
            if event.is_on:
                with contextlib.suppress(ValueError):  # display.py raises it, if it asks first
                    self.claim_display()
            else:
                self.release_display()

    # -- digital and analog ----------------------------------------------------------------
    def write_digital(self, name: str, value: int) -> None:
        state = self.states[name]
        self._acquire(state, "write_digital")
        self._configure(state, "digital_out")
        state.level = value
        self._publish_changes()

    def read_digital(self, name: str) -> int:
        state = self.states[name]
        self._acquire(state, "read_digital")
        if name not in BUTTON_PINS:
            self._configure(state, "digital_in")
        self._publish_changes()
        return self.input_level(name)

    def write_analog(self, name: str, duty: int) -> None:
        state = self.states[name]
        self._acquire(state, "write_analog")
        self._pwm_out(state, duty)
        if duty == 0:
            self._acquire(state, "unused")
        self._publish_changes()

    def read_analog(self, name: str) -> int:
        state = self.states[name]
        self._acquire(state, "unused")
        self._configure(state, "analog_in")
        self._publish_changes()
        volts = self.parts_volts(name)
        if volts is not None and name in ADC_PINS:
            if name in self.driven_inputs:
                volts = min(volts, self._slider_volts(name))
            return max(0, min(ADC_MAX, round(volts / SUPPLY_V * ADC_MAX)))
        if name in ANALOG_INPUTS:
            return int(self.board.value(name))  # type: ignore[call-overload]
        return 0

    def _pwm_out(self, state: PinState, duty: int) -> None:
        """CODAL's ``setAnalogValue``: a channel (taken round robin if the pin has none)."""
        if state.name not in self.pwm_channels:
            channel = (self._last_channel + 1) % PWM_CHANNELS
            self.pwm_channels[channel] = state.name
            self._last_channel = channel
        self._configure(state, "pwm")
        state.duty = duty

    def set_analog_period_us(self, name: str, period: int) -> None:
        """The period of every PWM output; a pin not yet PWM starts it at duty 0."""
        state = self.states[name]
        if state.hw != "pwm":
            self._pwm_out(state, 0)
        period_us = pwm_period_us(period)
        if period_us is not None:
            self.pwm_period_us = period_us
        self._publish_changes()

    def analog_period_us(self, name: str) -> int:
        return self.pwm_period_us if self.states[name].hw == "pwm" else -1

    def set_pull(self, name: str, pull: int) -> None:
        state = self.states[name]
        self._acquire(state, "read_digital")
        state.reported_pull = pull & 0xFF
        if pull in (PULL_UP, PULL_DOWN, NO_PULL):
            state.pull = pull
        self._publish_changes()

    def get_pull(self, name: str) -> int:
        state = self.states[name]
        if state.mode not in ("read_digital", "button"):
            raise ValueError(f"Pin {state.number} in {state.mode} mode")
        return state.reported_pull

    # -- touch -------------------------------------------------------------------------------
    def claim_touch(self, name: str) -> None:
        """Make the pin a touch sensor (unless it is one, or a button)."""
        state = self.states[name]
        if state.mode not in ("touch", "button"):
            self._acquire(state, "touch")
        self._configure(state, "touch")
        if state.touch_mode == RESISTIVE and name != "pin_logo":
            state.pull = NO_PULL  # CODAL's resistive touch button has no pull
        self._publish_changes()

    def is_touched(self, name: str) -> bool:
        """A finger; or, in resistive mode, a part holding the pin low (a switch to GND)."""
        self.claim_touch(name)
        if self.board.touched[TOUCH_KEYS[name]]:
            return True
        resistive = self.states[name].touch_mode == RESISTIVE and name != "pin_logo"
        return resistive and self._held_low(name)

    def set_touch_mode(self, name: str, mode: int) -> None:
        state = self.states[name]
        state.touch_mode = CAPACITIVE if mode == CAPACITIVE else RESISTIVE
        if state.touch_mode == RESISTIVE and name != "pin_logo":
            state.pull = NO_PULL

    # -- SPI ------------------------------------------------------------------------------------
    def spi_init(self, sclk: str, mosi: str, miso: str, bits: int) -> int:
        """Take the pins for SPI; 0, or CODAL's error code (only 8-bit frames work)."""
        try:
            for name in (sclk, mosi, miso):
                state = self.states[name]
                self._acquire(state, "spi")
                self._configure(state, "idle")
        finally:
            self._publish_changes()
        if bits != 8:
            return DEVICE_INVALID_PARAMETER
        self.spi_ready = True
        return 0

    def spi_write(self, data: bytes) -> None:
        self.board.bus.publish(SpiWritten(self.board.number, bytes(data)))

    # -- events ----------------------------------------------------------------------------------
    def _publish_changes(self) -> None:
        for name in self.states:
            now = self.output(name)
            if now != self._published[name]:
                self._published[name] = now
                self.board.bus.publish(PinChanged(self.board.number, name, *now))
                if self.on_output is not None:
                    self.on_output(name)
