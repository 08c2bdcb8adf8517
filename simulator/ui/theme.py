"""Colours and sizes of the window: a default and a high-contrast theme (no pygame).

Contrast follows WCAG 2.2: text at least 4.5:1 against its background, other things that
must be seen (LED outlines, focus ring, controls) at least 3:1.
"""

from __future__ import annotations

from dataclasses import dataclass

Colour = tuple[int, int, int]

# The V2 simulator's brightness curve for the 10 LED levels (0 = off).
LED_LEVELS = (0, 20, 40, 60, 80, 120, 160, 190, 220, 255)


@dataclass(frozen=True)
class Theme:
    name: str
    background: Colour
    panel: Colour
    text: Colour
    muted_text: Colour
    board: Colour
    led_off: Colour
    led_on: Colour
    outline: Colour
    focus: Colour
    control: Colour
    control_text: Colour
    error_text: Colour

    def led(self, level: int) -> Colour:
        """The colour of an LED at brightness 0-9."""
        share = LED_LEVELS[max(0, min(9, level))] / 255
        return tuple(round(off + (on - off) * share)
                     for off, on in zip(self.led_off, self.led_on))  # type: ignore[return-value]


DEFAULT = Theme(
    name="default", background=(244, 244, 240), panel=(255, 255, 255), text=(20, 20, 20),
    muted_text=(80, 80, 80), board=(30, 30, 36), led_off=(60, 30, 30), led_on=(255, 48, 48),
    outline=(110, 110, 110), focus=(0, 90, 200), control=(225, 230, 238),
    control_text=(10, 10, 10), error_text=(170, 0, 0))

HIGH_CONTRAST = Theme(
    name="high-contrast", background=(0, 0, 0), panel=(0, 0, 0), text=(255, 255, 255),
    muted_text=(230, 230, 230), board=(0, 0, 0), led_off=(40, 40, 40), led_on=(255, 255, 0),
    outline=(255, 255, 255), focus=(0, 255, 255), control=(0, 0, 0),
    control_text=(255, 255, 255), error_text=(255, 140, 140))

THEMES = {theme.name: theme for theme in (DEFAULT, HIGH_CONTRAST)}


def luminance(colour: Colour) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(v) for v in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: Colour, second: Colour) -> float:
    """WCAG contrast ratio, 1 to 21."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
