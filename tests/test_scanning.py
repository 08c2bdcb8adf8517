"""Switch access: one switch (automatic scanning) and two (step scanning) reach and use
every kind of control; sliders move with the switches; buttons can be held."""

from __future__ import annotations

from pathlib import Path

import pytest
from terakoya.simulator.ui.controller import Controller
from terakoya.simulator.ui.scanning import Scanner, groups


def scanned(tmp_path, switches: int, source: str = "from microbit import *\nsleep(99999)\n"):
    path = tmp_path / "main.py"
    path.write_text(source, encoding="utf-8")
    ctl = Controller(paths=[path], lang="en", run_checks=False)
    ctl.load()
    return ctl, Scanner(ctl, switches, interval_ms=1000)


def reach(scan: Scanner, index: int) -> int:
    """Two switches: move to the control's group, into it, to the control; the presses."""
    presses = 0
    target = scan.ctl.controls[index]
    for _ in range(60):
        group = scan.offered()
        if scan.inside and scan.ctl.focused() is target:
            return presses
        if not scan.inside and index in group.members:
            if len(group.members) == 1:
                return presses
            scan.press(2)
        else:
            scan.press(1)
        presses += 1
    raise AssertionError(f"{target.id} not reached")


def test_one_switch_offers_the_groups_by_itself_then_the_items(tmp_path):
    ctl, scan = scanned(tmp_path, 1)
    try:
        assert scan.status() == "Scan: Program (9)"
        scan.tick(999)
        assert scan.status() == "Scan: Program (9)"
        scan.tick(1)
        assert scan.status() == "Scan: Buttons and touch (6)"
        scan.press(1)  # into the group: its first item
        assert ctl.focused().id == "button_a" and scan.highlighted() == ()
        scan.tick(1000)
        assert ctl.focused().id == "button_b"
        for _ in range(5):
            scan.tick(1000)
        assert scan.status() == "Scan: back"
        scan.press(1)
        assert scan.status() == "Scan: Buttons and touch (6)"
        assert len(scan.highlighted()) == 6  # the whole group is framed while offered
    finally:
        ctl.close()


def test_one_switch_waits_longer_after_a_choice_with_a_dwell(tmp_path):
    ctl, scan = scanned(tmp_path, 1)
    scan.dwell_ms = 500
    try:
        scan.press(1)  # into the program's group
        scan.tick(1400)
        assert ctl.focused().id == "run"
        scan.tick(100)
        assert ctl.focused().id == "stop"
    finally:
        ctl.close()


def test_two_switches_step_and_move_a_slider_less_and_more(tmp_path):
    ctl, scan = scanned(tmp_path, 2)
    try:
        light = next(i for i, c in enumerate(ctl.controls) if c.id == "light_level")
        assert reach(scan, light) == scan.steps_to(light) - 1
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
        reach(scan, next(i for i, c in enumerate(ctl.controls) if c.id == "button_a"))
        scan.press(2)
        ctl.sim.run(450)
        scan.tick(5000)  # no automatic moving while a button is held
        scan.press(1)  # any switch lets go
        ctl.sim.run(300)
        printed = ctl.boards[0].serial_output.split()
    finally:
        ctl.close()
    assert 4 <= printed.count("down") <= 5 and scan.holding is None


@pytest.mark.parametrize("board, circuit", [
    ("microbit", None), ("esp32", "examples/iot/sensor"), ("atom-matrix", None),
    ("esp32-s3", None)])
def test_every_control_of_every_board_is_reached_by_one_and_two_switches(tmp_path, board,
                                                                         circuit):
    root = Path(__file__).resolve().parents[1]
    path = root / circuit if circuit else tmp_path / "main.py"
    if circuit is None:
        path.write_text("import time\ntime.sleep(99)\n", encoding="utf-8")
    ctl = Controller(paths=[path, path], lang="ja", board=board, run_checks=False)
    ctl.load()
    try:
        two = Scanner(ctl, 2)
        for index in range(len(ctl.controls)):
            two.group, two.inside, two.item = 0, False, 0
            reach(two, index)
            assert two.ctl.focused() is ctl.controls[index] or len(two.offered().members) == 1
        one = Scanner(ctl, 1, interval_ms=10)
        seen = set()
        for _ in range(len(groups(ctl))):  # each group offered in turn (and entered)
            members = one.offered().members
            if len(members) > 1:
                one.press(1)
                for _ in members:
                    seen.add(ctl.focus)
                    one.tick(10)
                assert one.status() in ("Scan: back", "スキャン: もどる")
                one.press(1)
            else:
                seen.add(ctl.focus)
            one.tick(10)
        assert seen == set(range(len(ctl.controls)))
    finally:
        ctl.close()


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


def test_a_lesson_shows_only_its_controls_and_the_others_are_one_key_away(tmp_path):
    path = tmp_path / "main.py"
    path.write_text("from microbit import *\nsleep(99999)\n", encoding="utf-8")
    ctl = Controller(paths=[path], lang="en", run_checks=False, all_controls=False,
                     features=("display", "light_level", "buttons"))
    ctl.load()
    try:
        ids = [c.id for c in ctl.controls if c.kind not in ("action", "text")]
        assert ids == ["button_a", "button_b", "light_level"]
        more = next(i for i, c in enumerate(ctl.controls) if c.id == "more_controls")
        ctl.set_focus(more)
        ctl.perform(ctl.keys["o"])  # the key, or the control itself
        assert ctl.focused().id == "more_controls"
        assert {"temperature", "touch_logo", "accelerometer_x"} <= {c.id for c in ctl.controls}
        ctl.activate()
        assert "temperature" not in {c.id for c in ctl.controls}
        assert ctl.focused().id == "more_controls"
    finally:
        ctl.close()


def lesson_steps() -> dict[str, int]:
    """For every lesson with features_used: the most two-switch presses to any of its
    controls, when it is opened as a lesson (its controls only, grouped first)."""
    import tempfile

    from terakoya.simulator.ui.controller import is_lesson_control

    from terakoya.curriculum.catalog import default_root, find_lessons

    worst: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as folder:
        program = Path(folder) / "main.py"
        program.write_text("import time\ntime.sleep(99)\n", encoding="utf-8")
        for lesson in find_lessons(default_root()):
            features = tuple(lesson.data.get("features_used", ()))
            board = next((b for b in lesson.data.get("boards", ()) if b != "simulator"),
                         "microbit")
            source = lesson.folder if (lesson.folder / "circuit.toml").is_file() else program
            ctl = Controller(paths=[source], lang="en", board=board, run_checks=False,
                             features=features, all_controls=False)
            ctl.load()
            try:
                scan = Scanner(ctl, 2)
                used = [i for i, c in enumerate(ctl.controls)
                        if is_lesson_control(c, features)]
                if used:
                    worst[lesson.id] = max(scan.steps_to(i) for i in used)
            finally:
                ctl.close()
    return worst


def test_each_lessons_controls_are_a_few_switch_presses_away():
    worst = lesson_steps()
    assert worst, "no lesson has controls"
    # the lesson's group is offered first: choose it, move along, choose (stated in README)
    assert max(worst.values()) <= 12, worst


def test_a_variant_opens_from_a_folder_that_lessons_get_made(tmp_path):
    import argparse

    from terakoya.curriculum.catalog import find_lesson
    from terakoya.lesson_words import copy_lesson
    from terakoya.sim_command import lesson_setup

    folder = copy_lesson(find_lesson("E03").folder, tmp_path)
    args = argparse.Namespace(variant="deaf_hard_of_hearing", scale=1.0)
    features = lesson_setup([folder], args, "en")
    assert "light_level" in features and args.big_captions is True
