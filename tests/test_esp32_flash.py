"""``terakoya flash esp32`` and ``terakoya firmware``: esptool's real code, stub included,
against simulated ROM bootloaders on pseudo-terminals (host_tools/rom_bootloader.py), the
firmware store, and esptool's failures in plain words."""

import errno
import hashlib
import json
import os
import re
import sys
from functools import cache
from pathlib import Path

import pytest
from terakoya.host_tools import esp32_flash, firmware
from terakoya.host_tools.esp32_chips import APP_OFFSET, CHIPS, chip_named
from terakoya.host_tools.esp32_flash import Build, FlashOptions, RecordingReporter, flash_board
from terakoya.host_tools.esp32_problems import PROBLEMS, explain, text
from terakoya.host_tools.rom_bootloader import (
    MB,
    SIM_CHIPS,
    Bootloader,
    PtyBoard,
    micropython_like_image,
)

from terakoya.cli import main
from terakoya.esp32_flash_command import MESSAGES as FLASH_MESSAGES
from terakoya.firmware_command import MESSAGES as FIRMWARE_MESSAGES

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals")
FAST = FlashOptions(connect_attempts=1)  # a board that never answers fails in under a second
JAPANESE = re.compile(r"[ぁ-んァ-ヶ一-龯]")


@cache
def image(chip="esp32", version="v1.24.1", size=96 * 1024, project="micropython"):
    return micropython_like_image(chip, version, size, project)


@pytest.fixture
def board():
    """board(chip, ...): a simulated board waiting in its ROM bootloader, on a pty."""
    started = []

    def make(chip="esp32", **faults):
        started.append(PtyBoard(Bootloader(chip, **faults)).start())
        return started[-1]

    yield make
    for one in started:
        one.close()


def build_for(chip_key, **kw):
    chip = chip_named(chip_key)
    return lambda found: Build(chip, "v1.24.1", image(chip_key, **kw))


def flash(port, chooser, **options):
    reporter = RecordingReporter()
    options = FlashOptions(**{"connect_attempts": 1, **options})
    return flash_board(port, chooser, reporter, options), reporter


def mac_of(sim):
    return ":".join(f"{b:02x}" for b in sim.bootloader.mac)


# -- one board, end to end -------------------------------------------------------------------
def test_an_esp32_gets_the_image_at_0x1000_through_esptools_stub(board):
    sim = board("esp32")
    result, reporter = flash(sim.path, build_for("esp32"))
    assert result.ok and result.key == "flashed", result.values
    assert (result.chip, result.mac, result.version) == ("ESP32", mac_of(sim), "v1.24.1")
    data = image("esp32")
    assert bytes(sim.bootloader.flash[0x1000:0x1000 + len(data)]) == data
    assert sim.bootloader.flash[:0x1000] == b"\xff" * 0x1000
    assert "stub" in sim.bootloader.log  # esptool's own stub was uploaded, checked and ran
    assert "baud 460800" in sim.bootloader.log
    assert "Hash of data verified." in result.values["log"]  # esptool compared the MD5s
    stages = [e[2] for e in reporter.of(sim.path) if e[0] == "stage"]
    assert stages == ["connecting", "chip", "checking", "writing", "verifying"]
    progress = [e for e in reporter.of(sim.path) if e[0] == "progress"]
    assert progress and progress[-1][2] == progress[-1][3]


def test_an_s3_gets_it_at_0x0(board):
    sim = board("esp32s3")
    result, _ = flash(sim.path, build_for("esp32s3"))
    assert result.ok and result.chip == "ESP32-S3"
    data = image("esp32s3")
    assert bytes(sim.bootloader.flash[:len(data)]) == data


@pytest.mark.parametrize("chip", ["esp32s2", "esp32c3", "esp32c6"])
def test_the_other_chips_at_their_offsets(board, chip):
    sim = board(chip)
    result, _ = flash(sim.path, build_for(chip))
    offset = chip_named(chip).offset
    assert result.ok and result.chip == chip_named(chip).name
    assert bytes(sim.bootloader.flash[offset:offset + len(image(chip))]) == image(chip)


def test_erase_empties_the_whole_flash_first(board):
    sim = board("esp32")
    sim.bootloader.flash[0x200000:0x200010] = b"students' files!"
    result, reporter = flash(sim.path, build_for("esp32"), erase=True)
    assert result.ok and result.key == "flashed_erased"
    assert "erase 0x0+0x400000" in sim.bootloader.log
    assert sim.bootloader.flash[0x200000:0x200010] == b"\xff" * 16
    assert bytes(sim.bootloader.flash[0x1000:0x1000 + len(image("esp32"))]) == image("esp32")
    assert ("stage", sim.path, "erasing") in reporter.events


def test_another_firmware_is_erased_first_and_micropythons_files_are_kept(board):
    arduino, older = board("esp32"), board("esp32")
    arduino.bootloader.flash[0x1000:0x1000 + 0x20000] = image("esp32", project="arduino-lib")[
        :0x20000]
    arduino.bootloader.flash[0x300000:0x300004] = b"nvs!"
    older.bootloader.flash[0x1000:0x1000 + len(image("esp32", "v1.22.0"))] = image("esp32",
                                                                                  "v1.22.0")
    older.bootloader.flash[0x200000:0x200008] = b"main.py!"
    first, _ = flash(arduino.path, build_for("esp32"))
    second, _ = flash(older.path, build_for("esp32"))
    assert first.key == "flashed_other" and arduino.bootloader.flash[0x300000] == 0xFF
    assert second.key == "flashed" and older.bootloader.flash[0x200000:0x200008] == b"main.py!"
    for sim in (arduino, older):
        data = image("esp32")
        assert bytes(sim.bootloader.flash[0x1000:0x1000 + len(data)]) == data


def test_the_same_build_again_writes_nothing(board):
    sim = board("esp32")
    assert flash(sim.path, build_for("esp32"))[0].key == "flashed"
    erases = [line for line in sim.bootloader.log if line.startswith("erase")]
    again, _ = flash(sim.path, build_for("esp32"))
    assert again.ok and again.key == "same"
    assert [line for line in sim.bootloader.log if line.startswith("erase")] == erases
    assert sim.bootloader.log.count("stub") == 2  # each esptool session found a reset board


# -- a class set ----------------------------------------------------------------------------
def test_boards_at_once_each_with_its_own_progress(board):
    sims = [board("esp32"), board("esp32s3"), board("esp32")]
    chooser = {c.key: Build(c, "v1.24.1", image(c.key)) for c in CHIPS if c.key in
               ("esp32", "esp32s3")}
    reporter = RecordingReporter()
    results = esp32_flash.flash_boards([s.path for s in sims], lambda c: chooser[c.key],
                                       reporter, FAST)
    assert [r.ok for r in results] == [True, True, True]
    for sim, result in zip(sims, results):
        totals = {e[3] for e in reporter.of(sim.path) if e[0] == "progress"}
        assert len(totals) == 1  # every progress step of this board is of its own image
        assert result.mac == mac_of(sim)
    assert hashlib.md5(bytes(sims[1].bootloader.flash[:len(image("esp32s3"))])).digest() == \
        hashlib.md5(image("esp32s3")).digest()


def test_flash_all_three_one_silent_the_others_succeed(board, capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("TERAKOYA_DATA", str(tmp_path))
    monkeypatch.setattr(esp32_flash, "CONNECT_ATTEMPTS", 1)
    monkeypatch.setenv("COLUMNS", "300")  # the table's cells on one line each
    path = tmp_path / "ESP32_GENERIC-20241129-v1.24.1.bin"
    path.write_bytes(image("esp32"))
    assert main(["firmware", "add", str(path)]) == 0
    sims = [board("esp32"), board("esp32", silent=True), board("esp32")]
    ports = [arg for sim in sims for arg in ("--port", sim.path)]
    capsys.readouterr()
    assert main(["flash", "esp32", *ports]) == 1
    out = " ".join(capsys.readouterr().out.split())
    assert out.count("done: MicroPython v1.24.1") >= 2
    assert "The board did not answer." in out and "Hold its BOOT button" in out
    assert "2 of 3 boards have MicroPython." in out
    for sim in (sims[0], sims[2]):
        assert mac_of(sim) in out
        assert bytes(sim.bootloader.flash[0x1000:0x1000 + len(image("esp32"))]) == image("esp32")
    assert sims[1].bootloader.flash == b"\xff" * 4 * MB


def test_esptool_is_given_back_as_it_was(board):
    from esp_pylib.logger import EspLog
    from esptool import loader
    from esptool.reset import ResetStrategy

    before = (EspLog.instance, loader.HexFormatter, ResetStrategy.print_once)
    sim = board("esp32")
    esp32_flash.flash_boards([sim.path], build_for("esp32"), RecordingReporter(), FAST)
    assert (EspLog.instance, loader.HexFormatter, ResetStrategy.print_once) == before


def test_all_flashes_the_esp32_boards_terakoya_boards_lists(board, capsys, monkeypatch,
                                                           tmp_path):
    from terakoya.host_tools import boards

    monkeypatch.setenv("TERAKOYA_DATA", str(tmp_path))
    (tmp_path / "fw.bin").write_bytes(image("esp32"))
    firmware.add(tmp_path / "fw.bin")
    sims = [board("esp32"), board("esp32")]
    listed = [boards.PortInfo(sims[0].path, 0x10C4, 0xEA60), boards.PortInfo("/dev/ttyACM9",
              0x0D28, 0x0204), boards.PortInfo(sims[1].path, 0x1A86, 0x7523)]
    host = boards.Host(list_ports=lambda: listed, open_port=lambda port: None,
                       find_drives=lambda: [])
    monkeypatch.setattr(boards, "real_host", lambda: host)
    assert main(["flash", "esp32"]) == 2  # two boards: --all, or --port
    assert "--all" in capsys.readouterr().err
    assert main(["flash", "esp32", "--all"]) == 0
    assert "2 of 2 boards have MicroPython." in capsys.readouterr().out  # not the micro:bit
    monkeypatch.setattr(boards, "real_host", lambda: boards.Host(lambda: [], lambda p: None,
                                                                 lambda: []))
    assert main(["flash", "esp32", "--all"]) == 1
    assert "No ESP32 board found" in capsys.readouterr().err


# -- what can go wrong on a board ---------------------------------------------------------------
def test_a_build_for_another_chip_is_refused_before_anything_is_written(board, tmp_path):
    from terakoya.esp32_flash_command import make_chooser

    sim = board("esp32s3")
    path = tmp_path / "esp32.bin"
    path.write_bytes(image("esp32"))
    result, _ = flash(sim.path, make_chooser(path, "en"))
    assert not result.ok and result.key == "wrong_chip"
    assert sim.bootloader.log == ["sync"] and sim.bootloader.flash == b"\xff" * 4 * MB
    words = text(result.key, "en", **result.values)
    assert "ESP32-S3" in words and "ESP32_GENERIC_S3" in words


def test_a_build_bigger_than_the_flash(board):
    sim = board("esp32", flash_size=256 * 1024)
    result, _ = flash(sim.path, build_for("esp32", size=300 * 1024))
    assert result.key == "flash_too_small" and result.values["size"] == "256KB"
    assert sim.bootloader.flash == b"\xff" * 256 * 1024


@pytest.mark.parametrize("chip", ["esp32", "esp32s3"])  # told apart by magic word, by id
def test_a_chip_esptool_does_not_know(board, chip):
    sim = board(chip, wrong_id=0x63)
    result, _ = flash(sim.path, build_for(chip))
    assert result.key == "unknown_chip", result.values
    assert "Unexpected chip" in result.values["detail"]


def test_without_a_reset_before_connecting(board):
    sim = board("esp32c3")
    result, _ = flash(sim.path, build_for("esp32c3"), before="no-reset")
    assert result.ok and "stub" in sim.bootloader.log


def test_a_busy_port_and_a_missing_one(board):
    import fcntl

    sim = board("esp32")
    holder = os.open(sim.path, os.O_RDWR | os.O_NOCTTY)
    try:
        fcntl.flock(holder, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as another program would
        busy, _ = flash(sim.path, build_for("esp32"))
    finally:
        os.close(holder)
    missing, _ = flash("/dev/no-such-port", build_for("esp32"))
    assert (busy.key, missing.key) == ("port_busy", "port_gone")
    assert "Thonny" in text("port_busy", "en", port=sim.path)


def test_no_build_stored_says_where_to_get_one(board, capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("TERAKOYA_DATA", str(tmp_path))
    sim = board("esp32")
    assert main(["flash", "esp32", "--port", sim.path]) == 1
    err = capsys.readouterr().err
    assert "ESP32_GENERIC_S3" in err and "terakoya firmware add" in err and err.count("\n") == 1
    assert sim.bootloader.log == []  # found out before any board was touched


def test_no_build_for_this_chip(board, tmp_path):
    from terakoya.esp32_flash_command import make_chooser

    store = tmp_path / "store"
    source = tmp_path / "s3.bin"
    source.write_bytes(image("esp32s3"))
    firmware.add(source, store=store)
    sim = board("esp32")
    result, _ = flash(sim.path, make_chooser(None, "en", store))
    assert result.key == "no_firmware"
    assert "https://micropython.org/download/ESP32_GENERIC/" in text(result.key, "en",
                                                                     **result.values)


@pytest.mark.parametrize("argv, words", [
    (["flash", "esp32", "E03"], "terakoya deploy E03"),
    (["flash", "esp32", "--drive", "/tmp"], "--drive is for micro:bits"),
    (["flash", "esp32", "--baud", "12", "--port", "x"], "9600"),
    (["flash", "microbit", "E03", "--port", "/dev/ttyUSB0"], "'terakoya flash esp32'"),
    (["flash", "microbit", "--erase"], "'terakoya flash esp32'"),
    (["flash", "microbit"], "Say what to put on the micro:bits"),
    (["flash", "arduino", "x"], "microbit and esp32"),
])
def test_usage_problems_are_one_line(argv, words, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert words in err and err.count("\n") == 1


def test_which_ports(monkeypatch):
    from argparse import Namespace

    from terakoya.esp32_flash_command import choose_ports
    from terakoya.usage import UsageError

    two = lambda: ["/dev/ttyUSB0", "/dev/ttyUSB1"]  # noqa: E731
    assert choose_ports(Namespace(port=["a", "b", "a"], all=False), "en") == ["a", "b"]
    assert choose_ports(Namespace(port=None, all=True), "en", two) == two()
    with pytest.raises(UsageError, match="--all"):
        choose_ports(Namespace(port=None, all=False), "en", two)


# -- esptool's failures in plain words ----------------------------------------------------------
@pytest.mark.parametrize("message, key", [
    ("Failed to connect to Espressif device: No serial data received.\nFor troubleshooting",
     "no_answer"),
    ("Failed to connect to ESP32: Wrong boot mode detected (0x13)! The chip needs to be in "
     "download mode.", "no_answer"),
    ("Could not open /dev/ttyUSB0, the port is busy or doesn't exist.\n([Errno 13] could not "
     "open port /dev/ttyUSB0: [Errno 13] Permission denied: '/dev/ttyUSB0')\nHint: Try to add "
     "user into dialout or uucp group.", "port_permission"),
    ("Could not open /dev/ttyUSB0, the port is busy or doesn't exist.\n(Could not exclusively "
     "lock port /dev/ttyUSB0: [Errno 11] Resource temporarily unavailable)", "port_busy"),
    ("Could not open COM3, the port is busy or doesn't exist.\n(could not open port 'COM3': "
     "PermissionError(13, 'Access is denied.', None, 5))", "port_busy"),
    ("Could not open COM9, the port is busy or doesn't exist.\n(could not open port 'COM9': "
     "FileNotFoundError(2, 'The system cannot find the file specified.', None, 2))",
     "port_gone"),
    ("This chip is ESP32-S3, not ESP32. Wrong chip argument?", "wrong_chip"),
    ("'firmware.bin' is not an ESP32-S3 image. Use --force to flash anyway.", "wrong_chip"),
    ("File 'x.bin' (length 4194400) at offset 0x00001000 will not fit in 4194304 bytes of "
     "flash. Change the flash_size argument or flashing address.", "flash_too_small"),
    ("Serial data stream stopped: Possible serial noise or corruption.", "connection_lost"),
    ("write failed: [Errno 5] Input/output error", "connection_lost"),
    ("MD5 of file does not match data in flash!", "write_failed"),
    ("Write failed, the written flash region is empty.", "write_failed"),
    ("Unexpected chip magic value 0x12345678. Failed to autodetect chip type.",
     "unknown_chip"),
    ("'x.bin' requires chip revision v3.0 or higher (this chip is revision v1.0)",
     "chip_revision"),
    ("something esptool never said before", "esptool_failed"),
])
def test_esptools_messages_become_plain_words(message, key):
    found, detail = explain(RuntimeError(message))
    assert found == key
    assert detail == message.splitlines()[0]


@pytest.mark.parametrize("code, key", [(errno.EIO, "connection_lost"),
                                       (errno.EACCES, "port_permission"),
                                       (errno.EBUSY, "port_busy"), (errno.ENOENT, "port_gone")])
def test_serial_port_errors_by_number(code, key):
    assert explain(OSError(code, os.strerror(code)))[0] == key


def test_every_problem_and_message_is_in_english_and_japanese():
    for problem in PROBLEMS:
        assert JAPANESE.search(problem.ja), problem.key
        assert set(re.findall(r"{(\w+)}", problem.en)) == set(re.findall(r"{(\w+)}", problem.ja))
    for table in (FLASH_MESSAGES, FIRMWARE_MESSAGES):
        for key, (en, ja) in table.items():
            assert en and ja, key
            assert set(re.findall(r"{(\w+)}", en)) == set(re.findall(r"{(\w+)}", ja)), key
    assert "sudo usermod -aG dialout $USER" in text("port_permission", "ja", port="/dev/x")


# -- the firmware store ---------------------------------------------------------------------
def test_add_reads_chip_and_version_from_the_image(tmp_path):
    store, path = tmp_path / "store", tmp_path / "fw.bin"
    path.write_bytes(image("esp32s3", "v1.24.0"))
    entry, new = firmware.add(path, store=store)
    assert new and (entry.chip, entry.version, entry.built) == ("esp32s3", "v1.24.0",
                                                                "2024-11-29")
    assert entry.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert (store / entry.file).read_bytes() == path.read_bytes()
    manifest = json.loads((store / "manifest.json").read_text())
    assert manifest["builds"][0]["source"] == "fw.bin"
    assert firmware.add(path, store=store) == (entry, False)  # the same file: stored once
    assert firmware.stored(store) == [entry]


def test_flash_picks_the_newest_build_for_the_chip(tmp_path):
    store = tmp_path / "store"
    for n, (chip, version) in enumerate([("esp32", "v1.23.0"), ("esp32", "v1.24.1"),
                                         ("esp32", "v1.9.4"), ("esp32s3", "v1.25.0")]):
        path = tmp_path / f"{n}.bin"
        path.write_bytes(image(chip, version))
        firmware.add(path, store=store)
    builds = firmware.stored(store)
    assert firmware.newest(builds, chip_named("esp32")).version == "v1.24.1"
    assert firmware.newest(builds, chip_named("esp32s3")).version == "v1.25.0"
    assert firmware.newest(builds, chip_named("esp32c3")) is None
    assert firmware.version_key("v1.25.0") > firmware.version_key("v1.25.0-preview.9.gabc") > \
        firmware.version_key("v1.24.1") > firmware.version_key("nonsense")


def _app_only():
    return image("esp32")[APP_OFFSET - 0x1000:]


def _no_version():
    data = bytearray(image("esp32").replace(b"MicroPython v1.24.1", b"MicroPython vX.Y.Z"))
    start = APP_OFFSET - 0x1000 + 32 + 16  # the app description's version field
    data[start:start + 32] = b"\0" * 32
    return bytes(data)


@pytest.mark.parametrize("content, key", [pytest.param(content, key, id=name) for name, content, key in [
    ("empty", b"", "empty"),
    ("text", b"print('hello')\n", "not_image"),
    ("uf2", b"UF2\n" + bytes(508), "not_image_uf2"),
    ("elf", b"\x7fELF" + bytes(60), "not_image_elf"),
    ("hex", b":020000040000FA\n", "not_image_hex"),
    ("garbage", b"\xe9\x03\x02\x20" + bytes(range(256)), "not_image"),
    ("other_chip", image("esp32")[:12] + b"\x0c\x00" + image("esp32")[14:], "unknown_chip"),
    ("app_only", _app_only(), "app_only"),
    ("truncated", image("esp32")[:0x3000], "incomplete"),
    ("arduino", image("esp32", project="arduino-lib").replace(b"MicroPython v", b"Arduinoooo v"),
     "not_micropython"),
    ("no_version", _no_version(), "need_version"),
]])
def test_files_that_are_not_micropython_builds_are_refused(tmp_path, content, key):
    path = tmp_path / "x.bin"
    path.write_bytes(content)
    with pytest.raises(firmware.FirmwareError) as refused:
        firmware.add(path, store=tmp_path / "store")
    assert refused.value.key == key
    assert not (tmp_path / "store").exists()


def test_version_and_chip_options(tmp_path):
    path = tmp_path / "x.bin"
    path.write_bytes(_no_version())
    entry, _ = firmware.add(path, version="1.24.1", store=tmp_path / "store")
    assert entry.version == "v1.24.1"
    path.write_bytes(image("esp32"))
    for options, key in [({"chip": "esp32s3"}, "chip_differs"), ({"chip": "avr"},
                                                                  "bad_chip_option"),
                         ({"version": "v1.20.0"}, "version_differs"),
                         ({"version": "latest"}, "bad_version_option")]:
        with pytest.raises(firmware.FirmwareError) as refused:
            firmware.inspect(image("esp32"), "x.bin", **options)
        assert refused.value.key == key
    assert firmware.inspect(image("esp32"), "x.bin", chip="ESP32").chip == "esp32"


def test_a_missing_file_and_a_folder_are_one_plain_line(tmp_path, capsys):
    assert main(["firmware", "add", str(tmp_path / "nope.bin")]) == 2
    assert main(["firmware", "add", str(tmp_path)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and all("Cannot find the file" in line for line in err)


def test_a_data_folder_that_cannot_be_written_loses_nothing(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("TERAKOYA_DATA", str(tmp_path / "data"))
    first, second = tmp_path / "a.bin", tmp_path / "b.bin"
    first.write_bytes(image("esp32"))
    second.write_bytes(image("esp32", "v1.23.0"))
    assert main(["firmware", "add", str(first)]) == 0
    store = tmp_path / "data" / "firmware"
    before = {p.name: p.read_bytes() for p in store.iterdir()}
    real_replace = os.replace

    def read_only(source, target):
        if Path(target).name == "manifest.json":
            raise OSError(errno.EROFS, "Read-only file system")
        return real_replace(source, target)

    monkeypatch.setattr(os, "replace", read_only)  # the rename of every file written
    capsys.readouterr()
    assert main(["firmware", "add", str(second)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Read-only file system" in err and "Nothing was" in err
    assert {p.name: p.read_bytes() for p in store.iterdir()} == before  # no stray file either
    assert second.read_bytes() == image("esp32", "v1.23.0")


def test_a_damaged_manifest_or_stored_file_is_said_plainly(tmp_path, capsys, monkeypatch):
    from terakoya.esp32_flash_command import make_chooser

    store, path = tmp_path / "store", tmp_path / "a.bin"
    path.write_bytes(image("esp32"))
    entry, _ = firmware.add(path, store=store)
    (store / entry.file).write_bytes(b"changed")
    with pytest.raises(esp32_flash.FlashProblem) as problem:
        make_chooser(None, "en", store)(chip_named("esp32"))
    assert problem.value.key == "firmware_unusable" and "has changed" in \
        problem.value.values["detail"]
    (store / "manifest.json").write_text("{not json")
    monkeypatch.setenv("TERAKOYA_DATA", str(tmp_path))
    (tmp_path / "firmware").mkdir()
    (tmp_path / "firmware" / "manifest.json").write_text("{not json")
    assert main(["firmware", "list"]) == 1
    assert "is damaged" in capsys.readouterr().err


def test_firmware_list(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("TERAKOYA_DATA", str(tmp_path))
    monkeypatch.setenv("COLUMNS", "100")
    assert main(["firmware", "list"]) == 0
    assert "No MicroPython build is stored yet" in capsys.readouterr().out
    for n, version in enumerate(["v1.23.0", "v1.24.1"]):
        (tmp_path / f"{n}.bin").write_bytes(image("esp32", version))
        assert main(["firmware", "add", str(tmp_path / f"{n}.bin")]) == 0
    capsys.readouterr()
    assert main(["--lang", "ja", "firmware", "list"]) == 0
    rows = [line for line in capsys.readouterr().out.splitlines() if "v1.2" in line]
    assert len(rows) == 2 and "はい" in rows[1] and "はい" not in rows[0]


# -- the simulation itself ---------------------------------------------------------------------
@pytest.mark.parametrize("key", sorted(SIM_CHIPS))
def test_the_simulated_chips_show_what_esptools_targets_read(key):
    from esptool.loader import ESPLoader
    from esptool.targets import CHIP_DEFS

    sim, target = SIM_CHIPS[key], CHIP_DEFS[key]
    assert sim.name == target.CHIP_NAME == chip_named(key).name
    assert (sim.magic if target.USES_MAGIC_VALUE else sim.chip_id) == \
        (target.MAGIC_VALUE if target.USES_MAGIC_VALUE else target.IMAGE_CHIP_ID)
    assert (sim.spi_base, sim.spi_usr2, sim.spi_w0, sim.spi_addr_msb) == \
        (target.SPI_REG_BASE, target.SPI_USR2_OFFS, target.SPI_W0_OFFS,
         target.SPI_ADDR_REG_MSB)
    mac_base = getattr(target, "MAC_EFUSE_REG", target.EFUSE_RD_REG_BASE + 4)
    assert sim.mac_low == mac_base and sim.mac_high == mac_base + 4
    assert chip_named(key).offset == target.BOOTLOADER_FLASH_OFFSET
    assert chip_named(key).image_id == target.IMAGE_CHIP_ID
    assert ESPLoader.CHIP_DETECT_MAGIC_REG_ADDR == 0x40001000


def test_the_simulation_serves_esptools_other_paths(board):
    """The ROM without the stub (uncompressed writes, the ROM's hex MD5), the stub's
    erase_region and read_flash, a baud change."""
    from esptool import cmds

    sim = board("esp32")
    data = image("esp32")
    with esp32_flash.esptool_output_per_board():
        esp = cmds.detect_chip(sim.path, 115200, connect_attempts=1)
        try:
            cmds.attach_flash(esp)
            cmds.write_flash(esp, [(0x1000, data)])  # ROM: FLASH_BEGIN/DATA, MD5 as hex
            assert "stub" not in sim.bootloader.log
            esp = cmds.run_stub(esp)
            esp.change_baud(921600)
            assert esp.read_flash(0x1000, 0x2000) == data[:0x2000]
            cmds.erase_region(esp, 0x2000, 0x1000)
            assert esp.read_flash(0x2000, 16) == b"\xff" * 16
        finally:
            esp._port.close()
    assert sim.bootloader.flash[0x3000:0x1000 + len(data)] == data[0x2000:]
    assert "baud 921600" in sim.bootloader.log
