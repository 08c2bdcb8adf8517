"""The data log a micro:bit keeps in its flash (the ``log`` module), exportable as CSV.

Follows CODAL's ``MicroBitLog`` (codal-microbit-v2 ``source/MicroBitLog.cpp``), which the
firmware's ``log`` module drives through ``begin_row`` / ``log_data`` / ``end_row``:

- Values are collected per row under column headings. A heading not seen before is added
  at the end, and the whole heading line is written to the log again before the row. A row
  with no values writes nothing (``set_labels`` uses that to write only headings).
- The timestamp column (``Time (seconds)`` ...) goes first if it is chosen before anything
  is written, else it is added at the end like any new heading. Timestamps are the time
  since the board started, cut down (not rounded) to the unit; every unit but milliseconds
  shows two decimals (``1.50``). Only rows with a value get one.
- ``,``, tab and newline in headings and values become ``_``, and so does ``-->``.
- The log holds ``CAPACITY_BYTES`` of CSV text. A line that does not fit is not written and
  the log is full: ``end_row`` returns False from then on, until the log is deleted.
- With mirroring on, each line written also goes to the serial output.

What is in flash (the lines, the last heading line written, the full marker) survives a
reset. What CODAL keeps in RAM (timestamp unit, mirroring, a row being built) does not.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .microbit import MicrobitBoard

# The CSV text the log can hold: logEnd - dataStart as measured on a board by the
# micro:bit Foundation's own simulator (micropython-microbit-v2-simulator, data-logging.ts).
CAPACITY_BYTES = 118_780
TIMESTAMP_NONE = 0
TIMESTAMP_UNITS = {1: "milliseconds", 10: "seconds", 600: "minutes", 36000: "hours",
                   864000: "days"}
INVALID_CHAR = "_"


@dataclass(frozen=True)
class LogHeadingsChanged:
    board: int
    headings: tuple[str, ...]


@dataclass(frozen=True)
class LogRowAdded:
    board: int
    headings: tuple[str, ...]
    values: tuple[str, ...]  # one per heading at the time the row was written


@dataclass(frozen=True)
class LogFull:
    board: int


@dataclass(frozen=True)
class LogDeleted:
    board: int


def clean(text: str, separators: bool = True) -> str:
    """CODAL's cleanBuffer: ``-->`` (it would end the HTML comment) and separators become _."""
    out = list(text)
    for i, char in enumerate(text):
        if text.startswith("-->", i):
            out[i:i + 3] = INVALID_CHAR * 3
        if char == "\t" or (separators and char in ",\n"):
            out[i] = INVALID_CHAR
    return "".join(out)


def timestamp_text(ms: int, unit: int) -> str:
    """A timestamp as CODAL writes it: whole milliseconds, or the unit with 2 decimals."""
    ticks = ms // unit if unit > 0 else 0
    billions, units = divmod(ticks, 1_000_000_000)
    fraction = 0
    if unit > 1:
        fraction = units % 100
        units //= 100
        billions //= 100
    text = str(units)
    if billions:
        text = str(billions) + text.zfill(9)
    return f"{text}.{fraction:02d}" if unit > 1 else text


class DataLog:
    """The board's ``MY_DATA.HTM`` log: lines in flash plus CODAL's working state."""

    def __init__(self, board: MicrobitBoard):
        self.board = board
        self.capacity_bytes = CAPACITY_BYTES
        # in flash: kept over a reset
        self.lines: list[str] = []  # every line written, heading lines included
        self._heading_line: list[bool] = []  # for each line: is it a heading line?
        self.used_bytes = 0
        self.headings: list[str] = []  # the last heading line written
        self.full_marker = False
        self._start_ram()

    def _start_ram(self) -> None:
        """MicroBitLog as it is after the board starts: headings read back from flash."""
        self._keys = list(self.headings)
        self._values = [""] * len(self._keys)
        self._headings_changed = False
        self._timestamp = TIMESTAMP_NONE
        self._timestamp_heading = ""
        self._timestamp_changed = False
        self._row_started = False
        self.mirroring = False
        self._full = False

    def reset(self) -> None:
        """What a board reset clears (the log itself survives a reset)."""
        self._start_ram()

    # -- settings ---------------------------------------------------------------------
    @property
    def timestamp(self) -> int:
        return self._timestamp

    def set_mirroring(self, on: bool) -> None:
        self.mirroring = on

    def set_timestamp(self, unit: int) -> None:
        if unit == self._timestamp == TIMESTAMP_NONE:
            return
        self._timestamp_heading = f"Time ({TIMESTAMP_UNITS.get(unit, '')})"
        if self.used_bytes == 0 and self._keys:  # before any data: rewrite the first column
            if self._keys[0] == self._timestamp_heading:
                return
            if self._timestamp != TIMESTAMP_NONE:  # drop the old timestamp heading
                self._keys = self._keys[1:]
                self._values = self._values[:len(self._keys)]
        self._timestamp = unit
        self._timestamp_changed = True

    def delete(self, full: bool = False) -> None:
        """Empty the log, headings too (``full`` erases the flash: the same result here)."""
        self.lines.clear()
        self._heading_line.clear()
        self.used_bytes = 0
        self.headings = []
        self.full_marker = False
        self._keys, self._values = [], []
        self._headings_changed = self._timestamp_changed = self._row_started = False
        self._full = False
        self.board.bus.publish(LogDeleted(self.board.number))
        self.set_timestamp(self._timestamp)  # the chosen unit comes back on the next row

    # -- rows -----------------------------------------------------------------------------
    def begin_row(self) -> None:
        if self._row_started:
            self.end_row()
        self._values = [""] * len(self._keys)
        self._row_started = True

    def log_data(self, key: str, value: str) -> None:
        """Set a value in the row being built (C strings: they end at a NUL)."""
        if not self._row_started:
            self.begin_row()
        key = clean(key.split("\0", 1)[0])
        value = clean(value.split("\0", 1)[0])
        if key in self._keys:
            self._values[self._keys.index(key)] = value
        else:
            self._add_heading(key, value)

    def _add_heading(self, key: str, value: str, first: bool = False) -> None:
        if key in self._keys:
            return
        index = 0 if first else len(self._keys)
        self._keys.insert(index, key)
        self._values.insert(index, value)
        self._headings_changed = True

    def end_row(self) -> bool:
        """Write the row (and new headings); False once the log is full."""
        if not self._row_started:  # CODAL: DEVICE_INVALID_STATE; the log module never does this
            return not self._full
        if self._timestamp_changed:
            self._timestamp_changed = False
            if self._timestamp != TIMESTAMP_NONE:
                self._add_heading(self._timestamp_heading, "", first=self.used_bytes == 0)
        if any(self._values) and self._timestamp != TIMESTAMP_NONE:
            ms = self.board.running_time_ms()
            self.log_data(self._timestamp_heading, timestamp_text(ms, self._timestamp))
        if self._headings_changed:
            self.headings = list(self._keys)
            if self._write(",".join(self._keys), heading=True):
                self.board.bus.publish(LogHeadingsChanged(self.board.number,
                                                          tuple(self._keys)))
            self._headings_changed = False
        if any(self._values) and self._write(",".join(self._values)):
            self.board.bus.publish(LogRowAdded(self.board.number, tuple(self._keys),
                                               tuple(self._values)))
        self._row_started = False
        return not self._full

    def _write(self, line: str, heading: bool = False) -> bool:
        size = len(line.encode("utf-8")) + 1
        if size > self.capacity_bytes - self.used_bytes:
            if not self._full:
                self._full = self.full_marker = True
                self.board.bus.publish(LogFull(self.board.number))
            return False
        line = clean(line, separators=False)
        if self.mirroring:  # the board sends the line with CR LF; serial text here uses \n
            self.board.write_serial(line + "\n")
        self.lines.append(line)
        self._heading_line.append(heading)
        self.used_bytes += size
        return True

    # -- what a table, a plot or the MY_DATA.HTM download shows -----------------------------
    @property
    def is_full(self) -> bool:
        return self.full_marker

    def to_csv(self) -> str:
        """The text MY_DATA.HTM's Download button saves: every line, heading lines included."""
        return "".join(line + "\n" for line in self.lines)

    def rows(self) -> list[list[str]]:
        """The data rows, each as long as ``headings`` (columns only ever get added at the end)."""
        width = len(self.headings)
        return [cells + [""] * (width - len(cells))
                for cells, heading in zip((line.split(",") for line in self.lines),
                                          self._heading_line) if not heading]
