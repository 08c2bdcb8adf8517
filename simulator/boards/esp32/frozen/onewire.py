"""onewire: the 1-Wire bus (micropython-lib's frozen driver over the firmware's _onewire)."""

import _onewire as _ow


class OneWireError(Exception):
    pass


class OneWire:
    SEARCH_ROM = 0xF0
    MATCH_ROM = 0x55
    SKIP_ROM = 0xCC

    def __init__(self, pin):
        self.pin = pin
        self.pin.init(pin.OPEN_DRAIN, pin.PULL_UP)

    def reset(self, required=False):
        """Reset pulse; True if some device answered (OneWireError if ``required``)."""
        present = _ow.reset(self.pin)
        if required and not present:
            raise OneWireError
        return present

    def readbit(self):
        return _ow.readbit(self.pin)

    def readbyte(self):
        return _ow.readbyte(self.pin)

    def readinto(self, buf):
        for i in range(len(buf)):
            buf[i] = _ow.readbyte(self.pin)

    def writebit(self, value):
        return _ow.writebit(self.pin, value)

    def writebyte(self, value):
        return _ow.writebyte(self.pin, value)

    def write(self, buf):
        for b in buf:
            _ow.writebyte(self.pin, b)

    def select_rom(self, rom):
        """Address one device by its 8-byte ROM code."""
        self.reset()
        self.writebyte(self.MATCH_ROM)
        self.write(rom)

    def scan(self):
        """The ROM codes (bytearrays of 8) of every device on the bus."""
        found = []
        previous, branch = None, 65
        for _ in range(0xFF):
            rom, branch = self._search(previous, branch)
            if rom:
                found.append(rom)
                previous = rom
            if branch == 0:
                break
        return found

    def _search(self, previous, branch):
        """One pass of the ROM search: at a conflict beyond ``branch`` take the 1 side first,
        at ``branch`` the 0 side, before it the previous ROM's bit.  Returns (rom, the last
        conflict where the 1 side was taken) or (None, 0)."""
        if not self.reset():
            return None, 0
        self.writebyte(self.SEARCH_ROM)
        rom = bytearray(8)
        next_branch = 0
        position = 64
        for k in range(64):
            bit = self.readbit()
            if self.readbit():
                if bit:
                    return None, 0
            elif not bit:
                before = previous is not None and previous[k >> 3] & (1 << (k & 7))
                if branch > position or (before and branch != position):
                    bit = 1
                    next_branch = position
            self.writebit(bit)
            if bit:
                rom[k >> 3] |= 1 << (k & 7)
            position -= 1
        return rom, next_branch

    def crc8(self, data):
        return _ow.crc8(data)
