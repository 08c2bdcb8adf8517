"""terakoya device --window: the board served on a port is also the board in the window.

The window's frames drive the board's time and serve the port between frames; what a
person does in the window (buttons, Reset, Stop) is what the host sees on the line.
"""

from __future__ import annotations

import os
import re
import select
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from terakoya.host_tools.device import FrameDriven, PtyServer
from terakoya.simulator.model.events import DisplayChanged
from terakoya.simulator.ui.app import WindowOptions, make_controller
from terakoya.simulator.ui.controller import Controller

from terakoya.device_command import make_device

pytestmark = pytest.mark.skipif(os.name == "nt", reason="needs a pseudo-terminal")
BANNER = (b"MicroPython v1.18 on 2023-10-30; micro:bit v2.1.2 with nRF52833\r\n"
          b'Type "help()" for more information.\r\n')  # the firmware 2.1.2's

BUTTON_MAIN = b"""from microbit import *
print('hello')
while True:
    if button_a.is_pressed():
        display.show(Image.HEART)
    else:
        display.clear()
    sleep(20)
"""
RAW_PROMPT = b"raw REPL; CTRL-B to exit\r\n>"


class Window:
    """The window's controller on a served board, and the host's end of the port."""

    def __init__(self, ctl: Controller, host: int):
        self.ctl = ctl
        self.host = host

    def frames(self, count: int) -> None:
        for _ in range(count):
            self.ctl.tick(1000 / 60)

    def send(self, data: bytes) -> None:
        os.write(self.host, data)

    def read_until(self, marker: bytes, max_frames: int = 120) -> bytes:
        """Run frames until the host has received ``marker`` (a pty delivers a little later)."""
        received = b""
        for _ in range(max_frames):
            self.frames(1)
            if select.select([self.host], [], [], 0.02)[0]:
                received += os.read(self.host, 4096)
            if marker in received:
                return received
        raise AssertionError(f"never received {marker!r}; got {received!r}")

    def raw_exec(self, code: str) -> bytes:
        """Run ``code`` in the raw REPL, as mpremote does; its output."""
        self.send(b"\r\x03\x03\x01")
        self.read_until(RAW_PROMPT)
        self.send(code.encode() + b"\x04")
        answer = self.read_until(b"\x04>")
        return answer.removeprefix(b"OK").split(b"\x04")[0]


@pytest.fixture
def window(tmp_path, monkeypatch) -> Iterator[Window]:
    monkeypatch.chdir(tmp_path)
    with make_device({"main.py": BUTTON_MAIN}, power_on=False) as device, \
            PtyServer(device) as server:
        ctl = make_controller(WindowOptions(paths=[], attached=FrameDriven(device, server)))
        host = os.open(server.path, os.O_RDWR | os.O_NOCTTY)
        try:
            yield Window(ctl, host)
        finally:
            ctl.close()
            os.close(host)


def test_the_window_shows_the_served_board_and_says_where_its_port_is(window):
    ctl = window.ctl
    assert len(ctl.boards) == 1
    assert ctl.boards[0].model is ctl.attached.sim.boards[0].model
    assert "/dev/" in ctl.console[0].text and "mpremote" in ctl.console[0].text
    window.frames(3)
    assert [line.text for line in ctl.console if line.kind == "output"] == ["hello"]
    assert ctl.boards[0].serial_output == "hello\n"  # switched on once, by the window


def test_a_button_pressed_in_the_window_is_seen_by_code_from_the_host(window):
    window.frames(3)
    window.ctl.perform("button_a", True)
    window.frames(3)
    assert window.ctl.boards[0].model.display.pixels[0] == [0, 9, 0, 9, 0]  # the heart
    out = window.raw_exec("print(button_a.is_pressed(), display.get_pixel(1, 1))")
    assert out == b"True 9\r\n"
    window.ctl.perform("button_a", False)
    assert window.raw_exec("print(button_a.is_pressed())") == b"False\r\n"


def test_code_from_the_host_shows_on_the_windows_leds(window):
    heard = []
    window.ctl.listeners.append(heard.append)
    window.raw_exec("display.show(Image.YES)")
    window.frames(2)
    assert window.ctl.boards[0].model.display.pixels[4] == [0, 9, 0, 0, 0]
    shown = [e for e in heard if isinstance(e, DisplayChanged)]
    assert shown and shown[-1].pixels[4] == (0, 9, 0, 0, 0)  # what the window draws from


def test_stop_in_the_window_is_ctrl_c_on_the_line(window):
    window.frames(3)
    window.ctl.perform("stop")
    received = window.read_until(b">>> ")
    assert b"KeyboardInterrupt" in received
    assert received.endswith(BANNER + b">>> ")


def test_reset_in_the_window_is_the_boards_reset_button(window):
    window.frames(3)
    window.read_until(b"hello\r\n")
    window.ctl.perform("reset")
    assert window.read_until(b"hello\r\n").endswith(b"hello\r\n")  # main.py started again
    assert window.ctl.boards[0].model.files["main.py"] == BUTTON_MAIN


def test_while_paused_the_host_is_answered_but_time_stands_still(window):
    window.ctl.perform("pause")
    window.send(b"\r\x03")
    window.read_until(b">>> ")  # answering takes only the serial line's time
    answered = window.ctl.sim.scheduler.now_us
    window.frames(10)
    assert window.ctl.sim.scheduler.now_us == answered


def test_typing_in_the_windows_console_is_typing_on_the_line(window):
    window.frames(3)
    window.ctl.perform("stop")  # Ctrl-C: the REPL
    window.read_until(b">>> ")
    window.ctl.type_serial("print(6 * 7)\n")
    assert window.read_until(b"42\r\n>>> ").endswith(b"print(6 * 7)\r\n42\r\n>>> ")


def test_the_data_log_is_saved_in_the_current_folder(window, tmp_path):
    window.raw_exec("import log\nlog.add(a=1)")
    saved = window.ctl.export_log()
    assert saved == tmp_path / "microbit-log.csv"
    assert saved.read_text(encoding="utf-8").splitlines() == ["a", "1"]


def test_closing_the_window_leaves_the_board_to_its_server(window):
    window.frames(3)
    window.ctl.close()
    assert window.raw_exec("print(1 + 1)") == b"2\r\n"


# -- the command, end to end with real mpremote --------------------------------------------
MPREMOTE = shutil.which("mpremote")


def start_device(args: list[str], env: dict[str, str]) -> tuple[subprocess.Popen[str], str]:
    child = subprocess.Popen([sys.executable, "-m", "terakoya.cli", "--lang", "en", "device",
                              *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, env=env, cwd=Path(__file__).parent)
    assert child.stdout is not None
    ready, _, _ = select.select([child.stdout], [], [], 20)
    line = child.stdout.readline() if ready else ""
    match = re.search(r"(/dev/\S+)", line)
    assert match, line
    return child, match.group(1)


@pytest.mark.skipif(MPREMOTE is None, reason="needs mpremote")
def test_mpremote_talks_to_the_board_in_the_window(tmp_path):
    program = tmp_path / "main.py"
    program.write_text("from microbit import *\ndisplay.show(Image.HEART)\n")
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
    child, port = start_device([str(program), "--window"], env)
    try:
        done = subprocess.run([MPREMOTE, "connect", port, "exec",
                               "from microbit import *\nimport os\n"
                               "display.show(Image.HEART)\n"
                               "print(display.get_pixel(1, 1), os.listdir())"],
                              capture_output=True, timeout=30)
        assert done.stdout == b"9 ['main.py']\r\n", done.stderr
    finally:
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=20)
    assert child.returncode == 0, err
    assert "shown in a window" in out
    assert out.strip().endswith("The simulated board is switched off.")


def test_without_a_screen_the_board_is_served_without_a_window(tmp_path):
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER")}
    child, port = start_device(["--window"], env)
    try:
        assert child.stderr is not None
        ready, _, _ = select.select([child.stderr], [], [], 20)
        assert ready and "no screen" in child.stderr.readline()
        host = os.open(port, os.O_RDWR | os.O_NOCTTY)
        try:
            os.write(host, b"\r\x03")
            received = b""
            while b">>> " not in received and select.select([host], [], [], 10)[0]:
                received += os.read(host, 4096)
            assert b">>> " in received
        finally:
            os.close(host)
    finally:
        child.send_signal(signal.SIGINT)
        out, _ = child.communicate(timeout=20)
    assert child.returncode == 0
    assert "shown in a window" not in out
