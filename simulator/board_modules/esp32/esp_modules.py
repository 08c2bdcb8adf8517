"""``esp``, ``esp32`` and ``_onewire`` of MicroPython 1.23's ESP32 port (modesp.c, modesp32.c,
esp32_nvs.c, and extmod/modonewire.c, which the firmware's frozen ``onewire.py`` calls).

- ``esp.dht_readinto(pin, buf)``: the ``DhtDevice`` part on the pin gives its five bytes
  (``dht_frame()``); with none the read times out: ``OSError: [Errno 116] ETIMEDOUT``. It
  takes what dht.c takes: 250 ms with the line high, the 18 ms start signal, the ~4.5 ms
  answer (so a measure() is about 0.27 s, as on the board).
- ``esp.flash_size()`` 4194304 and ``esp.flash_user_start()`` 0x200000 (ESP32_GENERIC's
  partition table); ``osdebug`` is accepted; ``flash_read``/``flash_write``/``flash_erase``
  and ``gpio_matrix_*`` are not simulated.
- ``esp32.raw_temperature()``: the chip's sensor in °F, as the ESP32 reports it, from the
  board's ``chip_temperature`` (°C); ``mcu_temperature()`` (°C) is the S3's instead.
- ``esp32.NVS(namespace)``: i32 and blob entries kept with the chip, across resets; a
  missing key is ``OSError: (-4354, 'ESP_ERR_NVS_NOT_FOUND')``.
- ``wake_on_ext0/ext1/touch`` set what ends ``machine.deepsleep``/``lightsleep``.
- ``idf_heap_info`` gives fixed figures of a board just after boot; ``Partition``, ``RMT``
  and ``ULP`` are not simulated (their constants and methods are there, see
  ``unsimulated.py``).
- ``_onewire``: ``reset(pin)`` is True when a ``OneWireDevice`` on the pin answers;
  bits and bytes go to and come from those devices (least significant bit first); with no
  device reads give 1s, as a line its pull-up holds high. ``crc8`` is Maxim's CRC-8.
"""

from __future__ import annotations

from types import ModuleType

from ...model.esp32 import Esp32Board
from ...model.parts import DhtDevice, OneWireDevice
from ...model.parts.ds18b20 import crc8 as maxim_crc8
from ..machine import plain_names
from ..mp import mp_int, read_buffer, write_buffer
from . import unsimulated
from .chip import ETIMEDOUT, EspError, not_simulated, os_error
from .context import Context, context_for

FLASH_SIZE = 4 * 1024 * 1024
FLASH_USER_START = 0x200000
# drivers/dht/dht.c: the line is held high 250 ms, then the 18 ms start signal; the answer
# (80 + 80 µs, then 40 bits of a 50 µs gap and a 26 or 70 µs pulse) takes about 4.5 ms more
DHT_START_US = 250_000 + 18_000
DHT_ANSWER_US = 4_500
HEAP_INFO = {4: [(7288, 0, 0, 0), (16648, 4, 4, 4), (94608, 30436, 28672, 29836),
                 (15072, 15036, 14336, 14968), (113840, 105868, 65536, 105868)],
             1: [(7288, 0, 0, 0), (16648, 4, 4, 4), (32768, 0, 0, 0)]}
NVS_NOT_FOUND = (0x1102, "ESP_ERR_NVS_NOT_FOUND")
NVS_TYPE_MISMATCH = (0x1104, "ESP_ERR_NVS_TYPE_MISMATCH")


def build_esp(board: Esp32Board) -> ModuleType:
    ctx = context_for(board)

    def dht_readinto(pin: object, buf: object) -> None:
        number = ctx.gpio_number(pin)
        view = write_buffer(buf)
        board.busy_us(DHT_START_US)
        for part in board.parts_on(number, DhtDevice):
            board.busy_us(DHT_ANSWER_US)
            frame = bytes(part.dht_frame())[:5]
            view[:len(frame)] = frame[:len(view)]
            return
        board.busy_us(100)  # no answer within 100 µs: the read times out
        raise os_error(ETIMEDOUT)

    def flash_size() -> int:
        return FLASH_SIZE

    def flash_user_start() -> int:
        return FLASH_USER_START

    def osdebug(*args: object, **kwargs: object) -> None:
        pass

    def not_here(name: str):
        def fail(*args: object, **kwargs: object) -> None:
            raise not_simulated(f"esp.{name}()")
        fail.__name__ = name
        return fail

    mod = ModuleType("esp")
    for function in plain_names(dht_readinto, flash_size, flash_user_start, osdebug):
        setattr(mod, function.__name__, function)
    for name in ("flash_read", "flash_write", "flash_erase", "gpio_matrix_in",
                 "gpio_matrix_out"):
        setattr(mod, name, not_here(name))
    for level, name in enumerate(("NONE", "ERROR", "WARNING", "INFO", "DEBUG", "VERBOSE")):
        setattr(mod, f"LOG_{name}", level)
    return mod


class NVS:
    _context: Context

    def __init__(self, *args: object) -> None:
        if len(args) != 1:
            raise TypeError(f"function takes 1 positional arguments but {len(args)} were given")
        name = str(args[0])
        self._entries = self._context.chip.nvs.setdefault(name, {})

    def _get(self, key: object, kind: str) -> object:
        entry = self._entries.get(str(key))
        if entry is None:
            raise EspError(*NVS_NOT_FOUND)
        if entry[0] != kind:
            raise EspError(*NVS_TYPE_MISMATCH)
        return entry[1]

    def set_i32(self, key: object, value: object) -> None:
        number = mp_int(value)
        self._entries[str(key)] = ("i32", (number + 2**31) % 2**32 - 2**31)

    def get_i32(self, key: object) -> int:
        return self._get(key, "i32")  # type: ignore[return-value]

    def set_blob(self, key: object, value: object) -> None:
        self._entries[str(key)] = ("blob", read_buffer(value))

    def get_blob(self, key: object, buf: object) -> int:
        data: bytes = self._get(key, "blob")  # type: ignore[assignment]
        view = write_buffer(buf)
        if len(view) < len(data):
            raise EspError(0x1107, "ESP_ERR_NVS_INVALID_LENGTH")
        view[:len(data)] = data
        return len(data)

    def erase_key(self, key: object) -> None:
        if self._entries.pop(str(key), None) is None:
            raise EspError(*NVS_NOT_FOUND)

    def commit(self) -> None:
        pass


def build_esp32(board: Esp32Board) -> ModuleType:
    ctx = context_for(board)
    chip = ctx.chip

    def celsius() -> float:
        sensor = board.sensors.get("chip_temperature")
        return float(sensor.value) if sensor is not None else 53.0  # type: ignore[arg-type]

    def raw_temperature() -> int:
        return round(celsius() * 9 / 5 + 32)

    def mcu_temperature() -> float:
        return round(celsius(), 1)

    def wake_on_touch(wake: object) -> None:
        chip.wake_touch = bool(wake)

    def wake_on_ext0(*args: object, **kwargs: object) -> None:
        pin = args[0] if args else kwargs.get("pin")
        level = args[1] if len(args) > 1 else kwargs.get("level", 0)
        chip.wake_ext0 = None if pin is None else (ctx.gpio_number(pin), 1 if level else 0)

    def wake_on_ext1(*args: object, **kwargs: object) -> None:
        pins = args[0] if args else kwargs.get("pins")
        level = args[1] if len(args) > 1 else kwargs.get("level", False)
        numbers = tuple(ctx.gpio_number(p) for p in (pins or ()))  # type: ignore[attr-defined]
        chip.wake_ext1 = (numbers, bool(level)) if numbers else None

    def wake_on_ulp(wake: object) -> None:
        raise not_simulated("esp32.wake_on_ulp()")

    def idf_heap_info(caps: object) -> list[tuple[int, int, int, int]]:
        return list(HEAP_INFO.get(mp_int(caps), []))

    def gpio_deep_sleep_hold(enable: object) -> None:
        pass

    functions = [wake_on_touch, wake_on_ext0, wake_on_ext1, wake_on_ulp, idf_heap_info,
                 gpio_deep_sleep_hold, mcu_temperature if ctx.is_s3 else raw_temperature]
    mod = ModuleType("esp32")
    for function in plain_names(*functions):
        setattr(mod, function.__name__, function)
    mod.NVS = type("NVS", (NVS,), {"_context": ctx})  # type: ignore[attr-defined]
    for name, cls in unsimulated.esp32_classes().items():
        setattr(mod, name, cls)
    mod.WAKEUP_ALL_LOW, mod.WAKEUP_ANY_HIGH = False, True  # type: ignore[attr-defined]
    mod.HEAP_DATA, mod.HEAP_EXEC = 4, 1  # type: ignore[attr-defined]
    return mod


def build_onewire(board: Esp32Board) -> ModuleType:
    ctx = context_for(board)

    def devices(pin: object) -> list[OneWireDevice]:
        return board.parts_on(ctx.gpio_number(pin), OneWireDevice)

    def reset(pin: object) -> bool:
        board.busy_us(960)
        answers = [d.ow_reset() for d in devices(pin)]
        return any(answers)

    def readbit(pin: object) -> int:
        board.busy_us(70)
        bit = 1
        for device in devices(pin):
            bit &= device.ow_read_bit() & 1  # a device sending 0 pulls the line low
        return bit

    def readbyte(pin: object) -> int:
        return sum(readbit(pin) << i for i in range(8))

    def writebit(pin: object, value: object) -> None:
        board.busy_us(70)
        for device in devices(pin):
            device.ow_write_bit(1 if value else 0)

    def writebyte(pin: object, value: object) -> None:
        byte = mp_int(value)
        for i in range(8):
            writebit(pin, (byte >> i) & 1)

    def crc8(data: object) -> int:
        return maxim_crc8(read_buffer(data))

    mod = ModuleType("_onewire")
    for function in plain_names(reset, readbit, readbyte, writebit, writebyte, crc8):
        setattr(mod, function.__name__, function)
    return mod
