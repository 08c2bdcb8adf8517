"""Typed board inputs: each sensor has a range, a unit and a default, and one way in."""

from __future__ import annotations

from dataclasses import dataclass, field


class PlainError(ValueError):
    """Something a person wrote cannot be used (a circuit, a scenario): ``en`` and ``ja`` say
    what is wrong and where, in one line each."""

    def __init__(self, en: str, ja: str):
        super().__init__(en)
        self.en = en
        self.ja = ja

    def text(self, lang: str) -> str:
        return self.ja if lang == "ja" else self.en


class SensorValueError(ValueError):
    """A value outside what the sensor can measure; the message names sensor and range."""


@dataclass
class RangeSensor:
    id: str
    min: float
    max: float
    default: float
    unit: str = ""
    integer: bool = True
    value: float = field(init=False)

    def __post_init__(self) -> None:
        self.value = self.default

    def coerce(self, value: object) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise SensorValueError(
                f"{self.id} must be a number from {self.min} to {self.max}, not {value!r}")
        if not self.min <= value <= self.max:
            unit = f" {self.unit}" if self.unit else ""
            raise SensorValueError(
                f"{self.id} must be from {self.min} to {self.max}{unit}; {value!r} is out of range")
        return int(round(value)) if self.integer else float(value)

    def set_value(self, value: object) -> None:
        self.value = self.coerce(value)

    def reset(self) -> None:
        self.value = self.default


@dataclass
class EnumSensor:
    id: str
    choices: tuple[str, ...]
    default: str
    value: str = field(init=False)

    def __post_init__(self) -> None:
        self.value = self.default

    def coerce(self, value: object) -> str:
        if value not in self.choices:
            names = ", ".join(repr(c) for c in self.choices)
            raise SensorValueError(f"{self.id} must be one of {names}, not {value!r}")
        return value  # type: ignore[return-value]

    def set_value(self, value: object) -> None:
        self.value = self.coerce(value)

    def reset(self) -> None:
        self.value = self.default


Sensor = RangeSensor | EnumSensor
