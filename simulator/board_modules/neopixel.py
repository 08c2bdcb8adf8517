"""The ``neopixel`` module of MicroPython on micro:bit V2, built for one board.

The firmware's module is frozen Python (micropython-microbit-v2 v2.1.2,
``src/codal_port/modules/neopixel.py``); this one does the same steps, so it fails in the
same places with the same errors:

- ``NeoPixel(pin, n, bpp=3)`` makes ``buf = bytearray(n * bpp)`` and checks nothing else:
  a wrong ``pin`` is only noticed by ``show()`` (``TypeError: expecting a pin``).
- ``np[i] = colour`` stores ``colour[0..bpp-1]`` in wire order (green, red, blue, white);
  a value is cut to a byte (300 stores 44) and a float is ``TypeError``; ``np[i]`` gives
  the tuple back. ``fill``, ``len``, ``clear()`` (blanks and shows), ``show()``/``write()``.
- ``show()`` calls ``ws2812_write(pin, buf)``, which sends the bytes down the strip: 10 µs of
  virtual time per byte, then the strip shows the colours (``board.neopixels``, event
  ``NeoPixelsShown``).
"""

from __future__ import annotations

from types import ModuleType

from ..model.microbit import MicrobitBoard
from ..model.neopixel import send_time_us
from .machine import pin_name, pin_name_or_error, plain_names
from .mp import mp_int, read_buffer
from .stdlib import HEAP_BYTES, HEAP_IN_USE


class ByteArray(bytearray):
    """A bytearray that stores as MicroPython's does: any int, cut to its low byte."""

    def __setitem__(self, index: object, value: object) -> None:
        if isinstance(index, slice):
            super().__setitem__(index, value)  # type: ignore[call-overload]
            return
        if not isinstance(index, int):
            raise TypeError(f"bytearray indices must be integers, not {type(index).__name__}")
        super().__setitem__(index, mp_int(value) & 0xFF)

    def __getitem__(self, index: object):  # type: ignore[override]
        if not isinstance(index, (int, slice)):
            raise TypeError(f"bytearray indices must be integers, not {type(index).__name__}")
        return super().__getitem__(index)


ByteArray.__name__ = ByteArray.__qualname__ = "bytearray"


def new_buffer(size: object) -> ByteArray:
    """``bytearray(size)`` as the board makes it, within the board's heap."""
    if isinstance(size, int):
        if not 0 <= size <= HEAP_BYTES - HEAP_IN_USE:
            raise MemoryError(f"memory allocation failed, allocating {size & 0xFFFFFFFF} bytes")
        return ByteArray(size)
    if isinstance(size, float):
        raise TypeError("'float' object isn't iterable")
    if isinstance(size, str):
        return ByteArray(size.encode())
    return ByteArray(size)  # type: ignore[call-overload]


def build_ws2812_write(board: MicrobitBoard):
    """``microbit.ws2812_write(pin, buf)``: send raw bytes down a strip."""

    def ws2812_write(pin: object, buf: object) -> None:
        name = pin_name_or_error(pin)
        data = read_buffer(buf)
        if data:
            board.sleep_us(send_time_us(data))
        board.neopixels.write(name, data)

    return ws2812_write


def build_neopixel(board: MicrobitBoard) -> ModuleType:
    ws2812_write = build_ws2812_write(board)

    class NeoPixel:
        ORDER = (1, 0, 2, 3)
        # the frozen Python class's attributes, as a program on the board's core sees them
        BOARD_PROPERTIES = ("pin", "n", "bpp", "buf")

        def __init__(self, pin: object, n: int, bpp: int = 3):
            self.pin = pin
            self.n = n
            self.bpp = bpp
            self.buf = new_buffer(n * bpp)
            name = pin_name(pin)
            if name is not None and isinstance(bpp, int):
                board.neopixels.attach(name, bpp)

        def __repr__(self) -> str:  # as a class of a frozen module prints
            return f"<NeoPixel object at {id(self) & 0xFFFFFFFF:x}>"

        def __setitem__(self, index: int, val: tuple[int, ...]) -> None:
            offset = index * self.bpp
            for i in range(self.bpp):
                self.buf[offset + self.ORDER[i]] = val[i]

        def __getitem__(self, index: int) -> tuple[int, ...]:
            offset = index * self.bpp
            return tuple(self.buf[offset + self.ORDER[i]] for i in range(self.bpp))

        def fill(self, color: tuple[int, ...]) -> None:
            for i in range(self.n):
                self[i] = color

        def write(self) -> None:
            ws2812_write(self.pin, self.buf)

        def __len__(self) -> int:
            return self.n

        def clear(self) -> None:
            for i in range(len(self.buf)):
                self.buf[i] = 0
            self.write()

        show = write

    for name, method in vars(NeoPixel).items():
        if callable(method):
            method.__qualname__ = f"NeoPixel.{name}"
    mod = ModuleType("neopixel", "Individually addressable RGB and RGBW LED strips.")
    mod.NeoPixel = NeoPixel  # type: ignore[attr-defined]
    mod.ws2812_write = plain_names(ws2812_write)[0]  # type: ignore[attr-defined]
    return mod
