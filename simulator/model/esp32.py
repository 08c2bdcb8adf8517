"""The state of one simulated ESP32 board (DevKitC, ATOM Matrix, S3): its pins, the parts of
its circuit, its files (with folders, as the firmware's LittleFS), and its built-in parts."""

from __future__ import annotations

from typing import TypeVar

from ..boards.esp32 import ESP32
from ..boards.spec import BoardSpec
from .board import Board
from .circuit import attach_circuit, load_circuit
from .clock import Scheduler
from .events import ValueChanged
from .gpio import Gpio
from .network import NetHost, Network
from .parts import Part
from .radio import RadioSpace
from .sensors import SensorValueError

T = TypeVar("T")


class Esp32Board(Board):
    """One ESP32 board. Its buttons are wired to pins (the BOOT button to GPIO0, low while
    pressed, with the pull-up the board has on it)."""

    default_spec = ESP32

    def __init__(self, scheduler: Scheduler, number: int = 1,
                 radio_space: RadioSpace | None = None, spec: BoardSpec | None = None,
                 network: Network | None = None):
        super().__init__(scheduler, number, radio_space, spec, network)
        self.network = network or Network(scheduler)
        self.net: NetHost = self.network.host(number, self.wake_program, self.bus.publish)
        self.net.hostname = "mpy-esp32s3" if self.spec.chip == "ESP32-S3" else "mpy-esp32"
        self.gpio = Gpio(self)
        self.circuit: list[Part] = []
        self.pressed = {b.name: False for b in self.spec.buttons}
        for button in self.spec.buttons:  # the board's own pull-up resistor on the pin
            self.gpio.drive(button.pin, ("pull-up", button.name), 3.3)
        self.parts = (self.gpio,)
        if self.spec.circuit:  # the parts built onto the board
            attach_circuit(self, load_circuit(self.spec.circuit, self.spec))

    # -- inputs ----------------------------------------------------------------------
    def press(self, button: str, down: bool) -> None:
        """A button of the board (``BOOT``) or of its circuit (``btn1``), in any case."""
        part = self.part(button)
        if part is not None and any(i.id == "pressed" for i in part.inputs):
            part.set("pressed", down)
            return
        spec = self.spec.button(button)
        if spec is None:
            names = ", ".join(b.name for b in self.spec.buttons) or "-"
            raise SensorValueError(f"the {self.spec.name.en} has no button {button!r} "
                                   f"(it has: {names})")
        self.pressed[spec.name] = down
        self.gpio.drive(spec.pin, ("button", spec.name), 0.0 if down else None)
        self.bus.publish(ValueChanged(self.number, f"button_{spec.name.lower()}", down))
        self.wake_program()

    def set_value(self, sensor_id: str, value: object) -> None:
        """A board sensor, a pin's voltage (``gpio34``), or a part's input (``pot1`` for its
        one input, ``dht1.temperature``)."""
        part_id, _, key = sensor_id.partition(".")
        part = self.part(part_id)
        if part is not None:
            if not key and part.inputs:
                key = part.inputs[0].id  # a part with one main input: set = { pot1 = 0.5 }
            part.set(key, value)
            return
        super().set_value(sensor_id, value)
        if sensor_id.startswith("gpio") and sensor_id[4:].isdigit():
            self.gpio.drive(int(sensor_id[4:]), ("volts", sensor_id), float(value))  # type: ignore[arg-type]

    # -- the circuit ----------------------------------------------------------------------
    def add_part(self, part: Part) -> None:
        self.circuit.append(part)
        part.attach(self)

    def part(self, part_id: str) -> Part | None:
        """The part with this id (ids are matched in any case, as a scenario may shout)."""
        exact = next((p for p in self.circuit if p.id == part_id), None)
        return exact or next((p for p in self.circuit if p.id.lower() == part_id.lower()), None)

    def value(self, sensor_id: str) -> object:
        """A board sensor, or a part's input (``pot1.position``; ``pot1``: its first)."""
        part_id, _, key = sensor_id.partition(".")
        part = self.part(part_id)
        if part is not None:
            return part.values[key or part.inputs[0].id]
        return super().value(sensor_id)

    def parts_on(self, pin: int, kind: type[T]) -> list[T]:
        """The parts wired to ``pin`` that speak ``kind`` (an interface of model/parts)."""
        return [p for p in self.circuit if pin in p.pins.values() and isinstance(p, kind)]  # type: ignore[misc]

    def i2c_devices(self, scl: int, sda: int, kind: type[T]) -> list[T]:
        return [p for p in self.circuit if p.pins.get("scl") == scl and p.pins.get("sda") == sda
                and isinstance(p, kind)]  # type: ignore[misc]

    def reset_state(self) -> None:
        super().reset_state()
        for part in self.circuit:
            part.reset()
        self.net.power_off()

    def close(self) -> None:
        super().close()
        self.net.power_off()


__all__ = ["Esp32Board"]
