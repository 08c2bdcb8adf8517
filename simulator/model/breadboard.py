"""What a board with a circuit (``circuit.toml``) has, whatever its kind: its parts, found by
id (for a scenario, a test or the window) and by pin or bus (for the board's modules).

A part that can be unplugged (an input ``connected``, see ``parts.common.pluggable``) is not
found on its pin or bus while ``connected`` is 0: the board's modules then meet no device
there and fail as the firmware does (a DHT read times out, an I2C address is not
acknowledged, a 1-Wire reset finds no presence pulse).
"""

from __future__ import annotations

from typing import TypeVar

from .parts import Part
from .sensors import SensorValueError

T = TypeVar("T")


def answers(part: Part) -> bool:
    """Whether the part is plugged in (a part without a ``connected`` input always is)."""
    return part.values.get("connected", 1) != 0


class Breadboard:
    """A mixin for a ``Board`` whose pins can have parts (``self.circuit``)."""

    circuit: list[Part]

    def add_part(self, part: Part) -> None:
        self.circuit.append(part)
        part.attach(self)  # type: ignore[arg-type]

    def part(self, part_id: str) -> Part | None:
        """The part with this id (ids are matched in any case, as a scenario may shout)."""
        exact = next((p for p in self.circuit if p.id == part_id), None)
        return exact or next((p for p in self.circuit if p.id.lower() == part_id.lower()), None)

    def set_part_value(self, sensor_id: str, value: object) -> bool:
        """A part's input (``pot1`` for its first input, ``dht1.temperature``); False if no
        part has that id."""
        part_id, _, key = sensor_id.partition(".")
        part = self.part(part_id)
        if part is None:
            return False
        if not key:
            if not part.inputs:
                raise SensorValueError(f"{part.id} has no input to set")
            key = part.inputs[0].id  # a part with one main input: set = { pot1 = 0.5 }
        part.set(key, value)
        return True

    def part_value(self, sensor_id: str) -> tuple[bool, object]:
        """(True, a part's input: ``pot1.position``; ``pot1``: its first), or (False, None)."""
        part_id, _, key = sensor_id.partition(".")
        part = self.part(part_id)
        if part is None or not (key or part.inputs):
            return False, None
        key = key or part.inputs[0].id
        if key not in part.values:
            raise SensorValueError(f"{part.id} has no input called {key!r}")
        return True, part.values[key]

    def press_part(self, button: str, down: bool) -> bool:
        """Press or let go of a part's button (``btn1``); False if no such part."""
        part = self.part(button)
        if part is None or not any(i.id == "pressed" for i in part.inputs):
            return False
        part.set("pressed", down)
        return True

    def parts_on(self, pin: int, kind: type[T]) -> list[T]:
        """The parts plugged in on ``pin`` that speak ``kind`` (an interface of model/parts)."""
        return [p for p in self.circuit if pin in p.pins.values() and isinstance(p, kind)
                and answers(p)]  # type: ignore[misc]

    def i2c_devices(self, scl: int, sda: int, kind: type[T]) -> list[T]:
        return [p for p in self.circuit if p.pins.get("scl") == scl and p.pins.get("sda") == sda
                and isinstance(p, kind) and answers(p)]  # type: ignore[misc]

    def reset_parts(self) -> None:
        for part in self.circuit:
            part.reset()
