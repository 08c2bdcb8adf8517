"""Accessibility beyond the narrator: sonification, the kana-only interface, the captions log
and the large caption bar, the LED magnifier, the text mode for ESP32 parts and in a real
pseudo-terminal."""

from __future__ import annotations

import ast
import io
import os
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from terakoya.accessibility.kana import KANJI, to_kana
from terakoya.accessibility.sonify import (
    COLUMN_MS,
    ROW_HZ,
    START_MS,
    Chord,
    led_sweep,
    samples,
    value_pitch,
)
from terakoya.simulator.ui.controller import Controller
from terakoya.simulator.ui.text_mode import TextMode

ROOT = Path(__file__).resolve().parents[1]
HEART_SOURCE = "from microbit import *\ndisplay.show(Image.HEART)\nsleep(99999)\n"


def controller(tmp_path, source: str = HEART_SOURCE, **options) -> Controller:
    path = tmp_path / "main.py"
    path.write_text(source, encoding="utf-8")
    ctl = Controller(paths=[path], run_checks=False, **options)
    ctl.load()
    return ctl


# -- sonification ---------------------------------------------------------------------------
def test_the_led_sweep_plays_each_column_with_a_pitch_for_each_lit_row():
    sweep = led_sweep(["09090", "99999", "99999", "09990", "00900"])  # a heart
    assert len(sweep) == 6 and sweep[0].ms == START_MS  # the click, then five columns
    first, middle = sweep[1], sweep[3]
    assert [hz for hz, _ in first.notes] == [ROW_HZ[1], ROW_HZ[2]]
    assert [hz for hz, _ in middle.notes] == list(ROW_HZ[1:])
    assert all(chord.ms == COLUMN_MS for chord in sweep[1:])
    assert ROW_HZ == tuple(sorted(ROW_HZ, reverse=True))  # the top row sounds highest
    dim = led_sweep(["10000", "00000", "00000", "00000", "00000"])[1]
    assert dim.notes == ((ROW_HZ[0], 1 / 9),)  # loudness follows brightness
    assert led_sweep(["00000"] * 5)[3].notes == ()  # a dark column: silence, same length


def test_values_are_pitches_evenly_spaced_by_ear():
    low, middle, high = (value_pitch(v, 0, 255) for v in (0, 127.5, 255))
    assert (low, high) == (220.0, 1760.0)
    assert middle == pytest.approx((low * high) ** 0.5)
    assert value_pitch(-40, 0, 255) == low and value_pitch(999, 0, 255) == high


def test_sonification_samples_never_clip_and_have_the_chords_length():
    sweep = led_sweep(["99999"] * 5)  # every LED lit: five notes at once
    out = samples(sweep, 22050)
    assert len(out) == sum(22050 * chord.ms // 1000 for chord in sweep)
    assert max(abs(v) for v in out) <= 12_000
    assert samples([Chord((), 100)], 8000).tolist() == [0] * 800


def test_f8_hears_the_focused_boards_leds_and_f9_hears_slider_values(tmp_path):
    heard: list[list[Chord]] = []
    ctl = controller(tmp_path)
    ctl.cue = heard.append
    try:
        ctl.sim.run(500)
        ctl.perform(ctl.keys["f8"])
        assert len(heard) == 1 and len(heard[0]) == 6
        ctl.perform(ctl.keys["f9"])
        light = next(i for i, c in enumerate(ctl.controls) if c.id == "light_level")
        ctl.set_focus(light)  # its value heard on arrival
        ctl.adjust(1)  # and as it changes
        pitches = [cue[0].notes[0][0] for cue in heard[1:]]
        assert len(pitches) == 2 and pitches[1] > pitches[0]
    finally:
        ctl.close()


# -- kana -------------------------------------------------------------------------------------
WINDOW_TEXT_FILES = [*ROOT.glob("simulator/ui/*.py"), *ROOT.glob("accessibility/*.py"),
                     *ROOT.glob("simulator/boards/**/*.py"), *ROOT.glob("host_tools/check/*.py"),
                     *ROOT.glob("simulator/model/**/*.py"), ROOT / "simulator/runner/mqtt_client.py"]


def japanese_texts() -> list[tuple[str, str]]:
    found = []
    for path in WINDOW_TEXT_FILES:
        if path.name == "kana.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and \
                    KANJI.search(node.value):
                found.append((path.name, node.value))
    return found


def test_every_japanese_text_the_window_shows_has_a_kana_reading():
    texts = japanese_texts()
    assert len(texts) > 200
    left = [(name, to_kana(text)) for name, text in texts if KANJI.search(to_kana(text))]
    assert not left, left[:5]


@pytest.mark.parametrize("text, kana", [
    ("一時停止 / 再開", "いちじていし / さいかい"), ("3 行目", "3 ぎょうめ"),
    ("音 オン / オフ", "おと オン / オフ"), ("データログ: 表とグラフ", "データログ: ひょうとグラフ"),
    ("もう一度動かす / リセット", "もういちどうごかす / リセット"), ("micro:bit", "micro:bit")])
def test_readings_are_the_ones_these_words_have_here(text, kana):
    assert to_kana(text) == kana


def test_the_text_mode_in_kana_writes_no_kanji(tmp_path):
    ctl = controller(tmp_path, lang="ja", kana=True)
    out = io.StringIO()
    mode = TextMode(ctl, out, "ja")
    try:
        mode.command("help")
        mode.command("pause")
        mode.command("けいさん")  # unknown: the answer too is in kana
    finally:
        ctl.close()
    assert "いちじていし" in out.getvalue() and not KANJI.search(out.getvalue())


# -- captions, caption bar, magnifier -------------------------------------------------------
TUNE = "import music\nmusic.play(['c4:4', 'e', 'g:8'])\nsleep(99999)\n"


def test_every_caption_is_kept_in_a_log_with_the_boards_time(tmp_path):
    ctl = controller(tmp_path, TUNE, lang="ja")
    out = io.StringIO()
    mode = TextMode(ctl, out, "ja")
    try:
        ctl.sim.run(3000)
        mode.command("じまく")
    finally:
        ctl.close()
    log = [line.text for line in ctl.caption_log]
    assert log[0] == "メロディー（かっこの中は拍）: ド4(1) ミ(1) ソ(2)"
    assert ctl.caption_log[0].seconds < 0.5 and "メロディーが終わった" in log
    assert "ド4(1) ミ(1) ソ(2)" in out.getvalue()


@pytest.fixture
def window(tmp_path):
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    import pygame
    from terakoya.simulator.ui.render import Renderer

    pygame.display.init()
    renderer = Renderer(1.0)
    yield renderer, pygame.Surface(renderer.size), pygame


def test_the_caption_bar_shows_the_newest_caption_in_large_print(tmp_path, window):
    renderer, surface, pygame = window
    ctl = controller(tmp_path, TUNE, big_captions=True)
    try:
        ctl.sim.run(200)
        renderer.draw(surface, ctl)
        board_area_bottom = renderer.size[1] - min(renderer.console_height,
                                                   int(renderer.size[1] * 0.32))
        line = renderer.huge.get_height()
        bar_row = board_area_bottom - line // 2 - 8
        # the bar's background: the panel colour across the boards' width
        assert surface.get_at((4, bar_row))[:3] == (255, 255, 255)
        assert line >= 1.6 * renderer.font.get_height()
    finally:
        ctl.close()


def test_the_captions_pane_and_the_magnifier_draw_from_the_controllers_state(tmp_path,
                                                                              window):
    renderer, surface, pygame = window
    ctl = controller(tmp_path)
    try:
        ctl.sim.run(500)
        ctl.perform(ctl.keys["c"])
        ctl.perform(ctl.keys["z"])
        renderer.draw(surface, ctl)
        from terakoya.simulator.ui.theme import DEFAULT

        # the heart's top-middle LED is unlit and the one beside it lit, drawn large
        board_w = renderer.size[0] - min(renderer.px(380), int(renderer.size[0] * 0.42))
        lit = {tuple(surface.get_at((x, y))[:3]) for x in range(0, board_w, 7)
               for y in range(60, 400, 7)}
        assert DEFAULT.led(9) in lit and DEFAULT.led_off in lit
    finally:
        ctl.close()


# -- the text mode with an ESP32's parts, and in a pseudo-terminal ----------------------------
def test_the_text_mode_drives_an_esp32_circuits_parts(tmp_path):
    folder = ROOT / "tests/corpus_esp32/04_door_alarm"
    ctl = Controller(paths=[folder], lang="en", board="esp32", run_checks=False)
    ctl.load()
    out = io.StringIO()
    mode = TextMode(ctl, out, "en")
    try:
        ctl.sim.run(500)
        mode.command("set pir1.motion 1")
        ctl.sim.run(600)
        mode.command("press stop 300")
        ctl.sim.run(1000)
    finally:
        ctl.close()
    text = out.getvalue()
    assert "intruder! alarm 1" in text and "alarm off" in text
    assert "buzz: ♪" in text  # the buzzer's tones as captions


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_the_text_mode_in_a_pseudo_terminal(tmp_path):
    program = tmp_path / "hi.py"
    program.write_text("from microbit import *\nwhile not button_a.is_pressed():\n"
                       "    sleep(20)\nprint('pressed')\ndisplay.show(Image.HEART)\n"
                       "sleep(60000)\n", encoding="utf-8")
    main, other = os.openpty()
    process = subprocess.Popen([sys.executable, "-m", "terakoya", "--lang", "ja", "sim",
                                "--text", "--kana", str(program)],
                               stdin=other, stdout=other, stderr=other, close_fds=True)
    os.close(other)
    seen = b""
    try:
        seen += read_until(main, "コマンド".encode(), seen)
        os.write(main, "おす a\n".encode())
        seen += read_until(main, "ハート".encode(), seen)
        os.write(main, "おわり\n".encode())
        assert process.wait(timeout=60) == 0
    finally:
        process.kill()
        os.close(main)
    text = seen.decode("utf-8", "replace")
    assert "pressed" in text and "ひょうじ: ハート" in text


def read_until(fd: int, wanted: bytes, before: bytes, limit_s: float = 90) -> bytes:
    """What the terminal shows until ``wanted`` appears (a real-time wait for a process)."""
    got = b""
    end = time.monotonic() + limit_s
    while wanted not in before + got:
        if time.monotonic() > end:
            raise AssertionError((before + got).decode("utf-8", "replace")[-1500:])
        ready, _, _ = select.select([fd], [], [], 1.0)
        if ready:
            try:
                got += os.read(fd, 4096)
            except OSError:
                break
    return got


def test_what_a_program_does_with_the_pins_is_told_once_it_settles(tmp_path):
    source = ("from microbit import *\npin1.write_digital(1)\nsleep(500)\n"
              "for i in range(20):\n    pin2.write_digital(i % 2)\n    sleep(20)\n"
              "pin1.write_digital(0)\npin0.write_analog(512)\nsleep(99999)\n")
    ctl = controller(tmp_path, source, lang="ja")
    out = io.StringIO()
    mode = TextMode(ctl, out, "ja")
    try:
        for _ in range(40):
            ctl.sim.run(50)
            mode.settle()
    finally:
        ctl.close()
    lines = out.getvalue().splitlines()
    told = [line for line in lines if line.startswith("ピン")]
    # the fast blinking on pin 2 is told once, as it ended (on), not twenty times
    assert told == ["ピン 1 オン（高い）", "ピン 2 オン（高い）", "ピン 1 オフ（低い）",
                    "ピン 0 の出力 512（1023 まで）"]


def test_the_window_writes_what_the_pins_output_under_the_board(tmp_path, window):
    renderer, surface, pygame = window
    ctl = controller(tmp_path, "from microbit import *\npin1.write_digital(1)\n"
                               "pin0.write_analog(300)\nsleep(99999)\n", lang="en")
    try:
        ctl.sim.run(300)
        renderer.draw(surface, ctl)
        body = renderer.bodies[1]
        words = [rect for board, kind, rect in renderer.placed
                 if kind == "words" and rect.top >= body.bottom]
    finally:
        ctl.close()
    assert len(words) == 1 and words[0].width > 100
