"""The DS18B20 1-Wire thermometer, bit by bit as the bus carries it.

After a reset the master sends a ROM command (read 0x33, match 0x55 + 8 bytes, skip 0xCC,
search 0xF0, alarm search 0xEC), then a function command: convert T (0x44), read the
scratchpad (0xBE: 9 bytes, the last a CRC), write it (0x4E: TH, TL, configuration), copy it
to EEPROM (0x48), recall it (0xB8), read the power supply (0xB4). Bytes go least significant
bit first. Until the master reads, the sensor leaves the line alone (reads as 1).

The temperature is a signed 16-bit count of 1/16 °C; at 9, 10 or 11 bits of resolution
(configuration byte 0x1F, 0x3F, 0x5F; 0x7F is 12 bits) the lowest 3, 2 or 1 bits are 0.
A conversion takes 93.75 ms × 2^(bits - 9) (750 ms at 12 bits) of virtual time; read slots
read 0 while it runs, and the scratchpad holds the earlier reading (85 °C after power-up)
until it ends.
"""

from __future__ import annotations

import zlib

from .common import PLUGGED, CircuitPart, Option, spec

FAMILY = 0x28
POWER_ON_RAW = 85 * 16
CONVERT_US_9BIT = 93_750


def crc8(data: bytes) -> int:
    """Dallas/Maxim CRC-8 (x^8 + x^5 + x^4 + 1, bits taken least significant first)."""
    crc = 0
    for byte in data:
        for _ in range(8):
            mix = (crc ^ byte) & 1
            crc >>= 1
            if mix:
                crc ^= 0x8C
            byte >>= 1
    return crc


def make_rom(serial: int) -> bytes:
    body = bytes((FAMILY,)) + serial.to_bytes(6, "little")
    return body + bytes((crc8(body),))


def _bits(data: bytes) -> list[int]:
    return [(byte >> n) & 1 for byte in data for n in range(8)]


class Ds18b20(CircuitPart):
    """A OneWireDevice. Its serial number comes from ``serial`` (a whole number; by default
    one made from the part's id, the same on every run)."""

    type_name = "ds18b20"
    inputs = (spec("temperature", "Temperature", "温度", -55, 125, 24, "°C", 0.0625), PLUGGED)
    settings = (Option("serial", "int", -1, -1, 2**48 - 1),)

    def __init__(self, part_id: str, pins: dict[str, int], options: dict[str, object]):
        super().__init__(part_id, pins, options)
        serial = int(self.option("serial"))  # type: ignore[call-overload]
        if serial < 0:
            serial = zlib.crc32(part_id.encode()) | 0x100000000  # never all zeros
        self.rom = make_rom(serial)
        self.th, self.tl, self.config = 0x4B, 0x46, 0x7F  # the factory's EEPROM values
        self.eeprom = (self.th, self.tl, self.config)
        self.raw = POWER_ON_RAW
        self._pending: tuple[int, int] | None = None  # (ready at µs, raw reading)
        self._idle()

    # -- the bus ---------------------------------------------------------------------
    def ow_reset(self) -> bool:
        self._finish_conversion()
        self._state, self._got, self._out = "rom", [], []
        return True

    def ow_write_bit(self, bit: int) -> None:
        if self._state == "search":
            self._search_step(bit)
            return
        if self._state == "idle":
            return
        self._got.append(1 if bit else 0)
        if len(self._got) == self._expect:
            data = bytes(sum(b << n for n, b in enumerate(self._got[i:i + 8]))
                         for i in range(0, len(self._got), 8))
            self._got = []
            self._received(data)

    def ow_read_bit(self) -> int:
        if self._state == "search":
            return self._search_read()
        if self._out:
            return self._out.pop(0)
        if self._state == "converting":
            return 1 if self._finish_conversion() else 0
        return 1

    # -- inside ----------------------------------------------------------------------
    def _idle(self) -> None:
        self._state, self._expect, self._got, self._out = "idle", 8, [], []

    def _received(self, data: bytes) -> None:
        handler = {"rom": self._rom_command, "match": self._match,
                   "function": self._function, "write": self._write_scratchpad}.get(self._state)
        if handler is not None:
            handler(data)

    def _rom_command(self, data: bytes) -> None:
        command = data[0]
        if command == 0xCC:
            self._state, self._expect = "function", 8
        elif command == 0x55:
            self._state, self._expect = "match", 64
        elif command == 0x33:
            self._out = _bits(self.rom)
            self._state, self._expect = "function", 8
        elif command == 0xF0 or (command == 0xEC and self._alarm()):
            self._state, self._search_bit, self._search_phase = "search", 0, 0
        else:
            self._idle()

    def _match(self, data: bytes) -> None:
        if data == self.rom:
            self._state, self._expect = "function", 8
        else:
            self._idle()

    def _function(self, data: bytes) -> None:
        command = data[0]
        if command == 0x44:
            self._start_conversion()
        elif command == 0xBE:
            self._finish_conversion()
            self._out = _bits(self.scratchpad())
            self._state = "idle"
        elif command == 0x4E:
            self._state, self._expect = "write", 24
        elif command == 0x48:
            self.eeprom = (self.th, self.tl, self.config)
            self._state = "idle"
        elif command == 0xB8:
            self.th, self.tl, self.config = self.eeprom
            self._out, self._state = [1], "idle"
        elif command == 0xB4:
            self._out, self._state = [1], "idle"  # powered from VDD, not parasitic
        else:
            self._idle()

    def _write_scratchpad(self, data: bytes) -> None:
        self.th, self.tl = data[0], data[1]
        self.config = (data[2] & 0x60) | 0x1F  # only R1 R0 can be written
        self._idle()

    # -- search ROM: each bit, then its complement, then the master's choice ------------
    def _search_read(self) -> int:
        bit = self.rom[self._search_bit // 8] >> (self._search_bit % 8) & 1
        self._search_phase += 1
        if self._search_phase == 1:
            return bit
        return 1 - bit if self._search_phase == 2 else 1

    def _search_step(self, bit: int) -> None:
        mine = self.rom[self._search_bit // 8] >> (self._search_bit % 8) & 1
        if (1 if bit else 0) != mine:
            self._idle()  # the master went the other way: this device waits for a reset
            return
        self._search_bit += 1
        self._search_phase = 0
        if self._search_bit == 64:
            self._state, self._expect, self._got = "function", 8, []

    # -- temperature ------------------------------------------------------------------
    def resolution_bits(self) -> int:
        return 9 + ((self.config >> 5) & 3)

    def reading(self) -> int:
        """The 16-bit word the sensor would measure now, at its resolution."""
        raw = round(float(self.values["temperature"]) * 16)  # type: ignore[arg-type]
        raw &= ~((1 << (12 - self.resolution_bits())) - 1)
        return raw & 0xFFFF

    def _start_conversion(self) -> None:
        duration = CONVERT_US_9BIT << (self.resolution_bits() - 9)
        self._pending = (self.now_us() + duration, self.reading())
        self._state = "converting"

    def _finish_conversion(self) -> bool:
        """True when no conversion is running (any that ran has filled the scratchpad)."""
        if self._pending is None:
            return True
        ready_at, raw = self._pending
        if self.now_us() < ready_at:
            return False
        self.raw, self._pending = raw, None
        return True

    def _alarm(self) -> bool:
        whole = (self.raw - 0x10000 if self.raw & 0x8000 else self.raw) >> 4
        signed = [v - 256 if v & 0x80 else v for v in (self.th, self.tl)]
        return whole >= signed[0] or whole <= signed[1]

    def scratchpad(self) -> bytes:
        body = bytes((self.raw & 0xFF, self.raw >> 8, self.th, self.tl, self.config,
                      0xFF, 0x0C, 0x10))
        return body + bytes((crc8(body),))

    def changed(self, key: str) -> None:
        self.publish(key, self.values[key])
