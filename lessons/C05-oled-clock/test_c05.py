"""C05 OLED でつくる時計とメッセージ: the OLED shows Japan's time (UTC+9) from the network's
NTP, says nothing wrong while the time is not known and asks again, and button A shows the
next message once per press, however long it is held and however its contact bounces.

The OLED's pixels are searched for text drawn in the board's own 8x8 font (at size 1, 2 or
3, anywhere on the screen), so any layout a pupil chooses is fine."""

from __future__ import annotations

import ast
import calendar
from functools import cache
from pathlib import Path

import terakoya.simulator.boards as boards
from terakoya.simulator import Simulation
from terakoya.simulator.model.events import ValueChanged

from terakoya.curriculum.learner_tests import criterion, program

HERE = Path(__file__).parent
PROGRAM = program(HERE)
CIRCUIT = (HERE / "circuit.toml").read_text(encoding="utf-8")
BOUNCY = CIRCUIT.replace("pin = 32\n", "pin = 32\nbounce = true\n")
DRIVER = (HERE / "ssd1306.py").read_text(encoding="utf-8")
START_UTC = calendar.timegm((2026, 12, 7, 0, 58, 30))   # 09:58:30 in Japan


@cache
def font() -> bytes:
    """The board's 8x8 font (8 column bytes a character, ' ' to '~'), from the simulated
    firmware's framebuf."""
    source = (Path(boards.__file__).parent / "esp32" / "frozen" / "framebuf.py").read_text(
        encoding="utf-8")
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "_FONT":
            return bytes.fromhex(node.value.args[0].value)  # type: ignore[attr-defined]
    raise AssertionError("the firmware's font was not found")


def glyph_rows(text: str, scale: int) -> list[int]:
    """``text`` as rows of pixels (bit x = column x), each pixel ``scale`` × ``scale``."""
    rows = [0] * 8
    for n, char in enumerate(text.encode()):
        base = (char - 32) * 8
        for column in range(8):
            bits = font()[base + column]
            for row in range(8):
                if bits >> row & 1:
                    rows[row] |= 1 << (8 * n + column)
    wide = []
    for row in rows:
        out = 0
        for x in range(8 * len(text)):
            if row >> x & 1:
                out |= ((1 << scale) - 1) << (x * scale)
        wide += [out] * scale
    return wide


def shows(board, text: str) -> bool:
    """Whether the OLED shows ``text`` somewhere, at size 1, 2 or 3."""
    screen = oled_rows(board)
    for scale in (1, 2, 3):
        pattern = glyph_rows(text, scale)
        width = 8 * len(text) * scale
        mask = (1 << width) - 1
        for top in range(len(screen) - len(pattern) + 1):
            for left in range(128 - width + 1):
                if all((screen[top + r] >> left) & mask == p for r, p in enumerate(pattern)):
                    return True
    return False


def oled_rows(board) -> list[int]:
    shown = [e.value for e in board.events
             if isinstance(e, ValueChanged) and e.id == "oled.pixels"]
    assert shown, "the OLED never showed anything: oled.show() after drawing"
    return list(shown[-1])


def clock(sim: Simulation, circuit: str = CIRCUIT):
    sim.network.epoch_s = START_UTC       # what the classroom's NTP service will say
    return sim.add_board(PROGRAM, kind="esp32", circuit=circuit, files={"ssd1306.py": DRIVER})


@criterion(1)
def test_the_oled_shows_japans_time_from_the_network():
    with Simulation(seed=1) as sim:
        board = clock(sim)
        sim.run(8000)
        assert board.error is None, f"the program stopped: {board.error}"
        assert shows(board, "09:58"), ("at 00:58 UTC the clock should show 09:58, Japan's "
                                       "time: ntptime.settime(), then add 9 hours")
        sim.run(95_000)
        assert shows(board, "10:00"), "a minute and a half later it should show 10:00"
        assert not shows(board, "01:00"), "that is UTC: Japan is 9 hours ahead"


@criterion(2)
def test_a_long_press_on_a_bouncy_button_is_one_message():
    with Simulation(seed=1) as sim:
        board = clock(sim, BOUNCY)
        sim.run(8000)
        for hold_ms in (80, 700, 150):
            before = board.serial_output.count("message:")
            board.press("btnA", hold_ms=hold_ms)
            sim.run(hold_ms + 1000)
            after = board.serial_output.count("message:")
            assert after - before == 1, (f"a {hold_ms} ms press changed the message "
                                         f"{after - before} times: once per press")
        last = board.serial_output.rsplit("message:", 1)[1].splitlines()[0].strip()
        assert last and shows(board, last), f"the OLED should show the message {last!r}"
        assert board.error is None, f"the program stopped: {board.error}"


@criterion(3)
def test_no_wrong_time_while_the_network_is_away_and_it_asks_again():
    with Simulation(seed=1) as sim:
        sim.network.set_up("classroom", False)          # the router is off at the start
        board = clock(sim)
        sim.run(15_000)
        assert board.error is None, f"the program stopped with no network: {board.error}"
        wrong = [t for t in ("00:00", "09:00", "00:01", "09:01") if shows(board, t)]
        assert not wrong, (f"with no network the clock showed {wrong[0]}, a time it cannot "
                           "know: show that the time is not known yet")
        sim.network.set_up("classroom", True)
        sim.run(60_000)
        assert shows(board, "09:59"), \
            "a minute after the network came back the clock should have asked again and show 09:59"
        assert board.error is None
