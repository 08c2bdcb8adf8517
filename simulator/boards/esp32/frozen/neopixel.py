"""neopixel: WS2812 LED strips (micropython-lib's frozen driver on the firmware).

Colours live in ``buf`` in the strip's G R B (W) byte order; write() sends them with
machine.bitstream at 800 kHz (timing=1) or 400 kHz (timing=0), or at the caller's
(high_0, low_0, high_1, low_1) nanoseconds.
"""

from machine import bitstream


class NeoPixel:
    ORDER = (1, 0, 2, 3)  # where R, G, B, W go in each pixel's bytes

    def __init__(self, pin, n, bpp=3, timing=1):
        self.pin = pin
        self.n = n
        self.bpp = bpp
        self.buf = bytearray(n * bpp)
        self.pin.init(pin.OUT)
        if isinstance(timing, int):
            timing = (400, 850, 800, 450) if timing else (800, 1700, 1600, 900)
        self.timing = timing

    def __len__(self):
        return self.n

    def __setitem__(self, i, v):
        at = i * self.bpp
        for k in range(self.bpp):
            self.buf[at + self.ORDER[k]] = v[k]

    def __getitem__(self, i):
        at = i * self.bpp
        return tuple(self.buf[at + self.ORDER[k]] for k in range(self.bpp))

    def fill(self, v):
        """Give every pixel the colour ``v``."""
        buf, bpp = self.buf, self.bpp
        pixel = bytearray(bpp)
        for k in range(bpp):
            pixel[self.ORDER[k]] = v[k]
        buf[:] = bytes(pixel) * self.n

    def write(self):
        """Send the colours to the strip (high-then-low pulses, encoding 0)."""
        bitstream(self.pin, 0, self.timing, self.buf)
