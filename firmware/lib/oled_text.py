# SPDX-License-Identifier: MIT
# Terakoya firmware: text on an SSD1306 OLED (or any framebuf.FrameBuffer display with a
# `width` and `show()`): centred lines, big text, a page of lines, word wrap.
#
#   import ssd1306, oled_text                     # ssd1306.py from micropython-lib
#   oled = ssd1306.SSD1306_I2C(128, 64, I2C(0, scl=Pin(22), sda=Pin(21)))
#   oled_text.lines(oled, "Greenhouse", "", "23.5 C")   # clear, lines 10 px apart, show
#   oled_text.center(oled, "Hello", 0)                  # one line, centred, at y = 0
#   oled_text.big(oled, "23.5", 0, 16, 3)               # each font pixel a 3x3 block
#   oled_text.big_center(oled, "12:30", 24, 2)
#   oled.show()
#   oled_text.wrap("a longer message for the screen", 16)  # -> a list of lines
#
# The font is the firmware's 8x8 one (ASCII). It has no Japanese: kana alone would need
# about 170 glyphs (1.4 KB) from a bitmap font whose licence allows copying it here, and
# kanji thousands; romaji (GENKI, ARIGATO) works today.
import framebuf

_buffer = bytearray(8)  # one character, a byte per row, bit 7 the leftmost pixel
_glyph = framebuf.FrameBuffer(_buffer, 8, 8, framebuf.MONO_HLSB)


def _width(display):
    return getattr(display, "width", 128)


def center(display, text, y, c=1):
    """Write one line centred across the display (8 pixels a character)."""
    display.text(text, max(0, (_width(display) - 8 * len(text)) // 2), y, c)


def big(display, text, x, y, scale=2, c=1):
    """Write text ``scale`` times as large: 8 x scale pixels a character."""
    for char in text:
        _glyph.fill(0)
        _glyph.text(char, 0, 0, 1)
        for row in range(8):
            bits, col = _buffer[row], 0
            while bits:  # each run of lit pixels in this row as one block
                if bits & 0x80:
                    run = 0
                    while bits & 0x80:
                        run += 1
                        bits = (bits << 1) & 0xFF
                    display.fill_rect(x + col * scale, y + row * scale, run * scale, scale, c)
                    col += run
                else:
                    bits = (bits << 1) & 0xFF
                    col += 1
        x += 8 * scale


def big_center(display, text, y, scale=2, c=1):
    big(display, text, max(0, (_width(display) - 8 * scale * len(text)) // 2), y, scale, c)


def lines(display, *texts, line_height=10, centered=False, show=True):
    """Clear the display and write each text on a line of its own (those that fit)."""
    display.fill(0)
    y = 0
    for text in texts:
        if y + 8 > getattr(display, "height", 64):
            break
        if centered:
            center(display, text, y)
        else:
            display.text(text, 0, y, 1)
        y += line_height
    if show:
        display.show()


def wrap(text, width=16):
    """Split text into lines of at most ``width`` characters, between words if it can."""
    out, line = [], ""
    for word in text.split():
        while len(word) > width:  # a word longer than a line: cut it
            if line:
                out.append(line)
                line = ""
            out.append(word[:width])
            word = word[width:]
        if not line:
            line = word
        elif len(line) + 1 + len(word) <= width:
            line += " " + word
        else:
            out.append(line)
            line = word
    if line:
        out.append(line)
    return out
