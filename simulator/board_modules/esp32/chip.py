"""What an ESP32 chip keeps while its program restarts: the reason for the last reset, the
RTC (its clock, its slow memory, the wake sources), NVS in flash, the CPU frequency, and the
touch sensors' readings. One ``Chip`` per board, kept for as long as the board exists (a
soft reset, ``machine.reset()`` and deep sleep do not clear it).

Also the helpers every ESP32 module shares: errors with the ESP-IDF newlib numbers, the
NotSimulatedError wording, and the board's MAC address.
"""

from __future__ import annotations

import hashlib
import weakref
from dataclasses import dataclass, field

from ...model.board import Board
from ..not_simulated import NotSimulatedError
from ..tracebacks import BoardOSError

# ESP-IDF's newlib errno numbers (as the board's core prints them)
EPERM, ENOENT, EIO, EBADF, EAGAIN, ENOMEM, EACCES, EEXIST, ENODEV = 1, 2, 5, 9, 11, 12, 13, 17, 19
EISDIR, EINVAL, ENOSPC, EOPNOTSUPP, ECONNRESET, ENOTCONN = 21, 22, 28, 95, 104, 128
ETIMEDOUT, ECONNREFUSED, EHOSTUNREACH, EALREADY, EINPROGRESS = 116, 111, 118, 120, 119

# machine.reset_cause() values (the port's modmachine.h)
PWRON_RESET, HARD_RESET, WDT_RESET, DEEPSLEEP_RESET, SOFT_RESET = 1, 2, 3, 4, 5
# machine.wake_reason() values: ESP-IDF's esp_sleep_wakeup_cause_t
WAKE_UNDEFINED, EXT0_WAKE, EXT1_WAKE, TIMER_WAKE, TOUCHPAD_WAKE, ULP_WAKE = 0, 2, 3, 4, 5, 6

DEFAULT_CPU_HZ = 160_000_000  # ESP32_GENERIC's sdkconfig
UNTOUCHED = 600  # what TouchPad.read() gives on a pad nobody touches (real pads: ~400-900)
TOUCHED = 80  # ... and with a finger on it
GAPS = "(see 'Deliberate gaps' in the Terakoya README)"


def os_error(code: int) -> OSError:
    """``OSError(code)``: the board prints ``OSError: [Errno 116] ETIMEDOUT``."""
    return BoardOSError(code)


class EspError(Exception):
    """``check_esp_err``'s OSError: ``OSError: (-4354, 'ESP_ERR_NVS_NOT_FOUND')``."""

    def __init__(self, code: int, name: str):
        super().__init__(-code, name)


EspError.__name__ = EspError.__qualname__ = "OSError"


def not_simulated(what: str) -> NotSimulatedError:
    return NotSimulatedError(f"{what} works on a real ESP32, but this simulator cannot "
                             f"run it yet {GAPS}")


@dataclass
class Chip:
    """The state of one board's chip that outlives its program."""

    reset_cause: int = PWRON_RESET
    wake_reason: int = WAKE_UNDEFINED
    cpu_hz: int = DEFAULT_CPU_HZ
    rtc_memory: bytes = b""
    nvs: dict[str, dict[str, tuple[str, object]]] = field(default_factory=dict)
    touch: dict[int, int] = field(default_factory=dict)  # pin -> reading (see ``touch_read``)
    wake_ext0: tuple[int, int] | None = None  # (pin, level)
    wake_ext1: tuple[tuple[int, ...], bool] | None = None  # (pins, any high)
    wake_touch: bool = False
    generation: int = 0  # one more at each start of the program's modules


_CHIPS: weakref.WeakKeyDictionary[Board, Chip] = weakref.WeakKeyDictionary()


def chip_of(board: Board) -> Chip:
    chip = _CHIPS.get(board)
    if chip is None:
        chip = _CHIPS[board] = Chip()
    return chip


def base_mac(board: Board) -> bytes:
    """The board's factory MAC (an Espressif address, different for each board number);
    the Wi-Fi station uses it, the access point the same plus one."""
    tail = hashlib.sha256(f"terakoya esp32 {board.number}".encode()).digest()[:3]
    return bytes((0x24, 0x0A, 0xC4)) + tail


def mac_plus(mac: bytes, n: int) -> bytes:
    value = (int.from_bytes(mac, "big") + n) & (2**48 - 1)
    return value.to_bytes(6, "big")


def touch_read(board: Board, pin: int) -> int:
    """A touch pad's reading: ``chip_of(board).touch[pin]`` when something set it (a test,
    a scenario, a touch part), else an untouched pad's ``UNTOUCHED`` with a little noise."""
    value = chip_of(board).touch.get(pin)
    if value is not None:
        return value
    return UNTOUCHED + board.random.randint(-3, 3)


def set_touched(board: Board, pin: int, touched: bool | int) -> None:
    """Touch (True), let go (False) or set the raw reading of a touch pin."""
    chip = chip_of(board)
    if touched is True:
        chip.touch[pin] = TOUCHED
    elif touched is False:
        chip.touch.pop(pin, None)
    else:
        chip.touch[pin] = int(touched)
    board.wake_program()
