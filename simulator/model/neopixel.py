"""NeoPixel strips a program drives, with their colours, so a window can draw them.

A strip is known by the pin it hangs on (``"pin0"`` ...). The board sends each strip its
bytes in the WS2812 wire order: green, red, blue (and white for RGBW strips), which is the
order the firmware's ``neopixel`` module stores them in. ``write`` turns them back into
``(red, green, blue[, white])`` colours, keeps them and publishes ``NeoPixelsShown``.

The LEDs' own chips hold the last colours they were sent for as long as they have power, so a
reset of the micro:bit does not clear them. A ``ws2812`` part of the board's circuit on the
pin gets the bytes too (RGB strips), as on an ESP32.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .parts import BitstreamDevice

if TYPE_CHECKING:
    from .microbit import MicrobitBoard

WIRE_ORDER = (1, 0, 2, 3)  # colour component i is byte WIRE_ORDER[i] of a pixel
US_PER_BYTE = 10  # 8 bits at 800 kbit/s

Colour = tuple[int, ...]


@dataclass(frozen=True)
class NeoPixelsShown:
    """The strip on ``pin`` now shows ``colours``: one (r, g, b[, w]) tuple per LED."""

    board: int
    pin: str
    colours: tuple[Colour, ...]


def decode(data: bytes, bpp: int = 3) -> tuple[Colour, ...]:
    """Wire bytes to colours; a trailing part pixel is ignored, as the LEDs would."""
    if bpp < 1:
        return ()
    order = [WIRE_ORDER[i] if i < len(WIRE_ORDER) else i for i in range(bpp)]
    return tuple(tuple(data[start + offset] for offset in order)
                 for start in range(0, len(data) - bpp + 1, bpp))


def send_time_us(data: bytes) -> int:
    """How long the board takes to send ``data`` down a strip."""
    return len(data) * US_PER_BYTE


class NeoPixels:
    """The strips of one board, by pin, with the colours they last showed."""

    def __init__(self, board: MicrobitBoard):
        self.board = board
        self.strips: dict[str, tuple[Colour, ...]] = {}
        self.bytes_per_pixel: dict[str, int] = {}  # what the program says each strip is

    def reset(self) -> None:
        """A reset keeps the strips lit: their chips hold the colours while powered."""

    def attach(self, pin: str, bpp: int) -> None:
        """A program set up a strip on ``pin`` with ``bpp`` bytes per LED (RGB 3, RGBW 4)."""
        self.bytes_per_pixel[pin] = bpp

    def write(self, pin: str, data: bytes, bpp: int | None = None) -> tuple[Colour, ...]:
        """The board sent ``data`` down the strip on ``pin``; it now shows these colours."""
        if bpp is None:
            bpp = self.bytes_per_pixel.get(pin, 3)
        colours = decode(bytes(data), bpp)
        self.strips[pin] = colours
        if pin[3:].isdigit() and bpp == 3:  # a ws2812 part of the circuit on that pin
            for part in self.board.parts_on(int(pin[3:]), BitstreamDevice):
                part.bitstream(bytes(data))
        self.board.bus.publish(NeoPixelsShown(self.board.number, pin, colours))
        return colours

    def colours(self, pin: str) -> tuple[Colour, ...]:
        return self.strips.get(pin, ())
