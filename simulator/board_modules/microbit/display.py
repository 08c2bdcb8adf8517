"""``microbit.display``: the student-facing 5x5 LED display, over the board model.

Behaviour follows the V2 firmware (``microbit_display.c``, ``drv_display.c``): a single
image or character shows at once; sequences animate with the first frame immediate and
the last held for one period; frame periods round up to the 6 ms display tick.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...model.clock import US_PER_MS
from ...model.microbit import MicrobitBoard
from ..mp import mp_int, mp_str, str_data
from .image import Image
from .text import BLANK, TICK_MS, Rows, frame_period, glyph, scroll_frames

DEFAULT_PRINT_SPEED_MS = 400
DEFAULT_SCROLL_SPEED_MS = 150


def image_rows(image: Image) -> Rows:
    """The top-left 5x5 of an image; smaller images are padded with dark pixels."""
    return tuple(tuple(image._pixel(x, y) if x < image._width and y < image._height else 0
                       for x in range(5)) for y in range(5))


def _text_bytes(value: object) -> bytes:
    return str_data(mp_str(value) if isinstance(value, (int, float)) else value)


class _Repeat:
    """``microbit_repeat_iterator``: loops over a sequence using len() and indexing."""

    def __init__(self, seq: object):
        self._seq = seq
        self._index = 0

    def __iter__(self) -> _Repeat:
        return self

    def __next__(self) -> object:
        length = len(self._seq)  # type: ignore[arg-type]
        if length == 0:
            raise StopIteration
        item = self._seq[self._index % length]  # type: ignore[index]
        self._index = (self._index + 1) % length
        return item


class _Stop(Exception):
    """A frame the firmware silently stops at (a string item longer than one char)."""


def _item_rows(item: object) -> Rows:
    if isinstance(item, Image):
        return image_rows(item)
    if isinstance(item, str):
        if len(item) != 1:
            raise _Stop
        return glyph(item.encode("utf-8")[0])
    raise TypeError("not an image")


class MicroBitDisplay:
    """The object students know as ``display``."""

    def __init__(self, board: MicrobitBoard):
        self._board = board
        self._model = board.display
        self._light_sensing = False

    def __repr__(self) -> str:
        return "<MicroBitDisplay>"

    # -- pixels -----------------------------------------------------------------------
    def get_pixel(self, x: int, y: int) -> int:
        x, y = mp_int(x), mp_int(y)
        if not (0 <= x < 5 and 0 <= y < 5):
            raise ValueError("index out of bounds")
        return self._model.pixels[y][x]

    def set_pixel(self, x: int, y: int, value: int) -> None:
        x, y, value = mp_int(x), mp_int(y), mp_int(value)
        if not (0 <= x < 5 and 0 <= y < 5):
            raise ValueError("index out of bounds")
        if not 0 <= value <= 9:
            raise ValueError("brightness out of bounds")
        self._model.set_pixel(x, y, value)

    def clear(self) -> None:
        """Stops any animation and blanks the display at the next 6 ms tick."""
        self._model.stop_animation()
        tick_us = TICK_MS * US_PER_MS
        self._board.sleep_us(tick_us - self._board.ticks_us() % tick_us)
        self._model.clear()

    # -- show and scroll -----------------------------------------------------------------
    def show(self, image: object, delay: int = DEFAULT_PRINT_SPEED_MS, *, clear: bool = False,
             wait: bool = True, loop: bool = False) -> None:
        delay = mp_int(delay)
        self._model.stop_animation()
        if isinstance(image, (int, float)):
            image = mp_str(image)
        if isinstance(image, str):
            if not image:
                return
            if len(image) == 1 and not clear and not loop:
                self._model.set_rows(glyph(image.encode("utf-8")[0]))
                return
            image = [Image._from_rows(glyph(byte)) for byte in image.encode("utf-8")]
        elif isinstance(image, Image):
            if not clear and not loop:
                self._model.set_rows(image_rows(image))
                return
            image = (image,)
        items = _Repeat(image) if loop else iter(image)  # type: ignore[call-overload]
        self._animate(self._show_frames(items, frame_period(delay), bool(clear)), bool(wait))

    def scroll(self, text: object, delay: int = DEFAULT_SCROLL_SPEED_MS, *, wait: bool = True,
               monospace: bool = False, loop: bool = False) -> None:
        data = _text_bytes(text)
        delay = mp_int(delay)
        period = frame_period(delay)
        frames = ((rows, period) for rows in scroll_frames(data, bool(monospace), bool(loop)))
        self._animate(frames, bool(wait))

    # Time the firmware spends in these calls before it returns (keyword arguments parsed
    # by mp_arg_parse_all, the text or images turned into an animation): about 1300
    # cycles of the nRF52833 at 64 MHz, estimated; the real core's engine charges it.
    show.board_cost_ns = scroll.board_cost_ns = 20_000  # type: ignore[attr-defined]

    def _show_frames(self, items: Iterator[object], period: int | None,
                     clear: bool) -> Iterator[tuple[Rows, int | None]]:
        for item in items:
            try:
                rows = _item_rows(item)
            except _Stop:
                return
            except TypeError as exc:  # reaches the program at its next chance, as on the board
                self._board.schedule_in_program(_raiser(exc))
                return
            yield rows, period
        if clear:
            yield BLANK, period

    def _animate(self, frames: Iterator[tuple[Rows, int | None]], wait: bool) -> None:
        animation = self._model.animate(frames)
        if animation.error is not None:
            raise animation.error
        if wait:
            self._board.wait(lambda: animation.done)
            if animation.error is not None:
                raise animation.error

    # -- power and light -------------------------------------------------------------------
    def on(self) -> None:
        self._model.stop_animation()
        self._board.pins.claim_display()  # ValueError if SPI, say, holds a display pin
        self._model.set_on(True)

    def off(self) -> None:
        self._model.set_on(False)

    def is_on(self) -> bool:
        return self._model.is_on

    def read_light_level(self) -> int:
        """0-255; the very first call returns 0, as light sensing only then starts."""
        if not self._light_sensing:
            self._light_sensing = True
            return 0
        return int(self._board.value("light_level"))  # type: ignore[call-overload]


def _raiser(exc: BaseException):
    def raise_it() -> None:
        raise exc
    return raise_it
