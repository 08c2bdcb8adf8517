# SPDX-License-Identifier: MIT
# Terakoya firmware: the micro:bit's `microbit` module on an M5Stack ATOM Matrix (ESP32,
# MicroPython 1.23), so that micro:bit programs run there unchanged. Copy it to the board.
# The 5x5 font and the built-in images are the micro:bit's (micropython-microbit-v2 and
# codal-core, MIT licence); the gestures follow CODAL's recogniser.
#
#   display        the 5x5 RGB matrix (WS2812, G27). Brightness 0-9 is red 0, 1, 2, 3, 4, 6,
#                  8, 11, 15, 20 of 255 (bright enough, and the LEDs stay cool);
#                  display.color = (r, g, b) is the colour of brightness 9 (default (20, 0, 0))
#   button_a       the button under the matrix (G39); button_b: a button from G19 to GND
#   accelerometer  the MPU6886 (I2C G21 SCL, G25 SDA): milli-g, gestures (sampled every 20 ms
#                  with hardware timer 3 once a gesture is asked for)
#   pin0 pin1 pin2 G26, G32 (Grove port), G33: digital, write_analog (PWM), read_analog
#   temperature()  the MPU6886's temperature, whole degrees C
#   sleep, running_time, reset
# Pictures change on the micro:bit's schedule: the first frame at once, each delay rounded up
# to its display's 6 ms tick, the last frame held for one delay; wait=False animates from
# hardware timer 2.
# Not here (the ATOM has none): display.read_light_level, compass, microphone, speaker,
# music, radio, pin_logo, touch.
import time as _time
from struct import unpack as _unpack

from machine import ADC as _ADC
from machine import I2C as _I2C
from machine import PWM as _PWM
from machine import Pin as _Pin
from machine import Timer as _Timer
from machine import reset  # noqa: F401 (the micro:bit's reset())
from neopixel import NeoPixel as _NeoPixel

_MATRIX, _BUTTON_A, _BUTTON_B, _PINS = 27, 39, 19, (26, 32, 33)
_SCL, _SDA, _IMU = 21, 25, 0x68
_ANIMATION_TIMER, _GESTURE_TIMER = 2, 3
_LEVELS = (0, 1, 2, 3, 4, 6, 8, 11, 15, 20)  # brightness 0-9 -> a share of 20

# Characters 32-126, 5 rows each; a row is chr(48 + 5 bits), bit 4 the leftmost pixel
_FONT = (
    '0000088808::000:O:O:>I>C>IB49C<B<B=8800048884844480:4:004>400004800>00000801248@<BBB<'
    '4<44>L2<@NN24B<6:BO2O@N1N24>A>O248@>A>A>>A>480808004048248420>0>084248>A604>AEC<<BNBB'
    'LBLBL>@@@>LBBBLN@L@NN@L@@>@CA>BBNBBL888LO22B<BDHDB@@@@NAKEAAAIECA<BBB<LBL@@<BB<6LBLBA'
    '>@<2LO4444BBBB<AAA:4AAEKABB<BBA:444N48@N>888>@8421>222>4:0000000O840000>BB?@@LBL0>@@>'
    '22>B><BL@>68L88>B>2<@@LBB808882022<@DHDB888860KEAA0LBBB0<BB<0LBL@0>B>20>@@@0684H88>87'
    '0BBB?0AA:40AAEK0B<<B0A:4H0N48N64<4688888H8<8H00<30')
# The built-in images, in the same code (every lit pixel is 9)
_IMAGES = (
    ':OO>40:>400:0A>000A>0:0>A0:0:EA:0OE0K0>0:04:4A0O57OK0:>:0248012D8A:4:A444002240003400'
    '0070000430004220044400488004H000L000H400884004>E447358@42O24@853744E>412DHL48O84LHD21'
    '04:O0@HDBO:E:E:4:A:404:40OAAAO0>:>0DDNJNAAO>4444LL465LL?99KKEEO444>4>O?JLN?4>K>4KO>>>'
    '33OO:<L?>04>O>:0>O:0KO4OK4O4:AOEOOE444>4H88>:>EO>>>O4D<HK:>0IJ4JI')
_NAMES = (
    'HEART HEART_SMALL HAPPY SMILE SAD CONFUSED ANGRY ASLEEP SURPRISED SILLY FABULOUS MEH '
    'YES NO CLOCK12 CLOCK1 CLOCK2 CLOCK3 CLOCK4 CLOCK5 CLOCK6 CLOCK7 CLOCK8 CLOCK9 CLOCK10 '
    'CLOCK11 ARROW_N ARROW_NE ARROW_E ARROW_SE ARROW_S ARROW_SW ARROW_W ARROW_NW TRIANGLE '
    'TRIANGLE_LEFT CHESSBOARD DIAMOND DIAMOND_SMALL SQUARE SQUARE_SMALL RABBIT COW '
    'MUSIC_CROTCHET MUSIC_QUAVER MUSIC_QUAVERS PITCHFORK XMAS PACMAN TARGET TSHIRT '
    'ROLLERSKATE DUCK HOUSE TORTOISE BUTTERFLY STICKFIGURE GHOST SWORD GIRAFFE SKULL '
    'UMBRELLA SNAKE SCISSORS')


class Image:
    def __init__(self, *args):
        self._ro = False
        if not args:
            args = (5, 5)
        if isinstance(args[0], str):
            rows = args[0].replace("\n", ":").split(":")
            if rows[-1] == "":
                rows.pop()
            self._w = max([len(row) for row in rows] + [0])
            self._h = len(rows)
            self._b = bytearray(self._w * self._h)
            for y, row in enumerate(rows):
                for x, char in enumerate(row):
                    value = ord(char) - 48
                    if not 0 <= value <= 9:
                        raise ValueError("unexpected character in Image definition")
                    self._b[y * self._w + x] = value
            return
        self._w, self._h = args[0], args[1]
        if self._w < 0 or self._h < 0:
            raise ValueError("image size cannot be negative")
        self._b = bytearray(args[2]) if len(args) > 2 else bytearray(self._w * self._h)
        if len(self._b) != self._w * self._h:
            raise ValueError("image data is incorrect size")

    def width(self):
        return self._w

    def height(self):
        return self._h

    def _index(self, x, y):
        if x < 0 or y < 0:
            raise ValueError("index cannot be negative")
        if x >= self._w or y >= self._h:
            raise ValueError("index too large")
        return y * self._w + x

    def get_pixel(self, x, y):
        return self._b[self._index(x, y)]

    def _writable(self):
        if self._ro:
            raise TypeError("image cannot be modified (try copying first)")

    def set_pixel(self, x, y, value):
        self._writable()
        if x < 0 or y < 0:
            raise ValueError("index cannot be negative")
        if not 0 <= value <= 9:
            raise ValueError("brightness out of bounds")
        self._b[self._index(x, y)] = value

    def fill(self, value):
        self._writable()
        if not 0 <= value <= 9:
            raise ValueError("brightness out of bounds")
        for i in range(len(self._b)):
            self._b[i] = value

    def copy(self):
        return Image(self._w, self._h, self._b)

    def invert(self):
        return Image(self._w, self._h, bytes(9 - v for v in self._b))

    def crop(self, x, y, w, h):
        out = Image(w, h)
        for j in range(h):
            for i in range(w):
                if 0 <= x + i < self._w and 0 <= y + j < self._h:
                    out._b[j * w + i] = self._b[(y + j) * self._w + x + i]
        return out

    def shift_left(self, n):
        return self.crop(n, 0, self._w, self._h)

    def shift_right(self, n):
        return self.crop(-n, 0, self._w, self._h)

    def shift_up(self, n):
        return self.crop(0, n, self._w, self._h)

    def shift_down(self, n):
        return self.crop(0, -n, self._w, self._h)

    def __add__(self, other):
        return self._combine(other, 1)

    def __sub__(self, other):
        return self._combine(other, -1)

    def _combine(self, other, sign):
        if (self._w, self._h) != (other._w, other._h):
            raise ValueError("images must be the same size")
        return Image(self._w, self._h, bytes(max(0, min(9, a + sign * b))
                                             for a, b in zip(self._b, other._b)))

    def __mul__(self, factor):
        if factor < 0:
            raise ValueError("brightness multiplier must not be negative")
        return Image(self._w, self._h, bytes(min(9, int(v * factor + 0.5)) for v in self._b))

    def __truediv__(self, divisor):
        return self * (1 / divisor)

    def __repr__(self):
        rows = [self._b[y * self._w:(y + 1) * self._w] for y in range(self._h)]
        return "Image('%s')" % "".join("".join(str(v) for v in row) + ":" for row in rows)


def _mask_image(text, start):
    """A 5x5 image (brightness 9) from 5 rows of the encoded font or image data."""
    image = Image(5, 5)
    for y in range(5):
        row = ord(text[start + y]) - 48
        for x in range(5):
            if row >> (4 - x) & 1:
                image._b[y * 5 + x] = 9
    return image


for _i, _name in enumerate(_NAMES.split()):
    _image = _mask_image(_IMAGES, _i * 5)
    _image._ro = True
    setattr(Image, _name, _image)
setattr(Image, "ALL_CLOCKS", tuple(getattr(Image, "CLOCK%d" % n)
                                   for n in (12, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)))
setattr(Image, "ALL_ARROWS", tuple(getattr(Image, "ARROW_" + d)
                                   for d in ("N", "NE", "E", "SE", "S", "SW", "W", "NW")))
del _i, _name, _image, _IMAGES, _NAMES


def _char(code):
    """The font's image of one byte of text (outside 32-126: '?')."""
    return _mask_image(_FONT, ((code if 32 <= code <= 126 else 63) - 32) * 5)


def _frame(image):
    """The top-left 5x5 brightness values of an image, smaller ones padded with dark."""
    out = bytearray(25)
    for y in range(min(5, image._h)):
        for x in range(min(5, image._w)):
            out[y * 5 + x] = image._b[y * image._w + x]
    return out


def _scroll_frames(data, monospace, loop):
    """micro:bit's scrolling: one column in per frame; proportional spacing drops a blank
    first column (not of the first character) and blank columns right of column 2; a gap
    column after every character; the text leaves the display completely."""
    columns = []
    for i, code in enumerate(data):
        glyph = _char(code)._b
        cols = [sum(1 << y for y in range(5) if glyph[y * 5 + x]) for x in range(5)]
        start = 0 if monospace or i == 0 or cols[0] else 1
        end = 5 if monospace or cols[4] else 4 if cols[3] else 3
        columns += cols[start:end]
        columns.append(0)
    columns += [0] * (4 if data else 5)
    window = [0] * 5
    while True:
        for column in columns:
            window = window[1:] + [column]
            out = bytearray(25)
            for x in range(5):
                for y in range(5):
                    if window[x] >> y & 1:
                        out[y * 5 + x] = 9
            yield out
        if not loop:
            return


def _show_frames(items, clear, loop):
    while True:
        for item in items:
            if isinstance(item, str):
                if len(item) != 1:
                    return
                item = _char(item.encode()[0])
            elif not isinstance(item, Image):
                raise TypeError("not an image")
            yield _frame(item)
        if not loop:
            break
    if clear:
        yield bytearray(25)


class _Display:
    def __init__(self):
        self.color = (20, 0, 0)
        self._np = _NeoPixel(_Pin(_MATRIX), 25)
        self._pixels = bytearray(25)
        self._on = True
        self._frames = None
        self._timer = None
        self._key = None
        self._draw()

    def _draw(self):
        key = (tuple(self.color), self._on)
        if key != self._key:  # each brightness's 3 bytes, in the LEDs' order (G R B)
            self._key, order = key, self._np.ORDER
            self._colors = [bytes((c * level // 20 if self._on else 0)
                                  for c in (self.color[order.index(i)] for i in range(3)))
                            for level in _LEVELS]
        buf, colors, pixels = self._np.buf, self._colors, self._pixels
        for i in range(25):
            buf[3 * i:3 * i + 3] = colors[pixels[i]]
        self._np.write()

    def _set(self, frame):
        self._pixels = frame
        self._draw()

    def _stop(self):
        self._frames = None
        if self._timer is not None:
            self._timer.deinit()

    def _run(self, frames, delay, wait):
        delay = -(-delay // 6) * 6  # as on the micro:bit, whose display ticks every 6 ms
        if not wait:  # frames go on in the background, from a timer
            self._frames, self._delay = frames, delay
            self._next(None)
            return
        due = _time.ticks_ms()
        for frame in frames:
            self._set(frame)
            due = _time.ticks_add(due, delay)
            left = _time.ticks_diff(due, _time.ticks_ms())
            if left > 0:
                _time.sleep_ms(left)

    def _next(self, _timer):
        if self._frames is None:
            return
        try:
            self._set(next(self._frames))
        except StopIteration:
            self._frames = None
            return
        if self._timer is None:
            self._timer = _Timer(_ANIMATION_TIMER)
        self._timer.init(mode=_Timer.ONE_SHOT, period=max(1, self._delay), callback=self._next)

    def show(self, image, delay=400, *, wait=True, loop=False, clear=False):
        self._stop()
        if isinstance(image, (int, float)):
            image = str(image)
        if isinstance(image, str):
            if not image:
                return
            if len(image) == 1 and not (loop or clear):
                self._set(_frame(_char(image.encode()[0])))
                return
            image = [_char(code) for code in image.encode()]
        elif isinstance(image, Image):
            if not (loop or clear):
                self._set(_frame(image))
                return
            image = (image,)
        self._run(_show_frames(image, clear, loop), delay, wait)

    def scroll(self, text, delay=150, *, wait=True, loop=False, monospace=False):
        self._stop()
        data = (text if isinstance(text, str) else str(text)).encode()
        self._run(_scroll_frames(data, monospace, loop), delay, wait)

    def clear(self):
        self._stop()
        self._set(bytearray(25))

    def set_pixel(self, x, y, value):
        if not (0 <= x < 5 and 0 <= y < 5):
            raise ValueError("index out of bounds")
        if not 0 <= value <= 9:
            raise ValueError("brightness out of bounds")
        self._pixels[y * 5 + x] = value
        self._draw()

    def get_pixel(self, x, y):
        if not (0 <= x < 5 and 0 <= y < 5):
            raise ValueError("index out of bounds")
        return self._pixels[y * 5 + x]

    def on(self):
        self._on = True
        self._draw()

    def off(self):
        self._on = False
        self._draw()

    def is_on(self):
        return self._on


class _Button:
    """A button to GND, debounced: a change of the pin counts 20 ms after the last one."""

    def __init__(self, number, pull):
        self._pin = _Pin(number, _Pin.IN) if pull is None else _Pin(number, _Pin.IN, pull)
        self._down = self._pin.value() == 0
        self._edge = _time.ticks_add(_time.ticks_ms(), -20)
        self._presses = 0
        self._was = False
        self._pin.irq(self._irq, _Pin.IRQ_FALLING | _Pin.IRQ_RISING)

    def _irq(self, pin):
        now = _time.ticks_ms()
        down = pin.value() == 0
        if down != self._down and _time.ticks_diff(now, self._edge) >= 20:
            self._down, self._edge = down, now
            if down:
                self._presses += 1
                self._was = True

    def is_pressed(self):
        now = _time.ticks_ms()
        down = self._pin.value() == 0
        if down != self._down and _time.ticks_diff(now, self._edge) >= 20:
            self._down, self._edge = down, now
        return self._down

    def was_pressed(self):
        was, self._was = self._was, False
        return was

    def get_presses(self):
        presses = self._presses
        self._presses -= presses
        return presses


_GESTURES = ("up", "down", "left", "right", "face up", "face down", "freefall", "shake")


class _Accelerometer:
    def __init__(self):
        self._i2c = None
        self._timer = None
        self._history = []
        self._seen = []
        # CODAL's recogniser (codal-core Accelerometer.cpp)
        self._last = self._current = ""
        self._sigma = self._count = self._shake_timer = 0
        self._shaken = False
        self._axes = [False, False, False]

    def _imu(self):
        if self._i2c is None:
            i2c = _I2C(0, scl=_Pin(_SCL), sda=_Pin(_SDA), freq=400000)
            i2c.writeto_mem(_IMU, 0x6B, b"\x80")  # reset
            _time.sleep_ms(10)
            i2c.writeto_mem(_IMU, 0x6B, b"\x01")  # wake up
            _time.sleep_ms(10)
            i2c.writeto_mem(_IMU, 0x1C, b"\x10")  # +-8 g: 4096 per g
            self._i2c = i2c
        return self._i2c

    def get_values(self):
        x, y, z = _unpack(">hhh", self._imu().readfrom_mem(_IMU, 0x3B, 6))
        # milli-g as the micro:bit's (at most 2 g): face up is z = -1000 there
        return tuple(max(-2048, min(2048, v * 1000 // 4096)) for v in (x, y, -z))

    def get_x(self):
        return self.get_values()[0]

    def get_y(self):
        return self.get_values()[1]

    def get_z(self):
        return self.get_values()[2]

    def _listen(self):
        if self._timer is None:
            self._timer = _Timer(_GESTURE_TIMER)
            self._timer.init(mode=_Timer.PERIODIC, period=20, callback=self._sample)

    def _event(self, name):
        if name not in self._seen:
            self._seen.append(name)
        if len(self._history) < 16:
            self._history.append(name)

    def _sample(self, _timer):
        posture = self._posture(*self.get_values())
        if posture == "shake":
            self._last = posture
            self._event(posture)
            return
        if posture == self._current:
            self._sigma = min(self._sigma + 1, 5)
        else:
            self._current, self._sigma = posture, 0
        if self._current != self._last and self._sigma >= 5:
            self._last = self._current
            if self._last:
                self._event(self._last)

    def _posture(self, x, y, z):
        crossed = False
        for i, v in enumerate((x, y, z)):
            if (v < -400 and self._axes[i]) or (v > 400 and not self._axes[i]):
                crossed = True
                self._axes[i] = not self._axes[i]
        if crossed and self._count < 4:
            self._count += 1
            if self._count == 1:
                self._shake_timer = 0
            if self._count == 4:
                self._shaken, self._shake_timer = True, 0
                return "shake"
        if self._count > 0:
            self._shake_timer += 1
            if self._shaken and self._shake_timer >= 30:
                self._shaken, self._shake_timer, self._count = False, 0, 0
            elif not self._shaken and self._shake_timer >= 10:
                self._shake_timer = 0
                self._count -= 1
        if x * x + y * y + z * z < 160000:
            return "freefall"
        for v, low, high in ((x, "left", "right"), (y, "down", "up"), (z, "face up", "face down")):
            if v < -800:
                return low
            if v > 800:
                return high
        return ""

    def current_gesture(self):
        self._listen()
        return self._last

    def is_gesture(self, name):
        if name not in _GESTURES:
            raise ValueError("invalid gesture")
        return self.current_gesture() == name

    def was_gesture(self, name):
        if name not in _GESTURES:
            raise ValueError("invalid gesture")
        self._listen()
        self._history = []  # as the micro:bit's: asking clears the list of get_gestures()
        if name in self._seen:
            self._seen.remove(name)
            return True
        return False

    def get_gestures(self):
        self._listen()
        history, self._history = tuple(self._history), []
        return history


class _MicroBitPin:
    def __init__(self, number):
        self._number = number
        self._pwm = None
        self._period_us = 20000

    def _free(self):
        if self._pwm is not None:
            self._pwm.deinit()
            self._pwm = None

    def write_digital(self, value):
        self._free()
        _Pin(self._number, _Pin.OUT).value(1 if value else 0)

    def read_digital(self):
        self._free()
        return _Pin(self._number, _Pin.IN, _Pin.PULL_DOWN).value()

    def write_analog(self, value):
        if not 0 <= value <= 1023:
            raise ValueError("value must be between 0 and 1023")
        if self._pwm is None:
            self._pwm = _PWM(_Pin(self._number), freq=1000000 // self._period_us, duty=int(value))
        else:
            self._pwm.duty(int(value))

    def read_analog(self):
        self._free()
        return _ADC(_Pin(self._number), atten=_ADC.ATTN_11DB).read_u16() >> 6

    def set_analog_period(self, period):
        self.set_analog_period_microseconds(period * 1000)

    def set_analog_period_microseconds(self, period):
        self._period_us = period
        if self._pwm is not None:
            self._pwm.freq(1000000 // period)


def sleep(ms):
    _time.sleep_ms(int(ms))


def running_time():
    return _time.ticks_ms()


def temperature():
    raw = _unpack(">h", accelerometer._imu().readfrom_mem(_IMU, 0x41, 2))[0]
    return round(raw / 326.8 + 25)


display = _Display()
button_a = _Button(_BUTTON_A, None)  # the ATOM has its own pull-up on G39
button_b = _Button(_BUTTON_B, _Pin.PULL_UP)
accelerometer = _Accelerometer()
pin0, pin1, pin2 = (_MicroBitPin(n) for n in _PINS)
