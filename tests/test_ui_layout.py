"""The window on a school laptop: it fits the screen at every scale, the panel of controls
scrolls with the wheel and never moves under a click, and the title names the program."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pygame
import pytest
from terakoya.simulator.ui import app
from terakoya.simulator.ui.app import WindowOptions, fitted, make_controller, window_title
from terakoya.simulator.ui.render import Renderer


def test_the_window_fits_a_1366x768_screen_at_scale_3(monkeypatch):
    monkeypatch.setattr(app.pygame.display, "get_desktop_sizes", lambda: [(1366, 768)])
    for scale in (1, 2, 3):
        width, height = fitted(Renderer(scale).size)
        assert width <= 1366 and height <= 768


def test_a_small_window_still_shows_boards_panel_and_console(tmp_path):
    program = tmp_path / "main.py"
    program.write_text("from microbit import *\ndisplay.show(Image.HEART)\nsleep(9999)\n")
    ctl = make_controller(WindowOptions([program], scale=3))
    try:
        ctl.tick(50)
        renderer = Renderer(3)
        surface = pygame.Surface((1311, 691))  # what fitted() gives at scale 3 on 1366x768
        renderer.draw(surface, ctl)
        body = renderer.bodies[1]
        assert body.width > 200 and surface.get_rect().contains(body)
        assert renderer.panel_area.right <= 1311 and renderer.panel_visible >= 2
    finally:
        ctl.close()


def test_the_wheel_scrolls_the_panel_and_a_click_does_not(tmp_path):
    program = tmp_path / "main.py"
    program.write_text("from microbit import *\nsleep(9999)\n")
    ctl = make_controller(WindowOptions([program]))
    try:
        renderer = Renderer(1.0)
        surface = pygame.Surface(renderer.size)
        renderer.draw(surface, ctl)
        assert renderer.panel_first == 0 and len(ctl.controls) > renderer.panel_visible
        renderer.scroll_panel(3)
        renderer.draw(surface, ctl)
        assert renderer.panel_first == 3 and ctl.focus == 0  # the list moved, not the focus
        hit = next(h for h in renderer.hits if h.control is ctl.controls[5])
        app.handle_click(ctl, renderer, hit.rect.center, True)
        renderer.draw(surface, ctl)
        assert ctl.focus == 5 and renderer.panel_first == 3  # no jump under the pointer
        ctl.focus = len(ctl.controls) - 1  # the keyboard moves the focus out of sight
        renderer.draw(surface, ctl)
        assert renderer.panel_first + renderer.panel_visible == len(ctl.controls)
    finally:
        ctl.close()


def test_the_title_names_the_program_and_the_board(tmp_path):
    program = tmp_path / "night_light.py"
    program.write_text("pass\n")
    options = WindowOptions([program], board="esp32")
    ctl = make_controller(options)
    try:
        assert window_title(ctl, options) == "Terakoya — night_light (ESP32-DevKitC)"
    finally:
        ctl.close()
    assert Path(program).exists()


def test_an_export_that_fails_is_a_plain_line_not_a_crash(tmp_path, monkeypatch):
    from terakoya.simulator.ui import controller as controller_module

    program = tmp_path / "main.py"
    program.write_text("import log\nlog.add(a=1)\n")
    ctl = make_controller(WindowOptions([program], lang="ja"))
    try:
        ctl.tick(100)

        def full_disk(path, data):
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(controller_module, "write_new", full_disk)
        assert ctl.export_log() is None
        assert "保存できませんでした" in ctl.console[-1].text
        assert not list(tmp_path.glob("*.csv"))
    finally:
        ctl.close()


def test_two_boards_words_stay_clear_of_their_leds_in_both_languages(tmp_path):
    program = tmp_path / "main.py"
    program.write_text("from microbit import *\ndisplay.show(Image('99999:' * 5))\nsleep(9999)\n")
    for lang in ("en", "ja"):
        for scale in (1, 2):
            ctl = make_controller(WindowOptions([program, program], lang=lang, scale=scale))
            try:
                ctl.tick(50)
                renderer = Renderer(scale)
                renderer.draw(pygame.Surface(renderer.size), ctl)
            finally:
                ctl.close()
            for board in (1, 2):
                leds = [r for b, kind, r in renderer.placed if b == board and kind == "led"]
                words = [r for b, kind, r in renderer.placed if b == board and kind == "words"]
                assert len(leds) == 25 and len(words) == 2
                assert all(w.collidelist(leds) == -1 for w in words), (lang, scale, board)
                assert all(renderer.bodies[board].contains(w) for w in words)


def test_every_control_of_every_board_is_reachable_by_mouse_in_the_default_size(tmp_path):
    """With the wheel and clicks alone (no keyboard), each control can be got to and used."""
    program = tmp_path / "main.py"
    program.write_text("pass\n")
    for board in ("microbit", "esp32", "atom-matrix"):
        ctl = make_controller(WindowOptions([program], board=board))
        try:
            renderer = Renderer(1.0)
            surface = pygame.Surface(renderer.size)
            renderer.draw(surface, ctl)
            for index in range(len(ctl.controls)):
                control = ctl.controls[index]  # (a click on Reset makes the list anew)
                for _ in range(len(ctl.controls)):  # wheel down until it shows
                    hit = next((h for h in renderer.hits if h.control is not None and
                                (h.control.id, h.control.board) == (control.id, control.board)),
                               None)
                    if hit is not None and surface.get_rect().contains(hit.rect):
                        break
                    renderer.scroll_panel(1)
                    renderer.draw(surface, ctl)
                assert hit is not None, (board, control.id)
                app.handle_click(ctl, renderer, hit.rect.center, True)
                app.handle_click(ctl, renderer, hit.rect.center, False)
                renderer.draw(surface, ctl)
                assert ctl.focus == index, (board, control.id)
                renderer.scroll_panel(-len(ctl.controls))  # back to the top for the next
                renderer.draw(surface, ctl)
        finally:
            ctl.close()


@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="xvfb-run is not installed "
                    "(Debian package xvfb; CI installs it)")
def test_a_real_window_at_scale_3_fits_a_1366x768_screen_under_xvfb(tmp_path):
    program = tmp_path / "main.py"
    program.write_text("pass\n")
    probe = tmp_path / "probe.py"
    probe.write_text(
        "import sys, pygame\n"
        "from terakoya.simulator.ui import app\n"
        "from terakoya.simulator.ui.app import WindowOptions\n"
        "opened = []\n"
        "def seen():\n"
        "    opened.append(pygame.display.get_surface().get_size())\n"
        f"app.run_window(WindowOptions([__import__('pathlib').Path({str(program)!r})], scale=3,"
        " frames=5, on_open=seen))\n"
        "print(*opened[0])\n")
    env = {**os.environ, "TERAKOYA_CHECK_ON_LOAD": "0"}
    env.pop("SDL_VIDEODRIVER", None)
    done = subprocess.run(["xvfb-run", "-a", "-s", "-screen 0 1366x768x24", sys.executable,
                           str(probe)], capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    width, height = (int(n) for n in done.stdout.split()[-2:])
    assert width <= 1366 and height <= 768
