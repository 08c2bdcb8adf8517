"""terakoya device --board esp32|atom-matrix|esp32-s3: the ESP32's own MicroPython 1.23 core
runs its REPL behind the port, with its LittleFS folders; real mpremote against it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator

import pytest
from terakoya.host_tools.device import CoreDevice, PtyServer

from terakoya.device_command import make_device
from tests.test_device import start_command, stop_command

BANNER = (b"MicroPython v1.23.0 on 2024-06-02; Generic ESP32 module with ESP32\r\n"
          b'Type "help()" for more information.\r\n')
RAW_PROMPT = b"raw REPL; CTRL-B to exit\r\n>"
LOOP_MAIN = b"import time\nprint('start')\nwhile True:\n    time.sleep_ms(10)\n"
MPREMOTE = shutil.which("mpremote")
needs_mpremote = pytest.mark.skipif(MPREMOTE is None or os.name == "nt",
                                    reason="needs mpremote and a pseudo-terminal")


@pytest.fixture
def esp32() -> Iterator[CoreDevice]:
    with make_device(board="esp32") as dev:
        dev.take_output()
        yield dev


def test_power_on_shows_the_roms_lines_then_the_banner():
    with make_device(board="esp32") as dev:
        out = dev.take_output()
    assert out.startswith(b"ets Jun  8 2016 00:22:57\r\n\r\nrst:0x1 (POWERON_RESET)")
    assert out.endswith(b"mode:DIO, clock div:2\r\n" + BANNER + b">>> ")


def test_a_soft_reset_prints_no_rom_lines_and_runs_boot_py_and_main_py():
    files = {"boot.py": b"print('boot')\n", "main.py": b"print('main')\n"}
    with make_device(files, board="esp32") as dev:
        assert dev.take_output().endswith(b"boot\r\nmain\r\n" + BANNER + b">>> ")
        assert dev.exchange(b"\x04", b">>> ") == \
            b"\r\nMPY: soft reboot\r\nboot\r\nmain\r\n" + BANNER + b">>> "


def test_the_raw_repl_soft_reset_runs_boot_py_but_not_main_py():
    files = {"boot.py": b"print('boot')\n", "main.py": b"print('main')\n"}
    with make_device(files, board="esp32") as dev:
        dev.exchange(b"\r\x03\r\x01", RAW_PROMPT)
        assert dev.exchange(b"\x04", RAW_PROMPT) == b"OK\r\nMPY: soft reboot\r\nboot\r\n" + RAW_PROMPT


def test_folders_made_at_the_repl_stay_through_a_soft_reset(esp32):
    esp32.exchange(b"import os\r", b">>> ")
    esp32.exchange(b"os.mkdir('lib')\r", b">>> ")
    esp32.exchange(b"open('lib/x.py', 'w').write('X = 42')\r", b">>> ")
    esp32.exchange(b"os.mkdir('data')\r", b">>> ")
    esp32.exchange(b"\x04", b">>> ")
    assert esp32.exchange(b"import x; x.X\r", b">>> ").endswith(b"42\r\n>>> ")  # /lib on sys.path
    assert esp32.folders() == ["data"]  # lib holds a file; data is empty
    assert esp32.read_file("/lib/x.py") == b"X = 42"


def test_ctrl_c_stops_a_loop_in_main_py_and_the_repl_starts():
    with make_device({"main.py": LOOP_MAIN}, board="esp32") as dev:
        dev.run_ms(100)
        assert dev.take_output().endswith(b"start\r\n")
        out = dev.exchange(b"\x03", b">>> ")
    assert b'File "main.py", line 4, in <module>\r\nKeyboardInterrupt: \r\n' in out
    assert out.endswith(BANNER + b">>> ")


def test_kept_folders_are_there_when_the_board_starts():
    with make_device({"lib/a.py": b"A = 1"}, board="esp32", folders=["data", "lib/sub"]) as dev:
        dev.take_output()
        out = dev.exchange(b"import os; print(os.listdir(), os.listdir('lib'))\r", b">>> ")
    assert b"['boot.py', 'data', 'lib'] ['a.py', 'sub']" in out


def test_files_written_from_the_host_follow_the_boards_filesystem(esp32):
    esp32.write_file("/main.py", b"print(1)")
    with pytest.raises(OSError):
        esp32.write_file("/nofolder/x.py", b"")  # LittleFS: no such folder
    with pytest.raises(OSError):
        esp32.read_file("missing.py")
    with make_device() as microbit:  # flat: names only
        microbit.write_file("/a.py", b"A")
        assert microbit.read_file("a.py") == b"A" and microbit.folders() == []
        with pytest.raises(OSError):
            microbit.write_file("lib/a.py", b"A")


@pytest.mark.parametrize("board", ["atom-matrix", "esp32-s3"])
def test_the_other_esp32_boards_are_served_with_the_ports_repl(board):
    with make_device(board=board) as dev:
        assert dev.take_output().endswith(BANNER + b">>> ")  # the ESP32_GENERIC firmware's
        assert dev.exchange(b"import os; os.listdir()\r", b">>> ").endswith(b"['boot.py']\r\n>>> ")


# -- real mpremote on a pseudo-terminal ---------------------------------------------------------
@pytest.fixture
def port() -> Iterator[tuple[CoreDevice, str]]:
    """A virtual ESP32 busy in its main.py (so every command must interrupt it) on a pty."""
    with make_device({"main.py": LOOP_MAIN}, board="esp32") as dev, PtyServer(dev) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        yield dev, server.path
        server.stop()
        thread.join(5)


def mpremote(port: str, *args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([MPREMOTE, "connect", port, *args], capture_output=True, timeout=60)
    return subprocess.CompletedProcess(done.args, done.returncode, done.stdout.decode(),
                                       done.stderr.decode())


@needs_mpremote
def test_mpremote_makes_a_folder_copies_into_it_lists_it_and_imports_from_it(port, tmp_path):
    dev, path = port
    module = tmp_path / "x.py"
    module.write_text("X = 42\n" + "# padding\n" * 40)
    result = mpremote(path, "fs", "mkdir", ":lib", "+", "fs", "cp", str(module), ":lib/x.py",
                      "+", "fs", "ls", ":lib", "+", "exec", "import x; print(x.X)")
    assert result.returncode == 0, result.stderr
    assert re.search(r"ls :lib\n\s+407 x\.py\n42\r\n$", result.stdout), result.stdout
    listing = mpremote(path, "fs", "ls")
    assert re.findall(r"\d+ (\S+)", listing.stdout) == ["boot.py", "lib/", "main.py"]
    assert mpremote(path, "fs", "cat", ":lib/x.py").stdout.startswith("X = 42\r\n")
    # a soft reset (each mpremote command starts with one) keeps the files
    again = mpremote(path, "soft-reset", "+", "exec", "import x, os; print(x.X, os.listdir('lib'))")
    assert again.stdout == "42 ['x.py']\r\n"
    assert dev.model.files["lib/x.py"] == module.read_bytes()


@needs_mpremote
def test_mpremote_exec_stops_the_running_loop_with_ctrl_c(port):
    dev, path = port
    result = mpremote(path, "exec", "print('hello from the ESP32', 6*7)")
    assert (result.returncode, result.stdout) == (0, "hello from the ESP32 42\r\n")
    assert "start" in dev.sim_board.serial_output  # its main.py was running, and was stopped
    result = mpremote(path, "fs", "rm", ":main.py", "+", "fs", "mkdir", ":lib", "+", "fs",
                      "rmdir", ":lib", "+", "fs", "ls")
    assert result.returncode == 0 and result.stdout.endswith("ls :\n         139 boot.py\n")


@needs_mpremote
def test_the_command_keeps_an_esp32s_folders_between_runs(tmp_path, monkeypatch):
    monkeypatch.setenv("TERAKOYA_DATA", str(tmp_path))
    child, path = start_command("--board", "esp32", "--name", "club")
    try:
        out = mpremote(path, "fs", "mkdir", ":lib", "+", "fs", "mkdir", ":data", "+", "exec",
                       "open('lib/t.py', 'w').write('T = 3')")
        assert out.returncode == 0, out.stderr
    finally:
        assert "files are kept in" in stop_command(child)
    assert (tmp_path / "devices" / "esp32-club" / "lib" / "t.py").read_text() == "T = 3"
    child, path = start_command("--board", "esp32", "--name", "club")
    try:
        result = mpremote(path, "exec", "import os, t; print(os.listdir(), t.T)")
        assert result.stdout == "['boot.py', 'data', 'lib'] 3\r\n"
    finally:
        stop_command(child)


# -- --window: the served ESP32 is the board in the window --------------------------------------
ATOM_MAIN = b"""from machine import Pin
import neopixel, time
button = Pin(39, Pin.IN)
np = neopixel.NeoPixel(Pin(27), 25)
print('hello')
while True:
    np[0] = (0, 40, 0) if button.value() == 0 else (0, 0, 0)
    np.write()
    time.sleep_ms(20)
"""


def test_the_window_shows_a_served_atom_matrix_and_its_button_reaches_the_host(tmp_path,
                                                                             monkeypatch):
    from terakoya.host_tools.device import FrameDriven
    from terakoya.simulator.ui.app import WindowOptions, make_controller

    from tests.test_device_window import Window

    monkeypatch.chdir(tmp_path)
    with make_device({"main.py": ATOM_MAIN}, board="atom-matrix", power_on=False) as device, \
            PtyServer(device) as server:
        ctl = make_controller(WindowOptions(paths=[], attached=FrameDriven(device, server)))
        host = os.open(server.path, os.O_RDWR | os.O_NOCTTY)
        try:
            window = Window(ctl, host)
            window.read_until(b"hello\r\n")
            assert ctl.boards[0].model is device.model and ctl.boards[0].model.spec.id == "atom-matrix"
            ctl.perform("button_button", True)
            window.frames(5)
            ctl.perform("stop")  # the window's Stop is Ctrl-C on the line
            assert window.read_until(b">>> ").endswith(BANNER + b">>> ")
            assert window.raw_exec("from machine import Pin\nprint(Pin(39).value())") == b"0\r\n"
        finally:
            ctl.close()
            os.close(host)
