"""``microbit.Image``: greyscale pictures for the LED display, as the V2 firmware has them.

Behaviour and messages follow ``microbit_image.c`` in micropython-microbit-v2; the
built-in pictures are data from ``microbit_constimage.c`` (see ``images_data``).
"""

from __future__ import annotations

import math

from ..mp import mp_float, mp_int, single_precision
from .font import FALLBACK_CHAR, FONT
from .images_data import ALL_ARROWS, ALL_CLOCKS, BUILTIN_IMAGES

MAX_BRIGHTNESS = 9


def _parse(text: str) -> tuple[int, int, list[int]]:
    """Rows split by ':' or newline; a space is 0; short rows are padded with 0."""
    rows: list[list[int]] = []
    row: list[int] = []
    for char in text:
        if char in ":\n":
            rows.append(row)
            row = []
        elif char == " ":
            row.append(0)
        elif "0" <= char <= "9":
            row.append(ord(char) - ord("0"))
        else:
            # The firmware misreads these as stray pixel values; we refuse them plainly.
            raise ValueError("unexpected character in Image definition")
    if row:
        rows.append(row)
    width = max((len(r) for r in rows), default=0)
    pixels = [value for r in rows for value in r + [0] * (width - len(r))]
    return width, len(rows), pixels


class MicroBitImage:
    """A picture of ``width`` x ``height`` pixels with brightness 0 (off) to 9.

    Students know this class as ``Image``. Like the firmware, nothing takes keyword
    arguments, ``==`` compares identity, and only the built-in pictures are read-only.
    """

    __slots__ = ("_width", "_height", "_pixels", "_readonly")

    def __init__(self, *args: object, **kwargs: object) -> None:
        self._readonly = False
        if kwargs:
            raise TypeError("function doesn't take keyword arguments")
        if len(args) == 0:
            self._set(5, 5, [0] * 25)
        elif len(args) == 1:
            self._init_from_string(args[0])
        elif len(args) == 2:
            width, height = mp_int(args[0]), mp_int(args[1])
            _check_size(width, height)
            self._set(width, height, [0] * (width * height))
        elif len(args) == 3:
            self._init_from_buffer(*args)
        else:
            raise TypeError(f"function expected at most 3 arguments, got {len(args)}")

    def _init_from_string(self, text: object) -> None:
        if not isinstance(text, str):
            raise TypeError("Image(s) takes a string")
        data = text.encode("utf-8")
        if len(data) == 1:  # one character: its picture in the display font
            char = text if 32 <= data[0] <= 126 else FALLBACK_CHAR
            self._set(5, 5, [MAX_BRIGHTNESS * int(bit) for row in FONT[char] for bit in row])
        else:
            self._set(*_parse(text))

    def _init_from_buffer(self, width: object, height: object, buffer: object) -> None:
        width, height = mp_int(width), mp_int(height)
        try:
            data = memoryview(buffer).tobytes()  # type: ignore[arg-type]
        except TypeError:
            raise TypeError("object with buffer protocol required") from None
        if width < 0 or height < 0 or len(data) != width * height:
            raise ValueError("image data is incorrect size")
        self._set(width, height, [min(value, MAX_BRIGHTNESS) for value in data])

    def _set(self, width: int, height: int, pixels: list[int]) -> None:
        self._width = width
        self._height = height
        self._pixels = pixels

    @classmethod
    def _from_rows(cls, rows: tuple[tuple[int, ...], ...]) -> MicroBitImage:
        return _new(len(rows[0]) if rows else 0, len(rows), [v for row in rows for v in row])

    @classmethod
    def _builtin(cls, text: str) -> MicroBitImage:
        image = cls(text)
        image._readonly = True
        return image

    def _pixel(self, x: int, y: int) -> int:
        return self._pixels[y * self._width + x]

    def _check_writable(self) -> None:
        if self._readonly:
            raise TypeError("image cannot be modified (try copying first)")

    def _check_index(self, x: int, y: int) -> None:
        if x < 0 or y < 0:
            raise ValueError("index cannot be negative")
        if x >= self._width or y >= self._height:
            raise ValueError("index too large")

    # -- size and pixels -------------------------------------------------------------
    def width(self, /) -> int:
        return self._width

    def height(self, /) -> int:
        return self._height

    def get_pixel(self, x: int, y: int, /) -> int:
        x, y = mp_int(x), mp_int(y)
        self._check_index(x, y)
        return self._pixel(x, y)

    def set_pixel(self, x: int, y: int, value: int, /) -> None:
        self._check_writable()
        x, y, value = mp_int(x), mp_int(y), mp_int(value)
        if x < 0 or y < 0:
            raise ValueError("index cannot be negative")
        if not 0 <= value <= MAX_BRIGHTNESS:
            raise ValueError("brightness out of bounds")
        self._check_index(x, y)
        self._pixels[y * self._width + x] = value

    def fill(self, value: int, /) -> None:
        self._check_writable()
        value = mp_int(value)
        if not 0 <= value <= MAX_BRIGHTNESS:
            raise ValueError("brightness out of bounds")
        self._pixels = [value] * (self._width * self._height)

    def blit(self, src: MicroBitImage, x: int, y: int, w: int, h: int, *dest: int) -> None:
        """Copy the ``w`` x ``h`` area of ``src`` at (x, y) to (xdest, ydest) here."""
        self._check_writable()
        if not isinstance(src, MicroBitImage):
            raise TypeError("expecting an image")
        if len(dest) == 1:
            raise TypeError("must specify both offsets")
        if len(dest) > 2:
            raise TypeError(f"function expected at most 8 arguments, got {6 + len(dest)}")
        x, y, w, h = mp_int(x), mp_int(y), mp_int(w), mp_int(h)
        xdest, ydest = (mp_int(dest[0]), mp_int(dest[1])) if dest else (0, 0)
        if w < 0 or h < 0:
            raise ValueError("size cannot be negative")
        self._pixels = _blit(src, x, y, w, h, self, xdest, ydest)

    # -- new images ------------------------------------------------------------------------
    def copy(self, /) -> MicroBitImage:
        return _new(self._width, self._height, list(self._pixels))

    def invert(self, /) -> MicroBitImage:
        return _new(self._width, self._height, [MAX_BRIGHTNESS - v for v in self._pixels])

    def crop(self, x: int, y: int, w: int, h: int, /) -> MicroBitImage:
        x, y = mp_int(x), mp_int(y)
        w, h = max(0, mp_int(w)), max(0, mp_int(h))
        result = _new(w, h, [0] * (w * h))
        result._pixels = _blit(self, x, y, w, h, result, 0, 0)
        return result

    def _shift(self, dx: int, dy: int) -> MicroBitImage:
        result = _new(self._width, self._height, [0] * (self._width * self._height))
        result._pixels = _blit(self, dx, dy, self._width, self._height, result, 0, 0)
        return result

    def shift_left(self, n: int, /) -> MicroBitImage:
        return self._shift(mp_int(n), 0)

    def shift_right(self, n: int, /) -> MicroBitImage:
        return self._shift(-mp_int(n), 0)

    def shift_up(self, n: int, /) -> MicroBitImage:
        return self._shift(0, mp_int(n))

    def shift_down(self, n: int, /) -> MicroBitImage:
        return self._shift(0, -mp_int(n))

    # -- arithmetic (the Image must be on the left) ---------------------------------------
    def _combine(self, other: object, sign: int) -> MicroBitImage:
        if not isinstance(other, MicroBitImage):
            return NotImplemented  # type: ignore[return-value]
        if (self._width, self._height) != (other._width, other._height):
            raise ValueError("images must be the same size")
        pixels = [max(0, min(MAX_BRIGHTNESS, a + sign * b))
                  for a, b in zip(self._pixels, other._pixels)]
        return _new(self._width, self._height, pixels)

    def __add__(self, other: object) -> MicroBitImage:
        return self._combine(other, 1)

    def __sub__(self, other: object) -> MicroBitImage:
        return self._combine(other, -1)

    def _dim(self, factor: float) -> MicroBitImage:
        if factor < 0 or (factor == 0 and math.copysign(1, factor) < 0):
            raise ValueError("brightness multiplier must not be negative")
        factor = single_precision(factor)
        return _new(self._width, self._height, [_dim_pixel(p, factor) for p in self._pixels])

    def __mul__(self, other: object) -> MicroBitImage:
        return self._dim(mp_float(other))

    def __truediv__(self, other: object) -> MicroBitImage:
        divisor = mp_float(other)
        if divisor == 0:  # the firmware divides by a float zero: infinity
            return self._dim(math.copysign(math.inf, divisor))
        return self._dim(1 / divisor)

    # -- text forms --------------------------------------------------------------------------
    def _row_strings(self) -> list[str]:
        return ["".join(str(self._pixel(x, y)) for x in range(self._width)) + ":"
                for y in range(self._height)]

    def __repr__(self) -> str:
        return "Image('" + "".join(self._row_strings()) + "')"

    def __str__(self) -> str:
        return "Image(\n    '" + "'\n    '".join(self._row_strings()) + "'\n)"


Image = MicroBitImage


def _new(width: int, height: int, pixels: list[int]) -> MicroBitImage:
    image = MicroBitImage.__new__(MicroBitImage)
    image._readonly = False
    image._set(width, height, pixels)
    return image


def _dim_pixel(pixel: int, factor: float) -> int:
    """``int(MIN(p * f + 0.5, 9))`` as the firmware computes it (NaN gives 9)."""
    value = pixel * factor + 0.5
    if math.isnan(value) or value >= MAX_BRIGHTNESS:
        return MAX_BRIGHTNESS
    return int(value)


def _blit(src: MicroBitImage, x: int, y: int, w: int, h: int, dest: MicroBitImage,
          xdest: int, ydest: int) -> list[int]:
    """Pixels of ``dest`` after copying src's (x, y, w, h) area to (xdest, ydest).

    Inside the clipped target area every pixel comes from src, or is 0 where the
    source point lies outside src; pixels outside that area are unchanged.
    """
    pixels = list(dest._pixels)
    for ty in range(max(0, ydest), min(dest._height, ydest + h)):
        sy = ty - ydest + y
        for tx in range(max(0, xdest), min(dest._width, xdest + w)):
            sx = tx - xdest + x
            inside = 0 <= sx < src._width and 0 <= sy < src._height
            pixels[ty * dest._width + tx] = src._pixel(sx, sy) if inside else 0
    return pixels


def _check_size(width: int, height: int) -> None:
    if width < 0 or height < 0:  # undefined on the board (it corrupts memory)
        raise ValueError("image size cannot be negative")


for _name, _text in BUILTIN_IMAGES.items():
    setattr(Image, _name, Image._builtin(_text))
Image.ALL_CLOCKS = tuple(getattr(Image, name) for name in ALL_CLOCKS)  # type: ignore[attr-defined]
Image.ALL_ARROWS = tuple(getattr(Image, name) for name in ALL_ARROWS)  # type: ignore[attr-defined]
