"""Drawing the window from the controller's state: boards, controls, console, captions.

Reads the controller and the board models; changes nothing. Sizes are in points at 100 %
and multiplied by the scale (``--scale``, 1 to 3); every click target is at least 44 points.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pygame

from ...accessibility.kana import to_kana
from ..boards import load
from .controller import Control, Controller
from .strings import label
from .theme import THEMES, Theme

BASE_SIZE = (1024, 720)
PANEL_WIDTH = 380
ROW = 48  # a row: a 44-point click target (WCAG 2.5.5) and a 4-point gap
CONSOLE_ROWS = 7
JAPANESE_FONTS = ("ipagothic", "ipapgothic", "notosanscjkjp", "notosansjp", "notosanscjk",
                  "yugothic", "meiryo", "hiraginosans", "hiraginokakugothicpro", "msgothic",
                  "takaopgothic", "vlgothic")


LATIN_FONTS = ("dejavusans", "liberationsans", "notosans", "arial", "helvetica")
MONO_FONTS = ("dejavusansmono", "liberationmono", "notosansmono", "consolas", "menlo",
              "couriernew")


class MixedFont:
    """A font for text in Japanese and English together: runs of ASCII in a Latin font
    (proportional for the UI, monospace for code and the console), the rest in the Japanese
    font. (IPA Gothic alone draws ``_`` as nothing and has only fixed-width Latin letters.)
    It answers ``render``, ``size`` and ``get_height`` as a pygame font does."""

    def __init__(self, japanese: pygame.font.Font, latin: pygame.font.Font | None):
        self.japanese, self.latin = japanese, latin

    def runs(self, text: str) -> list[tuple[pygame.font.Font, str]]:
        if self.latin is None:
            return [(self.japanese, text)]
        runs: list[tuple[pygame.font.Font, str]] = []
        for char in text:
            font = self.latin if char.isascii() else self.japanese
            if runs and runs[-1][0] is font:
                runs[-1] = (font, runs[-1][1] + char)
            else:
                runs.append((font, char))
        return runs

    def get_height(self) -> int:
        return max(self.japanese.get_height(), self.latin.get_height() if self.latin else 0)

    def size(self, text: str) -> tuple[int, int]:
        return sum(f.size(t)[0] for f, t in self.runs(text)), self.get_height()

    def render(self, text: str, antialias: bool, colour) -> pygame.Surface:  # type: ignore[no-untyped-def]
        images = [f.render(t, antialias, colour) for f, t in self.runs(text)]
        if len(images) == 1 and images[0].get_height() == self.get_height():
            return images[0]
        surface = pygame.Surface((sum(i.get_width() for i in images) or 1, self.get_height()),
                                 pygame.SRCALPHA)
        x = 0
        for image in images:
            surface.blit(image, (x, (self.get_height() - image.get_height()) // 2))
            x += image.get_width()
        return surface


def _latin(names: tuple[str, ...], size: int) -> pygame.font.Font | None:
    for name in names:
        path = pygame.font.match_font(name)
        if path:
            return pygame.font.Font(path, size)
    return None


def find_font() -> str | None:
    """A font with Japanese glyphs: Debian fonts-ipafont-gothic, else a system CJK font."""
    for name in JAPANESE_FONTS:
        path = pygame.font.match_font(name)
        if path:
            return path
    return None


@dataclass
class Hit:
    rect: pygame.Rect
    control: Control | None = None
    action: str | None = None
    board: int = 1


class Renderer:
    def __init__(self, scale: float = 1.0):
        pygame.font.init()
        self.scale = max(1.0, min(3.0, scale))
        path = find_font()
        self.font = MixedFont(pygame.font.Font(path, self.px(20)), _latin(LATIN_FONTS, self.px(19)))
        self.small = MixedFont(pygame.font.Font(path, self.px(17)),
                               _latin(LATIN_FONTS, self.px(16)))
        self.big = MixedFont(pygame.font.Font(path, self.px(24)), _latin(LATIN_FONTS, self.px(23)))
        # code and the console: monospace, as in a terminal
        self.mono = MixedFont(pygame.font.Font(path, self.px(17)), _latin(MONO_FONTS, self.px(15)))
        self.japanese = path is not None
        self.hits: list[Hit] = []
        self.frozen: dict[int, list[list[int]]] = {}  # boards shown steady (flash safety)
        self.bodies: dict[int, pygame.Rect] = {}  # where each board was drawn
        # what a board's drawing put where this frame: (board, "led" | "words", rectangle)
        self.placed: list[tuple[int, str, pygame.Rect]] = []
        self.panel_first = 0  # the first control the panel shows
        self._shown_focus = 0
        self.panel_area = pygame.Rect(0, 0, 0, 0)
        self.panel_visible = 1
        self.kana = False  # Japanese shown in kana (the controller's ``kana``)
        self.huge = MixedFont(pygame.font.Font(path, self.px(34)),
                              _latin(LATIN_FONTS, self.px(33)))

    def px(self, points: float) -> int:
        return max(1, round(points * self.scale))

    @property
    def size(self) -> tuple[int, int]:
        return self.px(BASE_SIZE[0]), self.px(BASE_SIZE[1])

    def draw(self, surface: pygame.Surface, ctl: Controller) -> None:
        theme = THEMES[ctl.theme]
        surface.fill(theme.background)
        self.hits = []
        self.placed = []
        self.kana = ctl.kana and ctl.lang == "ja"
        width, height = surface.get_size()
        panel_width = min(self.px(PANEL_WIDTH), int(width * 0.42))  # a small window: boards too
        console_height = min(self.console_height, int(height * 0.32))
        board_area = pygame.Rect(0, 0, width - panel_width, height - console_height)
        self.draw_boards(surface, ctl, theme, board_area)
        panel = pygame.Rect(board_area.right, 0, panel_width, board_area.height)
        self.draw_panel(surface, ctl, theme, panel)
        console = pygame.Rect(0, board_area.bottom, width, console_height)
        if ctl.show_log:
            self.draw_log(surface, ctl, theme, console)
        elif ctl.show_captions:
            self.draw_caption_log(surface, ctl, theme, console)
        else:
            self.draw_console(surface, ctl, theme, console)
        if ctl.magnify:
            self.draw_magnifier(surface, ctl, theme, board_area)
        if ctl.big_captions and ctl.captions:
            self.draw_caption_bar(surface, ctl, theme, board_area)

    @property
    def console_height(self) -> int:
        return self.px(ROW // 2 * (CONSOLE_ROWS + 2))

    # -- text ----------------------------------------------------------------------------------
    def text(self, surface: pygame.Surface, text: str, pos: tuple[int, int], colour,
             font: MixedFont | None = None, width: int | None = None) -> int:
        """Draw text (cut to ``width``); returns its height."""
        font = font or self.font
        if self.kana:
            text = to_kana(text)
        image = font.render(text, True, colour)
        area = None if width is None else pygame.Rect(0, 0, width, image.get_height())
        surface.blit(image, pos, area)
        return image.get_height()

    # -- boards ------------------------------------------------------------------------------
    def draw_boards(self, surface: pygame.Surface, ctl: Controller, theme: Theme,
                    area: pygame.Rect) -> None:
        boards = ctl.boards
        if not boards:
            return
        columns = math.ceil(math.sqrt(len(boards)))
        rows = math.ceil(len(boards) / columns)
        cell_w, cell_h = area.width // columns, area.height // rows
        for index, board in enumerate(boards):
            cell = pygame.Rect(area.x + (index % columns) * cell_w,
                               area.y + (index // columns) * cell_h, cell_w, cell_h)
            self.draw_board(surface, ctl, theme, board, cell.inflate(-self.px(16), -self.px(16)))

    def draw_board(self, surface, ctl: Controller, theme: Theme, board, cell: pygame.Rect) -> None:
        model = board.model
        title = label("board", ctl.lang, n=board.number, name=model.spec.family_name(ctl.lang))
        state = {"error": label("error", ctl.lang), "ended": label("ended", ctl.lang)}.get(
            board.end_kind or "", "")
        self.text(surface, f"{title}  {state}", cell.topleft,
                  theme.error_text if board.end_kind == "error" else theme.text, self.small)
        area = pygame.Rect(cell.x, cell.y + self.px(24), cell.width, cell.height - self.px(24))
        drawing = load(model.spec.drawing) if model.spec.drawing is not None else None
        if drawing is not None:  # it draws the board in the area, and says where its body is
            self.bodies[board.number] = drawing(self).draw(  # type: ignore[operator]
                surface, ctl, theme, board, area)

    # -- controls -------------------------------------------------------------------------------
    def draw_panel(self, surface, ctl: Controller, theme: Theme, area: pygame.Rect) -> None:
        pygame.draw.rect(surface, theme.panel, area)
        pygame.draw.line(surface, theme.outline, area.topleft, area.bottomleft, 2)
        status = [f"× {ctl.speed:g}"]
        if ctl.sim is not None:  # the board's clock: virtual time since the run began
            status.append(f"{ctl.sim.now_ms / 1000:.1f} s")
        if ctl.boards and any(b.running for b in ctl.boards):
            status.append(label("running", ctl.lang))
        if ctl.paused:
            status.append(label("paused", ctl.lang))
        if ctl.muted:
            status.append(label("muted", ctl.lang))
        if ctl.scanner is not None:
            status.append(ctl.scanner.status())
        self.text(surface, "  ".join(status), (area.x + self.px(12), area.y + self.px(8)),
                  theme.text, self.big, area.width - self.px(24))
        row_h = self.px(ROW)
        top = area.y + self.px(44)
        visible = max(1, (area.bottom - top) // row_h)
        first = self.panel_rows(ctl, visible)
        bar = self.px(10) if len(ctl.controls) > visible else 0
        offered = ctl.scanner.highlighted() if ctl.scanner is not None else ()
        for index in range(first, min(len(ctl.controls), first + visible)):
            rect = pygame.Rect(area.x + self.px(8), top + (index - first) * row_h,
                               area.width - self.px(16) - bar, row_h - self.px(4))
            self.draw_control(surface, ctl, theme, ctl.controls[index], rect,
                              index == ctl.focus or index in offered)
        if len(offered) > 1:  # a scanned group: one frame around all of it, seen at once
            rows = [i - first for i in offered if first <= i < first + visible]
            if rows:
                frame = pygame.Rect(area.x + self.px(3), top + min(rows) * row_h - self.px(3),
                                    area.width - self.px(6) - bar,
                                    (max(rows) - min(rows) + 1) * row_h + self.px(2))
                pygame.draw.rect(surface, theme.focus, frame, self.px(3),
                                 border_radius=self.px(8))
        if bar:  # where the list is: a scroll bar (the mouse wheel scrolls it)
            track = pygame.Rect(area.right - self.px(12), top, self.px(8), visible * row_h)
            pygame.draw.rect(surface, theme.control, track, border_radius=self.px(4))
            share = visible / len(ctl.controls)
            thumb = pygame.Rect(track.x, track.y + int(track.height * first / len(ctl.controls)),
                                track.width, max(self.px(16), int(track.height * share)))
            pygame.draw.rect(surface, theme.outline, thumb, border_radius=self.px(4))
        self.panel_area = pygame.Rect(area.x, top, area.width, visible * row_h)
        self.panel_visible = visible

    def panel_rows(self, ctl: Controller, visible: int) -> int:
        """The first control shown: it stays where the person left it (a click or the wheel
        never moves the list under the pointer); keys that move the focus out of sight
        bring it back into view."""
        first = self.panel_first
        if ctl.focus != self._shown_focus:
            self._shown_focus = ctl.focus
            if ctl.focus < first:
                first = ctl.focus
            elif ctl.focus >= first + visible:
                first = ctl.focus - visible + 1
        self.panel_first = max(0, min(first, len(ctl.controls) - visible))
        return self.panel_first

    def scroll_panel(self, rows: int) -> None:
        """The mouse wheel: the list moves, the focus stays."""
        self.panel_first = max(0, self.panel_first + rows)

    def draw_control(self, surface, ctl: Controller, theme: Theme, control: Control,
                     rect: pygame.Rect, focused: bool) -> None:
        pygame.draw.rect(surface, theme.control, rect, border_radius=self.px(6))
        pygame.draw.rect(surface, theme.focus if focused else theme.outline, rect,
                         width=self.px(4) if focused else 1, border_radius=self.px(6))
        per_board = control.kind != "action" or control.id == "export_log"
        prefix = f"[{control.board}] " if len(ctl.boards) > 1 and per_board else ""
        text = prefix + control.label(ctl.lang)
        value = self.control_value(ctl, control)
        self.text(surface, text, (rect.x + self.px(10), rect.y + self.px(9)), theme.control_text,
                  width=rect.width - (self.px(110) if value else self.px(20)))
        if value:
            image = self.font.render(value, True, theme.control_text)
            surface.blit(image, image.get_rect(midright=(rect.right - self.px(10), rect.centery)))
        self.hits.append(Hit(rect, control=control, board=control.board))

    def control_value(self, ctl: Controller, control: Control) -> str:
        if control.kind == "slider" and ctl.boards:
            return f"◀ {ctl.sensor_value(control):g} ▶"
        if control.kind == "choice":
            return f"◀ {control.value or control.choices[0]} ▶"
        if control.id == "speed":
            return f"× {ctl.speed:g}"
        if control.kind == "text":
            return f"{ctl.typed[-14:]}|" if control is ctl.focused() else ""
        return ""

    # -- console and captions -------------------------------------------------------------------
    def draw_console(self, surface, ctl: Controller, theme: Theme, area: pygame.Rect) -> None:
        pygame.draw.rect(surface, theme.panel, area)
        pygame.draw.line(surface, theme.outline, area.topleft, area.topright, 2)
        line_h = self.px(ROW // 2)
        caption = " · ".join(ctl.captions[-2:])
        self.text(surface, f"♪ {caption}" if caption else label("console", ctl.lang),
                  (area.x + self.px(8), area.y + self.px(4)), theme.muted_text, self.small)
        y = area.y + line_h + self.px(4)
        many = len(ctl.boards) > 1
        width = area.width - self.px(16)
        rows: list[tuple[str, tuple[int, int, int], MixedFont]] = []
        for line in ctl.console[-CONSOLE_ROWS:]:
            colour = theme.error_text if line.kind == "help" or line.text.startswith(
                ("Traceback", "  File")) else theme.text
            prefix = f"[{line.board}] " if many and line.board else ""
            text = prefix + line.text
            font = self.mono if line.kind == "output" else self.small
            pieces = [text] if line.kind == "output" else wrap(text, self.small, width)
            rows += [(piece, colour, font) for piece in pieces]
        for text, colour, font in rows[-CONSOLE_ROWS:]:  # explanations wrap; the newest stay seen
            self.text(surface, text, (area.x + self.px(8), y), colour, font, width)
            y += line_h

    def draw_caption_log(self, surface, ctl: Controller, theme: Theme,
                         area: pygame.Rect) -> None:
        """Every caption so far (the newest at the bottom), with the board's time."""
        pygame.draw.rect(surface, theme.panel, area)
        pygame.draw.line(surface, theme.outline, area.topleft, area.topright, 2)
        x, width, line_h = area.x + self.px(8), area.width - self.px(16), self.px(ROW // 2)
        self.text(surface, label("show_captions", ctl.lang), (x, area.y + self.px(4)),
                  theme.muted_text, self.small)
        many = len(ctl.boards) > 1
        lines = [f"{c.seconds:6.1f} s  " + (f"[{c.board}] " if many and c.board else "") + c.text
                 for c in ctl.caption_log[-CONSOLE_ROWS:]]
        rows = [piece for line in lines for piece in wrap(line, self.small, width)]
        if not rows:
            rows = wrap(label("captions_empty", ctl.lang), self.small, width)
        for index, text in enumerate(rows[-CONSOLE_ROWS:]):
            self.text(surface, text, (x, area.y + line_h * (index + 1) + self.px(4)), theme.text,
                      self.small, width)

    def draw_caption_bar(self, surface, ctl: Controller, theme: Theme,
                         area: pygame.Rect) -> None:
        """The newest caption in large print across the bottom of the boards (two lines at
        most, the end kept: a long melody shows its last notes)."""
        width = area.width - self.px(24)
        lines = wrap(to_kana(ctl.captions[-1]) if self.kana else ctl.captions[-1], self.huge,
                     width)[-2:]
        line_h = self.huge.get_height()
        bar = pygame.Rect(area.x, area.bottom - line_h * len(lines) - self.px(16), area.width,
                          line_h * len(lines) + self.px(16))
        pygame.draw.rect(surface, theme.panel, bar)
        pygame.draw.line(surface, theme.focus, bar.topleft, bar.topright, self.px(3))
        for index, text in enumerate(lines):
            self.text(surface, text, (bar.x + self.px(12), bar.y + self.px(8) + index * line_h),
                      theme.text, self.huge, width)

    def draw_magnifier(self, surface, ctl: Controller, theme: Theme, area: pygame.Rect) -> None:
        """The focused board's LEDs as large squares over the boards, on the board's colour:
        a lit LED in its brightness, an unlit one dark with an outline (3:1 against the board,
        as on the board's own drawing)."""
        if not ctl.boards:
            return
        board = ctl.boards[(ctl.focused().board if ctl.controls else 1) - 1]
        pygame.draw.rect(surface, theme.board, area)
        title = f"{label('magnify', ctl.lang)}: " + label(
            "board", ctl.lang, n=board.number, name=board.model.spec.family_name(ctl.lang))
        self.text(surface, title, (area.x + self.px(12), area.y + self.px(8)),
                  (255, 255, 255), self.big, area.width - self.px(24))
        rows = magnified_rows(board)
        if not rows:
            return
        top = area.y + self.px(48)
        cell = min((area.width - self.px(24)) // len(rows[0]),
                   (area.bottom - top - self.px(12)) // len(rows))
        left = area.centerx - cell * len(rows[0]) // 2
        for r, row in enumerate(rows):
            for c, level in enumerate(row):
                square = pygame.Rect(left + c * cell, top + r * cell, cell, cell).inflate(
                    -max(2, cell // 8), -max(2, cell // 8))
                pygame.draw.rect(surface, theme.led(level), square, border_radius=cell // 8)
                if not level:
                    pygame.draw.rect(surface, theme.outline, square, max(1, cell // 24),
                                     border_radius=cell // 8)

    def draw_log(self, surface, ctl: Controller, theme: Theme, area: pygame.Rect) -> None:
        """The first board's data log: the last rows as a table, the numbers as a line plot."""
        pygame.draw.rect(surface, theme.panel, area)
        pygame.draw.line(surface, theme.outline, area.topleft, area.topright, 2)
        log = getattr(ctl.boards[0].model, "datalog", None) if ctl.boards else None
        rows = log.rows() if log is not None else []
        if log is None or not log.headings:
            self.text(surface, label("log_empty", ctl.lang),
                      (area.x + self.px(8), area.y + self.px(8)), theme.text, self.small)
            return
        table = pygame.Rect(area.x, area.y, area.width // 2, area.height)
        line_h = self.px(ROW // 2)
        column_w = max(self.px(60), (table.width - self.px(16)) // len(log.headings))
        for r, row in enumerate([log.headings, *rows[-(CONSOLE_ROWS):]]):
            for c, cell in enumerate(row):
                self.text(surface, str(cell), (table.x + self.px(8) + c * column_w,
                                               table.y + self.px(4) + r * line_h),
                          theme.text, self.small, column_w - self.px(4))
        self.draw_plot(surface, theme, log.headings, rows,
                       pygame.Rect(table.right, area.y, area.width - table.width, area.height))

    def draw_plot(self, surface, theme: Theme, headings, rows, area: pygame.Rect) -> None:
        """A line for each column of numbers; lines differ by dash as well as by label."""
        plot = area.inflate(-self.px(24), -self.px(24))
        pygame.draw.rect(surface, theme.outline, plot, 1)
        columns = [[_number(row[c]) for row in rows] for c in range(len(headings))]
        series = [(h, col) for h, col in zip(headings, columns)
                  if not h.startswith("Time") and any(v is not None for v in col)]
        values = [v for _, col in series for v in col if v is not None]
        if not values or len(rows) < 2:
            return
        low, high = min(values), max(values)
        span = (high - low) or 1
        for index, (heading, col) in enumerate(series):
            points = [(plot.x + i * plot.width / (len(col) - 1),
                       plot.bottom - (v - low) / span * plot.height)
                      for i, v in enumerate(col) if v is not None]
            step = index + 1  # every other segment for the second line, and so on
            for k in range(0, len(points) - 1, step):
                pygame.draw.line(surface, theme.text, points[k], points[k + 1], self.px(2))
            self.text(surface, heading, (int(points[-1][0]) - self.px(60), int(points[-1][1])),
                      theme.text, self.small)

    def hit(self, pos: tuple[int, int]) -> Hit | None:
        for hit in reversed(self.hits):
            if hit.rect.collidepoint(pos):
                return hit
        return None


def magnified_rows(board) -> list[list[int]]:  # type: ignore[no-untyped-def]
    """The board's LED matrix as rows of brightness 0-9 (none for a board without one)."""
    try:
        return [[int(v) for v in row] for row in board.display_rows()]
    except (AttributeError, TypeError, ValueError):
        return []


def wrap(text: str, font: MixedFont, width: int) -> list[str]:
    """Lines no wider than ``width``: broken at spaces, or anywhere in Japanese text."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for piece in _pieces(paragraph):
            if line and font.size(line + piece)[0] > width:
                lines.append(line.rstrip())
                line = piece.lstrip()
            else:
                line += piece
        lines.append(line.rstrip())
    return lines


def _pieces(text: str) -> list[str]:
    """Words with the space before them; each character outside ASCII on its own."""
    pieces: list[str] = []
    for char in text:
        joins = pieces and char.isascii() and not char.isspace() and pieces[-1][-1].isascii()
        if joins:
            pieces[-1] += char
        else:
            pieces.append(char)
    return pieces


def _number(text: str) -> float | None:
    try:
        return float(text)
    except (TypeError, ValueError):
        return None
