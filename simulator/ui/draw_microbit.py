"""How the window draws a micro:bit V2: its LEDs, buttons A and B, the logo and pins 0-2,
the microphone and speaker lights, NeoPixels on its pins and what its pins output. Named by
the micro:bit's board specification (``drawing``); the renderer gives it the board's body to
draw in."""

from __future__ import annotations

import pygame

from ...accessibility.describe import pin_words
from ..model.pins import PinChanged
from .controller import Controller
from .render import ROW, Hit
from .strings import label
from .theme import Theme

GOLD = (212, 175, 55)


class MicrobitDrawing:
    def __init__(self, renderer) -> None:
        self.r = renderer

    def draw(self, surface, ctl: Controller, theme: Theme, board,
             area: pygame.Rect) -> pygame.Rect:
        """The board in ``area`` (below its title); returns its body's rectangle."""
        model = board.model
        size = min(area.width, area.height - self.r.px(36))
        body = pygame.Rect(0, 0, size, int(size * 0.8))
        body.midtop = (area.centerx, area.y)
        pygame.draw.rect(surface, theme.board, body, border_radius=self.r.px(14))
        pygame.draw.rect(surface, theme.outline, body, width=max(2, self.r.px(2)),
                         border_radius=self.r.px(14))
        self.draw_edge(surface, theme, body)
        self.draw_leds(surface, ctl, theme, board, body)
        self.draw_inputs(surface, theme, board, body)
        self.draw_indicators(surface, ctl, theme, model, body)
        strip = pygame.Rect(body.x, body.bottom + self.r.px(6), body.width, self.r.px(18))
        x = self.draw_neopixels(surface, theme, model, strip)
        self.draw_pin_outputs(surface, ctl, theme, model,
                              pygame.Rect(x, strip.y, strip.right - x, strip.height))
        return body

    def draw_edge(self, surface, theme: Theme, body: pygame.Rect) -> None:
        """The gold edge connector along the bottom: the big rings 0, 1, 2, 3V and GND (the
        touch spots of pins 0-2 sit on their rings), and the small strips between them."""
        edge = pygame.Rect(body.x + self.r.px(6), body.bottom - body.height * 0.15,
                           body.width - self.r.px(12), body.height * 0.13)
        gold = GOLD if theme.name == "default" else theme.outline
        for i in range(int(edge.width // self.r.px(5))):  # the thin strips
            x = edge.x + i * self.r.px(5)
            pygame.draw.line(surface, gold, (x, edge.bottom - edge.height * 0.35),
                             (x, edge.bottom - 1), 1)
        labels = (("0", 0.2), ("1", 0.5), ("2", 0.8), ("3V", 0.63), ("GND", 0.93))
        for text, share in labels:
            if text in ("3V", "GND"):  # the power rings, between and after the pins' ones
                image = self.r.small.render(text, True, theme.board)
                ring = pygame.Rect(0, 0, max(edge.height * 0.9, image.get_width() + self.r.px(6)),
                                   edge.height * 0.8)
                ring.center = (int(body.x + body.width * share), int(edge.centery))
                ring.right = min(ring.right, edge.right)  # the words stay on the board
                pygame.draw.rect(surface, gold, ring, border_radius=self.r.px(4))
                surface.blit(image, image.get_rect(center=ring.center))

    def draw_leds(self, surface, ctl: Controller, theme: Theme, board, body: pygame.Rect) -> None:
        model = board.model
        flashing = not ctl.allow_flashing and ctl.sim is not None and ctl.flash.flashing(
            board.number, ctl.sim.now_ms, ctl.speed)
        pixels = model.display.pixels
        if not flashing:
            self.r.frozen.pop(board.number, None)
        else:  # steady: the picture from when the fast blinking began, and a notice
            pixels = self.r.frozen.setdefault(board.number, [list(row) for row in pixels])
            self.r.text(surface, label("flash_notice", ctl.lang),
                      (body.x, body.bottom + self.r.px(26)), theme.text, self.r.small, body.width)
        pitch = body.height * 0.62 / 5
        left = body.centerx - pitch * 2.5
        top = body.y + body.height * 0.16
        for y, row in enumerate(pixels):
            for x, value in enumerate(row):
                level = value if model.display.is_on else 0
                rect = pygame.Rect(0, 0, pitch * 0.42, pitch * 0.62)
                rect.center = (int(left + pitch * (x + 0.5)), int(top + pitch * (y + 0.5)))
                if level > 0 and theme.name == "default":  # a lit LED glows around itself
                    self.glow(surface, theme.led(level), rect.center, int(pitch * 0.42), level)
                pygame.draw.rect(surface, theme.led(level), rect, border_radius=self.r.px(2))
                pygame.draw.rect(surface, theme.outline, rect, width=1, border_radius=self.r.px(2))
                halo = rect.inflate(int(pitch * 0.42), int(pitch * 0.22))  # with its glow
                self.r.placed.append((model.number, "led", halo))

    def glow(self, surface, colour, centre: tuple[int, int], radius: int, level: int) -> None:
        halo = pygame.Surface((radius * 2, radius * 2), pygame.SRCALPHA)
        pygame.draw.circle(halo, (*colour, 7 * level), (radius, radius), radius)
        surface.blit(halo, (centre[0] - radius, centre[1] - radius))

    def draw_inputs(self, surface, theme: Theme, board, body: pygame.Rect) -> None:
        """Buttons A and B, the logo and pins 0-2: pressed ones are filled (not colour alone)."""
        model = board.model
        radius = max(self.r.px(ROW // 2), body.height // 10)
        side = body.width * 0.11
        spots = {
            "button_a": ((body.x + side, body.centery), model.buttons["A"].pressed, "A"),
            "button_b": ((body.right - side, body.centery), model.buttons["B"].pressed, "B"),
            "touch_logo": ((body.centerx, body.y + body.height * 0.08), model.touched["logo"],
                           "L"),
        }
        for n in range(3):
            x = body.x + body.width * (0.2 + 0.3 * n)
            spots[f"touch_pin{n}"] = ((x, body.bottom - body.height * 0.07),
                                      model.touched[f"pin{n}"], str(n))
        for action, (centre, down, mark) in spots.items():
            centre = (int(centre[0]), int(centre[1]))
            size = radius if action.startswith("button") else int(radius * 0.7)
            ring = GOLD if action.startswith("touch_pin") and theme.name == "default" \
                else theme.outline  # the pins are the edge connector's gold rings
            if action.startswith("touch_pin"):  # the ring's hole shows the board through it
                pygame.draw.circle(surface, theme.board, centre, size)
            pygame.draw.circle(surface, ring, centre, size, 0 if down else max(2, self.r.px(3)))
            colour = theme.board if down else ring
            image = self.r.small.render(mark, True, colour)
            surface.blit(image, image.get_rect(center=centre))
            box = pygame.Rect(centre[0] - size, centre[1] - size, 2 * size, 2 * size)
            self.r.hits.append(Hit(box, action=action, board=board.number))

    def draw_indicators(self, surface, ctl: Controller, theme: Theme, model,
                        body: pygame.Rect) -> None:
        """The microphone LED (lit while the program listens) and the speaker, with words."""
        audio = model.audio
        sounding = audio.is_playing() or not audio.music.idle
        y = body.y + self.r.px(19)  # in the top corners, beside the logo: clear of the LEDs
        logo = max(self.r.px(ROW // 2), body.height // 10) * 0.7 + self.r.px(8)
        marks = ((label("mic", ctl.lang), model.motion.microphone_on, body.right, 1),
                 (label("speaker", ctl.lang), sounding and audio.speaker_on, body.x, -1))
        for text, on, corner, inward in marks:
            dot = (int(corner - inward * self.r.px(20)), y)
            pygame.draw.circle(surface, theme.led(9 if on else 0), dot, self.r.px(7))
            pygame.draw.circle(surface, theme.outline, dot, self.r.px(7), 1)
            room = abs(dot[0] - body.centerx) - logo - self.r.px(12)
            image = fit_width(self.r.small.render(text + (" ●" if on else ""), True,
                                                  theme.outline), room)
            side = dot[0] - inward * self.r.px(12)
            where = {"midright": (side, dot[1])} if inward > 0 else {"midleft": (side, dot[1])}
            placed = image.get_rect(**where)
            surface.blit(image, placed)
            self.r.placed.append((model.number, "words", placed))

    def draw_pin_outputs(self, surface, ctl: Controller, theme: Theme, model,
                         row: pygame.Rect) -> None:
        """What the program makes the edge connector's pins output (a motor, a lamp or a
        servo there is not drawn): on, off or a PWM level, in words, after any NeoPixels."""
        words = []
        for name in sorted(model.pins.states, key=_pin_number):
            output = model.pins.output(name)
            event = PinChanged(model.number, name, *output)
            text = pin_words(event, ctl.lang) if output.value is not None else None
            if text is not None and name not in model.neopixels.strips:
                words.append(text)
        if words and row.width > self.r.px(40):
            image = fit_width(self.r.small.render("  ·  ".join(words), True, theme.text),
                              row.width)
            surface.blit(image, (row.x, row.y))
            self.r.placed.append((model.number, "words", image.get_rect(topleft=row.topleft)))

    def draw_neopixels(self, surface, theme: Theme, model, row: pygame.Rect) -> int:
        """The NeoPixel strips on the pins, in a row; returns where the row's free part
        starts."""
        x = row.x
        for pin, colours in sorted(model.neopixels.strips.items()):
            self.r.text(surface, pin, (x, row.y), theme.text, self.r.small)
            x += self.r.px(44)
            radius = row.height // 2
            for colour in colours[:60]:
                pygame.draw.circle(surface, colour, (x + radius, row.centery), radius)
                pygame.draw.circle(surface, theme.outline, (x + radius, row.centery), radius, 1)
                x += row.height + self.r.px(2)
            x += self.r.px(12)
        return x


def _pin_number(name: str) -> int:
    digits = "".join(c for c in name if c.isdigit())
    return int(digits) if digits else 99


def fit_width(image: pygame.Surface, width: float) -> pygame.Surface:
    """The image, narrowed to ``width`` if it is wider (a long word in a small space)."""
    if width <= 0 or image.get_width() <= width:
        return image
    return pygame.transform.smoothscale(image, (int(width), image.get_height()))
