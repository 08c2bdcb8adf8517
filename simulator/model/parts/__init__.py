"""Parts on a breadboard, wired to a board's pins (``circuit.toml``).

A part is plain model state: it drives pins (``Gpio.drive``), watches what the program puts
out on them (``Gpio.watch``), or answers on a bus. ``board.gpio`` is an ESP32's ``Gpio`` or
the micro:bit's ``EdgeConnector`` (``model/edge.py``), which answers the same calls. The board's modules (``machine``, ``esp``)
reach a part only through the small interfaces below, found by pin or bus:

- ``I2cDevice``: answers transactions at its address on an I2C bus (SSD1306, BME280, MPU6886);
- ``OneWireDevice``: answers reset pulses and time slots bit by bit (DS18B20);
- ``DhtDevice``: the five bytes a DHT11/DHT22 sends after its start signal;
- ``BitstreamDevice``: takes the bytes of ``machine.bitstream`` (WS2812 / NeoPixel);
- ``PulseDevice``: the length of the pulse it answers with (HC-SR04's echo).

Every part has an id (from circuit.toml), publishes its outputs as ``ValueChanged`` events
on the board's bus (``<id>.<name>``, e.g. ``led1.level``, ``servo1.angle``), and takes its
inputs through ``set`` (a scenario's ``set = { pot1 = 0.5 }``, the window's controls).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

from ...boards.spec import SensorSpec
from ..events import ValueChanged
from ..sensors import SensorValueError

if TYPE_CHECKING:
    from ..esp32 import Esp32Board


class Part:
    """One part of a circuit. Subclasses say which pins they use and what they do."""

    type_name = "part"
    inputs: tuple[SensorSpec, ...] = ()  # what a scenario or the window can set on it

    def __init__(self, part_id: str, pins: dict[str, int], options: dict[str, object]):
        self.id = part_id
        self.pins = pins  # role -> GPIO number ("pin", "scl", "sda", "trig", "echo", …)
        self.options = options
        self.board: Esp32Board | None = None
        self.values: dict[str, object] = {s.id: s.default for s in self.inputs}

    def attach(self, board: Esp32Board) -> None:
        """Wire the part to the board (drive its pins, watch outputs)."""
        self.board = board

    def reset(self) -> None:
        """The board was reset: a part keeps what it is (it is wired, not programmed)."""

    def set(self, key: str, value: object) -> None:
        spec = next((s for s in self.inputs if s.id == key), None)
        if spec is None:
            names = ", ".join(s.id for s in self.inputs) or "-"
            raise SensorValueError(f"{self.id} has no input called {key!r} (it has: {names})")
        from ..board import make_sensor

        self.values[key] = make_sensor(spec).coerce(value)
        self.changed(key)

    def changed(self, key: str) -> None:
        """An input changed: drive the pins anew (subclasses)."""

    def publish(self, name: str, value: object) -> None:
        if self.board is not None:
            self.board.bus.publish(ValueChanged(self.board.number, f"{self.id}.{name}", value))


@runtime_checkable
class I2cDevice(Protocol):
    address: int

    def i2c_write(self, data: bytes) -> None:
        """A write transaction (START, address+W, data…, STOP)."""

    def i2c_read(self, count: int) -> bytes:
        """A read transaction of ``count`` bytes."""


@runtime_checkable
class OneWireDevice(Protocol):
    rom: bytes  # 8 bytes: family code, serial number, CRC

    def ow_reset(self) -> bool:
        """A reset pulse; True: the device answers with its presence pulse."""

    def ow_write_bit(self, bit: int) -> None: ...

    def ow_read_bit(self) -> int:
        """A read time slot: the bit the device sends (1 when it lets the line go)."""


@runtime_checkable
class DhtDevice(Protocol):
    def dht_frame(self) -> bytes:
        """The 5 bytes after the start signal (humidity, temperature, checksum)."""


@runtime_checkable
class BitstreamDevice(Protocol):
    def bitstream(self, data: bytes) -> None: ...


@runtime_checkable
class PulseDevice(Protocol):
    def pulse_us(self, level: int) -> int | None:
        """How long the pulse at ``level`` lasts that the part sends now (None: none)."""
