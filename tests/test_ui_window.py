"""The window itself, headless (SDL dummy drivers): screenshots, keys and clicks."""

import os

import pygame
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from terakoya.simulator.ui.app import (
    WindowOptions,
    handle_click,
    handle_key,
    make_controller,
    run_window,
    screenshot,
)
from terakoya.simulator.ui.controller import ConsoleLine
from terakoya.simulator.ui.render import ROW, Renderer, wrap
from terakoya.simulator.ui.theme import THEMES

from terakoya.cli import main

HEART = "from microbit import *\ndisplay.show(Image.HEART)\nsleep(100000)\n"


def program(tmp_path, text=HEART):
    path = tmp_path / "main.py"
    path.write_text(text, encoding="utf-8")
    return path


def test_screenshot_shows_the_display(tmp_path):
    out = tmp_path / "shot.png"
    screenshot(WindowOptions([program(tmp_path)]), out, after_ms=100)
    image = pygame.image.load(str(out))
    assert image.get_size() == (1024, 720)
    colours = {tuple(image.get_at((x, y)))[:3] for x in range(0, 640, 4) for y in range(0, 500, 4)}
    assert THEMES["default"].led(9) in colours  # lit LEDs of the heart
    assert THEMES["default"].led(0) in colours  # and dark ones


def test_screenshot_high_contrast_scaled(tmp_path):
    out = tmp_path / "shot.png"
    screenshot(WindowOptions([program(tmp_path)], theme="high-contrast", scale=1.5, lang="ja"),
               out, after_ms=100)
    image = pygame.image.load(str(out))
    assert image.get_size() == (1536, 1080)
    assert tuple(image.get_at((2, 2)))[:3] == THEMES["high-contrast"].background
    colours = {tuple(image.get_at((x, y)))[:3] for x in range(0, 900, 5) for y in range(0, 700, 5)}
    assert THEMES["high-contrast"].led(9) in colours


def test_cli_screenshot_and_usage_errors(tmp_path, capsys):
    out = tmp_path / "cli.png"
    assert main(["sim", str(program(tmp_path)), "--screenshot", str(out), "--after-ms", "50"]) == 0
    assert out.exists()
    assert main(["sim", "missing.py", "--screenshot", str(out)]) == 2
    assert main(["sim", str(program(tmp_path)), "--scale", "5", "--screenshot", str(out)]) == 2
    err = capsys.readouterr().err
    assert "Cannot find the program file" in err and "--scale must be from 1 to 3" in err


def test_the_welcome_program_opens_without_a_file(tmp_path):
    out = tmp_path / "welcome.png"
    assert main(["sim", "--screenshot", str(out), "--after-ms", "500"]) == 0


def test_window_runs_frames_headless(tmp_path):
    assert run_window(WindowOptions([program(tmp_path)], frames=3)) == 0


def test_controls_are_big_enough_and_clickable(tmp_path):
    ctl = make_controller(WindowOptions([program(tmp_path, "from microbit import *\n"
                                                "while True:\n    print(button_a.is_pressed())\n"
                                                "    sleep(100)\n")]))
    try:
        renderer = Renderer()
        surface = pygame.Surface(renderer.size)
        renderer.draw(surface, ctl)
        assert all(hit.rect.width >= 44 and hit.rect.height >= 44 for hit in renderer.hits)
        button = next(h for h in renderer.hits if h.action == "button_a")
        handle_click(ctl, renderer, button.rect.center, True)
        ctl.tick(150)
        handle_click(ctl, renderer, button.rect.center, False)
        ctl.tick(150)
        assert "True" in [line.text for line in ctl.console]
        ctl.focus = [c.id for c in ctl.controls].index("temperature")
        renderer.draw(surface, ctl)  # the panel scrolls to the focused control
        temperature = next(h for h in renderer.hits if h.control and h.control.id == "temperature")
        handle_click(ctl, renderer, (temperature.rect.right - 5, temperature.rect.centery), True)
        assert ctl.boards[0].model.value("temperature") == 22
    finally:
        ctl.close()


def test_keys_press_buttons_and_move_focus(tmp_path):
    pygame.init()
    ctl = make_controller(WindowOptions([program(tmp_path)]))
    try:
        handle_key(ctl, pygame.event.Event(pygame.KEYDOWN, key=pygame.K_a, mod=0))
        assert ctl.boards[0].model.buttons["A"].pressed
        handle_key(ctl, pygame.event.Event(pygame.KEYUP, key=pygame.K_a, mod=0))
        assert not ctl.boards[0].model.buttons["A"].pressed
        handle_key(ctl, pygame.event.Event(pygame.KEYDOWN, key=pygame.K_TAB, mod=0))
        assert ctl.focus == 1
        handle_key(ctl, pygame.event.Event(pygame.KEYDOWN, key=pygame.K_TAB, mod=pygame.KMOD_SHIFT))
        assert ctl.focus == 0
    finally:
        ctl.close()


@pytest.mark.parametrize("theme", ["default", "high-contrast"])
def test_flashing_pattern_is_shown_steady(tmp_path, theme):
    blink = ("from microbit import *\nwhile True:\n    display.show(Image.HEART)\n"
             "    sleep(50)\n    display.clear()\n    sleep(50)\n")
    ctl = make_controller(WindowOptions([program(tmp_path, blink)], theme=theme))
    try:
        renderer = Renderer()
        surface = pygame.Surface(renderer.size)
        pictures = set()
        for _ in range(12):
            ctl.tick(50)
            renderer.draw(surface, ctl)
            pictures.add(str(renderer.frozen.get(1)))
        assert 1 in renderer.frozen and len(pictures - {"None"}) == 1
    finally:
        ctl.close()


LOGGER = ("from microbit import *\nimport log\nlog.set_labels('temp', 'light')\n"
          "for i in range(6):\n    log.add(temp=20 + i, light=i * 10)\n    sleep(100)\n"
          "sleep(100000)\n")


def test_data_log_table_plot_and_csv_export(tmp_path):
    ctl = make_controller(WindowOptions([program(tmp_path, LOGGER)]))
    try:
        ctl.tick(1000)
        ctl.perform("show_log")
        renderer = Renderer()
        surface = pygame.Surface(renderer.size)
        renderer.draw(surface, ctl)
        first = ctl.export_log()
        second = ctl.export_log()
        assert first.name == "main-log.csv" and second.name == "main-log-2.csv"
        text = first.read_text()
        assert text.splitlines()[0] == "Time (seconds),temp,light"
        assert len(text.splitlines()) == 7
        assert (tmp_path / "main.py").read_text() == LOGGER  # the program is never touched
        tmp_path.chmod(0o500)  # a folder that cannot be written: a plain line, no crash
        try:
            if not os.access(tmp_path, os.W_OK):  # (root writes anywhere: nothing to see)
                assert ctl.export_log() is None
                assert "could not be saved" in ctl.console[-1].text
        finally:
            tmp_path.chmod(0o700)
    finally:
        ctl.close()


def test_without_a_screen_the_program_runs_headless(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("SDL_VIDEODRIVER", raising=False)
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setattr("sys.platform", "linux")
    path = tmp_path / "hello.py"
    path.write_text("print('hello')\n")
    assert main(["sim", str(path)]) == 0
    captured = capsys.readouterr()
    assert captured.out == "hello\n"
    assert "No screen" in captured.err


def test_dragging_the_board_tilts_it(tmp_path):
    from terakoya.simulator.ui.app import handle_drag

    ctl = make_controller(WindowOptions([program(tmp_path)]))
    try:
        renderer = Renderer()
        renderer.draw(pygame.Surface(renderer.size), ctl)
        body = renderer.bodies[1]
        handle_drag(ctl, renderer, (body.right - 1, body.centery))
        assert ctl.boards[0].model.value("accelerometer_x") > 1900
        assert abs(ctl.boards[0].model.value("accelerometer_y")) < 50
    finally:
        ctl.close()


# -- long explanations wrap in the console ---------------------------------------------------
WORDS = st.text(alphabet="abc xyzあいうえお漢字。、", max_size=200)


@settings(max_examples=60, deadline=None)
@given(text=WORDS, width=st.integers(min_value=40, max_value=600))
def test_wrapped_lines_fit_and_keep_every_word(text, width):
    renderer = Renderer(1.0)
    lines = wrap(text, renderer.small, width)
    for line in lines:
        one_piece = " " not in line.strip() and line.isascii()
        assert renderer.small.size(line)[0] <= width or one_piece or len(line) == 1
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_a_long_explanation_is_shown_whole(tmp_path):
    ctl = make_controller(WindowOptions([program(tmp_path)], lang="ja"))
    try:
        ctl.console.append(ConsoleLine(1, "ながい説明 " * 40, "help"))
        renderer = Renderer(1.0)
        surface = pygame.Surface(renderer.size)
        lines = wrap("ながい説明 " * 40, renderer.small, renderer.size[0] - 16)
        assert len(lines) > 2
        renderer.draw(surface, ctl)
        red = THEMES["default"].error_text
        top = renderer.size[1] - renderer.console_height + ROW // 2 + 4
        bands = {(y - top) // (ROW // 2) for y in range(top, renderer.size[1])
                 for x in range(0, renderer.size[0], 2)
                 if tuple(surface.get_at((x, y)))[:3] == red}
        assert len(bands) == len(lines)  # one console row for each wrapped line
    finally:
        ctl.close()


def test_the_key_help_is_a_note_in_the_text_colour_shown_whole(tmp_path):
    ctl = make_controller(WindowOptions([program(tmp_path)], lang="en"))
    try:
        ctl.perform("help")
        renderer = Renderer(1.0)
        surface = pygame.Surface(renderer.size)
        renderer.draw(surface, ctl)
        theme = THEMES["default"]
        top = renderer.size[1] - renderer.console_height + ROW // 2 + 4
        colours = {tuple(surface.get_at((x, y)))[:3] for y in range(top, renderer.size[1])
                   for x in range(0, renderer.size[0], 2)}
        assert theme.text in colours and theme.error_text not in colours  # not an alarm
        assert len(wrap(ctl.console[-1].text, renderer.small, renderer.size[0] - 16)) > 1
    finally:
        ctl.close()
