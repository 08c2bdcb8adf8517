"""framebuf: drawing into a bytearray the way MicroPython's C framebuf does (frozen Python here).

A FrameBuffer keeps the caller's buffer and writes straight into it, so a display driver can
send that same buffer (ssd1306 over I2C, say).  Pixel layouts, clipping and the drawing
algorithms (line, ellipse, polygon fill, text with the firmware's 8x8 font, scroll, blit) give
the same bytes as the firmware.  Fills and text on MONO_VLSB work a byte at a time.
"""

MONO_VLSB = 0
MVLSB = 0
RGB565 = 1
GS4_HMSB = 2
MONO_HLSB = 3
MONO_HMSB = 4
GS2_HMSB = 5
GS8 = 6

# The board's 8x8 font, as data: the glyphs of MicroPython's ports/…/font_petme128_8x8.h
# (MicroPython, MIT licence, Copyright (c) 2013-2014 Damien P. George), so that text looks on
# a simulated OLED exactly as on the board's. 8 column bytes per character, ' ' to '~'.
_FONT = bytes.fromhex(
    '00000000000000000000004f4f0000000007070000070700147f7f14147f7f14'
    '00242e6b6b3a1200006333180c66630000327f4d4d7772500000000406030100'
    '00001c3e63410000000041633e1c0000082a3e1c1c3e2a080008083e3e080800'
    '000080e0600000000008080808080800000000606000000000406030180c0602'
    '003e7f49457f3e000040447f7f40400000627351494f460000226349497f3600'
    '00181814167f7f1000276745457d3900003e7f49497b3200000303797d070300'
    '00367f49497f360000266f49497f3e000000002424000000000080e464000000'
    '00081c3663414100001414141414140000414163361c080000020351590f0600'
    '003e7f414d4f2e00007c7e0b0b7e7c00007f7f49497f3600003e7f4141632200'
    '007f7f41633e1c00007f7f4949414100007f7f0909010100003e7f41497b3a00'
    '007f7f08087f7f000000417f7f410000002060417f3f0100007f7f1c36634100'
    '007f7f4040404000007f7f060c067f7f007f7f0e1c7f7f00003e7f41417f3e00'
    '007f7f09090f0600001e3f21617f5e00007f7f19396f460000266f49497b3200'
    '0001017f7f010100003f7f40407f3f00001f3f60603f1f00007f7f3018307f7f'
    '0063771c1c77630000070f78780f0700006171594d47430000007f7f41410000'
    '0002060c18306040000041417f7f000000080c06060c0800c0c0c0c0c0c0c0c0'
    '000001030604000000207454547c7800007f7f44447c380000387c44446c2800'
    '00387c44447f7f0000387c54545c580000087e7f090302000098bca4a4fc7c00'
    '007f7f04047c78000000007d7d0000000040c08080fd7d00007f7f30386c4400'
    '0000417f7f400000007c7c1830187c7c007c7c04047c780000387c44447c3800'
    '00fcfc24243c180000183c2424fcfc00007c7c04040c080000485c5454742000'
    '04043f7f44642000003c7c40407c3c00001c3c60603c1c00001c7c3018307c1c'
    '00446c38386c4400009cbca0a0fc7c00004464745c4c44000008083e77414100'
    '000000ffff000000004141773e0808000002030103020301aa55aa55aa55aa55')

# horizontally packed formats: (pixels per byte, bits per pixel, shift of each pixel in a byte)
_PACKED = {MONO_HLSB: (8, 1, (7, 6, 5, 4, 3, 2, 1, 0)), MONO_HMSB: (8, 1, (0, 1, 2, 3, 4, 5, 6, 7)),
           GS2_HMSB: (4, 2, (0, 2, 4, 6)), GS4_HMSB: (2, 4, (4, 0)), GS8: (1, 8, (0,))}
_ROUND = {MONO_VLSB: 1, RGB565: 1, MONO_HLSB: 8, MONO_HMSB: 8, GS2_HMSB: 4, GS4_HMSB: 2, GS8: 1}


def _cdiv(a, b):
    """Integer division that truncates towards zero, as C's does."""
    q = abs(a) // abs(b)
    return q if (a < 0) == (b < 0) else -q


class FrameBuffer:
    """A width x height picture stored in ``buffer`` in the given format."""

    def __init__(self, buffer, width, height, format, stride=None):
        if format not in _ROUND:
            raise ValueError('invalid format')
        stride = width if stride is None else stride
        r = _ROUND[format]
        stride = (stride + r - 1) // r * r
        if format == MONO_VLSB:
            need = ((height + 7) // 8 - 1) * stride + width
        elif format == RGB565:
            need = ((height - 1) * stride + width) * 2
        else:
            ppb = _PACKED[format][0]
            need = ((height - 1) * stride + (width + r - 1) // r * r) // ppb
        if len(buffer) < need:
            raise ValueError('buffer too small')
        self.buf = buffer
        self.width = width
        self.height = height
        self.format = format
        self.stride = stride
        packed = _PACKED.get(format)
        if packed:
            self._ppb, bits, self._shifts = packed
            self._mask = (1 << bits) - 1

    # -- pixels -------------------------------------------------------------------------------

    def _set(self, x, y, c):
        buf, fmt = self.buf, self.format
        if fmt == MONO_VLSB:
            i = (y >> 3) * self.stride + x
            bit = 1 << (y & 7)
            buf[i] = buf[i] | bit if c else buf[i] & ~bit
        elif fmt == RGB565:
            i = (x + y * self.stride) * 2
            buf[i] = c & 0xFF
            buf[i + 1] = (c >> 8) & 0xFF
        else:
            p = x + y * self.stride
            i = p // self._ppb
            m = self._mask
            if m == 1:
                c = 1 if c else 0
            sh = self._shifts[p % self._ppb]
            buf[i] = (buf[i] & ~(m << sh)) | ((c & m) << sh)

    def _get(self, x, y):
        buf, fmt = self.buf, self.format
        if fmt == MONO_VLSB:
            return (buf[(y >> 3) * self.stride + x] >> (y & 7)) & 1
        if fmt == RGB565:
            i = (x + y * self.stride) * 2
            return buf[i] | (buf[i + 1] << 8)
        p = x + y * self.stride
        return (buf[p // self._ppb] >> self._shifts[p % self._ppb]) & self._mask

    def pixel(self, x, y, c=None):
        """The colour at (x, y), or set it to ``c``; nothing outside the picture."""
        if 0 <= x < self.width and 0 <= y < self.height:
            if c is None:
                return self._get(x, y)
            self._set(x, y, c)
        return None

    def _set_checked(self, x, y, c):
        if 0 <= x < self.width and 0 <= y < self.height:
            self._set(x, y, c)

    # -- rectangles ---------------------------------------------------------------------------

    def _rect(self, x, y, w, h, c):
        """Fill a rectangle already clipped to the picture."""
        fmt, buf, stride = self.format, self.buf, self.stride
        if fmt == MONO_VLSB:
            self._rect_vlsb(x, y, w, h, c)
        elif fmt == RGB565:
            row = bytes((c & 0xFF, (c >> 8) & 0xFF)) * w
            for yy in range(y, y + h):
                i = (x + yy * stride) * 2
                buf[i:i + 2 * w] = row
        else:
            for yy in range(y, y + h):
                self._row_packed(x, yy, w, c)

    def _rect_vlsb(self, x, y, w, h, c):
        buf, stride = self.buf, self.stride
        full = b'\xff' * w if c else bytes(w)
        yend = y + h
        while y < yend:
            page = y >> 3
            top = y & 7
            bottom = min(8, yend - page * 8)
            mask = ((1 << bottom) - 1) & ~((1 << top) - 1)
            i = page * stride + x
            if mask == 0xFF:
                buf[i:i + w] = full
            elif c:
                for j in range(i, i + w):
                    buf[j] |= mask
            else:
                mask = ~mask
                for j in range(i, i + w):
                    buf[j] &= mask
            y = page * 8 + 8

    def _row_packed(self, x, y, w, c):
        """One row of a horizontally packed format: partial bytes at the ends, whole between."""
        ppb, m, buf = self._ppb, self._mask, self.buf
        if m == 1:
            c = 1 if c else 0
        c &= m
        p = x + y * self.stride
        end = p + w
        while p < end and p % ppb:
            self._set_packed(p, c)
            p += 1
        whole = (end - p) // ppb
        if whole > 0:
            byte = 0
            for sh in self._shifts:
                byte |= c << sh
            i = p // ppb
            buf[i:i + whole] = bytes((byte,)) * whole
            p += whole * ppb
        while p < end:
            self._set_packed(p, c)
            p += 1

    def _set_packed(self, p, c):
        i = p // self._ppb
        sh = self._shifts[p % self._ppb]
        self.buf[i] = (self.buf[i] & ~(self._mask << sh)) | (c << sh)

    def fill_rect(self, x, y, w, h, c):
        """Fill a rectangle, clipped to the picture."""
        if h < 1 or w < 1 or x + w <= 0 or y + h <= 0 or y >= self.height or x >= self.width:
            return
        xend = min(self.width, x + w)
        yend = min(self.height, y + h)
        x = max(x, 0)
        y = max(y, 0)
        self._rect(x, y, xend - x, yend - y, c)

    def fill(self, c):
        """Fill the whole picture with colour ``c``."""
        self._rect(0, 0, self.width, self.height, c)

    def hline(self, x, y, w, c):
        self.fill_rect(x, y, w, 1, c)

    def vline(self, x, y, h, c):
        self.fill_rect(x, y, 1, h, c)

    def rect(self, x, y, w, h, c, f=False):
        """A rectangle's outline, or the whole rectangle when ``f`` is true."""
        if f:
            self.fill_rect(x, y, w, h, c)
        else:
            self.fill_rect(x, y, w, 1, c)
            self.fill_rect(x, y + h - 1, w, 1, c)
            self.fill_rect(x, y, 1, h, c)
            self.fill_rect(x + w - 1, y, 1, h, c)

    # -- lines and curves ---------------------------------------------------------------------

    def line(self, x1, y1, x2, y2, c):
        """A line by Bresenham's method, both ends included, clipped pixel by pixel."""
        dx, sx = (x2 - x1, 1) if x2 - x1 > 0 else (x1 - x2, -1)
        dy, sy = (y2 - y1, 1) if y2 - y1 > 0 else (y1 - y2, -1)
        steep = dy > dx
        if steep:
            x1, y1, dx, dy, sx, sy = y1, x1, dy, dx, sy, sx
        w, h = self.width, self.height
        e = 2 * dy - dx
        for _ in range(dx):
            px, py = (y1, x1) if steep else (x1, y1)
            if 0 <= px < w and 0 <= py < h:
                self._set(px, py, c)
            while e >= 0:
                y1 += sy
                e -= 2 * dx
            x1 += sx
            e += 2 * dy
        if 0 <= x2 < w and 0 <= y2 < h:
            self._set(x2, y2, c)

    def _ellipse_points(self, cx, cy, x, y, c, mask):
        if mask & 0x10:
            if mask & 1:
                self.fill_rect(cx, cy - y, x + 1, 1, c)
            if mask & 2:
                self.fill_rect(cx - x, cy - y, x + 1, 1, c)
            if mask & 4:
                self.fill_rect(cx - x, cy + y, x + 1, 1, c)
            if mask & 8:
                self.fill_rect(cx, cy + y, x + 1, 1, c)
        else:
            if mask & 1:
                self._set_checked(cx + x, cy - y, c)
            if mask & 2:
                self._set_checked(cx - x, cy - y, c)
            if mask & 4:
                self._set_checked(cx - x, cy + y, c)
            if mask & 8:
                self._set_checked(cx + x, cy + y, c)

    def ellipse(self, cx, cy, xr, yr, c, f=False, m=0x0F):
        """An ellipse centred on (cx, cy); ``f`` fills it, ``m`` picks quadrants (1 2 4 8:
        top right, top left, bottom left, bottom right)."""
        mask = (0x10 if f else 0) | (m & 0x0F)
        a2, b2 = xr * xr, yr * yr
        x, y = xr, 0
        xchange, ychange = b2 * (1 - 2 * xr), a2
        err, stopx, stopy = 0, 2 * b2 * xr, 0
        while stopx >= stopy:
            self._ellipse_points(cx, cy, x, y, c, mask)
            y += 1
            stopy += 2 * a2
            err += ychange
            ychange += 2 * a2
            if 2 * err + xchange > 0:
                x -= 1
                stopx -= 2 * b2
                err += xchange
                xchange += 2 * b2
        x, y = 0, yr
        xchange, ychange = b2, a2 * (1 - 2 * yr)
        err, stopx, stopy = 0, 0, 2 * a2 * yr
        while stopx <= stopy:
            self._ellipse_points(cx, cy, x, y, c, mask)
            x += 1
            stopx += 2 * b2
            err += xchange
            xchange += 2 * b2
            if 2 * err + ychange > 0:
                y -= 1
                stopy -= 2 * a2
                err += ychange
                ychange += 2 * a2

    def poly(self, x, y, coords, c, f=False):
        """A closed polygon through the (x, y) pairs in ``coords`` (an array), offset by
        (x, y); ``f`` fills it by scan lines as the firmware does."""
        if isinstance(coords, (list, tuple)):
            raise TypeError('object with buffer protocol required')
        n = len(coords) // 2
        if n == 0:
            return
        pts = [(coords[2 * k], coords[2 * k + 1]) for k in range(n)]
        order = [pts[0]] + pts[::-1]  # the firmware walks the vertices backwards, closing at 0
        if not f:
            for k in range(n):
                (x1, y1), (x2, y2) = order[k], order[k + 1]
                self.line(x + x1, y + y1, x + x2, y + y2, c)
            return
        ys = [p[1] for p in pts]
        for row in range(min(ys), max(ys) + 1):
            nodes = self._poly_nodes(x, y, order, n, row, c)
            nodes.sort()
            for k in range(0, len(nodes) - 1, 2):
                self.fill_rect(x + nodes[k], y + row, nodes[k + 1] - nodes[k] + 1, 1, c)

    def _poly_nodes(self, x, y, order, n, row, c):
        """Where the polygon's edges cross scan line ``row``; local minima drawn directly."""
        nodes = []
        for k in range(n):
            (px1, py1), (px2, py2) = order[k], order[k + 1]
            if py1 != py2 and ((py1 > row >= py2) or (py1 <= row < py2)):
                num = _cdiv(32 * (px2 - px1) * (row - py1), py2 - py1)
                nodes.append(_cdiv(32 * px1 + num + 16, 32))
            elif row == max(py1, py2):
                if py1 < py2:
                    self._set_checked(x + px2, y + py2, c)
                elif py2 < py1:
                    self._set_checked(x + px1, y + py1, c)
                else:
                    self.line(x + px1, y + py1, x + px2, y + py2, c)
        return nodes

    # -- text ---------------------------------------------------------------------------------

    def text(self, s, x, y, c=1):
        """Write ``s`` with the built-in 8x8 font, top left at (x, y); characters outside
        32..127 (each byte of a non-ASCII character) show as the checkered glyph 127."""
        data = s.encode() if isinstance(s, str) else bytes(s)
        fast = self.format == MONO_VLSB
        for ch in data:
            if ch < 32 or ch > 127:
                ch = 127
            base = (ch - 32) * 8
            for j in range(8):
                if 0 <= x < self.width:
                    column = _FONT[base + j]
                    if fast:
                        self._column_vlsb(x, y, column, c)
                    else:
                        yy = y
                        while column:
                            if column & 1 and 0 <= yy < self.height:
                                self._set(x, yy, c)
                            column >>= 1
                            yy += 1
                x += 1

    def _column_vlsb(self, x, y, column, c):
        """Draw the set bits of one glyph column into (at most) two MONO_VLSB pages."""
        bits = column << (y & 7)
        page = y >> 3
        pages = (self.height + 7) >> 3
        for k in (0, 1):
            part = (bits >> (8 * k)) & 0xFF
            p = page + k
            if part and 0 <= p < pages:
                if p * 8 + 8 > self.height:
                    part &= (1 << (self.height - p * 8)) - 1
                i = p * self.stride + x
                if c:
                    self.buf[i] |= part
                else:
                    self.buf[i] &= ~part

    # -- moving pictures ----------------------------------------------------------------------

    def scroll(self, xstep, ystep):
        """Shift the picture by (xstep, ystep); the uncovered edge keeps what it had."""
        w, h = self.width, self.height
        if xstep < 0:
            xs, xe = 0, w + xstep
            if xe <= 0:
                return
        else:
            xs, xe = xstep, w
            if xstep - 1 >= w - 1:
                return
        if ystep < 0:
            ys, ye = 0, h + ystep
            if ye <= 0:
                return
        else:
            ys, ye = ystep, h
            if ystep - 1 >= h - 1:
                return
        rows = range(ys, ye) if ystep < 0 else range(ye - 1, ys - 1, -1)
        if self.format in (GS8, RGB565):
            size = 2 if self.format == RGB565 else 1
            buf, stride = self.buf, self.stride
            for yy in rows:
                d = (xs + yy * stride) * size
                s = (xs - xstep + (yy - ystep) * stride) * size
                buf[d:d + (xe - xs) * size] = buf[s:s + (xe - xs) * size]
            return
        cols = range(xs, xe) if xstep < 0 else range(xe - 1, xs - 1, -1)
        get, put = self._get, self._set
        for yy in rows:
            for xx in cols:
                put(xx, yy, get(xx - xstep, yy - ystep))

    def blit(self, fbuf, x, y, key=-1, palette=None):
        """Draw FrameBuffer ``fbuf`` with its top left at (x, y); pixels of colour ``key``
        are left out; ``palette`` (a FrameBuffer one pixel high) maps source colours."""
        if not isinstance(fbuf, FrameBuffer) or (palette is not None and
                                                 not isinstance(palette, FrameBuffer)):
            raise TypeError
        if x >= self.width or y >= self.height or -x >= fbuf.width or -y >= fbuf.height:
            return
        x0, y0 = max(0, x), max(0, y)
        x1, y1 = max(0, -x), max(0, -y)
        x0end = min(self.width, x + fbuf.width)
        y0end = min(self.height, y + fbuf.height)
        get, put = fbuf._get, self._set
        pget = palette._get if palette is not None else None
        for yy in range(y0, y0end):
            cx1 = x1
            for xx in range(x0, x0end):
                col = get(cx1, y1)
                if pget:
                    col = pget(col, 0)
                if col != key & 0xFFFFFFFF:
                    put(xx, yy, col)
                cx1 += 1
            y1 += 1


def FrameBuffer1(buffer, width, height, stride=None):
    """The firmware's old name kept for older drivers: a MONO_VLSB FrameBuffer."""
    return FrameBuffer(buffer, width, height, MONO_VLSB, width if stride is None else stride)
