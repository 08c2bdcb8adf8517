"""terakoya deploy with folders (a lesson's lib/ to the board's /lib) and boot.py, on
in-memory boards and end to end on a virtual ESP32 (pty and RFC 2217) and micro:bit."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator

import pytest
from terakoya.host_tools.deploy import (
    MANIFEST,
    FileAction,
    deploy,
    deploy_to_port,
    sha256_hex,
)
from terakoya.simulator.model.vfs import BOOT_PY

from terakoya import deploy_command
from terakoya.device_command import make_device
from tests.test_deploy import FakeBoard, manifest_of, recording

CLUB = {"main.py": b"import oled_text\noled_text.show('hi')\n",
        "lib/oled_text.py": b"def show(text):\n    print(text)\n",
        "lib/fonts/small.py": b"SMALL = 6\n"}


# -- in-memory boards -------------------------------------------------------------------------
def test_a_lessons_lib_goes_to_the_boards_lib_with_the_folders_it_needs():
    board = FakeBoard(kind="esp32", capacity=100_000)
    board.folders.clear()  # a freshly flashed board: no /lib yet
    result = deploy(board, CLUB)
    assert result.actions == {name: FileAction.WROTE for name in CLUB}
    assert board.folders == {"lib", "lib/fonts"}
    assert {name: board.files[name] for name in CLUB} == CLUB
    assert set(manifest_of(board)) == set(CLUB)
    assert not [name for name in board.files if name.endswith(".terakoya-new")]
    again = deploy(board, CLUB, ask=pytest.fail)
    assert set(again.actions.values()) == {FileAction.SAME}


def test_a_students_file_in_lib_is_kept_and_a_changed_one_asked_about():
    board = FakeBoard(kind="esp32", capacity=100_000)
    deploy(board, CLUB)
    board.files["lib/mine.py"] = b"# Ren's own driver\n"
    board.files["lib/oled_text.py"] = b"# Ren changed it\n"
    asked = []
    result = deploy(board, {"main.py": CLUB["main.py"], "lib/oled_text.py": CLUB["lib/oled_text.py"]},
                    ask=lambda name: asked.append(name) or False)
    assert asked == ["lib/oled_text.py"] and result.actions["lib/oled_text.py"] is FileAction.KEPT
    assert result.names(FileAction.REMOVED) == ["lib/fonts/small.py"]  # deploy's own, unchanged
    assert board.files["lib/mine.py"] == b"# Ren's own driver\n"
    assert "lib/fonts" in board.folders  # folders are removed only with --clean


def test_clean_removes_other_files_and_the_folders_it_empties_but_never_boot_py():
    board = FakeBoard({"boot.py": b"# the club's\n", "notes.txt": b"n"}, kind="esp32",
                      capacity=100_000)
    board.folders |= {"data", "lib/old"}
    board.files["lib/old/driver.py"] = b"x"
    result = deploy(board, {"main.py": b"print(1)\n", "lib/a.py": b"A = 1\n"}, clean=True)
    assert sorted(result.names(FileAction.REMOVED)) == ["lib/old/driver.py", "notes.txt"]
    assert board.folders == {"lib"} and board.files["boot.py"] == b"# the club's\n"


def test_the_lessons_boot_py_replaces_the_firmwares_own_unasked_but_not_a_students():
    board = FakeBoard({"boot.py": BOOT_PY}, kind="esp32")
    lesson = {"boot.py": b"import network\n", "main.py": b"print(1)\n"}
    result = deploy(board, lesson, ask=pytest.fail)
    assert result.actions["boot.py"] is FileAction.REPLACED and board.files["boot.py"] == lesson["boot.py"]
    student = FakeBoard({"boot.py": b"# Aoi's Wi-Fi settings\n"}, kind="esp32")
    assert deploy(student, lesson).actions["boot.py"] is FileAction.KEPT
    assert student.files["boot.py"] == b"# Aoi's Wi-Fi settings\n"


def test_a_boot_py_deploy_put_there_stays_its_own_through_a_lesson_without_one():
    board = FakeBoard(kind="esp32")
    deploy(board, {"boot.py": b"# lesson 1\n", "main.py": b"1\n"})
    result = deploy(board, {"main.py": b"2\n"}, clean=True)
    assert "boot.py" not in result.actions and board.files["boot.py"] == b"# lesson 1\n"
    assert manifest_of(board)["boot.py"] == sha256_hex(b"# lesson 1\n")
    result = deploy(board, {"boot.py": b"# lesson 3\n", "main.py": b"3\n"}, ask=pytest.fail)
    assert result.actions["boot.py"] is FileAction.REPLACED  # still known as deploy's own


def test_each_file_is_written_under_a_temporary_name_then_renamed_into_place():
    board = FakeBoard({"main.py": b"# old lesson\n"}, kind="esp32")
    sent = recording(board)
    deploy(board, {"main.py": b"# new lesson\n"}, force=True)
    opened = [command for command in sent if "open(" in command and "'wb'" in command]
    assert opened == ["f=open('main.py.terakoya-new','wb')\nw=f.write", f"f=open('{MANIFEST}','wb')\nw=f.write"]
    assert "rename main.py.terakoya-new main.py" in board.log


def test_unplugged_mid_copy_the_old_file_is_whole_and_the_half_file_goes_next_time():
    board = FakeBoard({"main.py": b"# old lesson\n"}, kind="esp32")
    big = {"main.py": b"# new lesson\n" + b"x = 1\n" * 400}
    sent = recording(board)

    def unplug_at_rename(command, data_consumer=None, run=board.exec):
        if "os.rename" in command:
            board.unplug_after = 0
        return run(command, data_consumer)

    board.exec = unplug_at_rename  # type: ignore[method-assign]
    outcome = deploy_to_port("p", big, force=True, open_board=lambda port: board)
    assert outcome.problem == "lost_contact" and sent
    assert board.files["main.py"] == b"# old lesson\n"  # whole: the old one
    assert "main.py.terakoya-new" in board.files
    board.unplug_after = None
    board.exec = FakeBoard.exec.__get__(board)  # type: ignore[method-assign]
    assert deploy_to_port("p", big, force=True, open_board=lambda port: board).ok
    assert board.files["main.py"] == big["main.py"] and "main.py.terakoya-new" not in board.files


def test_a_board_without_folders_is_told_so_before_anything_is_copied():
    board = FakeBoard()  # a micro:bit
    outcome = deploy_to_port("/dev/ttyACM0", CLUB, open_board=lambda port: board)
    assert outcome.problem == "no_folders" and board.files == {}
    text = deploy_command.short_result(outcome, "en")
    assert "lib/oled_text.py" in text and "no folders" in text
    assert "フォルダー" in deploy_command.short_result(outcome, "ja")


def test_a_file_where_a_folder_is_needed_is_a_plain_outcome():
    board = FakeBoard({"lib": b"not a folder"}, kind="esp32")
    board.folders.clear()
    outcome = deploy_to_port("p", CLUB, open_board=lambda port: board)
    assert outcome.problem == "board_path"
    assert "Rename or remove it" in deploy_command.short_result(outcome, "en")


def test_a_lesson_or_program_folders_boot_py_and_lib_go_on(tmp_path):
    club = tmp_path / "club"
    (club / "lib" / "fonts").mkdir(parents=True)
    (club / "main.py").write_text("import oled_text\n")
    (club / "helper.py").write_text("H = 1\n")
    (club / "boot.py").write_text("# boot\n")
    (club / "lib" / "oled_text.py").write_text("X = 1\n")
    (club / "lib" / "fonts" / "small.py").write_text("S = 1\n")
    (club / "lib" / "__pycache__").mkdir()
    (club / "lib" / "__pycache__" / "x.pyc").write_bytes(b"")
    (club / "lib" / ".hidden").write_text("")
    (club / "test_main.py").write_text("")
    files = deploy_command.collect_files(str(club), [], "en")
    assert sorted(files) == ["boot.py", "helper.py", "lib/fonts/small.py", "lib/oled_text.py",
                             "main.py"]
    lesson = tmp_path / "lesson"
    (lesson / "lib").mkdir(parents=True)
    (lesson / "lesson.toml").write_text("")
    (lesson / "solution.py").write_text("print(1)\n")
    (lesson / "starter.py").write_text("print(0)\n")
    (lesson / "lib" / "tunes.py").write_text("T = 1\n")
    files = deploy_command.collect_files(str(lesson), [], "en")
    assert files == {"main.py": lesson / "solution.py", "lib/tunes.py": lesson / "lib" / "tunes.py"}
    single = deploy_command.collect_files(str(club / "main.py"), [], "en")
    assert list(single) == ["main.py"]  # a file alone: nothing else from its folder


# -- end to end: mpremote's transport against virtual boards ------------------------------------
needs_pty = pytest.mark.skipif(os.name == "nt", reason="needs a pseudo-terminal")


@pytest.fixture(params=["pty", "rfc2217"])
def served_esp32(request) -> Iterator[tuple[object, str]]:
    """A virtual ESP32 busy in a student's main.py, with the firmware's boot.py and a
    student's file in /lib, served on a pty or over RFC 2217."""
    from terakoya.host_tools.device import PtyServer
    from terakoya.host_tools.device_net import Rfc2217Server

    if request.param == "pty" and os.name == "nt":
        pytest.skip("needs a pseudo-terminal")
    busy = b"import time\nwhile True:\n    time.sleep_ms(5)\n"
    files = {"main.py": busy, "lib/mine.py": b"# Yui's\n"}
    with make_device(files, board="esp32") as dev:
        server = PtyServer(dev) if request.param == "pty" else Rfc2217Server(dev)
        with server:
            thread = threading.Thread(target=server.serve_forever, daemon=True)
            thread.start()
            yield dev, server.address
            server.stop()
            thread.join(5)


def test_end_to_end_a_club_with_lib_and_boot_py_reaches_a_virtual_esp32(served_esp32):
    dev, address = served_esp32
    club = {**CLUB, "boot.py": b"print('club boot')\n"}
    first = deploy_to_port(address, club, ask=lambda name: name == "main.py")
    assert first.ok, (first.problem, first.detail)
    assert first.result.actions == {"main.py": FileAction.REPLACED, "boot.py": FileAction.REPLACED,
                                    "lib/oled_text.py": FileAction.WROTE,
                                    "lib/fonts/small.py": FileAction.WROTE}
    again = deploy_to_port(address, club, ask=pytest.fail)
    assert again.ok and set(again.result.actions.values()) == {FileAction.SAME}
    dev.run_ms(100)  # the soft reset ran boot.py and the new main.py
    files = dev.model.files
    assert {name: files[name] for name in club} == club and files["lib/mine.py"] == b"# Yui's\n"
    assert not [name for name in files if name.endswith(".terakoya-new")]
    assert "club boot\nhi\n" in dev.sim_board.serial_output


@needs_pty
def test_end_to_end_the_micro_bit_keeps_writing_in_place_and_refuses_folders():
    from terakoya.host_tools.device import PtyServer

    with make_device({"main.py": b"while True:\n    pass\n"}) as dev, PtyServer(dev) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            refused = deploy_to_port(server.path, CLUB)
            assert refused.problem == "no_folders"
            done = deploy_to_port(server.path, {"main.py": b"print('m')\n"}, force=True)
            assert done.ok, (done.problem, done.detail)
        finally:
            server.stop()
            thread.join(5)
    assert dev.model.files["main.py"] == b"print('m')\n"
