"""firmware/atom_matrix/microbit.py: the micro:bit's ``microbit`` module on an M5Stack ATOM
Matrix. micro:bit lessons' solutions run unchanged on the simulated ATOM Matrix (its real
MicroPython 1.23 core, the module copied to the board as microbit.py) and on the simulated
micro:bit (MicroPython 1.18, the firmware's own display), with the same inputs at the same
virtual times; the LED pictures must be the same pictures in the same order, at nearly the
same times, and the serial output the same.

Brightness 0-9 on the ATOM's RGB matrix is red 0, 1, 2, 3, 4, 6, 8, 11, 15, 20 (green and blue
0): ``picture`` turns the matrix's colours back into the micro:bit's digits, and fails on any
other colour.

Lessons that fit (only display, buttons, accelerometer, temperature, pins 0-2, sleep,
running_time): E01, E02, E04, E05, E07. The others use what an ATOM Matrix has not: E03 the
light sensor; E06, R01, R02, S01, S03, S05 music or audio (no speaker); E08 the data log;
E09, E10, R04 the micro:bit radio; R01, S01, S02, S03 the touch logo; S02 the microphone;
S04, S05 speech.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
from terakoya.simulator.board_modules.microbit.images_data import BUILTIN_IMAGES
from terakoya.simulator.model.events import DisplayChanged, ValueChanged
from terakoya.simulator.runner.session import Simulation

ROOT = Path(__file__).resolve().parents[1]
MICROBIT = (ROOT / "firmware" / "atom_matrix" / "microbit.py").read_text(encoding="utf-8")
LEVELS = (0, 1, 2, 3, 4, 6, 8, 11, 15, 20)  # brightness 0-9 -> the red LED's level
BLANK = "00000:00000:00000:00000:00000"
# button B (G19 to GND), pin 0 (G26) with an LED on it; pin 1 (G32) is driven by the tests
CIRCUIT = ('[[part]]\nid = "btn_b"\ntype = "button"\npin = 19\n\n'
           '[[part]]\nid = "lamp"\ntype = "led"\npin = 26\n')
BUTTONS = {"microbit": {"A": "A", "B": "B"}, "atom": {"A": "button", "B": "btn_b"}}


def picture(pixels) -> str:
    """The micro:bit's digits for the 25 colours of the matrix (red only, LEVELS)."""
    digits = []
    for r, g, b in pixels:
        assert g == 0 and b == 0 and r in LEVELS, (r, g, b)
        digits.append(str(LEVELS.index(r)))
    return ":".join("".join(digits[row * 5:row * 5 + 5]) for row in range(5))


class Board:
    """A micro:bit, or an ATOM Matrix with microbit.py: the pictures it shows (with the
    virtual ms each appears), its serial output and its part events."""

    def __init__(self, kind: str, source: str, steps=(), ms: float = 10_000, setup=None):
        self.kind = kind
        self.frames: list[tuple[float, str]] = [(0, BLANK)]
        self.events: list[tuple[float, str, object]] = []
        with Simulation(seed=1) as sim:
            if kind == "microbit":
                board = sim.add_board(source=source, start=False)
            else:
                board = sim.add_board(source=source, kind="atom-matrix", circuit=CIRCUIT,
                                      files={"microbit.py": MICROBIT}, start=False)
            self.board = board

            def record(event: object) -> None:
                now = sim.scheduler.now_us / 1000
                if isinstance(event, DisplayChanged):
                    self.frames.append((now, ":".join("".join(map(str, r)) for r in event.pixels)))
                elif isinstance(event, ValueChanged) and event.id == "matrix.pixels":
                    self.frames.append((now, picture(event.value)))
                elif isinstance(event, ValueChanged):
                    self.events.append((now, event.id, event.value))

            board.model.bus.subscribe(record)
            if setup is not None:
                setup(self)
            board.program.start()
            for at, act in sorted(steps, key=lambda step: step[0]):
                sim.run(at - sim.now_ms)
                act(self)
            sim.run(ms - sim.now_ms)
            self.output = board.serial_output
            self.error = board.error

    def pictures(self) -> list[tuple[float, str]]:
        """Each new picture (a picture shown again at once is not a new one)."""
        out: list[tuple[float, str]] = []
        for t, image in self.frames:
            if not out or out[-1][1] != image:
                out.append((t, image))
        return out

    # -- inputs, by their micro:bit names --------------------------------------------------
    def press(self, name: str, hold_ms: int = 100) -> None:
        self.board.press(BUTTONS[self.kind][name], hold_ms)

    def set(self, sensor: str, value: float) -> None:
        if self.kind == "microbit":
            self.board.set(sensor, value)
        elif sensor == "temperature":
            self.board.set("imu.temperature", value)
        elif sensor == "pin1":  # pin 1 is G32: its voltage
            self.board.set("gpio32", 3.3 * value / 1023)
        else:  # accelerometer_x/_y/_z in mg; the IMU's are in g, and its z points the other way
            self.board.set("imu." + sensor, value / (-1000 if sensor.endswith("z") else 1000))


def press(name: str):
    return lambda b: b.press(name)


def set_(sensor: str, value: float):
    return lambda b: b.set(sensor, value)


def shake(at: int) -> list:
    """Eight swings of 1.5 g along x, 60 ms each (the micro:bit and CODAL see a shake)."""
    return [(at + 60 * i, set_("accelerometer_x", 1500 if i % 2 == 0 else -1500))
            for i in range(8)] + [(at + 480, set_("accelerometer_x", 0))]


def same_pictures(source: str, steps=(), ms: float = 10_000, tolerance_ms: float = 100,
                  setup=None) -> tuple[Board, Board]:
    microbit = Board("microbit", source, steps, ms, setup)
    atom = Board("atom", source, steps, ms, setup)
    assert microbit.error is None and atom.error is None, (microbit.output, atom.output)
    expected, got = microbit.pictures(), atom.pictures()
    assert [p for _, p in got] == [p for _, p in expected]
    for (t_got, image), (t_want, _) in zip(got, expected):
        assert abs(t_got - t_want) <= tolerance_ms, (image, t_got, t_want)
    return microbit, atom


# --- micro:bit lessons ----------------------------------------------------------------------

def lesson(name: str) -> str:
    return next(ROOT.glob(f"lessons/{name}-*/solution.py")).read_text(encoding="utf-8")


# The ATOM starts its pictures 20-50 ms after the micro:bit (microbit.py is compiled and run on
# the board; the IMU takes 20 ms to wake), and each picture takes it about 1 ms to send to the
# LEDs: the times agree within 100 ms (E04, E05, E07: inputs come between two passes of the
# lesson's loop, so both boards see them at the same pass).
LESSONS = {
    "E01": [(6050, press("B")), (6550, press("B")), (7050, press("B")), (7550, press("B")),
            (8050, press("B")), (8550, press("B")), (9050, press("A"))],
    "E02": [(550, press("A")), (1050, press("A")), (1550, press("B")), (6050, press("A")),
            (6550, press("A")), (7050, press("B"))],
    "E04": [(1050, set_("pin1", 1023)), (1550, set_("pin1", 0)), *shake(9050)],
    "E05": [(2500, set_("temperature", 27)), (4500, set_("temperature", 30)),
            (6500, press("A")), (10500, press("B")), (13500, press("B")),
            (16500, set_("temperature", 24))],
    "E07": [(1050, press("A")), (8050, set_("temperature", 31)), (9050, set_("temperature", 41)),
            (15050, set_("temperature", 22)), (17050, set_("temperature", 26)),
            (18050, press("B"))],
}


def start_at_22(board: Board) -> None:
    board.set("temperature", 22)


@pytest.mark.parametrize("name", list(LESSONS))
def test_a_micro_bit_lessons_solution_shows_the_same_pictures_on_the_atom(name):
    microbit, atom = same_pictures(lesson(name), LESSONS[name], ms=20_000, setup=start_at_22)
    assert len(microbit.pictures()) >= 6
    if name == "E04":  # it prints running_time(): the same lines, times within 100 ms
        def numbers(text):
            return [int(n) for n in re.findall(r"^\d+", text, re.M)]
        assert re.sub(r"^\d+", "", atom.output, flags=re.M) == \
            re.sub(r"^\d+", "", microbit.output, flags=re.M)
        assert all(abs(a - b) <= 100 for a, b in zip(numbers(atom.output),
                                                      numbers(microbit.output)))
    else:
        assert atom.output == microbit.output
    if name in ("E04", "E07"):  # pin 0 (the light, the heater): the LED on G26
        assert {v for _, n, v in atom.events if n == "lamp.brightness"} == {0.0, 1.0}


# --- the module, piece by piece, against the micro:bit -------------------------------------

def test_show_and_scroll_frames_and_their_timing_are_the_micro_bits():
    source = textwrap.dedent("""
        from microbit import *
        display.scroll('Hi, 2 ATOMs! ~{}|')
        display.scroll(-3.5, delay=80, monospace=True)
        display.show('Go 9')
        display.show([Image.HEART, Image.HEART_SMALL, 'x'], delay=250,
                     clear=True)
        display.show(Image('9:09:009:0009:00009'))
        sleep(300)
        display.show(Image('12345:67890'))
        display.scroll('bg', wait=False)
        sleep(500)
        display.show(Image.ALL_CLOCKS, delay=100)
        display.show(Image.ALL_ARROWS, delay=50)
        display.set_pixel(0, 0, 5)
        display.clear()
        display.scroll('', delay=60)
        display.show('é')
        display.show(42)
        print(display.get_pixel(1, 0), display.is_on())
    """)
    microbit, atom = same_pictures(source, ms=30_000, tolerance_ms=60)
    assert atom.output == microbit.output == "9 True\n"
    # after the start (the ATOM compiles microbit.py first), each picture stays as long as on
    # the micro:bit (whose display ticks every 6 ms: a delay is rounded up to it, on both)
    times = [t for t, _ in atom.pictures()]
    want = [t for t, _ in microbit.pictures()]
    for i in range(2, len(times)):
        assert abs((times[i] - times[i - 1]) - (want[i] - want[i - 1])) <= 7


def test_built_in_images_and_image_methods_are_the_micro_bits():
    source = textwrap.dedent("""
        from microbit import *
        names = [n for n in dir(Image) if n.isupper() and not n.startswith('ALL_')]
        for n in sorted(names):
            print(n, repr(getattr(Image, n)))
        print(len(Image.ALL_CLOCKS), len(Image.ALL_ARROWS), Image.ALL_CLOCKS[3] is Image.CLOCK3)
        i = Image('90009:09090')
        print(i.width(), i.height(), i.get_pixel(1, 1), repr(i.invert()), repr(i.copy()))
        print(repr(i.shift_left(1)), repr(i.shift_right(2)), repr(i.shift_up(1)))
        print(repr(i.shift_down(1)), repr(i.crop(1, 0, 3, 2)), repr(i + i.invert()))
        print(repr(i * 0.5), repr(Image(2, 2, bytearray([1, 2, 3, 4]))), repr(Image()))
        j = Image(3, 1)
        j.set_pixel(2, 0, 7)
        print(repr(j))
        for bad in (lambda: Image.HEART.set_pixel(0, 0, 1), lambda: i.set_pixel(9, 0, 1),
                    lambda: i.set_pixel(0, 0, 10), lambda: Image('12a'),
                    lambda: display.set_pixel(5, 0, 1), lambda: display.set_pixel(0, 0, -1)):
            try:
                bad()
            except Exception as e:
                print(type(e).__name__, e)
    """)
    microbit = Board("microbit", source)
    atom = Board("atom", source)
    assert atom.error is None and microbit.error is None, atom.output
    lines = atom.output.splitlines()
    images = dict(line.split(" ", 1) for line in lines[:len(BUILTIN_IMAGES)])
    assert images == {n: f"Image('{p}:')" for n, p in BUILTIN_IMAGES.items()}
    assert atom.output == microbit.output


def test_buttons_count_presses_as_the_micro_bits_do():
    source = textwrap.dedent("""
        from microbit import *
        print(button_a.was_pressed(), button_a.is_pressed(), button_b.get_presses())
        sleep(1000)
        print(button_a.is_pressed(), button_b.is_pressed())
        sleep(2000)
        print(button_a.was_pressed(), button_a.was_pressed(), button_a.get_presses(),
              button_b.get_presses(), button_b.get_presses(), button_b.was_pressed())
    """)
    steps = [(50 + 300 * i, press("A")) for i in range(4)]
    steps += [(950, lambda b: b.press("B", 200)), (1500, press("B"))]
    microbit = Board("microbit", source, steps, ms=4000)
    atom = Board("atom", source, steps, ms=4000)
    assert atom.output == microbit.output == \
        "False False 0\nTrue True\nTrue False 4 2 0 True\n"


def test_accelerometer_in_milli_g_with_the_micro_bits_gestures():
    source = textwrap.dedent("""
        from microbit import *
        print(accelerometer.get_values(), accelerometer.current_gesture())
        sleep(500)
        print(accelerometer.get_x(), accelerometer.get_y(), accelerometer.get_z(),
              accelerometer.current_gesture(), accelerometer.is_gesture('face down'))
        sleep(1500)
        print(accelerometer.was_gesture('shake'), accelerometer.was_gesture('shake'),
              accelerometer.current_gesture(), accelerometer.get_gestures())
        try:
            accelerometer.is_gesture('wiggle')
        except ValueError as e:
            print(e)
    """)

    def values(x: int, y: int, z: int):
        return lambda b: [b.set(f"accelerometer_{a}", v) for a, v in zip("xyz", (x, y, z))]

    steps = [(200, values(0, 0, 1000)), (1000, values(-900, 0, -300)), *shake(1300),
             (1800, values(-1000, 0, 0))]
    atom = Board("atom", source, steps, ms=3000, setup=lambda b: values(0, 0, -1000)(b))
    lines = atom.output.splitlines()
    assert lines[0] == "(0, 0, -1000) "  # nothing recognised yet: it listens from now on
    assert lines[1] == "0 0 1000 face down True"
    assert lines[2] == "True False left ()"  # was_gesture() empties get_gestures()'s list
    assert lines[3] == "invalid gesture"
    # the micro:bit's own recogniser, given the same movements, says the same
    microbit = Board("microbit", source, steps, ms=3000, setup=lambda b: values(0, 0, -1000)(b))
    assert microbit.output.splitlines()[1:] == lines[1:]


def test_temperature_pins_sleep_and_running_time():
    source = textwrap.dedent("""
        from microbit import *
        print(temperature())
        pin0.write_digital(1)
        sleep(100)
        pin0.write_analog(256)
        sleep(100)
        pin0.write_digital(0)
        print(pin1.read_digital(), pin2.read_digital(), pin1.read_analog() // 100)
        t = running_time()
        sleep(250)
        print(running_time() - t)
        try:
            pin0.write_analog(2000)
        except ValueError as e:
            print(e)
    """)
    atom = Board("atom", source, ms=2000, setup=lambda b: (b.set("temperature", 31.4),
                                                           b.set("pin1", 700)))
    assert atom.output.splitlines() == ["31", "1 0 7", "250", "value must be between 0 and 1023"]
    lamp = [(t, v) for t, n, v in atom.events if n == "lamp.brightness"]
    # on, then a quarter (PWM), then off; leaving PWM, the pin shows its old level for a few us
    steady = [v for (t, v), (t_next, _) in zip(lamp, lamp[1:] + [(1e9, None)]) if t_next - t > 1]
    assert steady[-3:] == [1.0, 0.25, 0.0]


def test_display_colour_and_off():
    source = textwrap.dedent("""
        from microbit import *
        display.show(Image('90000:05000'))
        sleep(10)
        display.color = (0, 255, 255)
        display.set_pixel(4, 4, 1)
        sleep(10)
        display.off()
        sleep(10)
        display.on()
        print(display.is_on(), display.get_pixel(0, 0))
    """)
    with Simulation(seed=1) as sim:
        board = sim.add_board(source=source, kind="atom-matrix", files={"microbit.py": MICROBIT})
        seen = []
        board.model.bus.subscribe(lambda e: seen.append(e.value) if isinstance(
            e, ValueChanged) and e.id == "matrix.pixels" else None)
        sim.run_until_done(3000)
        assert board.serial_output == "True 9\n"
    red, cyan, dark, again = seen[-4:]
    assert red[0] == (20, 0, 0) and red[6] == (6, 0, 0)
    assert cyan[0] == (0, 255, 255) and cyan[6] == (0, 76, 76) and cyan[24] == (0, 12, 12)
    assert set(dark) == {(0, 0, 0)} and again == cyan
