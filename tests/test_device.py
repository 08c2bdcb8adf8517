"""terakoya device: MicroPython's REPL protocols on a simulated board, byte for byte, and
real mpremote against it on a pseudo-terminal."""

from __future__ import annotations

import os
import re
import select
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from terakoya.host_tools.device import CoreDevice, PtyServer

from terakoya.device_command import make_device

BANNER = (b"MicroPython v1.18 on 2023-10-30; micro:bit v2.1.2 with nRF52833\r\n"
          b'Type "help()" for more information.\r\n')  # the firmware 2.1.2's, as in its hex
RAW_PASTE_WINDOW = 128  # pyexec.c: half of MicroPython's 256-byte stdin buffer
RAW_PROMPT = b"raw REPL; CTRL-B to exit\r\n>"
BUSY_MAIN = b"from microbit import *\nprint('start')\nwhile True:\n    pass\n"


@pytest.fixture
def device() -> Iterator[CoreDevice]:
    with make_device() as dev:
        dev.take_output()
        yield dev


def raw(dev: CoreDevice) -> None:
    """Into the raw REPL, as mpremote enters it (with a soft reset)."""
    dev.exchange(b"\r\x03\r\x01", RAW_PROMPT)
    assert dev.exchange(b"\x04", RAW_PROMPT) == b"OK\r\nMPY: soft reboot\r\n" + RAW_PROMPT


# -- friendly REPL ---------------------------------------------------------------------------
def test_power_on_shows_the_boards_banner_and_prompt():
    with make_device() as dev:
        assert dev.take_output() == BANNER + b">>> "
    assert BANNER == (b"MicroPython v1.18 on 2023-10-30; micro:bit v2.1.2 with nRF52833\r\n"
                      b'Type "help()" for more information.\r\n')


def test_typed_lines_are_echoed_and_values_printed(device):
    assert device.exchange(b"x = 6\r", b">>> ") == b"x = 6\r\n>>> "
    assert device.exchange(b"x * 7\r", b">>> ") == b"x * 7\r\n42\r\n>>> "
    assert device.exchange(b"display.show(1)\r", b">>> ") == b"display.show(1)\r\n>>> "
    assert device.exchange(b"print('a\\nb')\r", b">>> ").endswith(b"a\r\nb\r\n>>> ")


def test_a_block_continues_with_auto_indent_until_an_empty_line(device):
    assert device.exchange(b"for i in range(2):\r", b"    ") == b"for i in range(2):\r\n...     "
    assert device.exchange(b"print(i)\r", b"    ") == b"print(i)\r\n...     "
    assert device.exchange(b"\r", b"    ") == b"\r\n...     "
    assert device.exchange(b"\r", b"... ") == b"\r\n... "
    assert device.exchange(b"\r", b">>> ") == b"\r\n0\r\n1\r\n>>> "


def test_backspace_removes_a_character_or_a_whole_indent(device):
    assert device.exchange(b"12\x7f3\r", b">>> ") == b"12\b\x1b[K3\r\n13\r\n>>> "
    device.exchange(b"if True:\r", b"    ")
    assert device.exchange(b"\x7f", b"[K") == b"\b\b\b\b\x1b[K"


def test_paste_mode_runs_the_block_on_ctrl_d(device):
    assert device.exchange(b"\x05", b"=== ") == \
        b"\r\npaste mode; Ctrl-C to cancel, Ctrl-D to finish\r\n=== "
    out = device.exchange(b"for i in range(2):\r    print(i)\r\x04", b">>> ")
    assert out == b"for i in range(2):\r\n===     print(i)\r\n=== \r\n0\r\n1\r\n>>> "


def test_errors_print_as_micropython_prints_them(device):
    assert device.exchange(b"1/0\r", b">>> ") == (
        b'1/0\r\nTraceback (most recent call last):\r\n  File "<stdin>", line 1, in <module>\r\n'
        b"ZeroDivisionError: divide by zero\r\n>>> ")


def test_input_reads_what_is_typed_while_code_runs(device):
    device.feed(b"name = input('Name? ')\r")
    assert device.exchange(b"Hana\r", b">>> ").endswith(b"Name? Hana\r\n>>> ")
    assert device.exchange(b"name\r", b">>> ") == b"name\r\n'Hana'\r\n>>> "


def test_ctrl_c_at_the_prompt_starts_a_new_line(device):
    assert device.exchange(b"abc\x03", b">>> ") == b"abc\r\n>>> "


# -- Ctrl-C and soft reset ---------------------------------------------------------------------
def test_ctrl_c_stops_a_busy_main_py_and_the_repl_starts():
    with make_device({"main.py": BUSY_MAIN}) as dev:
        dev.run_ms(100)
        assert dev.take_output() == b"start\r\n"
        out = dev.exchange(b"\x03", b">>> ")
    # the board's core raises it at the loop's jump back, which its line table puts on line 4
    assert out == (b'Traceback (most recent call last):\r\n  File "main.py", line 4, in <module>\r\n'
                   b"KeyboardInterrupt: \r\n" + BANNER + b">>> ")


def test_ctrl_c_stops_code_that_sleeps(device):
    device.exchange(b"import time\r", b">>> ")
    device.feed(b"time.sleep(60)\r")
    device.run_ms(100)
    assert device.exchange(b"\x03", b">>> ").endswith(b"KeyboardInterrupt: \r\n>>> ")
    assert device.exchange(b"1 + 1\r", b">>> ") == b"1 + 1\r\n2\r\n>>> "  # the board goes on


def test_a_student_can_catch_keyboard_interrupt(device):
    device.feed(b"\x05")
    device.feed(b"try:\r    while True:\r        pass\rexcept KeyboardInterrupt:\r    print('bye')\r\x04")
    device.run_ms(50)
    assert device.exchange(b"\x03", b">>> ").endswith(b"bye\r\n>>> ")


def test_soft_reset_in_the_friendly_repl_runs_main_py_again():
    with make_device({"main.py": b"print('hello')\n"}) as dev:
        assert dev.take_output() == b"hello\r\n" + BANNER + b">>> "
        dev.exchange(b"x = 1\r", b">>> ")
        assert dev.exchange(b"\x04", b">>> ") == \
            b"\r\nMPY: soft reboot\r\nhello\r\n" + BANNER + b">>> "
        assert b"NameError: name 'x' isn't defined" in dev.exchange(b"x\r", b">>> ")


def test_without_main_py_the_repl_has_microbit_imported(device):
    assert device.exchange(b"Image.HEART\r", b">>> ").startswith(b"Image.HEART\r\nImage(")


def test_reset_from_the_repl_restarts_the_board_with_main_py():
    with make_device({"main.py": b"print('hello')\n"}) as dev:
        dev.take_output()
        dev.exchange(b"import microbit\r", b">>> ")
        assert dev.exchange(b"microbit.reset()\r", b">>> ") == \
            b"microbit.reset()\r\nhello\r\n" + BANNER + b">>> "


# -- raw REPL and raw-paste --------------------------------------------------------------------
def test_raw_repl_is_entered_as_mpremote_does_and_does_not_run_main_py():
    with make_device({"main.py": BUSY_MAIN}) as dev:
        dev.run_ms(10)
        out = dev.exchange(b"\r\x03\r\x01", RAW_PROMPT)
        # the CRs typed while main.py ran reach the REPL once it starts
        assert out.endswith(b"KeyboardInterrupt: \r\n" + BANNER + b">>> \r\n>>> \r\n>>> \r\n"
                            + RAW_PROMPT)
        assert dev.exchange(b"\x04", RAW_PROMPT) == b"OK\r\nMPY: soft reboot\r\n" + RAW_PROMPT
        dev.run_ms(100)
        assert dev.take_output() == b""  # main.py did not start


def test_raw_repl_sends_output_then_error_apart(device):
    raw(device)
    assert device.exchange(b"print('hi', 6*7)\x04", b">") == b"OKhi 42\r\n\x04\x04>"
    assert device.exchange(b"print(1)\n1/0\x04", b"\x04>") == (
        b'OK1\r\n\x04Traceback (most recent call last):\r\n  File "<stdin>", line 2, in <module>'
        b"\r\nZeroDivisionError: divide by zero\r\n\x04>")
    assert device.exchange(b"print(\x04", b"\x04>").startswith(b"OK\x04Traceback")


def test_raw_paste_gives_a_window_and_more_room_as_it_reads(device):
    raw(device)
    assert device.exchange(b"\x05A\x01", b"\x01") == b"R\x01\x80\x00\x01"
    code = b"x = '" + b"a" * 290 + b"'\nprint(len(x))\n"
    device.feed(code)
    assert device.take_output() == b"\x01" * (len(code) // RAW_PASTE_WINDOW)
    assert device.exchange(b"\x04", b">") == b"\x04290\r\n\x04\x04>"


def test_ctrl_c_during_raw_paste_stops_it(device):
    raw(device)
    device.exchange(b"\x05A\x01", b"\x01")
    assert device.exchange(b"print(1)\x03", b">") == b"\x04\x04KeyboardInterrupt: \r\n\x04>"


def test_ctrl_b_leaves_the_raw_repl_without_a_reset(device):
    raw(device)
    device.exchange(b"y = 3\x04", b">")
    assert device.exchange(b"\r\x02", b">>> ") == b"\r\n" + BANNER + b">>> "
    assert device.exchange(b"y\r", b">>> ") == b"y\r\n3\r\n>>> "


def test_files_written_in_the_raw_repl_are_on_the_flat_filesystem(device):
    raw(device)
    device.exchange(b"f=open('a.py','wb')\nw=f.write\nw(b'print(5)')\nf.close()\x04", b">")
    assert device.exchange(b"import os\nprint(os.listdir(), os.size('a.py'))\x04", b">") == \
        b"OK['a.py'] 8\r\n\x04\x04>"
    assert device.model.files == {"a.py": b"print(5)"}


# -- the friendly REPL's rules are the core's own (readline.c, pyexec.c) --------------------
@pytest.mark.parametrize("line, prompt", [
    (b"x = 1\r", b">>> "), (b"if x:\r", b"...     "), (b"f(1,\r", b"... "),
    (b"s = '''a\r", b"... "), (b"iffy = 1\r", b">>> "),
])
def test_when_the_repl_asks_for_more(device, line, prompt):
    assert device.exchange(line, prompt).endswith(prompt)


# -- end to end: real mpremote on a pseudo-terminal ------------------------------------------
MPREMOTE = shutil.which("mpremote")
needs_mpremote = pytest.mark.skipif(MPREMOTE is None or os.name == "nt",
                                    reason="needs mpremote and a pseudo-terminal")


@pytest.fixture
def port() -> Iterator[str]:
    """A board busy in ``while True`` (so every command must interrupt it) on a pty."""
    with make_device({"main.py": BUSY_MAIN}) as dev, PtyServer(dev) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        yield server.path
        server.stop()
        thread.join(5)


def mpremote(port: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Real mpremote; its output as it came (CRLF from the board kept)."""
    done = subprocess.run([MPREMOTE, "connect", port, *args], capture_output=True, timeout=30)
    return subprocess.CompletedProcess(done.args, done.returncode, done.stdout.decode(),
                                       done.stderr.decode())


@needs_mpremote
def test_mpremote_exec_and_run(port, tmp_path):
    result = mpremote(port, "exec", "print('hello from', 6*7)")
    assert (result.returncode, result.stdout) == (0, "hello from 42\r\n")
    script = tmp_path / "count.py"
    script.write_text("for i in range(3):\n    print('line', i)\n" + "# padding\n" * 30)
    result = mpremote(port, "run", str(script))
    assert result.stdout == "line 0\r\nline 1\r\nline 2\r\n"
    result = mpremote(port, "exec", "1/0")
    assert result.returncode == 1 and "ZeroDivisionError: divide by zero" in result.stdout


@needs_mpremote
def test_mpremote_file_commands(port, tmp_path):
    source = tmp_path / "main.py"
    source.write_text("from microbit import *\ndisplay.scroll('Hi')\n" + "# x\n" * 100)
    back = tmp_path / "back.py"
    result = mpremote(port, "fs", "cp", str(source), ":main.py", "+", "fs", "cp", str(source),
                      ":helper.py", "+", "fs", "ls", "+", "fs", "cp", ":main.py", str(back))
    assert result.returncode == 0, result.stderr
    assert sorted(re.findall(r"\d+ (\S+\.py)", result.stdout)) == ["helper.py", "main.py"]
    assert back.read_bytes() == source.read_bytes()
    result = mpremote(port, "fs", "rm", ":helper.py", "+", "fs", "cat", "main.py")
    assert result.stdout.startswith("rm :helper.py\nfrom microbit import *\r\n")
    assert mpremote(port, "fs", "ls").stdout.split() == ["ls", ":", "0", "main.py"]


def start_command(*args: str) -> tuple[subprocess.Popen, str]:
    """``terakoya device ARGS`` and the port it serves."""
    child = subprocess.Popen([sys.executable, "-m", "terakoya.cli", "--lang", "en", "device",
                              *args], stdout=subprocess.PIPE, text=True,
                             cwd=Path(__file__).parent)
    assert child.stdout is not None
    ready, _, _ = select.select([child.stdout], [], [], 20)
    line = child.stdout.readline() if ready else ""
    match = re.search(r"(/dev/\S+)", line)
    if not match:
        child.kill()
    assert match, line
    return child, match.group(1)


def stop_command(child: subprocess.Popen) -> str:
    child.send_signal(signal.SIGINT)
    out, _ = child.communicate(timeout=20)
    assert child.returncode == 0
    return out


@needs_mpremote
def test_the_command_prints_its_port_and_stops_cleanly_on_ctrl_c(tmp_path):
    program = tmp_path / "main.py"
    program.write_text("print('ready')\n")
    child, port = start_command(str(program), "--name", "clean")
    try:
        result = mpremote(port, "exec", "import os\nprint(os.listdir())")
        assert result.stdout == "['main.py']\r\n"
    finally:
        out = stop_command(child)
    assert out.strip().endswith("The simulated board is switched off.")


@needs_mpremote
def test_a_boards_files_survive_a_restart_of_the_command_unless_fresh(tmp_path):
    child, port = start_command("--name", "kept")
    try:
        mpremote(port, "exec", "f = open('notes.txt', 'w')\nf.write('hello')\nf.close()")
    finally:
        assert "files are kept in" in stop_command(child)
    child, port = start_command("--name", "kept")
    try:
        assert mpremote(port, "exec", "print(open('notes.txt').read())").stdout == "hello\r\n"
    finally:
        stop_command(child)
    child, port = start_command("--name", "kept", "--fresh")
    try:
        assert mpremote(port, "exec", "import os\nprint(os.listdir())").stdout == "[]\r\n"
    finally:
        stop_command(child)


def test_wall_clock_mapping_never_sleeps():
    from terakoya.host_tools.device import WallClock

    clock = WallClock(5000, speed=2.0)
    start = time.perf_counter()
    assert clock.virtual_now() >= 5000
    assert clock.seconds_until(clock.virtual_now() + 2_000_000) <= 1.0
    assert time.perf_counter() - start < 0.5


# -- the serial line's speed ------------------------------------------------------------------
class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_115200_baud_line_passes_11520_bytes_a_second_and_saves_nothing_up():
    from terakoya.host_tools.device import Line

    clock = FakeClock()
    line = Line(115200, clock)
    assert line.allowance() == 16  # what a UART's buffer lets go at once
    line.spend(16)
    assert line.allowance() == 0
    clock.now += 0.001
    assert line.allowance() == 11  # 11.52 bytes a millisecond
    clock.now += 5.0
    assert line.allowance() == 16  # an idle line saves no time up
    line.spend(16)
    assert line.seconds_until(16) == pytest.approx(16 / 11520)
    assert Line(None, clock).allowance() >= 1 << 20


def test_a_line_looked_at_once_a_frame_carries_a_frames_worth():
    from terakoya.host_tools.device import FrameDriven

    with make_device() as dev, PtyServer(dev, baud=115200) as server:
        assert server.to_host.burst == 16
        driven = FrameDriven(dev, server)
        assert server.to_host.burst == 16  # not yet: there may be no screen for a window
        driven.run(0)
        assert server.to_host.burst == server.from_host.burst == 11520 * 0.05


@pytest.fixture
def slow_line() -> Iterator[tuple[CoreDevice, PtyServer, int, FakeClock]]:
    """A board on a 115200-baud line with a clock the test moves; the host's end of it."""
    from terakoya.host_tools.device import Line

    clock = FakeClock()
    with make_device() as dev, PtyServer(dev) as server:
        server.to_host, server.from_host = Line(115200, clock), Line(115200, clock)
        server.look_once_a_frame()  # served by pump(), as the window does
        host = os.open(server.path, os.O_RDWR | os.O_NOCTTY)
        try:
            yield dev, server, host, clock
        finally:
            os.close(host)


def test_the_board_writes_to_the_host_no_faster_than_its_line(slow_line):
    dev, server, host, clock = slow_line
    burst = int(11520 * PtyServer.FRAME_BURST_S)
    dev.take_output()
    dev.output += b"x" * 2000
    server.pump()
    assert read_host(host) == b"x" * burst
    clock.now += 10.0
    server.pump()
    assert read_host(host) == b"x" * burst  # one burst at a time
    for _ in range(3):
        clock.now += 0.02
        server.pump()
    assert len(read_host(host)) == int(0.06 * 11520)  # 60 ms of line
    assert len(dev.output) == 2000 - 2 * burst - int(0.06 * 11520)


def test_the_board_reads_from_the_host_no_faster_than_its_line(slow_line):
    dev, server, host, clock = slow_line
    burst = int(11520 * PtyServer.FRAME_BURST_S)
    server.pump()
    assert read_host(host).endswith(b">>> ")  # the banner
    clock.now += 1.0
    os.write(host, b"a" * (burst + 100))
    select.select([server.master], [], [], 5)
    server.pump()
    dev.run_ms(200)  # the echo takes the board's UART time (the window's frames run it)
    server.pump()
    assert read_host(host) == b"a" * burst  # the friendly REPL echoes what it read
    clock.now += 1.0
    server.pump()
    dev.run_ms(200)
    server.pump()
    assert read_host(host) == b"a" * 100


def read_host(host: int) -> bytes:
    """What the board has sent so far (a pseudo-terminal passes bytes on a moment later)."""
    received = b""
    while select.select([host], [], [], 0.2)[0]:
        received += os.read(host, 4096)
    return received


def test_output_nobody_reads_does_not_make_the_server_spin():
    from terakoya.host_tools.device import WallClock

    with make_device() as dev, PtyServer(dev, baud=115200) as server:
        dev.output += b"x" * 100_000  # a host that never reads: the port stays full
        clock = WallClock(dev.now_us)
        # select waits for the port to take bytes (or for the board's next event), not 0 s
        assert server._timeout(clock, may_read=True, may_write=True) > 0.001


def test_a_board_running_twice_as_fast_has_a_line_twice_as_fast():
    with make_device() as dev, PtyServer(dev, speed=2.0, baud=115200) as server:
        assert server.to_host.bytes_per_s == server.from_host.bytes_per_s == 23040


def test_ctrl_c_while_main_pys_error_scrolls_stops_it_and_the_repl_starts():
    """A tool connecting while the board shows an error (a sad face, then the error
    scrolled for seconds) is answered at once: Ctrl-C stops the scroll, as on the board."""
    with make_device({"main.py": b"print('hi')\n1/0\n"}) as dev:
        assert dev.take_output().endswith(b"ZeroDivisionError: divide by zero\r\n")
        start = dev.now_us
        assert dev.exchange(b"\x03", b">>> ", max_ms=3000).endswith(b">>> ")
        assert dev.now_us - start < 100_000  # not after the scroll's seconds
        assert dev.exchange(b"1+1\r", b">>> ") == b"1+1\r\n2\r\n>>> "
