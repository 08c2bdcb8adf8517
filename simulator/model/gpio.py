"""The pins of a general-purpose board (ESP32): what the program set, what the parts wired
to a pin do to it, and the level or voltage the program reads back.

One pin's level, as the program reads it:
- an output pin reads what it drives (an open-drain pin that lets go reads as an input);
- an input pin reads what a part drives it to (a pressed button to GND, a PIR's output, a
  potentiometer's wiper); a level needs more than half the supply (1.65 V) to read 1;
- with nothing driving it, the pull resistor decides; with none, the pin floats and reads
  whatever it picks up (random bits from the board's seeded random, as a real floating pin
  is as good as random): the classic "forgot PULL_UP" bug shows as it does on a board.

Parts never call the program: they publish what they drive through ``drive`` and watch the
program's outputs (levels, PWM) through ``watch``. Edges on an input that has an IRQ call the
board's handler through the board's scheduler, as the firmware's ISR does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .events import ValueChanged

if TYPE_CHECKING:
    from .board import Board

SUPPLY_V = 3.3
HIGH_ABOVE_V = SUPPLY_V / 2
IN, OUT, OPEN_DRAIN = "in", "out", "open_drain"
PULL_UP, PULL_DOWN = "up", "down"
IRQ_RISING, IRQ_FALLING = 1, 2  # machine.Pin.IRQ_RISING / IRQ_FALLING on the ESP32 port (ESP-IDF)


@dataclass
class Pwm:
    freq_hz: float
    duty: float  # the fraction of each period the pin is high, 0..1

    @property
    def pulse_us(self) -> float:
        return self.duty * 1_000_000 / self.freq_hz if self.freq_hz > 0 else 0.0


@dataclass
class PinState:
    number: int
    mode: str | None = None  # None: not set up by the program (a high-impedance input)
    pull: str | None = None
    out_level: int = 0
    pwm: Pwm | None = None
    dac_v: float | None = None
    drivers: dict[object, float] = field(default_factory=dict)  # part -> volts it drives
    irq: tuple[int, Callable[[int], None]] | None = None  # (trigger mask, handler)
    last_level: int = 0

    @property
    def driving(self) -> bool:
        """The program drives the pin (an output; open drain only while low)."""
        if self.pwm is not None or self.dac_v is not None or self.mode == OUT:
            return True
        return self.mode == OPEN_DRAIN and self.out_level == 0


Watcher = Callable[[PinState], None]


class Gpio:
    """Every pin of one board, by GPIO number."""

    def __init__(self, board: Board):
        self.board = board
        self.pins = {p.number: PinState(p.number) for p in board.spec.pins}
        self._watchers: dict[int, list[Watcher]] = {}

    def reset(self) -> None:
        """A reset: the program's settings go; what parts drive stays (they are wired)."""
        for state in self.pins.values():
            state.mode, state.pull, state.out_level = None, None, 0
            state.pwm, state.dac_v, state.irq = None, None, None
            state.last_level = self.level(state.number)
        for number in self.pins:
            self._tell(number)

    def state(self, number: int) -> PinState:
        return self.pins[number]

    # -- the program's side ------------------------------------------------------------
    def configure(self, number: int, mode: str | None, pull: str | None) -> None:
        state = self.pins[number]
        state.mode, state.pull = mode, pull
        if mode != OUT and mode != OPEN_DRAIN:
            state.pwm = None
        self._changed(number)

    def write(self, number: int, level: int) -> None:
        state = self.pins[number]
        state.out_level = 1 if level else 0
        self._changed(number)

    def set_pwm(self, number: int, pwm: Pwm | None) -> None:
        self.pins[number].pwm = pwm
        self._changed(number)

    def set_dac(self, number: int, volts: float | None) -> None:
        self.pins[number].dac_v = volts
        self._changed(number)

    def set_irq(self, number: int, trigger: int, handler: Callable[[int], None] | None) -> None:
        state = self.pins[number]
        state.irq = None if handler is None or not trigger else (trigger, handler)
        state.last_level = self.level(number)

    # -- what the pin is ------------------------------------------------------------------
    def volts(self, number: int) -> float:
        """The voltage at the pin (what an ADC measures)."""
        state = self.pins[number]
        if state.dac_v is not None:
            return state.dac_v
        if state.pwm is not None:
            return SUPPLY_V * state.pwm.duty  # an average: what a meter (or an RC filter) sees
        if state.driving:
            return SUPPLY_V if state.out_level else 0.0
        if state.drivers:
            return min(state.drivers.values())  # a part pulling low wins (wired-AND)
        if state.pull == PULL_UP:
            return SUPPLY_V
        if state.pull == PULL_DOWN:
            return 0.0
        return SUPPLY_V * self.board.random.random()  # floating

    def level(self, number: int) -> int:
        state = self.pins[number]
        if state.driving and state.dac_v is None and state.pwm is None:
            return state.out_level
        return 1 if self.volts(number) > HIGH_ABOVE_V else 0

    def output(self, number: int) -> tuple[str, float]:
        """What the program puts out on a pin, for the parts that watch it: ("off", 0) when
        it does not drive it, ("level", 0|1), ("pwm", duty) or ("dac", volts)."""
        state = self.pins[number]
        if state.pwm is not None:
            return "pwm", state.pwm.duty
        if state.dac_v is not None:
            return "dac", state.dac_v
        if state.driving:
            return "level", float(state.out_level)
        if state.mode == OPEN_DRAIN:
            return "off", 0.0
        return "off", 0.0

    # -- the parts' side ------------------------------------------------------------------
    def drive(self, number: int, part: object, volts: float | None) -> None:
        """A part drives the pin to ``volts`` (None: lets go of it)."""
        state = self.pins[number]
        if volts is None:
            state.drivers.pop(part, None)
        else:
            state.drivers[part] = max(0.0, min(SUPPLY_V, float(volts)))
        self._input_changed(number)

    def watch(self, number: int, watcher: Watcher) -> None:
        """Call ``watcher`` whenever the program changes what it puts out on the pin."""
        self._watchers.setdefault(number, []).append(watcher)

    # -- inside ---------------------------------------------------------------------------
    def _changed(self, number: int) -> None:
        self._tell(number)
        self._input_changed(number)

    def _tell(self, number: int) -> None:
        state = self.pins[number]
        kind, value = self.output(number)
        self.board.bus.publish(ValueChanged(self.board.number, f"gpio{number}_out",
                                            (kind, value)))
        for watcher in self._watchers.get(number, ()):
            watcher(state)

    def _input_changed(self, number: int) -> None:
        state = self.pins[number]
        before, now = state.last_level, self.level(number)
        state.last_level = now
        if state.irq is None or before == now:
            return
        trigger, handler = state.irq
        edge = IRQ_RISING if now else IRQ_FALLING
        if trigger & edge:
            handler(number)
            self.board.wake_program()
