"""A simulated ESP32 ROM bootloader behind a pseudo-terminal: rehearsing ``terakoya flash esp32``
(and testing it) with no hardware. Linux and macOS.

It speaks the serial protocol of Espressif's ROM loader as esptool uses it: SLIP framing,
SYNC, READ_REG/WRITE_REG (the chip-detect magic, GET_SECURITY_INFO's chip id, the eFuse words
holding the MAC and chip revision, and enough of the SPI controller for esptool's SPI flash
commands: JEDEC id, SFDP, status), SPI_SET_PARAMS, SPI_ATTACH, FLASH_BEGIN/DATA/END, the
compressed FLASH_DEFL_BEGIN/DATA/END esptool uses by default, SPI_FLASH_MD5, CHANGE_BAUDRATE,
and MEM_BEGIN/DATA/END. The flash is 4 MB (or ``flash_size``) in memory, and programming it
only clears bits, as NOR flash does, so a write over unerased flash shows up in the MD5.

The stub: esptool uploads its flasher stub to RAM (MEM_BEGIN/DATA/END) and jumps to it. The
simulation checks that what was uploaded is esptool's own stub for this chip, answers "OHAI" as
the stub does and from then on answers as the stub (2 status bytes, raw MD5, ERASE_FLASH,
ERASE_REGION, READ_FLASH), so esptool's usual path, stub included, is what runs against it.

Resetting: a pseudo-terminal has no DTR/RTS lines. pyserial's modem-line ioctls fail there
with ENOTTY, which esptool catches ("Chip was NOT reset", once, with no waiting), so its
default reset works as ``--before no-reset`` would. The board is always in download mode, and
stands for a board esptool resets on connecting: the host closing the port resets it, and so
does a SYNC reaching the stub (esptool syncs only when it connects, which on real hardware
comes right after its reset), so every esptool session starts with the ROM loader and uploads
the stub again. (The stub's own "already running" answer to SYNC is what a board left in the
stub by ``--after no-reset-stub`` and reached with ``--before no-reset`` gives; it is not
simulated.)

Faults for tests and rehearsals: ``silent`` (nothing ever answers: "No serial data received"),
``wrong_id`` (the value esptool tells the chip by, its magic word or its chip id, is one it
does not know), a small ``flash_size``.
"""

from __future__ import annotations

import argparse
import errno
import hashlib
import os
import select
import struct
import sys
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

MB = 1024 * 1024
SECTOR = 0x1000
MAGIC_REG = 0x40001000  # CHIP_DETECT_MAGIC_REG_ADDR: a different value on each chip
SPI_CMD_USR = 1 << 18
ROM_SYNC_VALUE = 0x20120707  # a ROM answers SYNC with a value that is not 0; the stub with 0
FLASH_IDS = {256 * 1024: 0x12, 512 * 1024: 0x13, MB: 0x14, 2 * MB: 0x15, 4 * MB: 0x16,
             8 * MB: 0x17, 16 * MB: 0x18}  # JEDEC capacity byte
WINBOND = 0xEF

# command opcodes (esptool's ESPLoader.ESP_CMDS)
FLASH_BEGIN, FLASH_DATA, FLASH_END = 0x02, 0x03, 0x04
MEM_BEGIN, MEM_END, MEM_DATA = 0x05, 0x06, 0x07
SYNC, WRITE_REG, READ_REG = 0x08, 0x09, 0x0A
SPI_SET_PARAMS, SPI_ATTACH, CHANGE_BAUDRATE = 0x0B, 0x0D, 0x0F
FLASH_DEFL_BEGIN, FLASH_DEFL_DATA, FLASH_DEFL_END = 0x10, 0x11, 0x12
SPI_FLASH_MD5, GET_SECURITY_INFO = 0x13, 0x14
ERASE_FLASH, ERASE_REGION, READ_FLASH = 0xD0, 0xD1, 0xD2
STUB_ONLY = {ERASE_FLASH, ERASE_REGION, READ_FLASH}

# error codes: the ROM's, then the stub's
ROM_INVALID_MESSAGE, ROM_FAILED, ROM_BAD_CHECKSUM, ROM_FLASH_WRITE = 0x05, 0x06, 0x07, 0x08
STUB_BAD_LENGTH, STUB_BAD_CHECKSUM, STUB_BAD_BLOCK, STUB_INVALID_COMMAND = 0xC0, 0xC1, 0xC2, 0xC3
STUB_NOT_FLASHING, STUB_INFLATE_ERROR = 0xC6, 0xC7


@dataclass(frozen=True)
class SimChip:
    """What one chip's ROM shows esptool (values from esptool's targets/esp32*.py)."""

    key: str  # esptool's --chip name
    name: str
    magic: int | None  # at MAGIC_REG, for the chips esptool tells apart by it
    chip_id: int | None  # in GET_SECURITY_INFO, for the chips esptool tells apart by it
    security_info: int  # GET_SECURITY_INFO's length: 0 (not known to this ROM), 12 or 20
    spi_base: int
    spi_usr2: int  # offsets in the SPI controller
    spi_w0: int
    spi_addr_msb: bool  # the SPI address register is read from its top bits
    mac_high: int  # register whose low 16 bits are the MAC's first two bytes
    mac_low: int  # register holding the MAC's last four bytes
    registers: dict[int, int] = field(default_factory=dict)  # fixed eFuse words: the revision

    @property
    def spi_cmd(self) -> int:
        return self.spi_base

    @property
    def spi_addr(self) -> int:
        return self.spi_base + 4


SIM_CHIPS: dict[str, SimChip] = {chip.key: chip for chip in (
    # ESP32-D0WD-V3 revision v3.1: eFuse words 3 and 5 and APB_CTL_DATE hold the revision
    SimChip("esp32", "ESP32", 0x00F01D83, None, 0, 0x3FF42000, 0x24, 0x80, True,
            0x3FF5A008, 0x3FF5A004,
            {0x3FF5A00C: 1 << 15, 0x3FF5A014: (1 << 20) | (1 << 24), 0x3FF6607C: 1 << 31}),
    SimChip("esp32s2", "ESP32-S2", 0x000007C6, None, 12, 0x3F402000, 0x20, 0x58, False,
            0x3F41A048, 0x3F41A044, {0x3F41A050: 1 << 18}),  # v1.0
    SimChip("esp32s3", "ESP32-S3", None, 9, 20, 0x60002000, 0x20, 0x58, False,
            0x60007048, 0x60007044, {0x60007050: 2 << 18}),  # v0.2
    SimChip("esp32c3", "ESP32-C3", None, 5, 20, 0x60002000, 0x20, 0x58, False,
            0x60008848, 0x60008844, {0x60008850: 4 << 18}),  # v0.4
    SimChip("esp32c6", "ESP32-C6", None, 13, 20, 0x60003000, 0x20, 0x58, False,
            0x600B0848, 0x600B0844, {0x600B0850: 1 << 18}),  # v0.1
)}


# -- SLIP -------------------------------------------------------------------------------------
def slip(packet: bytes) -> bytes:
    return b"\xc0" + packet.replace(b"\xdb", b"\xdb\xdd").replace(b"\xc0", b"\xdb\xdc") + b"\xc0"


class SlipDecoder:
    """Bytes in, whole packets out (bytes outside a packet are dropped, as the ROM does).
    Works a chunk at a time (``find``, ``replace``): a class set's worth of firmware passes
    through it."""

    def __init__(self) -> None:
        self.packet: bytearray | None = None  # the escaped bytes of a packet begun

    def feed(self, data: bytes) -> Iterator[bytes]:
        at = 0
        while at < len(data):
            if self.packet is None:
                start = data.find(b"\xc0", at)
                if start < 0:
                    return
                self.packet, at = bytearray(), start + 1
                continue
            end = data.find(b"\xc0", at)
            if end < 0:
                self.packet += data[at:]
                return
            self.packet += data[at:end]
            at = end + 1
            if not self.packet:  # c0 c0: the second one begins the packet
                continue
            raw, self.packet = bytes(self.packet), None
            yield raw.replace(b"\xdb\xdc", b"\xc0").replace(b"\xdb\xdd", b"\xdb")


def checksum(data: bytes) -> int:
    """The ROM's checksum: 0xEF and every byte XORed together (folded in halves, in C)."""
    value, width = int.from_bytes(data, "little"), len(data)
    while width > 1:
        half = (width + 1) // 2
        value = (value & ((1 << 8 * half) - 1)) ^ (value >> 8 * half)
        width = half
    return 0xEF ^ value


class Refused(Exception):
    """A command the loader answers with a failure status."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


@dataclass
class _Download:
    """A FLASH_BEGIN/FLASH_DEFL_BEGIN or MEM_BEGIN in progress."""

    offset: int
    block: int
    inflate: zlib._Decompress | None = None  # type: ignore[name-defined]
    written: int = 0


# -- the loader -------------------------------------------------------------------------------
class Bootloader:
    """The ROM loader (and, once uploaded, esptool's stub) of one board; no I/O: ``feed`` takes
    what the host sent, ``output`` collects what the board sends back."""

    def __init__(self, chip: str = "esp32", flash_size: int = 4 * MB, mac: bytes | None = None,
                 silent: bool = False, wrong_id: int | None = None) -> None:
        self.chip = SIM_CHIPS[chip]
        if flash_size not in FLASH_IDS:
            raise ValueError(f"flash size {flash_size} is not one of {sorted(FLASH_IDS)}")
        self.flash_size = flash_size
        self.flash = bytearray(b"\xff" * flash_size)
        self.mac = mac or bytes([0x24, 0x0A, 0xC4]) + os.urandom(3)
        self.silent = silent
        by_magic = self.chip.magic is not None
        self.magic = wrong_id if by_magic and wrong_id is not None else self.chip.magic
        self.chip_id = wrong_id if not by_magic and wrong_id is not None else self.chip.chip_id
        self.output = bytearray()
        self.log: list[str] = []  # what happened, for tests: "sync", "stub", "erase", ...
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        """Power on in download mode: the ROM loader, no stub, nothing half done."""
        self.mode = "rom"  # rom | stub | app (a program runs: nothing answers)
        self.baud = 115200
        self.ram: dict[int, bytes] = {}
        self.download: _Download | None = None
        self.memory: _Download | None = None
        self.registers = dict(self.chip.registers)
        self.registers.update(self._mac_registers())
        self._decoder = SlipDecoder()

    def _mac_registers(self) -> dict[int, int]:
        high = int.from_bytes(self.mac[:2], "big")
        return {self.chip.mac_high: high, self.chip.mac_low: int.from_bytes(self.mac[2:], "big")}

    @property
    def status_length(self) -> int:
        return 2 if self.mode == "stub" else 4  # ESP32-and-later ROMs send two more bytes

    def feed(self, data: bytes) -> None:
        with self.lock:
            for packet in self._decoder.feed(data):
                self._packet(packet)

    def take_output(self) -> bytes:
        with self.lock:
            out = bytes(self.output)
            self.output.clear()
            return out

    def _packet(self, packet: bytes) -> None:
        if self.silent or self.mode == "app" or len(packet) < 8 or packet[0] != 0:
            return  # READ_FLASH's acknowledgements (4 bytes) land here too
        _, op, size, chk = struct.unpack("<BBHI", packet[:8])
        data = packet[8:8 + size]
        handler = COMMANDS.get(op)
        if handler is None or (op in STUB_ONLY and self.mode != "stub"):
            self._reply(op, status=1, error=self._invalid)
            return
        try:
            val, body = handler(self, data, chk)
        except Refused as refused:
            self._reply(op, status=1, error=refused.code)
            return
        except (struct.error, ValueError, IndexError, zlib.error):
            self._reply(op, status=1, error=self._invalid)
            return
        self._reply(op, val, body)
        self._after(op, data)

    @property
    def _invalid(self) -> int:
        return STUB_INVALID_COMMAND if self.mode == "stub" else ROM_INVALID_MESSAGE

    def _reply(self, op: int, val: int = 0, body: bytes = b"", status: int = 0,
               error: int = 0) -> None:
        data = body + bytes([status, error]) + b"\0" * (self.status_length - 2)
        self.output += slip(struct.pack("<BBHI", 1, op, len(data), val) + data)

    def _after(self, op: int, data: bytes) -> None:
        """What happens once a command's answer is sent: the stub starts, a program runs."""
        if op == SYNC:  # the ROM answers a SYNC eight times over
            for _ in range(7):
                self._reply(op, ROM_SYNC_VALUE)
        elif op == MEM_END:
            self._run_from_ram(*struct.unpack("<II", data[:8]))
        elif op in (FLASH_END, FLASH_DEFL_END):
            stay = struct.unpack("<I", data[:4])[0]
            if self.mode == "rom" and stay:  # "run user code": the program in flash starts
                self.mode = "app"
            elif self.mode == "stub" and not stay:  # the stub hands back to the ROM loader
                self.mode = "rom"
        elif op == READ_FLASH:
            self._send_flash(*struct.unpack("<IIII", data[:16]))

    # -- commands ------------------------------------------------------------------------------
    def _sync(self, data: bytes, chk: int) -> tuple[int, bytes]:
        if data != b"\x07\x07\x12\x20" + b"\x55" * 32:
            raise Refused(self._invalid)
        if self.mode == "stub":  # only a connecting esptool syncs: it has reset the board
            self.reset()
        self.log.append("sync")
        return ROM_SYNC_VALUE, b""

    def _read_reg(self, data: bytes, chk: int) -> tuple[int, bytes]:
        (address,) = struct.unpack("<I", data[:4])
        if address == MAGIC_REG:
            return (self.magic or 0), b""
        return self.registers.get(address, 0), b""

    def _write_reg(self, data: bytes, chk: int) -> tuple[int, bytes]:
        for start in range(0, len(data) - 15, 16):
            address, value, mask, _delay = struct.unpack("<IIII", data[start:start + 16])
            old = self.registers.get(address, 0)
            self.registers[address] = (old & ~mask) | (value & mask)
            if address == self.chip.spi_cmd and value & SPI_CMD_USR:
                self._spi_command()
        return 0, b""

    def _spi_command(self) -> None:
        """What the flash chip answers, put where esptool reads it (the W0 register)."""
        chip, regs = self.chip, self.registers
        command = regs.get(chip.spi_base + chip.spi_usr2, 0) & 0xFF
        address = regs.get(chip.spi_addr, 0)
        address = address >> 8 if chip.spi_addr_msb else address  # 24-bit addresses
        answers = {
            0x9F: WINBOND | 0x40 << 8 | FLASH_IDS[self.flash_size] << 16,  # JEDEC id
            0x5A: {0: 0x50444653, 0x10: WINBOND}.get(address, 0xFFFFFFFF),  # SFDP
            0x05: 0, 0x35: 0, 0x15: 0,  # status registers
        }
        if command in answers:
            regs[chip.spi_base + chip.spi_w0] = answers[command]
        regs[chip.spi_cmd] = regs.get(chip.spi_cmd, 0) & ~SPI_CMD_USR  # done at once

    def _security_info(self, data: bytes, chk: int) -> tuple[int, bytes]:
        if self.chip.security_info == 0:
            raise Refused(self._invalid)
        if self.chip.security_info == 12:
            return 0, struct.pack("<IBBBBBBBB", 0, 0, *[0] * 7)
        return 0, struct.pack("<IBBBBBBBBII", 0, 0, *[0] * 7, self.chip_id or 0, 0)

    def _accept(self, data: bytes, chk: int) -> tuple[int, bytes]:
        return 0, b""  # SPI_SET_PARAMS, SPI_ATTACH

    def _change_baud(self, data: bytes, chk: int) -> tuple[int, bytes]:
        self.baud = struct.unpack("<I", data[:4])[0]
        self.log.append(f"baud {self.baud}")
        return 0, b""

    # -- RAM and the stub ----------------------------------------------------------------------
    def _mem_begin(self, data: bytes, chk: int) -> tuple[int, bytes]:
        _size, _blocks, block, offset = struct.unpack("<IIII", data[:16])
        self.memory = _Download(offset, block)
        return 0, b""

    def _mem_data(self, data: bytes, chk: int) -> tuple[int, bytes]:
        if self.memory is None:
            raise Refused(self._invalid)
        size, seq = struct.unpack("<II", data[:8])
        block = self._block(data, size, chk)
        self.ram[self.memory.offset + seq * self.memory.block] = block
        return 0, b""

    def _mem_end(self, data: bytes, chk: int) -> tuple[int, bytes]:
        self.memory = None
        return 0, b""

    def _block(self, data: bytes, size: int, chk: int) -> bytes:
        block = data[16:]
        if len(block) != size:
            raise Refused(STUB_BAD_LENGTH if self.mode == "stub" else ROM_INVALID_MESSAGE)
        if checksum(block) != chk & 0xFF:
            raise Refused(STUB_BAD_CHECKSUM if self.mode == "stub" else ROM_BAD_CHECKSUM)
        return block

    def _run_from_ram(self, no_entry: int, entry: int) -> None:
        if no_entry:
            return
        if self.mode == "rom" and self._is_esptools_stub(entry):
            self.mode = "stub"
            self.log.append("stub")
            self.output += slip(b"OHAI")
        else:
            self.mode = "app"  # a program of its own runs from RAM

    def _is_esptools_stub(self, entry: int) -> bool:
        """Whether RAM holds esptool's stub for this chip (checked when esptool is there)."""
        stub = _stub_of(self.chip.key)
        if stub is None:
            return True
        text = b"".join(self.ram.get(a, b"") for a in sorted(self.ram) if a >= stub["text_start"]
                        and a < stub["text_start"] + stub["text_length"])
        return entry == stub["entry"] and hashlib.sha256(text).hexdigest() == stub["text_sha"]

    # -- flash ---------------------------------------------------------------------------------
    def _flash_begin(self, data: bytes, chk: int) -> tuple[int, bytes]:
        erase, _blocks, block, offset = struct.unpack("<IIII", data[:16])
        self._erase(offset, erase, round_up=True)
        self.download = _Download(offset, block)
        return 0, b""

    def _flash_defl_begin(self, data: bytes, chk: int) -> tuple[int, bytes]:
        size, _blocks, block, offset = struct.unpack("<IIII", data[:16])
        self._erase(offset, size, round_up=True)  # the ROM erases now, the stub as it goes
        self.download = _Download(offset, block, zlib.decompressobj())
        return 0, b""

    def _flash_data(self, data: bytes, chk: int) -> tuple[int, bytes]:
        download = self.download
        if download is None or download.inflate is not None:
            raise Refused(STUB_NOT_FLASHING if self.mode == "stub" else ROM_FAILED)
        size, seq = struct.unpack("<II", data[:8])
        block = self._block(data, size, chk)
        self._program(download.offset + seq * download.block, block)
        return 0, b""

    def _flash_defl_data(self, data: bytes, chk: int) -> tuple[int, bytes]:
        download = self.download
        if download is None or download.inflate is None:
            raise Refused(STUB_NOT_FLASHING if self.mode == "stub" else ROM_FAILED)
        size, _seq = struct.unpack("<II", data[:8])
        try:
            plain = download.inflate.decompress(self._block(data, size, chk))
        except zlib.error:
            raise Refused(STUB_INFLATE_ERROR if self.mode == "stub" else 0x0B) from None
        self._program(download.offset + download.written, plain)
        download.written += len(plain)
        return 0, b""

    def _flash_end(self, data: bytes, chk: int) -> tuple[int, bytes]:
        self.download = None
        return 0, b""

    def _program(self, offset: int, data: bytes) -> None:
        """NOR flash: programming only clears bits (what is not erased stays mixed in)."""
        end = offset + len(data)
        if offset < 0 or end > self.flash_size:
            raise Refused(STUB_BAD_LENGTH if self.mode == "stub" else ROM_FLASH_WRITE)
        old = int.from_bytes(self.flash[offset:end], "little")
        self.flash[offset:end] = (old & int.from_bytes(data, "little")).to_bytes(len(data),
                                                                              "little")

    def _erase(self, offset: int, size: int, round_up: bool = False) -> None:
        if round_up:
            size = -(-(offset % SECTOR + size) // SECTOR) * SECTOR
            offset -= offset % SECTOR
        if offset % SECTOR or size % SECTOR or offset + size > self.flash_size:
            raise Refused(STUB_BAD_BLOCK if self.mode == "stub" else ROM_FAILED)
        self.flash[offset:offset + size] = b"\xff" * size
        if size:
            self.log.append(f"erase {offset:#x}+{size:#x}")

    def _erase_flash(self, data: bytes, chk: int) -> tuple[int, bytes]:
        self._erase(0, self.flash_size)
        return 0, b""

    def _erase_region(self, data: bytes, chk: int) -> tuple[int, bytes]:
        self._erase(*struct.unpack("<II", data[:8]))
        return 0, b""

    def _md5(self, data: bytes, chk: int) -> tuple[int, bytes]:
        offset, size = struct.unpack("<II", data[:8])
        if offset + size > self.flash_size:
            raise Refused(STUB_BAD_LENGTH if self.mode == "stub" else ROM_FAILED)
        digest = hashlib.md5(self.flash[offset:offset + size])
        return 0, (digest.digest() if self.mode == "stub" else digest.hexdigest().encode())

    def _read_flash(self, data: bytes, chk: int) -> tuple[int, bytes]:
        offset, size, block, _in_flight = struct.unpack("<IIII", data[:16])
        if offset + size > self.flash_size or not block:
            raise Refused(STUB_BAD_LENGTH)
        return 0, b""

    def _send_flash(self, offset: int, size: int, block: int, _in_flight: int) -> None:
        """READ_FLASH's data, a block a packet, then its MD5 (the host's acknowledgements
        are read and dropped: the pseudo-terminal's buffer is the flow control)."""
        data = bytes(self.flash[offset:offset + size])
        for start in range(0, size, block):
            self.output += slip(data[start:start + block])
        self.output += slip(hashlib.md5(data).digest())


Handler = Callable[[Bootloader, bytes, int], tuple[int, bytes]]
COMMANDS: dict[int, Handler] = {
    SYNC: Bootloader._sync, READ_REG: Bootloader._read_reg, WRITE_REG: Bootloader._write_reg,
    GET_SECURITY_INFO: Bootloader._security_info, SPI_SET_PARAMS: Bootloader._accept,
    SPI_ATTACH: Bootloader._accept, CHANGE_BAUDRATE: Bootloader._change_baud,
    MEM_BEGIN: Bootloader._mem_begin, MEM_DATA: Bootloader._mem_data,
    MEM_END: Bootloader._mem_end,
    FLASH_BEGIN: Bootloader._flash_begin, FLASH_DATA: Bootloader._flash_data,
    FLASH_END: Bootloader._flash_end, FLASH_DEFL_BEGIN: Bootloader._flash_defl_begin,
    FLASH_DEFL_DATA: Bootloader._flash_defl_data, FLASH_DEFL_END: Bootloader._flash_end,
    SPI_FLASH_MD5: Bootloader._md5, ERASE_FLASH: Bootloader._erase_flash,
    ERASE_REGION: Bootloader._erase_region, READ_FLASH: Bootloader._read_flash,
}
_STUBS: dict[str, dict | None] = {}


def _stub_of(chip: str) -> dict | None:
    """esptool's stub for ``chip`` (entry, where its code goes, a hash of the code), or None
    when esptool is not installed."""
    if chip not in _STUBS:
        try:
            from esptool.loader import StubFlasher
            from esptool.targets import CHIP_DEFS

            stub = StubFlasher(CHIP_DEFS[chip])
        except (ImportError, OSError, KeyError):
            _STUBS[chip] = None
        else:
            _STUBS[chip] = {"entry": stub.entry, "text_start": stub.text_start,
                            "text_length": len(stub.text),
                            "text_sha": hashlib.sha256(stub.text).hexdigest()}
    return _STUBS[chip]


# -- on a pseudo-terminal ---------------------------------------------------------------------
class PtyBoard:
    """A :class:`Bootloader` served on a new pseudo-terminal (``path``) by a thread of its own.

    The board does not keep the terminal open itself, so it sees the host close the port
    (read fails with EIO, or ends): that is its reset.
    """

    HUNG_UP_WAIT_S = 0.005

    def __init__(self, bootloader: Bootloader) -> None:
        import tty

        self.bootloader = bootloader
        self.master, slave = os.openpty()
        tty.setraw(slave)
        self.path = os.ttyname(slave)
        os.close(slave)
        os.set_blocking(self.master, False)
        self._stop_r, self._stop_w = os.pipe()
        self._thread: threading.Thread | None = None
        self.connected = False
        self.resets = 0

    def __enter__(self) -> PtyBoard:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> PtyBoard:
        self._thread = threading.Thread(target=self.serve_forever, daemon=True,
                                        name=f"rom-bootloader {self.path}")
        self._thread.start()
        return self

    def close(self) -> None:
        os.write(self._stop_w, b"x")
        if self._thread is not None:
            self._thread.join(timeout=5)
        for fd in (self.master, self._stop_r, self._stop_w):
            try:
                os.close(fd)
            except OSError:
                pass

    def serve_forever(self) -> None:
        pending = b""
        while True:
            readable, writable, _ = select.select([self.master, self._stop_r],
                                                  [self.master] if pending else [], [], 1.0)
            if self._stop_r in readable:
                return
            if self.master in readable and not self._receive():
                pending = b""
                time.sleep(self.HUNG_UP_WAIT_S)  # nobody has the port open: look again soon
                continue
            pending += self.bootloader.take_output()
            if pending and (self.master in writable or not readable):
                pending = self._send(pending)

    def _receive(self) -> bool:
        """Pass on what the host sent; False when nobody has the port open."""
        try:
            data = os.read(self.master, 65536)
        except (BlockingIOError, InterruptedError):
            return True
        except OSError as exc:
            if exc.errno != errno.EIO:
                raise
            data = b""
        if not data:
            if self.connected:  # the host closed the port: the board starts again
                self.connected = False
                self.resets += 1
                self.bootloader.reset()
                self.bootloader.take_output()
            return False
        self.connected = True
        self.bootloader.feed(data)
        return True

    def _send(self, pending: bytes) -> bytes:
        try:
            sent = os.write(self.master, pending)
        except (BlockingIOError, InterruptedError):
            return pending
        except OSError:
            return b""
        return pending[sent:]


# -- a MicroPython-shaped image, for tests and rehearsals -------------------------------------
APP_OFFSET = 0x10000  # where MicroPython's (and Arduino's) partition tables put the app
IMAGE_OFFSETS = {"esp32": 0x1000, "esp32s2": 0x1000}  # other chips: 0x0
RAM_ADDRESS = {"esp32": 0x3FFB0000, "esp32s2": 0x3FFB0000, "esp32s3": 0x3FC90000,
               "esp32c3": 0x3FC90000, "esp32c6": 0x40810000}


def micropython_like_image(chip: str = "esp32", version: str = "v1.24.1", size: int = 64 * 1024,
                           project: str = "micropython", seed: int = 1) -> bytes:
    """A firmware .bin laid out as MicroPython's: a bootloader image for ``chip`` at the
    start, a partition table at 0x8000 and an application at 0x10000 (flash addresses) with
    its app description (``project``) and MicroPython's banner string; ``size`` bytes in all,
    its filler compressing about as well as real firmware does."""
    import random

    offset = IMAGE_OFFSETS.get(chip, 0)
    head = _esp_image(chip, [b"bootloader" + bytes(54)])
    table = _partition_table()
    desc = app_description(version, project)
    banner = f"MicroPython {version} on 2024-11-29; Generic module with {chip.upper()}\0"
    words = [bytes(random.Random(seed + n).randbytes(random.Random(n).randint(2, 9)))
             for n in range(400)]
    pick = random.Random(seed)
    room = max(0, size - (APP_OFFSET - offset) - len(desc) - len(banner) - 200)
    filler = bytearray()
    while len(filler) < room:
        filler += pick.choice(words) if pick.random() < 0.5 else pick.randbytes(3)
    app = _esp_image(chip, [desc, banner.encode() + bytes(filler[:room])])
    image = bytearray(b"\xff" * (APP_OFFSET - offset))
    image[:len(head)] = head
    image[0x8000 - offset:0x8000 - offset + len(table)] = table
    return bytes(image + app)


APP_DESCRIPTION = struct.Struct("<II8s32s32s16s16s32s32s80s")  # esp_app_desc_t: 256 bytes
APP_DESCRIPTION_MAGIC = 0xABCD5432


def app_description(version: str, project: str = "micropython") -> bytes:
    """ESP-IDF's application description, as the first bytes of an app's first segment."""
    return APP_DESCRIPTION.pack(APP_DESCRIPTION_MAGIC, 0, b"", version.encode()[:31],
                                project.encode()[:31], b"12:00:00", b"Nov 29 2024", b"v5.2.2",
                                b"", b"")


def _esp_image(chip: str, segments: list[bytes]) -> bytes:
    from esptool.bin_image import ELFSection, ESP8266ROMFirmwareImage, LoadFirmwareImage

    image = LoadFirmwareImage(chip, _empty_image(chip))
    address = RAM_ADDRESS[chip]
    for data in segments:
        data = data + b"\0" * (-len(data) % 4)
        image.segments.append(ELFSection(b".dram0.data", address, data, 0))
        address += len(data)
    image.entrypoint = RAM_ADDRESS[chip]
    image.max_rev_full = 0xFFFF
    assert not isinstance(image, ESP8266ROMFirmwareImage)
    return image.save(None)  # type: ignore[return-value]


def _empty_image(chip: str) -> bytes:
    """The smallest valid image for ``chip``: header, extended header, no segment, checksum
    (no SHA-256 appended), from which esptool's own classes build the rest."""
    from esptool.targets import CHIP_DEFS

    header = struct.pack("<BBBBI", 0xE9, 0, 2, 0x20, 0)
    extended = struct.pack("<BBBBHBHH4BB", 0xEE, 0, 0, 0, CHIP_DEFS[chip].IMAGE_CHIP_ID, 0, 0,
                           0xFFFF, 0, 0, 0, 0, 0)
    body = header + extended
    return body + b"\0" * (15 - len(body) % 16) + bytes([0xEF])


def _partition_table() -> bytes:
    def entry(kind: int, subtype: int, offset: int, size: int, label: str) -> bytes:
        return struct.pack("<HBBII16sI", 0x50AA, kind, subtype, offset, size, label.encode(), 0)

    return (entry(1, 2, 0x9000, 0x6000, "nvs") + entry(1, 1, 0xF000, 0x1000, "phy_init")
            + entry(0, 0, APP_OFFSET, 0x1F0000, "factory")
            + entry(1, 0x81, 0x200000, 0x200000, "vfs"))


# -- python -m terakoya.host_tools.rom_bootloader ---------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m terakoya.host_tools.rom_bootloader",
        description="Simulated ESP32 boards waiting in their ROM bootloader, each on a "
                    "pseudo-terminal, for rehearsing 'terakoya flash esp32 --port ...'.")
    parser.add_argument("--chip", default="esp32", choices=sorted(SIM_CHIPS))
    parser.add_argument("--count", type=int, default=1, help="how many boards")
    parser.add_argument("--flash-mb", type=int, default=4, choices=(1, 2, 4, 8, 16))
    parser.add_argument("--silent", type=int, default=0, metavar="N",
                        help="the last N boards never answer (as with a charge-only cable)")
    args = parser.parse_args(argv)
    boards = [PtyBoard(Bootloader(args.chip, args.flash_mb * MB,
                                  silent=n >= args.count - args.silent)).start()
              for n in range(args.count)]
    for board in boards:
        print(board.path, flush=True)
    try:
        sys.stdin.read()  # until the input ends (or Ctrl-C)
    except KeyboardInterrupt:
        pass
    for board in boards:
        board.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
