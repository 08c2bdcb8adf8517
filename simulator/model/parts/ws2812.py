"""WS2812 ("NeoPixel") LEDs: a strip, a ring or a matrix on one data pin.

``machine.bitstream`` (what ``neopixel.NeoPixel.write`` uses) sends 3 bytes per LED in the
order green, red, blue; the first LED keeps the first 3 bytes and passes the rest on. LEDs
that get no bytes keep their colour; bytes past the last LED leave at DOUT (unused here).
"""

from __future__ import annotations

from .common import ANY_BOARD, CircuitPart, Option


class Ws2812(CircuitPart):
    """``count`` LEDs on ``pin``; publishes ``pixels``: a tuple of (r, g, b), 0..255 each,
    in the order of the chain. ``layout`` says how the window draws them; a matrix has
    ``columns`` LEDs per row (``serpentine``: every other row runs backwards)."""

    type_name = "ws2812"
    families = ANY_BOARD  # the micro:bit's neopixel module sends to it as the ESP32's does
    program_drives = frozenset({"pin"})
    settings = (Option("count", "int", 8, 1, 1024),
                Option("layout", "choice", "strip", choices=("strip", "ring", "matrix")),
                Option("columns", "int", 8, 1, 256),
                Option("serpentine", "bool", False))

    def __init__(self, part_id: str, pins: dict[str, int], options: dict[str, object]):
        super().__init__(part_id, pins, options)
        self.pixels: list[tuple[int, int, int]] = [(0, 0, 0)] * int(self.option("count"))  # type: ignore[call-overload]

    def attach(self, board) -> None:  # type: ignore[no-untyped-def]
        super().attach(board)
        self.publish("pixels", tuple(self.pixels))

    def bitstream(self, data: bytes) -> None:
        for index in range(min(len(self.pixels), len(data) // 3)):
            g, r, b = data[index * 3:index * 3 + 3]
            self.pixels[index] = (r, g, b)
        self.publish("pixels", tuple(self.pixels))

    def grid(self) -> list[list[tuple[int, int, int]]]:
        """The pixels row by row as they sit on a matrix (for a ring or strip: one row)."""
        width = int(self.option("columns")) if self.option("layout") == "matrix" else len(self.pixels)  # type: ignore[call-overload]
        rows = [self.pixels[i:i + width] for i in range(0, len(self.pixels), width)]
        if self.option("serpentine"):
            rows = [row[::-1] if n % 2 else row for n, row in enumerate(rows)]
        return rows
