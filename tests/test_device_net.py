"""terakoya device on every computer: a virtual board on 127.0.0.1 over RFC 2217 (real
mpremote: exec, fs ls, cp; its interactive repl is broken upstream over rfc2217) and as a
WebREPL (a client written here with websockets, speaking as Thonny does: password, text
frames, raw-paste, webrepl's binary file transfers)."""

from __future__ import annotations

import re
import select
import shutil
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from terakoya.host_tools.device_net import Rfc2217Server
from terakoya.host_tools.device_webrepl import WebReplServer, parse_frame, whole_utf8

from terakoya import cli
from terakoya.device_command import make_device

MPREMOTE = shutil.which("mpremote")
needs_mpremote = pytest.mark.skipif(MPREMOTE is None, reason="needs mpremote")
LOOP_MAIN = b"import time\nprint('start')\nwhile True:\n    time.sleep_ms(10)\n"
REQUEST = "<2sBBQLH64s"


def serving(server) -> threading.Thread:
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return thread


@pytest.fixture(params=["esp32", "microbit"])
def rfc2217(request) -> Iterator[tuple[object, str]]:
    main = LOOP_MAIN if request.param == "esp32" else b"while True:\n    pass\n"
    with make_device({"main.py": main}, board=request.param) as dev, \
            Rfc2217Server(dev, baud=115200) as server:
        thread = serving(server)
        yield dev, server.address
        server.stop()
        thread.join(5)


def mpremote(address: str, *args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([MPREMOTE, "connect", f"port:{address}", *args], capture_output=True,
                          timeout=60)
    return subprocess.CompletedProcess(done.args, done.returncode, done.stdout.decode(),
                                       done.stderr.decode())


# -- RFC 2217 ---------------------------------------------------------------------------------
@needs_mpremote
def test_mpremote_exec_ls_and_cp_over_rfc2217(rfc2217, tmp_path):
    dev, address = rfc2217
    assert address.startswith("rfc2217://127.0.0.1:")
    result = mpremote(address, "exec", "print('hello', 6*7)")
    assert (result.returncode, result.stdout) == (0, "hello 42\r\n"), result.stderr
    program = tmp_path / "lights.py"
    program.write_bytes(b"ON = 9  # \xe3\x81\xa4\xe3\x81\x8f\n" + b"# padding\n" * 60)
    back = tmp_path / "back.py"
    result = mpremote(address, "fs", "cp", str(program), ":lights.py", "+", "fs", "ls", "+",
                      "fs", "cp", ":lights.py", str(back), "+", "exec",
                      "import lights; print(lights.ON)")
    assert result.returncode == 0, result.stderr
    assert re.search(r"\d+ lights\.py", result.stdout) and result.stdout.endswith("9\r\n")
    assert back.read_bytes() == program.read_bytes() == dev.model.files["lights.py"]


@needs_mpremote
def test_a_second_rfc2217_connection_is_refused_while_one_is_open():
    with make_device() as dev, Rfc2217Server(dev) as server:
        thread = serving(server)
        first = socket.create_connection(("127.0.0.1", server.port))
        try:
            assert first.recv(64).startswith(b"\xff")  # the Telnet negotiation begins
            second = socket.create_connection(("127.0.0.1", server.port))
            second.settimeout(5)
            assert second.recv(64) == b""  # closed at once: the port is busy
            second.close()
        finally:
            first.close()
            time.sleep(0.3)
        assert mpremote(server.address, "exec", "print(1)").stdout == "1\r\n"  # free again
        server.stop()
        thread.join(5)


def test_telnets_ff_byte_is_doubled_to_the_host_and_undoubled_from_it():
    with make_device() as dev, Rfc2217Server(dev) as server:
        server._connected()
        assert server._encode(b"a\xffb") == b"a\xff\xffb"
        assert server._decode(b"x\xff\xffy") == b"x\xffy"
        assert server._decode(b"\xff\xfb\x01z") == b"z"  # IAC WILL ECHO: answered, not data


# -- WebREPL ----------------------------------------------------------------------------------
@pytest.fixture
def webrepl() -> Iterator[tuple[object, WebReplServer]]:
    with make_device({"main.py": LOOP_MAIN}, board="esp32", folders=["lib"]) as dev, \
            WebReplServer(dev, baud=115200, password="kumo42") as server:
        thread = serving(server)
        yield dev, server
        server.stop()
        thread.join(5)


class Thonnyish:
    """A WebREPL client as Thonny's: everything received is one stream of bytes."""

    def __init__(self, url: str, password: str = "kumo42"):
        from websockets.sync.client import connect

        self.ws = connect(url, open_timeout=10)
        self.stream = b""
        assert self.read_until(b"Password: ") == b"Password: "
        self.ws.send(password + "\n")

    def read_until(self, marker: bytes, timeout: float = 10) -> bytes:
        end = time.monotonic() + timeout
        while marker not in self.stream:
            message = self.ws.recv(timeout=max(0.01, end - time.monotonic()))
            self.stream += message.encode("utf-8") if isinstance(message, str) else message
        found, _, self.stream = self.stream.partition(marker)
        return found + marker

    def read(self, count: int) -> bytes:
        while len(self.stream) < count:
            message = self.ws.recv(timeout=10)
            self.stream += message.encode("utf-8") if isinstance(message, str) else message
        data, self.stream = self.stream[:count], self.stream[count:]
        return data

    def to_the_repl(self) -> None:
        """Ctrl-C: main.py stops and the REPL starts (what the board said before is read)."""
        self.ws.send("\x03")
        self.read_until(b"for more information.\r\n>>> ")

    def raw_paste(self, code: bytes) -> bytes:
        """Run ``code`` as Thonny and mpremote do: raw REPL, then raw-paste."""
        self.ws.send("\r\x03\x03\x01")
        self.read_until(b"raw REPL; CTRL-B to exit\r\n>")
        self.ws.send("\x05A\x01")
        assert self.read(2) == b"R\x01"
        self.read(3)  # the window
        self.ws.send(code.decode() + "\x04")
        self.read_until(b"\x04")  # the board has it all
        out = self.read_until(b"\x04>")
        return out.split(b"\x04")[0]

    def close(self) -> None:
        self.ws.close()


def test_webrepl_asks_for_the_password_then_is_the_boards_repl(webrepl):
    dev, server = webrepl
    assert server.address.startswith("ws://127.0.0.1:") and server.address.endswith("/")
    client = Thonnyish(server.address)
    try:
        assert client.read_until(b">>> ") == b"\r\nWebREPL connected\r\n>>> "
        client.ws.send("\x03")  # Ctrl-C stops main.py's loop
        assert b"KeyboardInterrupt" in client.read_until(b"KeyboardInterrupt")
        client.read_until(b"for more information.\r\n>>> ")
        client.ws.send("print('hello', 6*7)\r")
        assert client.read_until(b">>> ").endswith(b"hello 42\r\n>>> ")
        assert client.raw_paste(b"import os\nprint(os.listdir())") == b"['boot.py', 'lib', 'main.py']\r\n"
        assert client.raw_paste("print('こんにちは' * 30)".encode()) == "こんにちは".encode() * 30 + b"\r\n"
    finally:
        client.close()


def test_a_wrong_password_is_access_denied_and_the_end(webrepl):
    from websockets.exceptions import ConnectionClosed

    dev, server = webrepl
    client = Thonnyish(server.address, password="guess")
    assert client.read_until(b"denied\r\n") == b"\r\nAccess denied\r\n"
    with pytest.raises(ConnectionClosed):
        client.ws.recv(timeout=5)
    Thonnyish(server.address).read_until(b"WebREPL connected")  # the right one still works


def test_webrepl_file_transfers_as_thonny_makes_them(webrepl):
    dev, server = webrepl
    client = Thonnyish(server.address)
    client.to_the_repl()
    data = "ON = 9  # つくえ\n".encode() * 200  # more than one frame of each kind
    name = b"/lib/lights.py"
    request = struct.pack(REQUEST, b"WA", 1, 0, 0, len(data), len(name), name)
    client.ws.send(request[:10])
    client.ws.send(request[10:])  # Thonny sends the request in two frames
    assert client.read(4) == b"WB\x00\x00"
    for start in range(0, len(data), 1024):
        client.ws.send(data[start:start + 1024])
    assert client.read(4) == b"WB\x00\x00"
    assert dev.model.files["lib/lights.py"] == data
    client.ws.send(struct.pack(REQUEST, b"WA", 2, 0, 0, 0, len(name), name))
    assert client.read(4) == b"WB\x00\x00"
    received = b""
    while True:
        client.ws.send(b"\x00")
        (size,) = struct.unpack("<H", client.read(2))
        if size == 0:
            break
        received += client.read(size)
    assert received == data and client.read(4) == b"WB\x00\x00"
    client.ws.send(struct.pack(REQUEST, b"WA", 3, 0, 0, 0, 0, b""))
    assert client.read(3) == bytes([1, 23, 0])  # the firmware's MicroPython
    missing = b"/nofolder/x.py"
    client.ws.send(struct.pack(REQUEST, b"WA", 1, 0, 0, 1, len(missing), missing))
    assert client.read(4) == b"WB\x00\x00"
    client.ws.send(b"x")
    assert client.read(4) == b"WB\x01\x00"  # no such folder: it could not be written
    client.ws.send(struct.pack(REQUEST, b"WA", 2, 0, 0, 0, len(missing), missing))
    assert client.read(4) == b"WB\x01\x00"
    client.close()


def test_a_new_connection_takes_the_line_over_as_thonny_reconnects(webrepl):
    dev, server = webrepl
    first = Thonnyish(server.address)
    first.read_until(b">>> ")
    second = Thonnyish(server.address)  # after a soft reset Thonny connects again, unclosed
    second.read_until(b">>> ")
    second.to_the_repl()
    second.ws.send("1+1\r")
    assert second.read_until(b">>> ").endswith(b"2\r\n>>> ")
    assert server.connections == 2
    second.close()


def test_a_browser_is_told_what_this_is_and_a_ping_is_answered(webrepl):
    dev, server = webrepl
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as browser:
        browser.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
        page = b""
        while chunk := browser.recv(4096):
            page += chunk
    assert page.startswith(b"HTTP/1.0 200 OK") and b"Thonny" in page
    client = Thonnyish(server.address)
    client.ws.ping(b"hi").wait(5)  # websockets waits for the pong
    client.close()


def test_utf8_is_never_cut_inside_a_character():
    text = "あいう".encode()
    assert whole_utf8(text) == 9 and whole_utf8(text[:4]) == 3 and whole_utf8(text[:5]) == 3
    assert whole_utf8(b"abc") == 3 and whole_utf8(b"") == 0
    with make_device() as dev, WebReplServer(dev, password="abcd") as server:
        server.state = "repl"
        first = parse_frame(server._encode(text[:4]))
        second = parse_frame(server._encode(text[4:]))
        assert first and second and first[1] == "あ".encode() and second[1] == "いう".encode()


# -- the command ------------------------------------------------------------------------------
def start_served(*args: str) -> tuple[subprocess.Popen, str]:
    child = subprocess.Popen([sys.executable, "-m", "terakoya.cli", "--lang", "en", "device",
                              *args], stdout=subprocess.PIPE, text=True,
                             cwd=Path(__file__).parent)
    assert child.stdout is not None
    ready, _, _ = select.select([child.stdout], [], [], 30)
    text = ""
    for _ in range(12 if ready else 0):  # the message is printed at once, whole
        text += child.stdout.readline()
        if "Ctrl-C" in text:
            break
    if "://127.0.0.1:" not in text:
        child.kill()
    assert "://127.0.0.1:" in text, text
    return child, text


def stop_served(child: subprocess.Popen) -> str:
    child.send_signal(signal.SIGINT)
    out, _ = child.communicate(timeout=20)
    assert child.returncode == 0
    return out


@needs_mpremote
@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT")
def test_the_command_serves_rfc2217_and_says_how_to_connect(tmp_path, monkeypatch):
    monkeypatch.setenv("TERAKOYA_DATA", str(tmp_path))
    child, text = start_served("--board", "esp32", "--serve", "rfc2217", "--port", "0",
                               "--baud", "0", "--name", "net")
    try:
        address = re.search(r"(rfc2217://127\.0\.0\.1:\d+)", text).group(1)
        assert f"mpremote connect port:{address} fs cp main.py :main.py" in text
        assert "'repl' does not work over RFC 2217" in text
        result = mpremote(address, "fs", "mkdir", ":lib", "+", "exec", "print('ok')")
        assert result.stdout.endswith("ok\r\n"), result.stderr
    finally:
        out = stop_served(child)
    assert out.strip().endswith("The simulated board is switched off.")
    assert (tmp_path / "devices" / "esp32-net" / "lib").is_dir()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT")
def test_the_command_serves_a_webrepl_with_the_password_it_shows():
    child, text = start_served("--serve", "webrepl", "--port", "0", "--password", "tera5",
                               "--fresh")
    try:
        url = re.search(r"(ws://127\.0\.0\.1:\d+/)", text).group(1)
        assert "< WebREPL >" in text and "tera5" in text and "MicroPython (generic)" in text
        client = Thonnyish(url, password="tera5")
        assert client.read_until(b">>> ").endswith(b"WebREPL connected\r\n>>> ")
        client.ws.send("\x03")
        client.ws.send("print(6 * 7)\r")
        assert client.read_until(b"42\r\n>>> ")
        client.close()
    finally:
        stop_served(child)


def test_a_webrepl_gets_a_new_password_each_time_unless_one_is_given():
    from terakoya.device_command import Serving

    first, second = Serving("webrepl"), Serving("webrepl")
    assert first.password != second.password and len(first.password) == 8
    assert Serving("webrepl", None, "mine1").password == "mine1"


@pytest.mark.parametrize("argv, words", [
    (["--port", "2217"], "--port and --password are for --serve rfc2217"),
    (["--serve", "rfc2217", "--password", "abcd"], "--password is for --serve webrepl"),
    (["--serve", "webrepl", "--password", "abc"], "4 to 9 letters"),
    (["--serve", "webrepl", "--password", "abcdefghij"], "4 to 9 letters"),
    (["--serve", "rfc2217", "--port", "70000"], "from 0 to 65535"),
])
def test_options_that_do_not_go_together_are_one_plain_line(argv, words, capsys):
    assert cli.main(["device", "--lang", "en", *argv]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and words in err


def test_a_port_in_use_is_said_plainly(capsys):
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        assert cli.main(["device", "--lang", "en", "--serve", "rfc2217", "--port",
                         str(port)]) == 2
    assert f"The port {port} on this computer is in use" in capsys.readouterr().err


def test_without_port_the_next_free_one_is_taken():
    from terakoya.host_tools.device_net import listen

    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        with listen(port, tries=20) as other:
            assert other.getsockname()[1] != port


def test_a_window_shows_where_a_networked_board_is(tmp_path, monkeypatch):
    from terakoya.host_tools.device import FrameDriven
    from terakoya.simulator.ui.app import WindowOptions, make_controller

    monkeypatch.chdir(tmp_path)
    with make_device(power_on=False) as device, WebReplServer(device, password="abcd") as server:
        ctl = make_controller(WindowOptions(paths=[], attached=FrameDriven(device, server)))
        done = threading.Event()

        def frames() -> None:  # the window's loop: it serves the line between frames
            while not done.is_set():
                ctl.tick(1000 / 60)
                time.sleep(0.005)

        ticking = threading.Thread(target=frames, daemon=True)
        ticking.start()
        try:
            assert server.address in ctl.console[0].text
            client = Thonnyish(server.address, password="abcd")
            client.ws.send("\x03")
            client.read_until(b">>> ")
            client.ws.send("print(7 * 6)\r")
            assert client.read_until(b"42\r\n>>> ", timeout=5)
            client.close()
        finally:
            done.set()
            ticking.join(5)
            ctl.close()
