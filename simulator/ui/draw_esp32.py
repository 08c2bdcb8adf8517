"""How the window draws an ESP32 board and the parts of its circuit on a breadboard.

The board: its PCB with the module, the pin headers labelled by GPIO number, and its buttons
(BOOT, or the ATOM's screen button), which a click holds as a finger would. A pin the program
drives high shows lit beside its label.

The parts: one card each, with its id and type, drawn from what the part last published on
the board's bus (``<id>.<name>`` events, kept by the controller in ``part_values``), never from
the part's insides: a lit LED in its colour, NeoPixels in theirs, the OLED's pixels, a servo
arm at its angle, a buzzer's note, on/off for relays and fans, and the readings of sensors.
"""

from __future__ import annotations

import math

import pygame

from .controller import Controller
from .render import Hit
from .theme import Theme

LED_COLOURS = {"red": (255, 40, 40), "green": (40, 220, 60), "blue": (60, 110, 255),
               "yellow": (255, 220, 0), "white": (255, 255, 255), "orange": (255, 140, 0)}
PCB = (24, 36, 60)
MODULE = (190, 194, 200)
CARD_W, CARD_H = 150, 120


class Esp32Drawing:
    def __init__(self, renderer) -> None:
        self.r = renderer

    def draw(self, surface, ctl: Controller, theme: Theme, board,
             body: pygame.Rect) -> pygame.Rect:
        """The board at the left of ``body``, its parts on the right; returns the board."""
        model = board.model
        width = min(int(body.width * 0.36), int(body.height * 0.55))
        pcb = pygame.Rect(body.x, body.y, width, body.height)
        self.draw_pcb(surface, theme, board, pcb)
        area = pygame.Rect(pcb.right + self.r.px(12), body.y,
                           body.right - pcb.right - self.r.px(12), body.height)
        values = ctl.part_values.get(board.number, {})
        self.draw_parts(surface, theme, model, values, area)
        return pcb

    # -- the board ---------------------------------------------------------------------
    def draw_pcb(self, surface, theme: Theme, board, pcb: pygame.Rect) -> None:
        model = board.model
        px = self.r.px
        colour = PCB if theme.name == "default" else theme.board  # high contrast: black
        pygame.draw.rect(surface, colour, pcb, border_radius=px(8))
        pygame.draw.rect(surface, theme.outline, pcb, width=max(2, px(2)), border_radius=px(8))
        module = pygame.Rect(0, 0, int(pcb.width * 0.6), int(pcb.height * 0.24))
        module.midtop = (pcb.centerx, pcb.y + px(8))
        pygame.draw.rect(surface, MODULE, module, border_radius=px(3))
        self.r.text(surface, model.spec.chip, (module.x + px(6), module.y + px(6)), (30, 30, 30),
                    self.r.small, module.width - px(8))
        pins = [p for p in model.spec.pins]
        half = math.ceil(len(pins) / 2)
        top = module.bottom + px(8)
        step = max(1, (pcb.bottom - px(56) - top) // max(1, half))
        for index, pin in enumerate(pins):
            column, row = divmod(index, half)
            y = top + row * step
            x = pcb.x + px(6) if column == 0 else pcb.right - px(6)
            self.draw_pin(surface, model, pin.number, (x, y), column == 0, step)
        self.draw_buttons(surface, theme, board, pcb)

    def draw_pin(self, surface, model, number: int, at: tuple[int, int], left: bool,
                 step: int) -> None:
        px = self.r.px
        size = max(3, min(px(8), step // 2))
        hole = pygame.Rect(0, 0, size, size)
        hole.center = at
        kind, value = model.gpio.output(number)
        lit = (kind == "level" and value) or kind in ("pwm", "dac") and value > 0
        pygame.draw.rect(surface, (255, 200, 40) if lit else (200, 170, 60), hole)
        label = str(number)
        image = self.r.small.render(label, True, (235, 235, 235))
        if step < image.get_height():  # too small to label every pin: every other one
            if number % 2:
                return
        rect = image.get_rect(midleft=(hole.right + px(3), at[1])) if left else \
            image.get_rect(midright=(hole.left - px(3), at[1]))
        surface.blit(image, rect)

    def draw_buttons(self, surface, theme: Theme, board, pcb: pygame.Rect) -> None:
        model = board.model
        px = self.r.px
        x = pcb.x + px(10)
        for button in model.spec.buttons:
            down = model.pressed.get(button.name, False)
            rect = pygame.Rect(x, pcb.bottom - px(48), px(44), px(40))
            pygame.draw.rect(surface, (60, 60, 60) if not down else (20, 20, 20), rect,
                             border_radius=px(4))
            pygame.draw.rect(surface, theme.outline, rect, width=1, border_radius=px(4))
            image = self.r.small.render(button.name, True, (240, 240, 240))
            rect.width = max(rect.width, image.get_width() + px(12))
            pygame.draw.rect(surface, (60, 60, 60) if not down else (20, 20, 20), rect,
                             border_radius=px(4))
            pygame.draw.rect(surface, theme.outline, rect, width=1, border_radius=px(4))
            surface.blit(image, image.get_rect(center=rect.center))
            self.r.hits.append(Hit(rect, action=f"button_{button.name.lower()}",
                                   board=board.number))
            x = rect.right + px(8)

    # -- the parts ---------------------------------------------------------------------
    def draw_parts(self, surface, theme: Theme, model, values: dict[str, object],
                   area: pygame.Rect) -> None:
        parts = list(getattr(model, "circuit", []))
        if not parts:
            return
        gap = self.r.px(8)
        columns, width, height = self.card_grid(len(parts), area, gap)
        for index, part in enumerate(parts):
            row, column = divmod(index, columns)
            card = pygame.Rect(area.x + column * (width + gap), area.y + row * (height + gap),
                               width, height)
            if card.bottom > area.bottom:
                self.r.text(surface, f"+{len(parts) - index}", card.topleft, theme.text,
                            self.r.small)
                return
            mine = {k.partition(".")[2]: v for k, v in values.items()
                    if k.partition(".")[0] == part.id}
            self.draw_card(surface, theme, part, mine, card)

    def card_grid(self, count: int, area: pygame.Rect, gap: int) -> tuple[int, int, int]:
        """Columns, card width and height: every card fits if it can (cards shrink to 70 %)."""
        best = (1, self.r.px(CARD_W), self.r.px(CARD_H))
        best_scale = 0.0
        for columns in range(1, count + 1):
            rows = math.ceil(count / columns)
            scale = min((area.width + gap) / columns / self.r.px(CARD_W + 8),
                        (area.height + gap) / rows / self.r.px(CARD_H + 8), 1.0)
            if scale > best_scale + 1e-9:
                best_scale = scale
                best = (columns, int(self.r.px(CARD_W) * max(scale, 0.7)),
                        int(self.r.px(CARD_H) * max(scale, 0.7)))
        return best

    def draw_card(self, surface, theme: Theme, part, values: dict[str, object],
                  card: pygame.Rect) -> None:
        px = self.r.px
        pygame.draw.rect(surface, theme.control, card, border_radius=px(6))
        pygame.draw.rect(surface, theme.outline, card, width=1, border_radius=px(6))
        self.r.text(surface, f"{part.id} · {part.type_name}", (card.x + px(6), card.y + px(4)),
                    theme.control_text, self.r.small, card.width - px(12))
        inner = pygame.Rect(card.x + px(6), card.y + px(28), card.width - px(12),
                            card.height - px(34))
        picture = self.picture(surface, theme, part, values, inner)
        shown = {k: v for k, v in values.items() if k not in picture}
        y = inner.y if not picture else inner.bottom - px(18) * len(shown)
        for key, value in list(shown.items())[:3]:
            self.r.text(surface, f"{_key(key)}: {_short(value)}", (inner.x, y),
                        theme.control_text, self.r.small, inner.width)
            y += px(18)

    def picture(self, surface, theme: Theme, part, values: dict[str, object],
                box: pygame.Rect) -> set[str]:
        """Draw what the part shows; the names of the values drawn (not said as text)."""
        if "brightness" in values:
            self.draw_light(surface, theme, part, values["brightness"], box)
            return {"brightness"}
        if "angle" in values:
            self.draw_arm(surface, theme, float(values["angle"]), box)  # type: ignore[arg-type]
            return {"angle"}
        pixels = values.get("pixels")
        if isinstance(pixels, (list, tuple)) and pixels and isinstance(pixels[0], tuple):
            self.draw_pixels(surface, theme, part, pixels, box)
            return {"pixels"}
        if isinstance(pixels, (list, tuple)) and pixels and isinstance(pixels[0], int):
            self.draw_screen(surface, pixels, box)
            return {"pixels", "contrast"}
        return set()

    def draw_light(self, surface, theme: Theme, part, value: object, box: pygame.Rect) -> None:
        if isinstance(value, (tuple, list)):
            colour = tuple(int(255 * max(0.0, min(1.0, float(c)))) for c in value)
            share = 1.0
        else:
            colour = LED_COLOURS.get(str(part.options.get("color", "red")), (255, 40, 40))
            share = max(0.0, min(1.0, float(value)))  # type: ignore[arg-type]
        off = (60, 60, 60)
        shown = tuple(round(o + (c - o) * share) for o, c in zip(off, colour))
        radius = min(box.height // 3, box.width // 4)
        centre = (box.centerx, box.y + radius + self.r.px(2))
        if share > 0.05:
            pygame.draw.circle(surface, shown, centre, int(radius * 1.35), 0)
        pygame.draw.circle(surface, shown, centre, radius)
        pygame.draw.circle(surface, theme.outline, centre, radius, max(1, self.r.px(2)))

    def draw_arm(self, surface, theme: Theme, angle: float, box: pygame.Rect) -> None:
        px = self.r.px
        hub = (box.centerx, box.y + box.height // 2)
        length = min(box.width // 2, box.height // 2) - px(4)
        rad = math.radians(180 - angle)
        end = (hub[0] + length * math.cos(rad), hub[1] - length * math.sin(rad))
        pygame.draw.line(surface, theme.outline, hub, end, max(3, px(6)))
        pygame.draw.circle(surface, theme.outline, hub, px(6))
        self.r.text(surface, f"{angle:g}°", (box.x, box.y), theme.control_text, self.r.small)

    def draw_pixels(self, surface, theme: Theme, part, pixels, box: pygame.Rect) -> None:
        """NeoPixels as the part is laid out: a strip in a row, a ring in a circle, a matrix
        in rows of ``columns`` (serpentine rows the way they run)."""
        layout = part.options.get("layout", "strip")
        grid = part.grid() if hasattr(part, "grid") else [list(pixels)]
        if layout == "ring":
            self.draw_ring(surface, theme, pixels, box)
            return
        rows, columns = len(grid), max(len(row) for row in grid)
        size = max(2, min(box.width // max(1, columns), (box.height - self.r.px(20)) // rows))
        for y, row in enumerate(grid):
            for x, colour in enumerate(map(_seen, row)):
                centre = (box.x + x * size + size // 2, box.y + y * size + size // 2)
                pygame.draw.circle(surface, colour, centre, max(1, size // 2 - 1))
                pygame.draw.circle(surface, theme.outline, centre, max(1, size // 2 - 1), 1)

    def draw_ring(self, surface, theme: Theme, pixels, box: pygame.Rect) -> None:
        radius = min(box.width, box.height) // 2 - self.r.px(8)
        centre = (box.centerx, box.y + radius + self.r.px(6))
        dot = max(2, int(math.pi * radius / max(1, len(pixels))) - 1)
        for index, colour in enumerate(map(_seen, pixels)):
            angle = 2 * math.pi * index / len(pixels) - math.pi / 2
            at = (centre[0] + radius * math.cos(angle), centre[1] + radius * math.sin(angle))
            pygame.draw.circle(surface, colour, at, dot)
            pygame.draw.circle(surface, theme.outline, at, dot, 1)

    def draw_screen(self, surface, rows, box: pygame.Rect, width: int = 128) -> None:
        """A monochrome screen: one int per row, bit x lit at column x (SSD1306)."""
        height = len(rows)
        image = pygame.Surface((width, height))
        image.fill((0, 0, 0))
        for y, row in enumerate(rows):
            x = 0
            while row:
                if row & 1:
                    image.set_at((x, y), (120, 200, 255))
                row >>= 1
                x += 1
        scale = min(box.width / width, box.height / height)
        shown = pygame.transform.scale(image, (int(width * scale), int(height * scale)))
        surface.blit(shown, shown.get_rect(midtop=(box.centerx, box.y)))


def _seen(colour: tuple[int, int, int]) -> tuple[int, int, int]:
    """A NeoPixel's colour as the eye sees it: a dim LED (40 of 255) is still plainly lit."""
    return tuple(round(255 * (c / 255) ** 0.5) for c in colour)  # type: ignore[return-value]


def _key(name: str) -> str:
    """A reading's name, short enough for a card (``accelerometer_x`` as ``acc x``)."""
    for long, short in (("accelerometer_", "acc "), ("temperature", "temp"), ("humidity", "hum")):
        name = name.replace(long, short)
    return name.replace("_", " ")


def _short(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, bool):
        return "on" if value else "off"
    text = str(value)
    return text if len(text) <= 18 else text[:17] + "…"
