"""The SSD1306 128×64 OLED on I2C (address 0x3C, or 0x3D).

Each write starts with a control byte: bit 7 (Co) set means one byte follows and then another
control byte; clear means all the rest of the write is of one kind. Bit 6 (D/C) says whether
those bytes are commands or display data. The micropython-lib driver sends each command byte
as its own write ``80 cc`` and the whole framebuffer as one write ``40 …``, after setting the
column window (0x21) and page window (0x22) with horizontal addressing (0x20 0x00).

The display RAM is 8 pages of 128 columns; each byte is 8 pixels of one column, the lowest
bit on top. What the glass shows depends on the segment remap (0xA0/0xA1), the COM scan
direction (0xC0/0xC8), the start line (0x40..0x7F) and the display offset (0xD3): with 0xA1
and 0xC8, as the driver sets them, RAM column x and row y show at (x, y). The panel lights
only when it is on (0xAF) and the charge pump is enabled (0x8D 0x14); 0xA5 lights every
pixel, 0xA7 inverts, 0x81 sets the contrast.

Published: ``pixels`` (a tuple of 64 rows, top first; each row an int whose bit x is the
pixel at column x, 1 = lit), ``on`` and ``contrast``.
"""

from __future__ import annotations

from .common import CircuitPart, Option

WIDTH, HEIGHT, PAGES = 128, 64, 8
ARGUMENTS = {0x20: 1, 0x21: 2, 0x22: 2, 0x26: 6, 0x27: 6, 0x29: 5, 0x2A: 5, 0x81: 1, 0x8D: 1,
             0xA3: 2, 0xA8: 1, 0xAD: 1, 0xD3: 1, 0xD5: 1, 0xD6: 1, 0xD9: 1, 0xDA: 1, 0xDB: 1}
ADDRESSING = {0x20, 0x21, 0x22}
HORIZONTAL, VERTICAL, PAGE = 0, 1, 2


def moves_only(command: int) -> bool:
    """A command that only moves the write position: the picture stays as it is."""
    return command in ADDRESSING or command < 0x20 or 0xB0 <= command <= 0xB7


BIT_TABLES = [bytes(ord("1") if (b >> bit) & 1 else ord("0") for b in range(256))
              for bit in range(8)]


class Ssd1306(CircuitPart):
    """An I2cDevice: ``i2c_write`` takes the control/command/data stream."""

    type_name = "ssd1306"
    roles = ("scl", "sda")
    program_drives = frozenset(roles)
    settings = (Option("address", "int", 0x3C, 0x3C, 0x3D),)

    def __init__(self, part_id: str, pins: dict[str, int], options: dict[str, object]):
        super().__init__(part_id, pins, options)
        self.address = int(self.option("address"))  # type: ignore[call-overload]
        self.power_on()

    def power_on(self) -> None:
        """The chip's state after power-up (datasheet's reset values)."""
        self.ram = [bytearray(WIDTH) for _ in range(PAGES)]
        self.mode, self.col_window, self.page_window = PAGE, (0, 127), (0, 7)
        self.col, self.page = 0, 0
        self.on, self.pump, self.contrast = False, False, 0x7F
        self.inverted, self.all_on, self.seg_remap, self.com_reverse = False, False, False, False
        self.start_line, self.offset = 0, 0
        self._command: list[int] = []
        self._dirty = True

    # -- the bus ----------------------------------------------------------------------
    def i2c_write(self, data: bytes) -> None:
        index = 0
        while index < len(data):
            control = data[index]
            index += 1
            end = index + 1 if control & 0x80 else len(data)
            for byte in data[index:end]:
                if control & 0x40:
                    self._data(byte)
                else:
                    self._command_byte(byte)
            index = end
        if self._dirty:
            self._dirty = False
            self.publish("pixels", self.picture())
            self.publish_changed("on", self.on)
            self.publish_changed("contrast", self.contrast)

    def i2c_read(self, count: int) -> bytes:
        return bytes([0x00 if self.on else 0x40]) * max(0, count)  # status: bit 6 = off

    # -- commands ---------------------------------------------------------------------
    def _command_byte(self, byte: int) -> None:
        self._command.append(byte)
        if len(self._command) > ARGUMENTS.get(self._command[0], 0):
            command, self._command = self._command, []
            self._run(command[0], command[1:])
            if not moves_only(command[0]):
                self._dirty = True

    def _run(self, command: int, args: list[int]) -> None:
        if command == 0x20:
            if args[0] & 3 != 3:
                self.mode = args[0] & 3
        elif command == 0x21:
            self.col_window = (args[0] & 0x7F, args[1] & 0x7F)
            self.col = self.col_window[0]
        elif command == 0x22:
            self.page_window = (args[0] & 7, args[1] & 7)
            self.page = self.page_window[0]
        elif command < 0x10:
            self.col = (self.col & 0xF0) | command  # page addressing: low nibble
        elif command < 0x20:
            self.col = (self.col & 0x0F) | ((command & 0x0F) << 4)
        elif 0xB0 <= command <= 0xB7:
            self.page = command & 7
        elif 0x40 <= command <= 0x7F:
            self.start_line = command & 0x3F
        else:
            self._run_display(command, args)

    def _run_display(self, command: int, args: list[int]) -> None:
        if command == 0x81:
            self.contrast = args[0]
        elif command == 0x8D:
            self.pump = bool(args[0] & 0x04)
        elif command in (0xA0, 0xA1):
            self.seg_remap = command == 0xA1
        elif command in (0xA4, 0xA5):
            self.all_on = command == 0xA5
        elif command in (0xA6, 0xA7):
            self.inverted = command == 0xA7
        elif command in (0xAE, 0xAF):
            self.on = command == 0xAF
        elif command in (0xC0, 0xC8):
            self.com_reverse = command == 0xC8
        elif command == 0xD3:
            self.offset = args[0] & 0x3F
        # the rest (timing, multiplex, COM pins, scrolling, …) changes nothing seen here

    # -- display data -----------------------------------------------------------------
    def _data(self, byte: int) -> None:
        self.ram[self.page][self.col] = byte
        self._dirty = True
        first_col, last_col = self.col_window
        first_page, last_page = self.page_window
        if self.mode == PAGE:
            self.col = self.col + 1 if self.col < 127 else 0
        elif self.mode == HORIZONTAL:
            if self.col < last_col:
                self.col += 1
            else:
                self.col = first_col
                self.page = self.page + 1 if self.page < last_page else first_page
        elif self.page < last_page:
            self.page += 1
        else:
            self.page = first_page
            self.col = self.col + 1 if self.col < last_col else first_col

    # -- what the glass shows -----------------------------------------------------------
    def lit(self) -> bool:
        return self.on and self.pump

    def picture(self) -> tuple[int, ...]:
        """64 rows, top first; bit x of a row is the pixel at column x (1 = lit)."""
        if not self.lit():
            return (0,) * HEIGHT
        full = (1 << WIDTH) - 1
        rows = []
        for y in range(HEIGHT):
            line = y if self.com_reverse else HEIGHT - 1 - y
            ram_row = (line + self.start_line + self.offset) % HEIGHT
            text = bytes(self.ram[ram_row // 8]).translate(BIT_TABLES[ram_row % 8])
            if not self.seg_remap:
                text = text[::-1]
            row = int(text[::-1], 2)  # column 0 becomes bit 0
            if self.all_on:
                row = full
            rows.append(row ^ full if self.inverted else row)
        return tuple(rows)

    def pixel(self, x: int, y: int) -> int:
        return (self.picture()[y] >> x) & 1

    def reset(self) -> None:
        pass  # a board reset does not reset the display: it keeps its picture
