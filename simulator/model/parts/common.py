"""What the parts of circuit.toml share: their options (checked, with defaults), the pin
roles they take, and small helpers for driving pins and reading the virtual clock.

A part class says:

- ``roles``: the pin roles it is wired by (``("pin",)``, ``("trig", "echo")``, ``("scl", "sda")``);
- ``program_drives``: the roles the program must drive (an LED, a servo, a trigger, an I2C
  bus): these cannot be on an input-only pin;
- ``analog_roles``: the roles that need a pin with an ADC (a potentiometer's wiper);
- ``settings``: its options in circuit.toml, each an ``Option`` (the instance's ``options``
  dict holds the values, defaults filled in);
- ``families``: the kinds of board whose firmware can use it (``"esp32"``, ``"microbit"``):
  a DHT needs the ESP32's ``dht`` module, a button or a servo works on any board.

A sensor that talks on a bus or a one-wire line can be unplugged: its input ``connected``
(``PLUGGED``, 1 at the start) at 0 makes it answer nothing, as if its wire came loose.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ...boards.spec import SensorSpec, Words
from ..gpio import SUPPLY_V
from . import Part


class OptionError(ValueError):
    """A bad option value; ``en``/``ja`` say what it should be (the part is named by the
    caller)."""

    def __init__(self, en: str, ja: str):
        super().__init__(en)
        self.en, self.ja = en, ja


@dataclass(frozen=True)
class Option:
    """One setting of a part in circuit.toml."""

    name: str
    kind: str  # "int", "float", "bool", "choice", "text"
    default: object
    minimum: float = 0
    maximum: float = 0
    choices: tuple[str, ...] = ()

    def check(self, value: object) -> object:
        if self.kind == "bool":
            if not isinstance(value, bool):
                raise OptionError(f"'{self.name}' must be true or false (got {short(value)})",
                                  f"「{self.name}」は true か false にしてください（{short(value)} は使えません）")
            return value
        if self.kind == "choice":
            if value not in self.choices:
                names = ", ".join(f'"{c}"' for c in self.choices)
                raise OptionError(f"'{self.name}' must be one of {names} (got {short(value)})",
                                  f"「{self.name}」は {names} のどれかにしてください（{short(value)} は使えません）")
            return value
        if self.kind == "text":
            if not isinstance(value, str) or len(value) > 100:
                raise OptionError(f"'{self.name}' must be a short text in quotes (got {short(value)})",
                                  f"「{self.name}」は \"\" で囲んだ短い文字にしてください")
            return value
        return self._number(value)

    def _number(self, value: object) -> float | int:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        if ok and self.kind == "int" and not isinstance(value, int):
            ok = False
        if ok and (not math.isfinite(value) or not self.minimum <= value <= self.maximum):  # type: ignore[operator, arg-type]
            ok = False
        if not ok:
            what = "a whole number" if self.kind == "int" else "a number"
            what_ja = "整数" if self.kind == "int" else "数"
            low, high = _show(self.minimum), _show(self.maximum)
            raise OptionError(f"'{self.name}' must be {what} from {low} to {high} (got {short(value)})",
                              f"「{self.name}」は {low} から {high} までの{what_ja}にしてください"
                              f"（{short(value)} は使えません）")
        return value if self.kind == "int" else float(value)  # type: ignore[arg-type]


def short(value: object) -> str:
    """A value as the person wrote it, cut short (an error message stays one short line)."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _show(number: float) -> str:
    if isinstance(number, int) and number >= 0x40 and number <= 0x7F:
        return f"{number} (0x{number:02X})"
    return f"{number:g}" if isinstance(number, float) else str(number)


def spec(name: str, en: str, ja: str, low: float, high: float, default: float, unit: str = "",
         step: float = 1, integer: bool = False, group: str = "environment") -> SensorSpec:
    """A part's input, for a scenario or the window's control."""
    return SensorSpec(name, Words(en, ja), group, low, high, default, unit, step,
                      integer=integer)


def switch(name: str, en: str, ja: str, group: str = "buttons", default: int = 0) -> SensorSpec:
    """An on/off input (true/false or 0/1)."""
    return SensorSpec(name, Words(en, ja), group, 0, 1, default, "", 1, integer=True)


# the last input of a sensor that can come loose: 0 and it answers nothing (breadboard.answers)
PLUGGED = switch("connected", "Connected", "つながっている", "environment", default=1)
ESP32_ONLY = frozenset({"esp32"})
ANY_BOARD = frozenset({"esp32", "microbit"})


class CircuitPart(Part):
    """A part with checked options and pin roles (see the module's docstring)."""

    roles: tuple[str, ...] = ("pin",)
    program_drives: frozenset[str] = frozenset()
    analog_roles: frozenset[str] = frozenset()
    settings: tuple[Option, ...] = ()
    families: frozenset[str] = ESP32_ONLY

    def __init__(self, part_id: str, pins: dict[str, int], options: dict[str, object]):
        full = {o.name: o.default for o in self.settings}
        full.update(options)
        super().__init__(part_id, pins, full)

    def option(self, name: str) -> object:
        return self.options[name]

    @classmethod
    def check_options(cls, given: dict[str, object]) -> dict[str, object]:
        """Check options by name; raises OptionError (unknown name or bad value)."""
        known = {o.name: o for o in cls.settings}
        checked = {}
        for name, value in given.items():
            if name not in known:
                names = ", ".join(known) or "-"
                raise OptionError(f"unknown option '{name}' (this part has: {names})",
                                  f"知らない設定「{name}」です（この部品の設定: {names}）")
            checked[name] = known[name].check(value)
        return checked

    def set(self, key: str, value: object) -> None:
        if isinstance(value, bool):  # a switch input: true/false as 1/0
            value = int(value)
        super().set(key, value)

    # -- helpers -----------------------------------------------------------------------
    def drive(self, role: str, volts: float | None) -> None:
        if self.board is not None:
            self.board.gpio.drive(self.pins[role], self, volts)

    def watch(self, role: str, callback) -> None:  # type: ignore[no-untyped-def]
        assert self.board is not None
        self.board.gpio.watch(self.pins[role], callback)

    def output(self, role: str) -> tuple[str, float]:
        assert self.board is not None
        return self.board.gpio.output(self.pins[role])

    def now_us(self) -> int:
        return self.board.scheduler.now_us if self.board is not None else 0

    def publish_changed(self, name: str, value: object) -> None:
        """Publish only when the value differs from the last one published."""
        last = getattr(self, "_published", None)
        if last is None:
            last = self._published = {}
        if last.get(name, _NOTHING) != value:
            last[name] = value
            self.publish(name, value)


_NOTHING = object()
HIGH_V = SUPPLY_V
