"""The ``machine`` module of MicroPython on micro:bit V2, built for one board.

As in the firmware (micropython-microbit-v2 v2.1.2, ``src/codal_port/modmachine.c``, and
MicroPython 1.18 ``extmod/machine_mem.c`` and ``extmod/machine_pulse.c``):

- ``unique_id()``: 8 bytes, the chip's FICR DEVICEID words. Here each board number has
  its own id, the same on every run.
- ``reset()`` is ``microbit.reset``; ``freq()`` is 64000000; ``disable_irq()`` returns the
  previous PRIMASK (0 or 1) and ``enable_irq(state)`` restores it. Not simulated: while
  interrupts are off a real board's timers, display refresh and inputs stand still; here
  they go on (fine for the short critical sections these calls are for).
- ``time_pulse_us(pin, pulse_level, timeout_us=1000000)`` first waits for the pin to reach
  ``pulse_level`` (``-2`` if it does not within the timeout), then times how long it stays
  there (``-1`` if it does not change back within the timeout). The pin is read as
  ``read_digital`` reads it (``board.pins.input_level``): a pin nothing drives reads its pull,
  so on pin8, say, ``time_pulse_us(pin8, 1)`` gives -2 after a second; pin5 and pin11 are
  buttons A and B (1, and 0 while pressed). (The MicroPython docs, not the stubs, have -1 and
  -2 the right way round.)
- ``mem8``, ``mem16``, ``mem32`` check alignment as the firmware does and can read the
  DEVICEID words (``0x10000060`` and ``0x10000064``, as older code reads the unique id).
  Any other address raises ``NotSimulatedError``: the simulator has no chip memory map.

Pins are recognised by their ``_name`` attribute (``"pin0"`` ... ``"pin_speaker"``; a
placeholder's ``"microbit.pin0"`` works too): see ``pin_name``. As in the firmware
(``microbit_obj_type_is_pin``), ``pin_logo`` is not a pin for these functions.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from types import ModuleType

from ..model.events import StopKind
from ..model.microbit import MicrobitBoard
from .microbit.pins import PIN_NAMES
from .mp import mp_int, word
from .not_simulated import NotSimulatedError

UINT32 = 0xFFFFFFFF
CPU_HZ = 64_000_000
FICR_DEVICEID = 0x10000060  # two 32-bit words, little-endian
DEFAULT_PULSE_TIMEOUT_US = 1_000_000
NOT_PINS = ("pin_logo",)  # touch-only: not of a pin type in the firmware


def plain_names(*functions: Callable[..., object]) -> tuple[Callable[..., object], ...]:
    """Give functions made inside a builder their bare name, so errors name them as
    MicroPython does (``function takes 0 positional arguments but 1 were given``)."""
    for function in functions:
        function.__qualname__ = function.__name__
    return functions


def pin_name(obj: object) -> str | None:
    """The micro:bit name (``"pin0"``) of a pin object, or None if ``obj`` is not a pin."""
    try:
        name = getattr(obj, "_name", None)
    except Exception:  # an object whose attributes raise is not a pin
        return None
    if not isinstance(name, str):
        return None
    name = name.removeprefix("microbit.")
    return name if name in PIN_NAMES and name not in NOT_PINS else None


def pin_name_or_error(obj: object) -> str:
    """``microbit_obj_get_pin_name``: a pin's name, else ``TypeError: expecting a pin``."""
    name = pin_name(obj)
    if name is None:
        raise TypeError("expecting a pin")
    return name


def check_arg_count(args: tuple[object, ...], kwargs: dict[str, object],
                    least: int, most: int) -> None:
    """Argument checks of a C function that takes no keywords (NORMAL error texts)."""
    if kwargs:
        raise TypeError("function doesn't take keyword arguments")
    if len(args) < least:
        raise TypeError(f"function missing {least - len(args)} required positional arguments")
    if len(args) > most:
        raise TypeError(f"function expected at most {most} arguments, got {len(args)}")


def unique_id_of(board: MicrobitBoard) -> bytes:
    """Eight bytes that differ from board to board and stay the same between runs."""
    return hashlib.sha256(f"terakoya micro:bit {board.number}".encode()).digest()[:8]


class Mem:
    """``mem8`` / ``mem16`` / ``mem32``: a view of the chip's memory, one width."""

    def __init__(self, board: MicrobitBoard, size: int):
        self._board = board
        self._size = size

    def __repr__(self) -> str:
        return f"<{8 * self._size}-bit memory>"

    def _address(self, index: object) -> int:
        address = mp_int(index) & UINT32
        if address & (self._size - 1):
            raise ValueError(f"address {address:08x} is not aligned to {self._size} bytes")
        return address

    def __getitem__(self, index: object) -> int:
        address = self._address(index)
        offset = address - FICR_DEVICEID
        if not 0 <= offset <= 8 - self._size:
            self._not_simulated("reading", address)
        chunk = unique_id_of(self._board)[offset:offset + self._size]
        value = int.from_bytes(chunk, "little")
        return value - (1 << 32) if value >= 1 << 31 else value  # mp_obj_new_int(uint32)

    def __setitem__(self, index: object, value: object) -> None:
        self._not_simulated("writing", self._address(index))

    def _not_simulated(self, action: str, address: int) -> None:
        raise NotSimulatedError(
            f"{action} memory at 0x{address:08x} works on a real micro:bit, but this "
            f"simulator has no chip memory (see 'Deliberate gaps' in the Terakoya README)")


Mem.__name__ = Mem.__qualname__ = "mem"


def _build_time_pulse_us(board: MicrobitBoard):
    def time_pulse_us(*args: object, **kwargs: object) -> int:
        check_arg_count(args, kwargs, 2, 3)
        name = pin_name_or_error(args[0])
        level = 1 if args[1] else 0
        timeout = DEFAULT_PULSE_TIMEOUT_US
        if len(args) > 2:
            timeout = word(args[2]) & UINT32
        if not board.wait(lambda: board.pins.input_level(name) == level, timeout):
            return -2
        start = board.ticks_us()
        if not board.wait(lambda: board.pins.input_level(name) != level, timeout):
            return -1
        return board.ticks_us() - start

    return time_pulse_us


def build_machine(board: MicrobitBoard) -> ModuleType:
    primask = [0]

    def unique_id() -> bytes:
        return unique_id_of(board)

    def reset() -> None:
        board.halt(StopKind.RESET)

    def freq() -> int:
        return CPU_HZ

    def disable_irq() -> int:
        state, primask[0] = primask[0], 1
        return state

    def enable_irq(state: object) -> None:
        primask[0] = word(state) & 1

    mod = ModuleType("machine", "Low-level utilities.")
    for function in plain_names(unique_id, reset, freq, disable_irq, enable_irq,
                                _build_time_pulse_us(board)):
        setattr(mod, function.__name__, function)
    for width in (1, 2, 4):
        setattr(mod, f"mem{8 * width}", Mem(board, width))
    return mod
