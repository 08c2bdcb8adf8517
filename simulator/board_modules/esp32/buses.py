"""``machine.I2C``, ``SoftI2C``, ``SPI``, ``SoftSPI`` and ``UART`` of MicroPython 1.23's ESP32
port (machine_i2c.c, extmod/machine_i2c.c, machine_hw_spi.c, extmod/machine_spi.c,
machine_uart.c).

I2C devices are the parts wired to the bus's two pins that speak ``model.parts.I2cDevice``
(``board.i2c_devices(scl, sda, I2cDevice)``), found by their ``address``. An address no
device answers is a NACK, which the port raises as ``OSError: [Errno 19] ENODEV``.
Hardware I2C(0) uses SCL 18 / SDA 19 and I2C(1) SCL 25 / SDA 26 unless told otherwise.

SPI has no devices (yet): what it sends goes nowhere and what it reads is what a MISO line
nobody drives gives, 0xff. UART(0) is the USB serial line (the REPL's); UART(1) and (2)
are not wired to anything: they send into the void and read nothing.
"""

from __future__ import annotations

from ...model.parts import I2cDevice
from ..mp import Arg, parse_args, read_buffer, write_buffer
from .chip import EINVAL, ENODEV, os_error
from .context import Context

I2C_PINS = {0: (18, 19), 1: (25, 26)}  # id -> (scl, sda)
I2C_ARGS = (Arg("id", "int", -1), Arg("scl", keyword_only=True),
            Arg("sda", keyword_only=True), Arg("freq", "int", 400000, keyword_only=True),
            Arg("timeout", "int", 50000, keyword_only=True))
SOFT_I2C_ARGS = (Arg("scl", required=True), Arg("sda", required=True),
                 Arg("freq", "int", 400000), Arg("timeout", "int", 50000))
BIT_US = 2.5  # one SCL clock at 400 kHz


class _I2cBase:
    _context: Context
    _scl: int
    _sda: int
    _freq: int

    def _device(self, addr: object) -> I2cDevice:
        address = int(addr) & 0x7F  # type: ignore[call-overload]
        for device in self._context.board.i2c_devices(self._scl, self._sda, I2cDevice):
            if device.address == address:
                return device
        raise os_error(ENODEV)

    def _spend(self, nbytes: int) -> None:
        self._context.board.busy_us(int((nbytes + 1) * 9 * 1_000_000 / max(1, self._freq)))

    def scan(self) -> list[int]:
        found = {d.address for d in self._context.board.i2c_devices(self._scl, self._sda,
                                                                    I2cDevice)}
        self._spend(112)
        return sorted(a for a in found if 0x08 <= a <= 0x77)

    def writeto(self, addr: object, buf: object, stop: object = True) -> int:
        data = read_buffer(buf)
        device = self._device(addr)
        self._spend(len(data))
        device.i2c_write(data)
        return len(data)

    def writevto(self, addr: object, vector: object, stop: object = True) -> int:
        data = b"".join(read_buffer(b) for b in vector)  # type: ignore[attr-defined]
        return self.writeto(addr, data, stop)

    def readfrom(self, addr: object, nbytes: object, stop: object = True) -> bytes:
        count = int(nbytes)  # type: ignore[call-overload]
        device = self._device(addr)
        self._spend(count)
        return bytes(device.i2c_read(count))[:count].ljust(count, b"\xff")

    def readfrom_into(self, addr: object, buf: object, stop: object = True) -> None:
        view = write_buffer(buf)
        view[:] = self.readfrom(addr, len(view))

    def _mem_address(self, memaddr: object, addrsize: object) -> bytes:
        size = int(addrsize)  # type: ignore[call-overload]
        if size not in (8, 16, 24, 32):
            raise os_error(EINVAL)
        return (int(memaddr) & ((1 << size) - 1)).to_bytes(size // 8, "big")  # type: ignore[call-overload]

    def writeto_mem(self, *args: object, **kwargs: object) -> None:
        table = (Arg("addr", "int", required=True), Arg("memaddr", "int", required=True),
                 Arg("buf", required=True), Arg("addrsize", "int", 8, keyword_only=True))
        addr, memaddr, buf, addrsize = parse_args(table, args, kwargs)
        self.writeto(addr, self._mem_address(memaddr, addrsize) + read_buffer(buf))

    def _read_mem(self, args: tuple[object, ...], kwargs: dict[str, object],
                  what: str) -> tuple[bytes, object]:
        table = (Arg("addr", "int", required=True), Arg("memaddr", "int", required=True),
                 Arg(what, required=True), Arg("addrsize", "int", 8, keyword_only=True))
        addr, memaddr, arg, addrsize = parse_args(table, args, kwargs)
        count = len(write_buffer(arg)) if what == "buf" else int(arg)  # type: ignore[call-overload]
        device = self._device(addr)
        device.i2c_write(self._mem_address(memaddr, addrsize))
        self._spend(count + 2)
        return bytes(device.i2c_read(count))[:count].ljust(count, b"\xff"), arg

    def readfrom_mem(self, *args: object, **kwargs: object) -> bytes:
        return self._read_mem(args, kwargs, "nbytes")[0]

    def readfrom_mem_into(self, *args: object, **kwargs: object) -> None:
        data, buf = self._read_mem(args, kwargs, "buf")
        write_buffer(buf)[:] = data

    # the primitive operations: only the software bus has them on the ESP32
    def start(self) -> None:
        raise OSError("I2C operation not supported")

    stop = start
    readinto = start
    write = start


class I2C(_I2cBase):
    def __init__(self, *args: object, **kwargs: object) -> None:
        port, scl, sda, freq, timeout = parse_args(I2C_ARGS, args, kwargs)
        if port == -1:
            port = 0
        if port not in I2C_PINS:
            raise ValueError(f"I2C({port}) doesn't exist")
        ctx = self._context
        self._port = port
        default_scl, default_sda = I2C_PINS[port]  # type: ignore[index]
        self._scl = default_scl if scl is None else ctx.gpio_number(scl)
        self._sda = default_sda if sda is None else ctx.gpio_number(sda)
        self._freq, self._timeout = freq, timeout

    def __repr__(self) -> str:
        return (f"I2C({self._port}, scl={self._scl}, sda={self._sda}, freq={self._freq}, "
                f"timeout={self._timeout})")

    def init(self, *args: object, **kwargs: object) -> None:
        """``i2c.init(scl=..., sda=..., freq=...)``: set the bus up again, as a new I2C."""
        self.__init__(self._port, *args, **kwargs)  # type: ignore[misc]


class SoftI2C(_I2cBase):
    """The bit-banged bus: the same transfers, plus start/stop/readinto/write."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        scl, sda, freq, timeout = parse_args(SOFT_I2C_ARGS, args, kwargs)
        self._scl = self._context.gpio_number(scl)
        self._sda = self._context.gpio_number(sda)
        self._freq = max(1, freq)  # type: ignore[call-overload]
        self._delay = max(1, 500000 // self._freq)  # the port's half-period in µs
        self._open: I2cDevice | None = None
        self._reading = False
        self._sending: list[int] | None = None

    def __repr__(self) -> str:
        return f"SoftI2C(scl={self._scl}, sda={self._sda}, freq={500000 // self._delay})"

    def init(self, *args: object, **kwargs: object) -> None:
        """``init(scl, sda, freq=400000, timeout=50000)``: the constructor's arguments again."""
        self.__init__(*args, **kwargs)  # type: ignore[misc]

    def start(self) -> None:
        self._flush()
        self._sending, self._open = [], None

    def stop(self) -> None:
        self._flush()
        self._sending, self._open = None, None

    def _flush(self) -> None:
        if self._open is not None and not self._reading and self._sending:
            self._open.i2c_write(bytes(self._sending))
        self._sending = [] if self._sending is not None else None

    def write(self, buf: object) -> int:
        """Bytes after a start: the first is the address; returns how many were ACKed."""
        acks = 0
        for byte in read_buffer(buf):
            if self._sending is None:
                break
            if self._open is None:
                try:
                    self._open = self._device(byte >> 1)
                except OSError:
                    return acks
                self._reading = bool(byte & 1)
            else:
                self._sending.append(byte)
            acks += 1
        return acks

    def readinto(self, buf: object, nack: object = True) -> None:
        view = write_buffer(buf)
        if self._open is None or not self._reading:
            view[:] = b"\xff" * len(view)
            return
        view[:] = bytes(self._open.i2c_read(len(view)))[:len(view)].ljust(len(view), b"\xff")


# -- SPI -------------------------------------------------------------------------------------
SPI_PINS = {1: (14, 13, 12), 2: (18, 23, 19)}  # id -> (sck, mosi, miso)
MSB, LSB = 0, 1


class _SpiBase:
    _context: Context
    _baudrate: int = 500000

    def _spend(self, nbytes: int) -> None:
        self._context.board.busy_us(int(nbytes * 8 * 1_000_000 / max(1, self._baudrate)))

    def read(self, nbytes: object, write: object = 0) -> bytes:
        count = int(nbytes)  # type: ignore[call-overload]
        self._spend(count)
        return b"\xff" * count

    def readinto(self, buf: object, write: object = 0) -> None:
        view = write_buffer(buf)
        self._spend(len(view))
        view[:] = b"\xff" * len(view)

    def write(self, buf: object) -> None:
        self._spend(len(read_buffer(buf)))

    def write_readinto(self, write_buf: object, read_buf: object) -> None:
        data = read_buffer(write_buf)
        view = write_buffer(read_buf)
        if len(data) != len(view):
            raise ValueError("buffers must be the same length")
        self._spend(len(data))
        view[:] = b"\xff" * len(view)

    def deinit(self) -> None:
        pass


SPI_ARGS = (Arg("id", "int", required=True), Arg("baudrate", "int", 500000),
            Arg("polarity", "int", 0), Arg("phase", "int", 0), Arg("bits", "int", 8),
            Arg("firstbit", "int", MSB), Arg("sck", keyword_only=True),
            Arg("mosi", keyword_only=True), Arg("miso", keyword_only=True))


class SPI(_SpiBase):
    MSB, LSB = MSB, LSB

    def __init__(self, *args: object, **kwargs: object) -> None:
        values = parse_args(SPI_ARGS, args, kwargs)
        port = values[0]
        if port not in SPI_PINS:
            raise ValueError(f"SPI({port}) doesn't exist")
        self._port = port
        self._baudrate, self._polarity, self._phase, self._bits, self._firstbit = values[1:6]  # type: ignore[assignment]
        ctx = self._context
        self._pins = tuple(default if given is None else ctx.gpio_number(given)
                           for default, given in zip(SPI_PINS[port], values[6:]))  # type: ignore[index]

    def __repr__(self) -> str:
        sck, mosi, miso = self._pins
        return (f"SPI(id={self._port}, baudrate={self._baudrate}, polarity={self._polarity}, "
                f"phase={self._phase}, bits={self._bits}, firstbit={self._firstbit}, "
                f"sck={sck}, mosi={mosi}, miso={miso})")

    def init(self, *args: object, **kwargs: object) -> None:
        self.__init__(self._port, *args, **kwargs)  # type: ignore[misc]


SOFT_SPI_ARGS = (Arg("baudrate", "int", 500000), Arg("polarity", "int", 0),
                 Arg("phase", "int", 0), Arg("bits", "int", 8, keyword_only=True),
                 Arg("firstbit", "int", MSB, keyword_only=True),
                 Arg("sck", keyword_only=True), Arg("mosi", keyword_only=True),
                 Arg("miso", keyword_only=True))


class SoftSPI(_SpiBase):
    MSB, LSB = MSB, LSB

    def __init__(self, *args: object, **kwargs: object) -> None:
        values = parse_args(SOFT_SPI_ARGS, args, kwargs)
        if any(v is None for v in values[5:]):
            raise ValueError("must specify all of sck/mosi/miso")
        self._baudrate, self._polarity, self._phase = values[0:3]  # type: ignore[assignment]
        self._pins = tuple(self._context.gpio_number(p) for p in values[5:])

    def __repr__(self) -> str:
        sck, mosi, miso = self._pins
        return (f"SoftSPI(baudrate={self._baudrate}, polarity={self._polarity}, "
                f"phase={self._phase}, sck={sck}, mosi={mosi}, miso={miso})")

    def init(self, *args: object, **kwargs: object) -> None:
        """Change only what is given, as extmod's soft SPI does (pins stay unless named)."""
        values = parse_args(SOFT_SPI_ARGS, args, kwargs)
        given = [i < len(args) or spec.name in kwargs for i, spec in enumerate(SOFT_SPI_ARGS)]
        current = [self._baudrate, self._polarity, self._phase]
        self._baudrate, self._polarity, self._phase = (  # type: ignore[assignment]
            values[i] if given[i] else current[i] for i in range(3))
        self._pins = tuple(self._context.gpio_number(values[i]) if given[i] else old
                           for i, old in zip(range(5, 8), self._pins))


# -- UART --------------------------------------------------------------------------------------
UART_PINS = {0: (1, 3), 1: (10, 9), 2: (17, 16)}  # id -> (tx, rx)
UART_ARGS = (Arg("id", "int", required=True), Arg("baudrate", "int", 115200),
             Arg("bits", "int", 8), Arg("parity"), Arg("stop", "int", 1),
             Arg("tx", keyword_only=True), Arg("rx", keyword_only=True),
             Arg("rts", keyword_only=True), Arg("cts", keyword_only=True),
             Arg("txbuf", "int", 256, keyword_only=True),
             Arg("rxbuf", "int", 256, keyword_only=True),
             Arg("timeout", "int", 0, keyword_only=True),
             Arg("timeout_char", "int", 0, keyword_only=True),
             Arg("invert", "int", 0, keyword_only=True), Arg("flow", "int", 0, keyword_only=True))


class UART:
    _context: Context
    INV_TX, INV_RX, INV_RTS, INV_CTS, RTS, CTS = 0x1, 0x2, 0x4, 0x8, 1, 2

    def __init__(self, *args: object, **kwargs: object) -> None:
        values = parse_args(UART_ARGS, args, kwargs)
        port = values[0]
        if port not in UART_PINS:
            raise ValueError(f"UART({port}) does not exist")
        self._port, self._baudrate, self._bits, self._parity, self._stop = values[0:5]  # type: ignore[assignment]
        tx, rx = UART_PINS[port]  # type: ignore[index]
        ctx = self._context
        self._tx = tx if values[5] is None else ctx.gpio_number(values[5])
        self._rx = rx if values[6] is None else ctx.gpio_number(values[6])
        self._timeout, self._timeout_char = values[11], values[12]

    def __repr__(self) -> str:
        return (f"UART({self._port}, baudrate={self._baudrate}, bits={self._bits}, "
                f"parity={self._parity}, stop={self._stop}, tx={self._tx}, rx={self._rx}, "
                f"rts=-1, cts=-1, txbuf=256, rxbuf=256, timeout={self._timeout}, "
                f"timeout_char={self._timeout_char})")

    def init(self, *args: object, **kwargs: object) -> None:
        self.__init__(self._port, *args, **kwargs)  # type: ignore[misc]

    def deinit(self) -> None:
        pass

    def _serial(self) -> bool:
        return self._port == 0 and self._tx == 1 and self._rx == 3

    def write(self, buf: object) -> int:
        data = read_buffer(buf)
        if self._serial():
            self._context.board.write_serial(data.decode("utf-8", "surrogateescape"))
        else:
            self._context.board.busy_us(int(len(data) * 10 * 1_000_000 / self._baudrate))
        return len(data)

    def any(self) -> int:
        return len(self._context.board.serial_in.encode()) if self._serial() else 0

    def _take(self, limit: int | None, line: bool = False) -> bytes | None:
        board = self._context.board
        if self._serial() and self._timeout:
            board.wait(lambda: bool(board.serial_in), self._timeout * 1000)
        if not self._serial() or not board.serial_in:
            return None
        text = board.serial_in
        end = len(text) if limit is None else min(limit, len(text))
        if line and "\n" in text[:end]:
            end = text.index("\n") + 1
        board.serial_in = text[end:]
        return text[:end].encode("utf-8", "surrogateescape")

    def read(self, nbytes: object = None) -> bytes | None:
        return self._take(None if nbytes is None else int(nbytes))  # type: ignore[call-overload]

    def readline(self) -> bytes | None:
        return self._take(None, line=True)

    def readinto(self, buf: object, nbytes: object = None) -> int | None:
        view = write_buffer(buf)
        data = self._take(len(view) if nbytes is None else int(nbytes))  # type: ignore[call-overload]
        if data is None:
            return None
        view[:len(data)] = data
        return len(data)

    def sendbreak(self) -> None:
        pass

    def txdone(self) -> bool:
        return True

    def flush(self) -> None:
        pass
