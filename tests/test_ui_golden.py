"""Golden pictures of the LED matrix, compared tolerantly (fonts never enter the crop).

Set TERAKOYA_SAVE_REF=1 to write new reference pictures after a deliberate change.
"""

import os
from pathlib import Path

import pygame
import pytest
from terakoya.simulator.ui.app import WindowOptions, make_controller
from terakoya.simulator.ui.render import Renderer

GOLDEN = Path(__file__).parent / "golden"
PROGRAM = ("from microbit import *\n"
           "display.show(Image.HEART)\n"
           "display.set_pixel(0, 0, 3)\n"
           "display.set_pixel(4, 0, 6)\n"
           "sleep(100000)\n")
TOLERANCE = 8  # per colour channel
ALLOWED_SHARE = 0.01  # of the pixels may differ by more


def led_matrix(theme: str, scale: float, tmp_path: Path) -> pygame.Surface:
    path = tmp_path / "main.py"
    path.write_text(PROGRAM)
    ctl = make_controller(WindowOptions([path], theme=theme, scale=scale))
    try:
        ctl.tick(100)
        renderer = Renderer(scale)
        surface = pygame.Surface(renderer.size)
        renderer.draw(surface, ctl)
        body = renderer.bodies[1]
        pitch = body.height * 0.62 / 5
        crop = pygame.Rect(int(body.centerx - 2.5 * pitch), int(body.y + body.height * 0.16),
                           int(5 * pitch), int(5 * pitch))
        return surface.subsurface(crop).copy()
    finally:
        ctl.close()


def differing_share(first: pygame.Surface, second: pygame.Surface) -> float:
    if first.get_size() != second.get_size():
        return 1.0
    a = pygame.image.tobytes(first, "RGB")
    b = pygame.image.tobytes(second, "RGB")
    pixels = len(a) // 3
    bad = sum(1 for i in range(0, len(a), 3)
              if max(abs(a[i + k] - b[i + k]) for k in range(3)) > TOLERANCE)
    return bad / pixels


@pytest.mark.parametrize("theme, scale", [("default", 1.0), ("high-contrast", 2.0)])
def test_led_matrix_matches_its_golden_picture(theme, scale, tmp_path):
    computed = led_matrix(theme, scale, tmp_path)
    reference = GOLDEN / f"leds-{theme}-{scale:g}.png"
    if os.environ.get("TERAKOYA_SAVE_REF") or not reference.exists():
        pygame.image.save(computed, str(reference))
        if not os.environ.get("TERAKOYA_SAVE_REF"):
            pytest.fail(f"no reference picture yet: saved {reference}; check it and commit it")
    failed = tmp_path / f"computed-{theme}.png"
    pygame.image.save(computed, str(failed))
    share = differing_share(computed, pygame.image.load(str(reference)))
    assert share <= ALLOWED_SHARE, f"{share:.1%} of the pixels differ; see {failed}"
