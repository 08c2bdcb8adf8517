"""MicroPython's argument conversions and number formatting, for the board modules."""

from __future__ import annotations

import math
import struct


def mp_int(value: object) -> int:
    """Like ``mp_obj_get_int``: ints and bools pass, anything else is a TypeError."""
    if isinstance(value, int):
        return int(value)
    raise TypeError(f"can't convert {type(value).__name__} to int")


def mp_float(value: object) -> float:
    """Like ``mp_obj_get_float``: ints, bools and floats pass."""
    if isinstance(value, (int, float)):
        return float(value)
    raise TypeError(f"can't convert {type(value).__name__} to float")


def single_precision(value: float) -> float:
    """The float the board actually stores: micro:bit V2 floats are 32-bit."""
    try:
        return struct.unpack("f", struct.pack("f", value))[0]
    except OverflowError:
        return math.copysign(math.inf, value)


def float_str(value: float) -> str:
    """``str(x)`` for a float as MicroPython with 32-bit floats prints it (7 digits)."""
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    text = f"{single_precision(value):.7g}"
    if "e" in text:
        mantissa, _, exponent = text.partition("e")
        sign = exponent[0]
        text = f"{mantissa}e{sign}{int(exponent[1:]):02d}"
    elif "." not in text:
        text += ".0"
    return text


def mp_str(value: object) -> str:
    """``str(value)`` as the board prints it (floats with 32-bit precision)."""
    if isinstance(value, float):
        return float_str(value)
    return str(value)


def mp_repr(value: object) -> str:
    """``repr(value)`` as the board's REPL shows it."""
    if isinstance(value, float):
        return float_str(value)
    return repr(value)


class ScheduledError(SystemExit):
    """An exception from a scheduled callback (run_every), on its way to the program.

    The firmware hands it over as ``SystemExit(None, exc)`` so that the program's own
    ``except Exception`` cannot catch it; main.py then ends with ``error`` as if uncaught.
    """

    def __init__(self, error: BaseException):
        super().__init__(None, error)
        self.error = error
