"""MicroPython's argument handling, conversions and number formatting, for the board modules."""

from __future__ import annotations

import functools
import math
import struct
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar


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


def str_data(value: object) -> bytes:
    """``mp_obj_str_get_data``: the bytes of a str (UTF-8) or bytes; anything else is the
    implicit-conversion TypeError."""
    if isinstance(value, str):
        return value.encode("utf-8", "surrogateescape")
    if isinstance(value, bytes):
        return value
    raise TypeError(f"can't convert '{type(value).__name__}' object to str implicitly")


def str_text(value: object) -> str:
    """``mp_obj_str_get_str`` for a str or bytes, as text."""
    return str_data(value).decode("utf-8", "surrogateescape")


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


Method = TypeVar("Method", bound=Callable[..., object])


# -- MicroPython's argument handling -------------------------------------------------------
def word(value: object) -> int:
    """``mp_obj_get_int``: an int that fits the board's 32-bit machine word."""
    number = mp_int(value)
    if not -2**31 <= number < 2**31:
        raise OverflowError("overflow converting long int to machine word")
    return number


def wrap32(value: int) -> int:
    """What C's 32-bit arithmetic leaves of ``value``."""
    return (value + 2**31) % 2**32 - 2**31


def check_args(n_args: int, n_kw: int, n_min: int, n_max: int) -> None:
    """``mp_arg_check_num_sig``: the counts include ``self``."""
    if n_kw:
        raise TypeError("function doesn't take keyword arguments")
    if n_min == n_max and n_args != n_min:
        raise TypeError(f"function takes {n_min} positional arguments but {n_args} were given")
    if n_args < n_min:
        raise TypeError(f"function missing {n_min - n_args} required positional arguments")
    if n_args > n_max:
        raise TypeError(f"function expected at most {n_max} arguments, got {n_args}")


def builtin(n_min: int, n_max: int | None = None) -> Callable[[Method], Method]:
    """A method called as a MicroPython built-in taking ``n_min``-``n_max`` arguments."""
    high = n_min if n_max is None else n_max

    def wrap(method: Method) -> Method:
        @functools.wraps(method)
        def call(self: object, *args: object, **kwargs: object) -> object:
            check_args(len(args) + 1, len(kwargs), n_min, high)
            return method(self, *args)
        return call  # type: ignore[return-value]
    return wrap


@dataclass(frozen=True)
class Arg:
    """One row of a firmware ``mp_arg_t`` table."""

    name: str
    kind: str = "obj"  # "int", "bool" or "obj"
    default: object = None
    required: bool = False
    keyword_only: bool = False


def parse_args(table: Sequence[Arg], args: tuple[object, ...],
               kwargs: dict[str, object]) -> list[object]:
    """``mp_arg_parse_all``: positional then keyword arguments, converted in table order."""
    values: list[object] = []
    keywords_used = 0
    for index, spec in enumerate(table):
        if index < len(args):
            if spec.keyword_only:
                raise TypeError("extra positional arguments given")
            given = args[index]
        elif spec.name in kwargs:
            keywords_used += 1
            given = kwargs[spec.name]
        elif spec.required:
            raise TypeError(f"'{spec.name}' argument required")
        else:
            values.append(spec.default)
            continue
        values.append(word(given) if spec.kind == "int" else
                      bool(given) if spec.kind == "bool" else given)
    if len(args) > len(table):
        raise TypeError("extra positional arguments given")
    if keywords_used < len(kwargs):
        raise TypeError("extra keyword arguments given")
    return values


def read_buffer(obj: object) -> bytes:
    """``mp_get_buffer_raise(.., MP_BUFFER_READ)``: any buffer; a str gives its UTF-8."""
    if isinstance(obj, str):
        return obj.encode("utf-8", "surrogateescape")
    try:
        return memoryview(obj).tobytes()  # type: ignore[arg-type]
    except TypeError:
        raise TypeError("object with buffer protocol required") from None


def write_buffer(obj: object) -> memoryview:
    """A writable byte view (bytearray, array, memoryview); bytes and str are read-only."""
    try:
        view = memoryview(obj)  # type: ignore[arg-type]
    except TypeError:
        view = None
    if view is None or view.readonly:
        raise TypeError("object with buffer protocol required")
    return view.cast("B")
