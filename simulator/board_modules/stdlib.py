"""``random`` (``urandom``) of the micro:bit V2 firmware, served to the board's core; and
figures of the firmware's core the board modules use.

The board's own MicroPython core has its ``math``, ``gc``, ``micropython``, ``sys``,
``struct``, ``array``, ``collections``, ``errno`` and ``time`` (``simulator/engine/port``);
``random`` is the host's, so that a run's seed gives the same numbers on every run.
"""

from __future__ import annotations

import random as _random
from types import ModuleType

from ..model.microbit import MicrobitBoard
from .mp import mp_int

# the firmware's errno list (MICROPY_PY_UERRNO_LIST, micropython-microbit-v2 v2.1.2)
ERRNO_CODES = {"EPERM": 1, "ENOENT": 2, "EIO": 5, "EBADF": 9, "EAGAIN": 11, "ENOMEM": 12,
               "EACCES": 13, "EEXIST": 17, "ENODEV": 19, "EISDIR": 21, "EINVAL": 22,
               "ENOSPC": 28, "EOPNOTSUPP": 95, "ENOTCONN": 107, "ETIMEDOUT": 110,
               "EALREADY": 114, "EINPROGRESS": 115}
HEAP_BYTES = 64 * 1024  # the V2 MicroPython heap (mpconfigport / linker script)
HEAP_IN_USE = 5 * 1024  # what a small program typically has allocated


def module(name: str, doc: str | None = None, **attrs: object) -> ModuleType:
    mod = ModuleType(name, doc)
    for key, value in attrs.items():
        setattr(mod, key, value)
    return mod


def _integer(value: object) -> int:
    return mp_int(value)


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
