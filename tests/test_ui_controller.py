"""The window's input layer, theme and flash safety: no pygame needed."""

from pathlib import Path

import pytest
from terakoya.simulator.ui.controller import DEFAULT_KEYS, Controller, is_action
from terakoya.simulator.ui.flash import FlashGuard
from terakoya.simulator.ui.strings import LABELS, label
from terakoya.simulator.ui.theme import THEMES, contrast


def write(tmp_path, text, name="main.py"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def ctl(tmp_path):
    program = write(tmp_path, "from microbit import *\n"
                              "while True:\n"
                              "    if button_a.is_pressed():\n"
                              "        display.show(Image.HEART)\n"
                              "    else:\n"
                              "        display.clear()\n"
                              "    print(temperature())\n"
                              "    sleep(100)\n")
    controller = Controller(paths=[program], run_checks=False)
    controller.load()
    yield controller
    controller.close()


def test_every_key_names_a_real_action_and_every_action_has_a_label():
    assert all(is_action(action) for action in DEFAULT_KEYS.values())
    assert not is_action("no_such_action")
    for key in ("run", "stop", "button_a", "temperature", "console", "keys_help", "flash_notice"):
        assert label(key, "en") and label(key, "ja") != label(key, "en")


def test_holding_a_key_holds_the_button(ctl):
    ctl.perform("button_a", True)
    ctl.tick(200)
    assert ctl.boards[0].display_image() == "09090:99999:99999:09990:00900"
    ctl.perform("button_a", False)
    ctl.tick(200)
    assert ctl.boards[0].display_image() == "00000:00000:00000:00000:00000"


def test_keyboard_alone_reaches_and_changes_every_control(ctl):
    seen = set()
    for _ in range(len(ctl.controls)):
        seen.add(ctl.focused().id)
        ctl.perform("focus_next")
    assert seen >= {"run", "stop", "temperature", "button_a", "gesture", "compass_heading"}
    while ctl.focused().id != "temperature":
        ctl.perform("focus_next")
    ctl.perform("increase")
    ctl.perform("increase")
    ctl.tick(150)
    assert ctl.boards[0].model.value("temperature") == 23
    assert ctl.console[-1].text == "23"


def test_speed_pause_and_mute(ctl):
    ctl.perform("slower")
    assert ctl.speed == 0.5
    ctl.perform("slower")
    ctl.perform("slower")
    assert ctl.speed == 0.25
    before = ctl.sim.now_ms
    ctl.tick(400)
    assert ctl.sim.now_ms - before == 100
    ctl.perform("pause")
    ctl.tick(400)
    assert ctl.sim.now_ms - before == 100
    ctl.perform("mute")
    assert ctl.muted


def test_gesture_choice_and_tilt(ctl):
    while ctl.focused().id != "gesture":
        ctl.perform("focus_next")
    ctl.adjust(1)
    ctl.activate()
    assert ctl.boards[0].model.motion is not None
    ctl.perform("tilt_left")
    assert ctl.boards[0].model.value("accelerometer_x") == -250


def test_typing_in_the_console_reaches_input(tmp_path):
    program = write(tmp_path, "name = input('name? ')\nprint('hi', name)\n")
    ctl = Controller(paths=[program], run_checks=False)
    ctl.load()
    ctl.focus = [c.kind for c in ctl.controls].index("text")
    ctl.typed = "Ken"
    ctl.console_key("return")
    ctl.tick(100)
    assert [line.text for line in ctl.console][-2:] == ["name? Ken", "hi Ken"]
    ctl.close()


def test_an_error_gets_a_plain_explanation(tmp_path):
    program = write(tmp_path, "from microbit import *\ndisplay.scrol('hi')\n")
    ctl = Controller(paths=[program], lang="ja", run_checks=False)
    ctl.load()
    ctl.tick(100)
    assert ctl.boards[0].error is not None  # the board still shows it; the help is there at once
    assert ctl.console[-1].kind == "help"
    assert "scroll" in ctl.console[-1].text
    ctl.close()


def test_saving_the_file_reloads_it(ctl, tmp_path):
    ctl.tick(300)
    path = ctl.paths[0]
    path.write_text("print('new program')\n", encoding="utf-8")
    import os
    os.utime(path, (1, 1))
    assert ctl.reload_if_changed()
    ctl.tick(10)
    assert ctl.console[-1].text == "new program" or ctl.console[-2].text == "new program"


def test_keymap_file_changes_keys_and_refuses_unknown_actions(ctl, tmp_path):
    good = write(tmp_path, '[keys]\nj = "button_a"\n', "keys.toml")
    ctl.load_keymap(good)
    assert ctl.keys["j"] == "button_a"
    bad = write(tmp_path, '[keys]\nj = "fly"\n', "bad.toml")
    with pytest.raises(ValueError, match="unknown action 'fly'"):
        ctl.load_keymap(bad)


ON = [[9] * 5] * 5
OFF = [[0] * 5] * 5


def test_flash_guard_counts_big_swings_per_second_seen():
    guard = FlashGuard()
    for t in range(0, 1000, 100):  # on, off, on...: 10 swings a second = 5 flashes
        guard.record(1, t, ON if t % 200 else OFF)
    assert guard.flashing(1, 1000)
    slow = FlashGuard()
    for t in range(0, 2000, 400):
        slow.record(1, t, ON if t % 800 else OFF)
    assert not slow.flashing(1, 2000)


def test_scrolling_text_is_not_flashing():
    from terakoya.simulator.board_modules.microbit.text import scroll_frames

    guard = FlashGuard()
    for index, rows in enumerate(scroll_frames(b"Hello, World!", False, False)):
        guard.record(1, index * 60, rows)  # fast: 60 ms a column
        assert not guard.flashing(1, index * 60)


def test_flash_guard_follows_the_speed():
    guard = FlashGuard()
    for t in range(0, 1000, 200):  # 5 swings a second at full speed: fine
        guard.record(1, t, ON if t % 400 else OFF)
    assert not guard.flashing(1, 999, speed=1.0)
    assert not guard.flashing(1, 999, speed=0.5)


@pytest.mark.parametrize("theme", list(THEMES))
def test_themes_meet_contrast(theme):
    t = THEMES[theme]
    assert contrast(t.text, t.background) >= 4.5
    assert contrast(t.control_text, t.control) >= 4.5
    assert contrast(t.focus, t.panel) >= 3
    assert contrast(t.outline, t.board) >= 3  # an unlit LED is seen by its outline
    assert contrast(t.led(9), t.led(0)) >= 3  # a lit LED against an unlit one
    if theme == "high-contrast":
        assert contrast(t.text, t.background) >= 7


def test_labels_exist_in_both_languages():
    for key, (english, japanese) in LABELS.items():
        assert english and japanese, key
        assert Path  # labels are plain text


def test_the_window_shows_the_checks_findings(tmp_path, monkeypatch):
    from terakoya.host_tools.check.findings import WARNING, Finding

    found = Finding(str(tmp_path / "main.py"), 2, "hazard-loop", WARNING, "never pauses",
                    "休みがない")
    monkeypatch.setattr("terakoya.host_tools.check.run.check_paths", lambda paths, board: [found])
    program = write(tmp_path, "while True:\n    pass\n")
    ctl = Controller(paths=[program], lang="ja")
    ctl.load()
    ctl.check_thread.join(30)  # the check runs beside the program, on its own thread
    ctl.tick(1)
    assert any(line.text.startswith(f"{program}:2: 注意: 休みがない") for line in ctl.console)
    ctl.close()


def test_a_long_line_printed_in_pieces_keeps_the_console_small(tmp_path):
    """print(..., end=' ') in a loop: the console keeps the start of the line that a window
    can show (the board keeps all it printed), and the next line starts as usual."""
    from terakoya.simulator.ui.controller import CONSOLE_LINE_CHARS

    program = write(tmp_path, "for i in range(3000):\n    print(i % 10, end=' ')\n"
                              "print()\nprint('next')\n")
    ctl = Controller(paths=[program], run_checks=False)
    ctl.load()
    ctl.tick(60_000)
    outputs = [line.text for line in ctl.console if line.kind == "output"]
    assert len(outputs[-2]) == CONSOLE_LINE_CHARS and outputs[-2].startswith("0 1 2 3")
    assert outputs[-1] == "next"
    assert len(ctl.boards[0].serial_output) == 3000 * 2 + 1 + 5
    ctl.close()


def test_the_network_speaks_in_the_console_and_a_boards_page_opens(tmp_path):
    program = write(tmp_path, "import network, socket, time\n"
                    "w = network.WLAN(network.STA_IF)\nw.active(True)\n"
                    "w.connect('classroom', 'terakoya')\n"
                    "while not w.isconnected():\n    time.sleep_ms(50)\n"
                    "s = socket.socket()\ns.bind(('', 80))\ns.listen(1)\n")
    opened: list[str] = []
    ctl = Controller(paths=[program], lang="ja", board="esp32", run_checks=False,
                     open_pages=opened.append)
    ctl.load()
    ctl.tick(3000)
    notes = [line.text for line in ctl.console if line.kind == "note"]
    assert any("Wi-Fi「classroom」につながりました" in note for note in notes)
    assert len(opened) == 1 and opened[0].startswith("http://127.0.0.1:")
    assert any(opened[0] in note for note in notes)
    ctl.close()
