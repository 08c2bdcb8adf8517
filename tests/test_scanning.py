"""Switch access: one switch (automatic scanning) and two (step scanning) reach and use
every kind of control; sliders move with the switches; buttons can be held."""

from __future__ import annotations

from terakoya.simulator.ui.controller import Controller
from terakoya.simulator.ui.scanning import Scanner


def scanned(tmp_path, switches: int, source: str = "from microbit import *\nsleep(99999)\n"):
    path = tmp_path / "main.py"
    path.write_text(source, encoding="utf-8")
    ctl = Controller(paths=[path], lang="en", run_checks=False)
    ctl.load()
    return ctl, Scanner(ctl, switches, interval_ms=1000)


def test_one_switch_moves_by_itself_and_chooses(tmp_path):
    ctl, scan = scanned(tmp_path, 1)
    try:
        assert ctl.focus == 0
        scan.tick(999)
        assert ctl.focus == 0
        scan.tick(1)
        scan.tick(1000)
        assert ctl.focus == 2 and ctl.controls[2].id == "pause"
        scan.press(1)
        assert ctl.paused
    finally:
        ctl.close()


def test_two_switches_step_and_move_a_slider_less_and_more(tmp_path):
    ctl, scan = scanned(tmp_path, 2)
    try:
        light = next(i for i, c in enumerate(ctl.controls) if c.id == "light_level")
        for _ in range(light):
            scan.press(1)
        assert ctl.focused().id == "light_level"
        scan.press(2)  # into the slider: less, more, done
        assert scan.status() == "Scan: less"
        scan.press(2)
        scan.press(1)  # more
        scan.press(2)
        scan.press(2)
        step = ctl.controls[light].step
        assert ctl.boards[0].model.value("light_level") == 127 + step
        scan.press(1)  # done
        scan.press(2)
        assert scan.step is None and ctl.focused().id == "light_level"
    finally:
        ctl.close()


def test_a_button_is_held_until_the_next_switch(tmp_path):
    ctl, scan = scanned(tmp_path, 2, "from microbit import *\nwhile True:\n"
                                     "    if button_a.is_pressed():\n        print('down')\n"
                                     "    sleep(100)\n")
    try:
        button = next(i for i, c in enumerate(ctl.controls) if c.id == "button_a")
        ctl.set_focus(button)
        scan.press(2)
        ctl.sim.run(450)
        scan.tick(5000)  # no automatic moving while a button is held
        scan.press(1)  # any switch lets go
        ctl.sim.run(300)
        printed = ctl.boards[0].serial_output.split()
    finally:
        ctl.close()
    assert 4 <= printed.count("down") <= 5 and scan.holding is None


def test_a_lessons_own_controls_come_first(tmp_path):
    path = tmp_path / "main.py"
    path.write_text("from microbit import *\nsleep(99999)\n", encoding="utf-8")
    ctl = Controller(paths=[path], lang="en", run_checks=False,
                     features=("display", "temperature", "pins"))
    ctl.load()
    try:
        kinds = [c.kind for c in ctl.controls]
        first_board = next(i for i, k in enumerate(kinds) if k not in ("action", "text"))
        ids = [c.id for c in ctl.controls[first_board:first_board + 7]]
    finally:
        ctl.close()
    assert ids == ["touch_pin0", "touch_pin1", "touch_pin2", "temperature", "pin0", "pin1",
                   "pin2"]
    assert first_board + 7 <= 17  # a switch user reaches them in a handful of steps


def test_a_lessons_variant_sets_up_the_simulator_and_prints_its_advice(capsys):
    import argparse

    import pytest
    from terakoya.curriculum.catalog import find_lesson
    from terakoya.sim_command import lesson_setup
    from terakoya.usage import UsageError

    folder = find_lesson("S01").folder
    args = argparse.Namespace(variant="blind_low_vision", scale=1.0, theme="default",
                              narrate=False)
    features = lesson_setup([folder], args, "ja")
    assert "buttons" in features and "touch_logo" in features
    assert (args.narrate, args.theme, args.scale) == (True, "high-contrast", 2.0)
    assert "凸シール" in capsys.readouterr().out
    args = argparse.Namespace(variant="motor", scale=1.0, switch=None)
    lesson_setup([folder], args, "en")
    assert args.switch == 1
    with pytest.raises(UsageError, match="no variant 'nope'"):
        lesson_setup([folder], argparse.Namespace(variant="nope", scale=1.0), "en")
    with pytest.raises(UsageError):
        lesson_setup([folder.parent], argparse.Namespace(variant="motor", scale=1.0), "en")
