"""What the I2C parts share: the bus pins, the address option and a register pointer.

A memory read from the program is a write of the register number, then a read: the read
starts at the pointer and moves it on one register per byte (as the BME280 and MPU6886 do).
"""

from __future__ import annotations

from .common import CircuitPart, Option


class RegisterDevice(CircuitPart):
    """An I2cDevice with 256 registers behind a pointer. Subclasses give ``read_register``
    and ``write_register`` their meaning."""

    roles = ("scl", "sda")
    program_drives = frozenset(roles)
    addresses: tuple[int, int] = (0x08, 0x77)  # the addresses the chip can be set to

    def __init__(self, part_id: str, pins: dict[str, int], options: dict[str, object]):
        super().__init__(part_id, pins, options)
        self.address = int(self.option("address"))  # type: ignore[call-overload]
        self.pointer = 0

    def i2c_write(self, data: bytes) -> None:
        if not data:
            return  # an empty write: a probe (i2c.scan) — the chip only acknowledges
        self.pointer = data[0]
        for byte in data[1:]:
            self.write_register(self.pointer, byte)
            self.pointer = (self.pointer + 1) & 0xFF

    def i2c_read(self, count: int) -> bytes:
        self.before_read(self.pointer, count)
        out = bytearray()
        for _ in range(max(0, count)):
            out.append(self.read_register(self.pointer) & 0xFF)
            self.pointer = (self.pointer + 1) & 0xFF
        return bytes(out)

    def before_read(self, register: int, count: int) -> None:
        """A read is about to start at ``register`` (a chance to latch a measurement)."""

    def read_register(self, register: int) -> int:
        return 0

    def write_register(self, register: int, value: int) -> None:
        pass


def address_option(default: int, low: int, high: int) -> Option:
    return Option("address", "int", default, low, high)
