"""terakoya sim --text: the simulator in a terminal, one line per event, a command for every
control, in English and Japanese; and the words for what a board shows."""

from __future__ import annotations

import io
import subprocess
import sys

from terakoya.accessibility.describe import describe_display, image_name
from terakoya.simulator.ui.controller import Controller
from terakoya.simulator.ui.text_mode import TextMode

HEART = ((0, 9, 0, 9, 0), (9, 9, 9, 9, 9), (9, 9, 9, 9, 9), (0, 9, 9, 9, 0), (0, 0, 9, 0, 0))


def mode(tmp_path, source: str, lang: str = "en", board: str = "microbit", files: int = 1):
    paths = []
    for number in range(files):
        path = tmp_path / f"p{number}.py"
        path.write_text(source, encoding="utf-8")
        paths.append(path)
    ctl = Controller(paths=paths, lang=lang, board=board, run_checks=False)
    ctl.load()
    out = io.StringIO()
    return ctl, TextMode(ctl, out, lang), out


def step(ctl: Controller, tm: TextMode, ms: int) -> None:
    for _ in range(ms // 50):
        ctl.sim.run(50)
        tm.settle()


def test_pictures_have_names_and_others_are_read_row_by_row():
    assert image_name(HEART, "ja") == "ハート" and image_name(HEART, "en") == "heart"
    assert describe_display(HEART, True, "en") == "the display shows: heart"
    assert describe_display(HEART, False, "ja") == "表示は消えています"
    odd = ((5, 0, 0, 0, 0),) + ((0,) * 5,) * 4
    assert describe_display(odd, True, "en").endswith("5 0 0 0 0 / 0 0 0 0 0 / 0 0 0 0 0 / "
                                                      "0 0 0 0 0 / 0 0 0 0 0")
    arrow = image_name(((0, 0, 9, 0, 0), (0, 9, 9, 9, 0), (9, 0, 9, 0, 9), (0, 0, 9, 0, 0),
                        (0, 0, 9, 0, 0)), "ja")
    assert arrow == "上向きの矢印"


def test_a_button_press_a_picture_and_printed_lines_each_get_one_line(tmp_path):
    ctl, tm, out = mode(tmp_path, "from microbit import *\n"
                                  "while not button_a.was_pressed():\n    sleep(20)\n"
                                  "display.show(Image.HEART)\nprint('pressed!')\nsleep(2000)\n")
    try:
        step(ctl, tm, 500)
        tm.command("press a")
        step(ctl, tm, 1000)
    finally:
        ctl.close()
    lines = out.getvalue().splitlines()
    assert "the program starts" in lines
    assert "button A pressed" in lines or any("pressed" in line for line in lines[:6])
    assert "pressed!" in lines and lines.count("the display shows: heart") == 1


def test_commands_in_japanese_kana_set_sensors_tilt_type_and_describe(tmp_path):
    ctl, tm, out = mode(tmp_path, "from microbit import *\nname = input()\n"
                                  "while True:\n    print(name, display.read_light_level(), "
                                  "accelerometer.get_x() < -500)\n    sleep(500)\n", lang="ja")
    try:
        step(ctl, tm, 200)
        tm.command("うつ yui")
        tm.command("せってい あかるさ 200")
        tm.command("かたむける ひだり")
        step(ctl, tm, 700)
        tm.command("ようす")
        tm.command("ろぐ")
        tm.command("まちがい")
    finally:
        ctl.close()
    text = out.getvalue()
    assert "yui 200 True" in text
    assert "表示は消えています" in text and "ボードが最後に出した行:" in text
    assert "「まちがい」はわかりません。help でコマンドの一覧が出ます。" in text


def test_pause_speed_board_and_help(tmp_path):
    ctl, tm, out = mode(tmp_path, "from microbit import *\nsleep(99999)\n", files=2)
    try:
        for line in ("pause", "go", "speed 0.5", "board 2", "help", "set light abc",
                     "press z"):
            tm.command(line)
    finally:
        ctl.close()
    text = out.getvalue()
    for words in ("Paused.", "Going on.", "Speed × 0.5.", "Board 2.", "Commands: press a",
                  "'abc' is not a number.", "This board has no 'z'."):
        assert words in text
    assert ctl.speed == 0.5 and tm.board == 2


def test_terakoya_sim_text_runs_in_a_terminal_from_typed_commands(tmp_path):
    program = tmp_path / "hi.py"
    program.write_text("from microbit import *\nwhile not button_b.is_pressed():\n"
                       "    sleep(20)\ndisplay.show(Image.HAPPY)\nprint('hello')\n"
                       "sleep(60000)\n")
    done = subprocess.run([sys.executable, "-m", "terakoya", "--lang", "en", "sim", "--text",
                           str(program)], input="hold b 1\nwait 3\n", capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "hello" in done.stdout and "the display shows: happy face" in done.stdout
