"""``microbit.pin0`` … ``pin20``, ``pin_logo``, ``pin_speaker``, ``i2c``, ``spi``, ``uart``.

As micropython-microbit-v2 v2.1.2 has them (``src/codal_port/microbit_pin.c``,
``microbit_i2c.c``, ``microbit_spi.c``, ``microbit_uart.c``), over ``board.pins`` (the model,
``model/pins.py``, which keeps modes and outputs and explains the electrical choices):

- pin0-pin2 are ``MicroBitTouchPin``; pin3, pin4 and pin10 ``MicroBitAnalogDigitalPin``; the
  others and ``pin_speaker`` ``MicroBitDigitalPin``; ``pin_logo`` is a ``MicroBitTouchOnlyPin``
  with only ``is_touched``, ``set_touch_mode``, ``CAPACITIVE`` and ``RESISTIVE``. There is no
  ``was_touched``/``get_touches``: they came to the firmware after v2.1.2.
- Methods are MicroPython built-ins: a fixed number of positional arguments and no keywords
  (``function doesn't take keyword arguments``). The buses' ``init``/``read``/``write`` parse
  their arguments as ``mp_arg_parse_all`` does, with its messages.
- I2C: nothing is attached to a simulated board. ``scan()`` gives ``[]`` and ``read``/``write``
  raise ``OSError: [Errno 19] ENODEV``, as on a board with nothing connected; the error
  carries a note saying so.
- SPI sends bytes (published as ``SpiWritten``) but cannot read: nothing would answer.
- UART is the USB serial line: ``write`` prints, ``read``/``readline``/``readinto`` take what
  was typed (``None`` when nothing is there). On other pins it is not simulated.
"""

from __future__ import annotations

import errno
import math
from collections.abc import Callable, Sequence
from typing import TypeVar

from ...model.microbit import MicrobitBoard
from ...model.pins import CAPACITIVE, NO_PULL, PULL_DOWN, PULL_UP, RESISTIVE, Pins
from ..mp import (
    Arg,
    builtin,
    parse_args,
    read_buffer,
    single_precision,
    word,
    wrap32,
    write_buffer,
)
from ..not_simulated import NotSimulatedError
from ..tracebacks import BoardOSError

PIN_NAMES = tuple(f"pin{n}" for n in (*range(17), 19, 20)) + ("pin_logo", "pin_speaker")
GAPS = "(see 'Deliberate gaps' in the Terakoya README)"

Method = TypeVar("Method", bound=Callable[..., object])
MISSING = object()


def allocate(n: int) -> None:
    """A negative size asks the heap for ~4 GB, as ``vstr_init_len`` does on the board."""
    if n < 0:
        raise MemoryError(f"memory allocation failed, allocating {(n + 1) & 0xFFFFFFFF} bytes")


def c_int(value: float) -> int:
    """C's float-to-int cast on the Cortex-M4: truncates, saturates, NaN gives 0."""
    if math.isnan(value):
        return 0
    if value >= 2**31:
        return 2**31 - 1
    if value <= -2**31:
        return -2**31
    return int(value)


def pin_name(obj: object) -> str:
    """``microbit_obj_get_pin``: pin_logo is not a pin here."""
    if isinstance(obj, MicroBitDigitalPin):
        return obj._name
    raise TypeError("expecting a pin")


# -- pins ------------------------------------------------------------------------------------
class MicroBitDigitalPin:
    NO_PULL = NO_PULL
    PULL_UP = PULL_UP
    PULL_DOWN = PULL_DOWN

    def __init__(self, pins: Pins, name: str):
        self._pins = pins
        self._name = name

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"

    @builtin(2)
    def write_digital(self, value: object) -> None:
        level = word(value)
        if level >> 1:
            raise ValueError("value must be 0 or 1")
        self._pins.write_digital(self._name, level)

    @builtin(1)
    def read_digital(self) -> int:
        return self._pins.read_digital(self._name)

    @builtin(2)
    def set_pull(self, value: object) -> None:
        self._pins.set_pull(self._name, word(value))

    @builtin(1)
    def get_pull(self) -> int:
        return self._pins.get_pull(self._name)

    @builtin(1)
    def get_mode(self) -> str:
        return self._pins.mode(self._name)

    @builtin(2)
    def write_analog(self, value: object) -> None:
        if isinstance(value, float):  # the board adds 0.5 in 32-bit floats, then casts
            duty = c_int(single_precision(single_precision(value) + 0.5))
        else:
            duty = word(value)
        if not 0 <= duty <= 1023:
            raise ValueError("value must be between 0 and 1023")
        self._pins.write_analog(self._name, duty)

    @builtin(2)
    def set_analog_period(self, period: object) -> None:
        self._pins.set_analog_period_us(self._name, wrap32(word(period) * 1000))

    @builtin(2)
    def set_analog_period_microseconds(self, period: object) -> None:
        self._pins.set_analog_period_us(self._name, word(period))

    @builtin(1)
    def get_analog_period_microseconds(self) -> int:
        return self._pins.analog_period_us(self._name)


class MicroBitAnalogDigitalPin(MicroBitDigitalPin):
    @builtin(1)
    def read_analog(self) -> int:
        return self._pins.read_analog(self._name)


class TouchSensing:
    """``is_touched`` and ``set_touch_mode``, shared by the touch pins and the logo."""

    RESISTIVE = RESISTIVE
    CAPACITIVE = CAPACITIVE
    _pins: Pins
    _name: str

    @builtin(1)
    def is_touched(self) -> bool:
        return self._pins.is_touched(self._name)

    @builtin(2)
    def set_touch_mode(self, value: object) -> None:
        self._pins.claim_touch(self._name)  # the firmware converts the value afterwards
        self._pins.set_touch_mode(self._name, word(value))


class MicroBitTouchPin(TouchSensing, MicroBitAnalogDigitalPin):
    pass


class MicroBitTouchOnlyPin(TouchSensing):
    def __init__(self, pins: Pins, name: str):
        self._pins = pins
        self._name = name

    def __repr__(self) -> str:
        return "<MicroBitTouchOnlyPin>"


def pin_class(name: str) -> type:
    if name in ("pin0", "pin1", "pin2"):
        return MicroBitTouchPin
    if name in ("pin3", "pin4", "pin10"):
        return MicroBitAnalogDigitalPin
    return MicroBitTouchOnlyPin if name == "pin_logo" else MicroBitDigitalPin


# -- I2C ---------------------------------------------------------------------------------------
I2C_INIT = (Arg("freq", "int", 100_000), Arg("sda"), Arg("scl"))
I2C_READ = (Arg("addr", "int", required=True), Arg("n", "int", required=True),
            Arg("repeat", "bool", False))
I2C_WRITE = (Arg("addr", "int", required=True), Arg("buf", required=True),
             Arg("repeat", "bool", False))


def no_i2c_device(addr: int) -> OSError:
    """What a board with nothing on its I2C bus raises, with a note for people."""
    error = BoardOSError(errno.ENODEV)
    error.add_note(f"No I2C device answered at address {addr:#04x}. The simulator has no I2C "
                   "devices attached, so i2c.read() and i2c.write() fail as on a micro:bit "
                   f"with nothing connected {GAPS}.")
    return error


class MicroBitI2C:
    """``i2c``: the edge connector's I2C bus (pins 19 and 20), with nothing on it."""

    def __repr__(self) -> str:
        return "<MicroBitI2C>"

    def init(self, *args: object, **kwargs: object) -> None:
        _freq, sda, scl = parse_args(I2C_INIT, args, kwargs)
        for pin in (sda, scl):
            if pin is not None:
                pin_name(pin)

    @builtin(1)
    def scan(self) -> list[int]:
        return []  # no address 0x08-0x77 acknowledges on an empty bus

    def read(self, *args: object, **kwargs: object) -> bytes:
        addr, n, _repeat = parse_args(I2C_READ, args, kwargs)
        allocate(n)  # type: ignore[arg-type]
        raise no_i2c_device(addr)  # type: ignore[arg-type]

    def write(self, *args: object, **kwargs: object) -> None:
        addr, buf, _repeat = parse_args(I2C_WRITE, args, kwargs)
        read_buffer(buf)
        raise no_i2c_device(addr)  # type: ignore[arg-type]


# -- SPI ---------------------------------------------------------------------------------------
SPI_INIT = (Arg("baudrate", "int", 1_000_000), Arg("bits", "int", 8), Arg("mode", "int", 0),
            Arg("sclk", keyword_only=True), Arg("mosi", keyword_only=True),
            Arg("miso", keyword_only=True))


def spi_not_simulated(what: str) -> NotSimulatedError:
    return NotSimulatedError(
        f"spi.{what}() works on a real micro:bit with a device attached, but this simulator "
        f"has no SPI devices to answer {GAPS}")


class MicroBitSPI:
    """``spi``: sending works (nothing is attached); reading needs a device to answer."""

    def __init__(self, pins: Pins):
        self._pins = pins

    def __repr__(self) -> str:
        return "<MicroBitSPI>"

    def _check_ready(self) -> None:
        if not self._pins.spi_ready:
            raise ValueError("SPI not initialised")

    def init(self, *args: object, **kwargs: object) -> None:
        _baudrate, bits, _mode, sclk, mosi, miso = parse_args(SPI_INIT, args, kwargs)
        names = [default if pin is None else pin_name(pin)
                 for pin, default in ((sclk, "pin13"), (mosi, "pin15"), (miso, "pin14"))]
        code = self._pins.spi_init(*names, bits=bits)  # type: ignore[arg-type]
        if code:
            raise BoardOSError(code)

    @builtin(2)
    def write(self, buffer: object) -> None:
        self._check_ready()
        self._pins.spi_write(read_buffer(buffer))

    @builtin(2, 3)
    def read(self, nbytes: object, out: object = 0) -> bytes:
        self._check_ready()
        n = word(nbytes)
        word(out)
        allocate(n)
        if n == 0:
            return b""
        raise spi_not_simulated("read")

    @builtin(3)
    def write_readinto(self, out: object, in_: object) -> None:
        self._check_ready()
        sent = read_buffer(out)
        received = write_buffer(in_)
        if len(sent) != len(received):
            raise ValueError("write and read buffers must be the same length")
        if sent:
            raise spi_not_simulated("write_readinto")


# -- UART --------------------------------------------------------------------------------------
UART_INIT = (Arg("baudrate", "int", 9600), Arg("bits", "int", 8), Arg("parity"),
             Arg("stop", "int", 1), Arg("pins", keyword_only=True),
             Arg("tx", keyword_only=True), Arg("rx", keyword_only=True))


def fixed_pair(obj: object) -> Sequence[object]:
    """``mp_obj_get_array_fixed_n(obj, 2)``."""
    if not isinstance(obj, (tuple, list)):
        raise TypeError(f"object '{type(obj).__name__}' isn't a tuple or list")
    if len(obj) != 2:
        raise ValueError(f"requested length 2 but object has length {len(obj)}")
    return obj


class MicroBitUART:
    """``uart``: the serial line to the computer over USB (MicroPython's own stdin/stdout)."""

    ODD = 1
    EVEN = 0

    def __init__(self, board: MicrobitBoard):
        self._board = board

    def __repr__(self) -> str:
        return "<MicroBitUART>"

    def init(self, *args: object, **kwargs: object) -> None:
        baudrate, _bits, parity, _stop, pins, tx, rx = parse_args(UART_INIT, args, kwargs)
        if parity is not None:
            word(parity)
        routed = [pin_name(pin) for pin in (tx, rx) if pin is not None]
        if pins is not None:
            routed = [pin_name(pin) for pin in fixed_pair(pins)]
        if routed:
            raise NotSimulatedError(
                "uart.init() with tx or rx pins works on a real micro:bit (the serial line "
                "then leaves USB for those pins), but this simulator cannot connect anything "
                f"to the pins yet {GAPS}")
        self._board.pins.serial.init(baudrate)  # type: ignore[arg-type]

    @builtin(1)
    def any(self) -> bool:
        return self._board.pins.serial.available()

    def _receive(self, limit: int | None) -> bytes | None:
        """Bytes as the stream reads them: None if nothing is there; else up to ``limit``,
        waiting for each next byte only the firmware's character timeout."""
        port = self._board.pins.serial
        if not port.available():
            return None
        data = bytearray()
        while limit is None or len(data) < limit:
            byte = port.take_byte()
            if byte is not None:
                data.append(byte)
            elif not self._board.wait(port.available, port.char_timeout_ms * 1000):
                break
        return bytes(data)

    @builtin(1, 2)
    def read(self, nbytes: object = MISSING) -> bytes | None:
        n = -1 if nbytes is MISSING else word(nbytes)
        if n == -1:
            return self._receive(None)
        allocate(n)
        return self._receive(n) if n else b""

    @builtin(2, 3)
    def readinto(self, buf: object, nbytes: object = MISSING) -> int | None:
        view = write_buffer(buf)
        size = len(view)
        if nbytes is not MISSING:
            size = min(word(nbytes) & 0xFFFFFFFF, size)
        if size == 0:
            return 0
        data = self._receive(size)
        if data is None:
            return None
        view[:len(data)] = data
        return len(data)

    @builtin(1, 2)
    def readline(self, size: object = -1) -> bytes | None:
        """One byte at a time, with no waiting: up to a line feed or what is there."""
        remaining = word(size)
        port = self._board.pins.serial
        line = bytearray()
        while remaining != 0:
            remaining -= 1
            byte = port.take_byte()
            if byte is None:
                return None if not line else bytes(line)
            line.append(byte)
            if byte == 0x0A:
                break
        return bytes(line)

    @builtin(2, 4)
    def write(self, buf: object, *limits: object) -> int:
        data = read_buffer(buf)
        offset, max_len = 0, len(data)
        if len(limits) == 1:
            max_len = word(limits[0]) & 0xFFFFFFFF
        elif len(limits) == 2:
            offset = min(word(limits[0]) & 0xFFFFFFFF, len(data))
            max_len = word(limits[1]) & 0xFFFFFFFF
        data = data[offset:offset + max_len]
        if data:
            self._board.pins.serial.send(data)
        return len(data)


def build_pins(board: MicrobitBoard) -> dict[str, object]:
    """The pin and bus objects of ``microbit`` for one board, by name."""
    names: dict[str, object] = {name: pin_class(name)(board.pins, name) for name in PIN_NAMES}
    names.update(i2c=MicroBitI2C(), spi=MicroBitSPI(board.pins), uart=MicroBitUART(board))
    return names
