"""The micro:bit's edge connector as the parts of a circuit see it.

Parts (``model/parts``) were made for a general-purpose board's pins (``model.gpio.Gpio``):
they ``drive`` a pin, ``watch`` what the program puts out on it, and read that ``output`` or
the pin's ``state``. ``EdgeConnector`` answers the same calls by pin number over the
micro:bit's own pin model (``model/pins.py``), so every part that fits the micro:bit works on
it unchanged:

- what the program puts out: ``write_digital`` is a level; ``write_analog`` is PWM with the
  duty ``value / 1023`` (CODAL's ``setAnalogValue`` scales by ``DEVICE_PIN_MAX_OUTPUT``,
  1023) at the board's one PWM period (20 ms at boot, ``set_analog_period``); a pin whose
  PWM channel was taken by a fifth PWM pin is low;
- ``music`` on a pin (``music.play``/``pitch``, to pin 0 unless ``pin=`` says otherwise) is
  a square wave at the note's frequency while it sounds, so a buzzer on that pin sounds it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from .audio import ToneStarted, ToneStopped
from .gpio import OUT, PinState, Pwm
from .pins import ADC_MAX

if TYPE_CHECKING:
    from .microbit import MicrobitBoard

Watcher = Callable[[PinState], None]


def pin_name(number: int) -> str:
    return f"pin{number}"


class EdgeConnector:
    """The calls of ``model.gpio.Gpio`` that parts use, for a micro:bit."""

    def __init__(self, board: MicrobitBoard):
        self.board = board
        self.pins = board.pins
        self._watchers: dict[int, list[Watcher]] = {}
        self._tones: dict[str, float] = {}  # pin -> the frequency music sounds on it (Hz)
        self.pins.on_output = self._changed
        board.bus.subscribe(self._on_tone, ToneStarted, ToneStopped)

    def reset(self) -> None:
        """A reset silences music on the pins (the pins themselves reset in ``Pins``)."""
        for name in list(self._tones):
            del self._tones[name]
            self._changed(name)

    # -- the parts' side ---------------------------------------------------------------------
    def drive(self, number: int, part: object, volts: float | None) -> None:
        self.pins.drive(pin_name(number), part, volts)

    def watch(self, number: int, watcher: Watcher) -> None:
        self._watchers.setdefault(number, []).append(watcher)

    def output(self, number: int) -> tuple[str, float]:
        """("off", 0), ("level", 0|1) or ("pwm", duty 0..1), as ``Gpio.output``."""
        name = pin_name(number)
        if self._tones.get(name):
            return "pwm", 0.5
        out = self.pins.output(name)
        if out.value is None:
            return "off", 0.0
        if out.period_us is None:
            return "level", float(out.value)
        return "pwm", out.value / ADC_MAX

    def state(self, number: int) -> PinState:
        """A snapshot of what the program puts out on the pin, as ``Gpio.state`` gives it."""
        state = PinState(number)
        name = pin_name(number)
        kind, value = self.output(number)
        if kind == "off":
            return state
        state.mode = OUT
        if kind == "level":
            state.out_level = int(value)
        elif self._tones.get(name):
            state.pwm = Pwm(self._tones[name], value)
        else:
            period_us = self.pins.output(name).period_us or 1
            state.pwm = Pwm(1_000_000 / period_us, value)
        return state

    def level(self, number: int) -> int:
        return self.pins.input_level(pin_name(number))

    # -- inside ------------------------------------------------------------------------------
    def _changed(self, name: str) -> None:
        if not name[3:].isdigit():
            return  # the logo and the speaker are not on the edge connector
        number = int(name[3:])
        for watcher in self._watchers.get(number, ()):
            watcher(self.state(number))

    def _on_tone(self, event: object) -> None:
        if getattr(event, "board", None) != self.board.number:
            return
        self.reset()  # the music channel plays one note at a time
        if isinstance(event, ToneStarted) and event.pin is not None \
                and event.frequency_hz > 0:
            self._tones[event.pin] = event.frequency_hz
            self._changed(event.pin)
