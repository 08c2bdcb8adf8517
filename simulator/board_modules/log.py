"""The ``log`` module of MicroPython on micro:bit V2, built for one board.

Follows ``src/codal_port/modlog.c``: ``set_labels`` chooses the timestamp unit (default
``SECONDS``, any int accepted, ``None`` for no timestamp) and, with labels, adds a row of
empty values so that only the heading line is written; ``add`` converts ints, bools and
floats with ``str()`` and takes other values only if they are text. When the log is full,
``add`` and ``set_labels`` raise ``OSError(28)`` (ENOSPC), which MicroPython prints as
``OSError: 28`` because its ``errno`` has no name for 28. The log itself is
``board.datalog`` (``model/datalog.py``).
"""

from __future__ import annotations

from collections import OrderedDict
from types import ModuleType

from ..model.datalog import DataLog
from ..model.microbit import MicrobitBoard
from .mp import mp_str, str_text, word
from .radio import as_builtins
from .tracebacks import BoardOSError

MILLISECONDS = 1
SECONDS = 10
MINUTES = 600
HOURS = 36000
DAYS = 864000
ENOSPC = 28


def finish_row(datalog: DataLog) -> None:
    if not datalog.end_row():
        raise BoardOSError(ENOSPC)


def _row_items(args: tuple[object, ...], kwargs: dict[str, object]) -> list[tuple[object, object]]:
    """What ``log.add`` logs: the one dict given, else the keyword arguments (in order)."""
    if not args:
        return list(kwargs.items())
    if len(args) > 1:
        raise ValueError("too many arguments")
    data = args[0]
    if type(data) not in (dict, OrderedDict):
        raise ValueError("expecting a dict")
    return list(data.items())  # type: ignore[attr-defined]


def build_log(board: MicrobitBoard) -> ModuleType:
    datalog = board.datalog

    def set_labels(*labels: object, timestamp: object = SECONDS) -> None:
        datalog.set_timestamp(0 if timestamp is None else word(timestamp))
        if labels:
            datalog.begin_row()
            for label in labels:
                datalog.log_data(str_text(label), "")
            finish_row(datalog)

    def add(*args: object, **kwargs: object) -> None:
        items = _row_items(args, kwargs)
        datalog.begin_row()
        for key, value in items:
            key_text = str_text(key)
            if isinstance(value, (int, float)):  # bool is an int here too
                value = mp_str(value)
            datalog.log_data(key_text, str_text(value))
        finish_row(datalog)

    def delete(*args: object, full: object = False) -> None:
        if len(args) > 1:  # mp_arg_parse_all's wording
            raise TypeError("extra positional arguments given")
        datalog.delete(bool(args[0] if args else full))

    def set_mirroring(serial: object, /) -> None:
        datalog.set_mirroring(bool(serial))

    mod = ModuleType("log", "Log data to your micro:bit V2.")
    attrs: dict[str, object] = {
        **as_builtins({"set_labels": set_labels, "add": add, "delete": delete,
                       "set_mirroring": set_mirroring}),
        "MILLISECONDS": MILLISECONDS, "SECONDS": SECONDS, "MINUTES": MINUTES, "HOURS": HOURS,
        "DAYS": DAYS,
    }
    for name, value in attrs.items():
        setattr(mod, name, value)
    return mod
