"""The MicroPython core modules of the micro:bit V2 firmware, built for one board.

Names follow the official stubs (micropython-microbit-stubs, ``lang/en/typeshed/stdlib``);
behaviour comes from CPython where MicroPython's is the same.
"""

from __future__ import annotations

import array as _array
import collections as _collections
import math as _math
import random as _random
import struct as _struct
from types import ModuleType

from ..model.clock import US_PER_MS, US_PER_S
from ..model.microbit import MicrobitBoard
from .mp import mp_float, mp_int
from .tracebacks import format_exception

TICKS_PERIOD = 1 << 30  # MicroPython's ticks wrap at 2**30 on 32-bit ports
TICKS_MAX = TICKS_PERIOD - 1
TICKS_HALFPERIOD = TICKS_PERIOD >> 1

MATH_NAMES = ("acos", "asin", "atan", "atan2", "ceil", "copysign", "cos", "degrees", "e",
              "exp", "fabs", "floor", "fmod", "frexp", "isfinite", "isinf", "isnan", "ldexp",
              "log", "modf", "pi", "pow", "radians", "sin", "sqrt", "tan", "trunc")
ERRNO_CODES = {"EPERM": 1, "ENOENT": 2, "EIO": 5, "EBADF": 9, "EAGAIN": 11, "ENOMEM": 12,
               "EACCES": 13, "EEXIST": 17, "ENODEV": 19, "EISDIR": 21, "EINVAL": 22,
               "EOPNOTSUPP": 95, "EADDRINUSE": 98, "ECONNABORTED": 103, "ECONNRESET": 104,
               "ENOBUFS": 105, "ENOTCONN": 107, "ETIMEDOUT": 110, "ECONNREFUSED": 111,
               "EHOSTUNREACH": 113, "EALREADY": 114, "EINPROGRESS": 115}
MICROPYTHON_VERSION = (1, 18, 0)
FIRMWARE_VERSION = "micro:bit v2.1.2+0697c6d on 2023-10-30; MicroPython v1.18"


def module(name: str, doc: str | None = None, **attrs: object) -> ModuleType:
    mod = ModuleType(name, doc)
    for key, value in attrs.items():
        setattr(mod, key, value)
    return mod


def _integer(value: object) -> int:
    return mp_int(value)


# -- time / utime ------------------------------------------------------------------
def build_time(board: MicrobitBoard, name: str = "time") -> ModuleType:
    def sleep(seconds: float, /) -> None:
        us = int(mp_float(seconds) * US_PER_S)
        if us > 0:
            board.sleep_us(us)

    def sleep_ms(ms: int, /) -> None:
        if _integer(ms) > 0:
            board.sleep_us(ms * US_PER_MS)

    def sleep_us(us: int, /) -> None:
        if _integer(us) > 0:
            board.sleep_us(us)

    def ticks_ms() -> int:
        return board.running_time_ms() & TICKS_MAX

    def ticks_us() -> int:
        return board.ticks_us() & TICKS_MAX

    def ticks_add(ticks: int, delta: int) -> int:
        return (_integer(ticks) + _integer(delta)) & TICKS_MAX

    def ticks_diff(ticks1: int, ticks2: int) -> int:
        diff = ((_integer(ticks1) - _integer(ticks2)) + TICKS_HALFPERIOD) & TICKS_MAX
        return diff - TICKS_HALFPERIOD

    return module(name, "Measure time and add delays.", sleep=sleep, sleep_ms=sleep_ms,
                  sleep_us=sleep_us, ticks_ms=ticks_ms, ticks_us=ticks_us,
                  ticks_add=ticks_add, ticks_diff=ticks_diff)


# -- random ------------------------------------------------------------------------
def build_random(board: MicrobitBoard, name: str = "random") -> ModuleType:
    rng: _random.Random = board.random

    def getrandbits(n: int) -> int:
        n = _integer(n)
        if not 1 <= n <= 32:
            raise ValueError  # MicroPython's random errors carry no message
        return rng.getrandbits(n)

    def seed(n: int, /) -> None:
        rng.seed(_integer(n) & 0xFFFFFFFF)

    def randrange(start: int, stop: int | None = None, step: int = 1) -> int:
        if stop is None:
            if _integer(start) <= 0:
                raise ValueError
            return rng.randrange(start)
        try:
            return rng.randrange(_integer(start), _integer(stop), _integer(step))
        except ValueError:
            raise ValueError from None

    def randint(a: int, b: int) -> int:
        return randrange(a, _integer(b) + 1)

    def choice(seq: object) -> object:
        if len(seq) == 0:  # type: ignore[arg-type]
            raise IndexError
        return seq[rng.randrange(len(seq))]  # type: ignore[index]

    def random() -> float:
        return rng.random()

    def uniform(a: float, b: float) -> float:
        return a + (b - a) * rng.random()

    return module(name, "Generate random numbers.", getrandbits=getrandbits, seed=seed,
                  randrange=randrange, randint=randint, choice=choice, random=random,
                  uniform=uniform)


# -- math, struct, array, collections, errno ----------------------------------------
def build_math(board: MicrobitBoard, name: str = "math") -> ModuleType:
    return module(name, "Mathematical functions.",
                  **{key: getattr(_math, key) for key in MATH_NAMES})


def build_struct(board: MicrobitBoard, name: str = "struct") -> ModuleType:
    return module(name, "Pack and unpack primitive data types.",
                  **{key: getattr(_struct, key)
                     for key in ("calcsize", "pack", "pack_into", "unpack", "unpack_from")})


class array(_array.array):  # noqa: N801 - the board's name for it
    """CPython's array, with MicroPython's ``decode()`` of the raw bytes."""

    def decode(self) -> str:
        return self.tobytes().decode("utf-8")


def build_array(board: MicrobitBoard, name: str = "array") -> ModuleType:
    return module(name, "Arrays of numeric data.", array=array)


def build_collections(board: MicrobitBoard, name: str = "collections") -> ModuleType:
    return module(name, "Collection and container types.",
                  OrderedDict=_collections.OrderedDict, namedtuple=_collections.namedtuple)


def build_errno(board: MicrobitBoard, name: str = "errno") -> ModuleType:
    codes = dict(ERRNO_CODES)
    return module(name, "System error codes.",
                  errorcode={v: k for k, v in codes.items()}, **codes)


# -- gc, micropython, sys ----------------------------------------------------------
HEAP_BYTES = 64 * 1024  # the V2 MicroPython heap (mpconfigport / linker script)
HEAP_IN_USE = 5 * 1024  # what a small program typically has allocated


def build_gc(board: MicrobitBoard, name: str = "gc") -> ModuleType:
    state = {"enabled": True, "threshold": -1}

    def mem_alloc() -> int:
        return HEAP_IN_USE

    def mem_free() -> int:
        return max(0, HEAP_BYTES - mem_alloc())

    def threshold(amount: int | None = None) -> int | None:
        if amount is None:
            return state["threshold"]
        state["threshold"] = _integer(amount)
        return None

    return module(name, "Control the garbage collector.", collect=lambda: None,
                  enable=lambda: state.update(enabled=True),
                  disable=lambda: state.update(enabled=False),
                  isenabled=lambda: state["enabled"], mem_alloc=mem_alloc,
                  mem_free=mem_free, threshold=threshold)


def build_micropython(board: MicrobitBoard, name: str = "micropython") -> ModuleType:
    state = {"opt": 0}

    def const(expr: object) -> object:
        return expr

    def opt_level(level: int | None = None) -> int | None:
        if level is None:
            return state["opt"]
        state["opt"] = _integer(level)
        return None

    def mem_info(verbose: object = None) -> None:
        gc = build_gc(board)
        board.write_serial(f"stack: 500 out of 7936\nGC: total: {HEAP_BYTES}, used: "
                           f"{gc.mem_alloc()}, free: {gc.mem_free()}\n")

    def qstr_info(verbose: object = None) -> None:
        board.write_serial("qstr pool: n_pool=1, n_qstr=10, n_str_data_bytes=80, "
                           "n_total_bytes=208\n")

    def schedule(function: object, arg: object) -> None:
        board.schedule_in_program(lambda: function(arg))  # type: ignore[operator]

    return module(name, "MicroPython internals.", const=const, opt_level=opt_level,
                  mem_info=mem_info, qstr_info=qstr_info, stack_use=lambda: 500,
                  heap_lock=lambda: 0, heap_unlock=lambda: 0,
                  kbd_intr=lambda chr: None, schedule=schedule)


class _Implementation(tuple):
    @property
    def name(self) -> str:
        return self[0]

    @property
    def version(self) -> tuple[int, int, int]:
        return self[1]


def build_sys(board: MicrobitBoard, name: str = "sys") -> ModuleType:
    def exit(retval: object = 0) -> None:
        raise SystemExit(retval)

    def print_exception(exc: BaseException, file: object = None) -> None:
        text = format_exception(exc, board.files)
        if file is None:
            board.write_serial(text)
        else:
            file.write(text)  # type: ignore[attr-defined]

    return module(name, "System specific functions.", argv=[], byteorder="little",
                  exit=exit,
                  implementation=_Implementation(("micropython", MICROPYTHON_VERSION)),
                  maxsize=2**31 - 1, modules={}, path=["", "/lib"], platform="microbit",
                  print_exception=print_exception,
                  version="3.4.0", version_info=(3, 4, 0))
