"""terakoya boards: finding micro:bits and ESP32s, pairing drives, and plain reasons for trouble.

A fake Host stands in for the computer: no serial ports or USB drives are needed.
"""

import errno
import json
from pathlib import Path

import pytest
from terakoya.host_tools import boards
from terakoya.host_tools.boards import Host, PortInfo, Problem, classify, detect_boards

from terakoya.boards_command import MESSAGES, show_boards
from terakoya.cli import main

MICROBIT_V2 = PortInfo("/dev/ttyACM0", 0x0D28, 0x0204, "9904000011112222", "BBC micro:bit CMSIS-DAP")
MICROBIT_V1 = PortInfo("/dev/ttyACM1", 0x0D28, 0x0204, "9900000033334444")
CH340 = PortInfo("/dev/ttyUSB0", 0x1A86, 0x7523, None, "USB Serial")
MOUSE = PortInfo("/dev/ttyS0", None, None)


def make_drive(root: Path, name: str, unique_id: str | None) -> Path:
    drive = root / name
    drive.mkdir(parents=True)
    (drive / "MICROBIT.HTM").write_text("<html></html>")
    if unique_id:
        (drive / "DETAILS.TXT").write_text(f"# DAPLink Firmware\nUnique ID: {unique_id}\nVersion: 0257\n")
    return drive


def fake_host(ports, drives=(), fail=None, brltty=False, platform="linux"):
    """fail: {device: OSError} raised when that port is opened."""
    fail = fail or {}
    opened = []

    def open_port(device):
        opened.append(device)
        if device in fail:
            raise fail[device]

    host = Host(list_ports=lambda: list(ports), open_port=open_port,
                find_drives=lambda: list(drives), brltty_running=lambda: brltty, platform=platform)
    host.opened = opened
    return host


@pytest.mark.parametrize("port, expected", [
    (MICROBIT_V2, ("microbit", "micro:bit V2")),
    (MICROBIT_V1, ("microbit", "micro:bit V1")),
    (PortInfo("x", 0x0D28, 0x0204, None), ("microbit", "micro:bit")),
    (PortInfo("x", 0x10C4, 0xEA60), ("esp32", "ESP32 (CP210x)")),
    (CH340, ("esp32", "ESP32 (CH340)")),
    (PortInfo("x", 0x1A86, 0x55D4), ("esp32", "ESP32 (CH9102)")),
    (PortInfo("x", 0x0403, 0x6001), ("esp32", "ESP32 (FTDI)")),
    (PortInfo("x", 0x303A, 0x1001), ("esp32", "ESP32 (USB)")),
    (MOUSE, None),
    (PortInfo("x", 0x2341, 0x0043), None),
])
def test_ports_are_recognised_by_usb_id(port, expected):
    assert classify(port) == expected


def test_each_microbit_gets_the_drive_whose_details_name_it(tmp_path):
    d1 = make_drive(tmp_path, "MICROBIT", "9900000033334444")
    d2 = make_drive(tmp_path, "MICROBIT1", "9904000011112222")
    found = detect_boards(fake_host([MICROBIT_V2, MICROBIT_V1, MOUSE, CH340], [d1, d2]))
    assert [(b.port, b.name, b.drive) for b in found] == [
        ("/dev/ttyACM0", "micro:bit V2", d2),
        ("/dev/ttyACM1", "micro:bit V1", d1),
        ("/dev/ttyUSB0", "ESP32 (CH340)", None),
    ]
    assert all(b.ok for b in found)


def test_a_drive_without_a_serial_port_is_reported(tmp_path):
    drive = make_drive(tmp_path, "MICROBIT", "9906000055556666")
    found = detect_boards(fake_host([], [drive]))
    assert len(found) == 1
    assert (found[0].port, found[0].drive, found[0].name) == (None, drive, "micro:bit V2")
    assert found[0].problems == [Problem("no_serial")]


def test_a_single_drive_without_details_goes_with_the_single_microbit(tmp_path):
    drive = make_drive(tmp_path, "MICROBIT", None)
    found = detect_boards(fake_host([MICROBIT_V2], [drive]))
    assert [(b.port, b.drive, b.problems) for b in found] == [("/dev/ttyACM0", drive, [])]


@pytest.mark.parametrize("error, platform, brltty, port, key", [
    (OSError(errno.EACCES, "[Errno 13] Permission denied: '/dev/ttyACM0'"), "linux", False, MICROBIT_V2, "permission"),
    (OSError(errno.EBUSY, "[Errno 16] Device or resource busy"), "linux", False, MICROBIT_V2, "busy"),
    (OSError(errno.EAGAIN, "Could not exclusively lock port"), "linux", False, MICROBIT_V2, "busy"),
    (OSError(errno.EBUSY, "[Errno 16] Device or resource busy"), "linux", True, CH340, "brltty"),
    (OSError(errno.EBUSY, "[Errno 16] Device or resource busy"), "linux", True, MICROBIT_V2, "busy"),
    (OSError(None, "could not open port 'COM3': PermissionError(13, 'Access is denied.', None, 5)"), "win32", False, CH340, "busy"),
    (OSError(errno.ENOENT, "[Errno 2] No such file or directory"), "linux", False, CH340, "gone"),
    (OSError(errno.EIO, "[Errno 5] Input/output error"), "darwin", False, CH340, "cannot_open"),
])
def test_a_port_that_cannot_be_opened_says_why(error, platform, brltty, port, key):
    host = fake_host([port], fail={port.device: error}, brltty=brltty, platform=platform)
    (board,) = detect_boards(host)
    assert [p.key for p in board.problems] == [key]
    assert host.opened == [port.device]


def test_no_probe_opens_no_port():
    host = fake_host([MICROBIT_V2], fail={MICROBIT_V2.device: OSError(errno.EACCES, "no")})
    (board,) = detect_boards(host, probe=False)
    assert board.ok and host.opened == []


def test_drives_are_found_by_their_microbit_label(tmp_path):
    media = tmp_path / "media" / "teacher"
    run_media = tmp_path / "run" / "media" / "teacher"
    a = make_drive(media, "MICROBIT", "9904")
    b = make_drive(run_media, "MICROBIT1", "9903")
    make_drive(media, "USB STICK", None)
    (media / "MICROBIT.txt").write_text("a file, not a drive")
    roots = [media, run_media, tmp_path / "missing"]
    assert boards.find_drives(roots, platform="linux") == [a, b]


def test_where_drives_appear_on_each_system():
    assert boards.drive_roots("darwin") == [Path("/Volumes")]
    assert boards.drive_roots("linux", user="kim") == [Path("/media/kim"), Path("/run/media/kim"), Path("/media")]
    windows = boards.drive_roots("win32")
    assert windows[0] == Path("D:\\") and len(windows) == 23


def test_details_unique_id_is_read():
    assert boards.drive_unique_id("Version: 1\nUnique ID: 9904ABC\n") == "9904ABC"
    assert boards.drive_unique_id("nothing here") is None


def test_the_list_is_printed_with_reasons_and_exit_code(tmp_path, capsys):
    drive = make_drive(tmp_path, "MICROBIT", "9904000011112222")
    host = fake_host([MICROBIT_V2, CH340], [drive],
                     fail={CH340.device: OSError(errno.EACCES, "Permission denied")})
    assert show_boards(host, "en") == 1
    out = capsys.readouterr().out
    assert "micro:bit V2" in out and f"drive {drive}" in out and "ready" in out
    assert "dialout" in out and "sudo usermod -aG dialout $USER" in out
    assert "Traceback" not in out


def test_all_boards_ready_exits_0_and_japanese_works(tmp_path, capsys):
    drive = make_drive(tmp_path, "MICROBIT", "9904000011112222")
    assert show_boards(fake_host([MICROBIT_V2], [drive]), "ja") == 0
    out = capsys.readouterr().out
    assert "つながっているボード" in out and "使えます" in out


def test_nothing_found_suggests_the_cable_and_drivers(capsys):
    assert show_boards(fake_host([MOUSE]), "en") == 1
    out = capsys.readouterr().out
    assert "No boards found" in out and "charge-only" in out


def test_brltty_running_is_mentioned_even_when_no_port_shows(capsys):
    assert show_boards(fake_host([], brltty=True), "en") == 1
    assert "sudo apt remove brltty" in capsys.readouterr().out


def test_json_output_for_tools(tmp_path, capsys):
    drive = make_drive(tmp_path, "MICROBIT", "9904000011112222")
    show_boards(fake_host([MICROBIT_V2], [drive]), "en", as_json=True)
    (entry,) = json.loads(capsys.readouterr().out)
    assert entry == {"kind": "microbit", "name": "micro:bit V2", "port": "/dev/ttyACM0",
                     "serial_number": "9904000011112222", "drive": str(drive), "problems": []}


def test_the_command_runs_through_the_cli(monkeypatch, capsys):
    monkeypatch.setattr(boards, "real_host", lambda: fake_host([CH340], brltty=True,
                        fail={CH340.device: OSError(errno.EBUSY, "busy")}))
    assert main(["boards", "--lang", "ja"]) == 1
    assert "brltty" in capsys.readouterr().out


def test_every_message_has_english_and_japanese():
    for key, (en, ja) in MESSAGES.items():
        assert en and ja and en != ja, key


def test_the_real_opener_opens_a_pty_and_names_a_missing_port(tmp_path):
    import os

    leader, follower = os.openpty()
    try:
        boards._pyserial_open(os.ttyname(follower))  # opens and closes without error
    finally:
        os.close(leader)
        os.close(follower)
    with pytest.raises(OSError) as info:
        boards._pyserial_open(str(tmp_path / "ttyNOTHING"))
    host = fake_host([])
    assert boards._reasons(host, info.value, None)[0].key == "gone"
