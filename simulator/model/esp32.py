"""The state of one simulated ESP32 board (DevKitC, ATOM Matrix, S3): its pins, the parts of
its circuit, its files (with folders, as the firmware's LittleFS), and its built-in parts."""

from __future__ import annotations

from ..boards.esp32 import ESP32
from ..boards.spec import BoardSpec
from .board import Board
from .breadboard import Breadboard
from .circuit import attach_circuit, load_circuit
from .clock import Scheduler
from .events import ValueChanged
from .gpio import Gpio
from .network import NetHost, Network
from .parts import Part
from .radio import RadioSpace
from .sensors import SensorValueError


class Esp32Board(Breadboard, Board):
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
        if self.spec.circuit:  # the parts built onto the board (they cannot be unplugged)
            attach_circuit(self, load_circuit(self.spec.circuit, self.spec))
            for part in self.circuit:
                part.inputs = tuple(i for i in part.inputs if i.id != "connected")

    # -- inputs ----------------------------------------------------------------------
    def press(self, button: str, down: bool) -> None:
        """A button of the board (``BOOT``) or of its circuit (``btn1``), in any case."""
        if self.press_part(button, down):
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
        if self.set_part_value(sensor_id, value):
            return
        super().set_value(sensor_id, value)
        if sensor_id.startswith("gpio") and sensor_id[4:].isdigit():
            self.gpio.drive(int(sensor_id[4:]), ("volts", sensor_id), float(value))  # type: ignore[arg-type]

    def value(self, sensor_id: str) -> object:
        """A board sensor, or a part's input (``pot1.position``; ``pot1``: its first)."""
        found, value = self.part_value(sensor_id)
        return value if found else super().value(sensor_id)

    def reset_state(self) -> None:
        super().reset_state()
        self.reset_parts()
        self.net.power_off()

    def close(self) -> None:
        super().close()
        self.net.power_off()


__all__ = ["Esp32Board"]
