"""terakoya run: exit codes, streamed output, plain one-line usage errors, README examples."""

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from terakoya.cli import main

ROOT = Path(__file__).resolve().parents[1]


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_run_prints_serial_output_and_exits_0(tmp_path, capsys):
    program = write(tmp_path, "hello.py", "from microbit import *\nprint('hi')\nsleep(100)\n")
    assert main(["run", program]) == 0
    assert capsys.readouterr().out == "hi\n"


def test_an_uncaught_exception_exits_1_with_the_traceback_on_stdout(tmp_path, capsys):
    program = write(tmp_path, "bad.py", "x = 1\ny = x / 0\n")
    assert main(["run", program]) == 1
    out = capsys.readouterr()
    assert out.out.endswith("ZeroDivisionError: divide by zero\n")
    assert "Traceback" not in out.err


def test_a_program_that_never_ends_is_stopped_at_duration(tmp_path, capsys):
    program = write(tmp_path, "loop.py", "from microbit import *\nwhile True:\n"
                                         "    print(running_time())\n    sleep(1000)\n")
    assert main(["run", program, "--duration", "2.5"]) == 0
    assert capsys.readouterr().out.split() == ["0", "1000", "2000"]


def test_several_boards_prefix_each_line(tmp_path, capsys):
    first = write(tmp_path, "a.py", "from microbit import *\nsleep(10)\nprint('one')\n")
    second = write(tmp_path, "b.py", "print('two', end='')\nprint('!')\n")
    assert main(["run", first, second]) == 0
    assert sorted(capsys.readouterr().out.splitlines()) == ["[1] one", "[2] two!"]


def test_a_folder_runs_its_main_py_with_its_modules(tmp_path, capsys):
    folder = tmp_path / "lesson"
    folder.mkdir()
    write(folder, "main.py", "import tools\ntools.hello()\n")
    write(folder, "tools.py", "def hello():\n    print('from tools')\n")
    assert main(["run", str(folder)]) == 0
    assert capsys.readouterr().out == "from tools\n"


def test_scenario_drives_the_run(tmp_path, capsys):
    program = write(tmp_path, "p.py", "from microbit import *\n"
                                      "while not button_b.was_pressed():\n    sleep(10)\n"
                                      "print(temperature(), input())\n")
    scenario = write(tmp_path, "s.toml", '[[at]]\nms = 100\nset = { temperature = 33 }\n'
                                         '[[at]]\nms = 200\npress = "B"\n'
                                         '[[at]]\nms = 300\nserial_input = "yes\\n"\n')
    assert main(["run", program, "--scenario", scenario]) == 0
    assert capsys.readouterr().out == "yes\n33 yes\n"


USAGE_ERRORS = [
    (["run", "missing.py"], "Cannot find the program file"),
    (["run", "{prog}", "--board", "arduino"], "Unknown board 'arduino'"),
    (["run", "{prog}", "--duration", "0"], "--duration must be a number of seconds"),
    (["run", "{prog}", "--duration", "abc"], "invalid float value"),
    (["run", "{prog}", "--scenario", "nope.toml"], "Cannot find the scenario file"),
    (["run", "{prog}", "--scenario", "{bad}"], "[[at]] table 1, key 'press'"),
    (["run"], "the following arguments are required"),
]


def exit_code(args):
    try:
        return main(args)
    except SystemExit as exc:  # argparse's own checks
        return exc.code


@pytest.mark.parametrize("args, needle", USAGE_ERRORS)
def test_usage_errors_exit_2_with_one_line(tmp_path, capsys, args, needle):
    prog = write(tmp_path, "p.py", "pass\n")
    bad = write(tmp_path, "bad.toml", "[[at]]\nms = 1\npress = 'Z'\n")
    assert exit_code([a.format(prog=prog, bad=bad) for a in args]) == 2
    err = capsys.readouterr().err
    assert needle in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_japanese_messages(tmp_path, capsys):
    assert main(["run", "--lang", "ja", "missing.py"]) == 2
    assert "見つかりません" in capsys.readouterr().err


def test_the_console_script_runs(tmp_path):
    program = write(tmp_path, "p.py", "print('ok')\n")
    result = subprocess.run([sys.executable, "-m", "terakoya.cli", "run", program],
                            capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stdout) == (0, "ok\n")


def readme_examples():
    """Each ```console block in the README: '$ terakoya ...' lines and the output after."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for block in re.findall(r"```console\n(.*?)```", text, re.S):
        lines = block.splitlines()
        command, expected = lines[0], lines[1:]
        if command.startswith(("$ terakoya run", "$ terakoya check")):
            yield command[2:], expected


@pytest.mark.parametrize("command, expected", list(readme_examples()))
def test_readme_examples_print_what_the_readme_says(command, expected, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    args = command.split()[1:]
    code = main(args)
    out = capsys.readouterr().out.splitlines()
    assert out == expected
    assert code in (0, 1)


def test_readme_has_examples():
    assert len(list(readme_examples())) >= 3


def test_realtime_paces_the_run_with_the_wall_clock(tmp_path, capsys, monkeypatch):
    waits = []

    class RecordingPacer:
        def wait_until(self, virtual_us):
            waits.append(virtual_us)

    monkeypatch.setattr("terakoya.run_command.RealtimePacer", RecordingPacer)
    program = write(tmp_path, "p.py", "from microbit import *\nsleep(300)\nprint('done')\n")
    assert main(["run", program, "--realtime"]) == 0
    assert capsys.readouterr().out == "done\n"
    assert waits == sorted(waits) and waits[-1] >= 300_000
    assert len(waits) >= 30  # it keeps pace in small steps, not in one jump


def test_python_m_terakoya_and_version():
    done = subprocess.run([sys.executable, "-m", "terakoya", "--version"], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0 and re.fullmatch(r"terakoya \S+\n", done.stdout)


@pytest.mark.parametrize("lang, words", [("en", "Did you mean 'run'?"),
                                         ("ja", "「run」のことですか？")])
def test_a_mistyped_command_says_what_was_meant_once(lang, words, capsys):
    with pytest.raises(SystemExit) as ended:
        _main_argv(["--lang", lang, "rn"])
    assert ended.value.code == 2
    err = capsys.readouterr().err
    assert err.count(words) == 1 and err.count("\n") == 1
    assert "(see 'terakoya --help')" in err


def _main_argv(argv):
    old = sys.argv
    sys.argv = ["terakoya", *argv]
    try:
        return main(argv)
    finally:
        sys.argv = old


def test_output_read_by_a_command_that_stops_early_ends_quietly(tmp_path):
    program = tmp_path / "many.py"
    program.write_text("for i in range(100000):\n    print(i)\n")
    run = subprocess.Popen([sys.executable, "-m", "terakoya", "run", str(program),
                            "--duration", "60"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert run.stdout is not None
    assert run.stdout.readline() == b"0\n"
    run.stdout.close()  # as `| head -1` does
    _, err = run.communicate(timeout=60)
    assert run.returncode == 0
    assert err == b""


def test_run_tells_the_teacher_about_the_network_on_stderr(tmp_path, capsys):
    program = write(tmp_path, "iot.py", "import network, socket, time\n"
                    "w = network.WLAN(network.STA_IF)\nw.active(True)\n"
                    "w.connect('home', 'password1')\ntime.sleep(4)\n"
                    "w.connect('classroom', 'terakoya')\n"
                    "while not w.isconnected():\n    time.sleep_ms(50)\n"
                    "try:\n    socket.getaddrinfo('broker.hivemq.com', 1883)\n"
                    "except OSError as e:\n    print(e)\n")
    assert main(["--lang", "ja", "run", program, "--board", "esp32"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "-202\n"
    assert captured.err.splitlines() == [
        "[ボード1] Wi-Fi: シミュレーターの中に「home」というネットワークはありません（あるもの: 「classroom」）。"
        'そのどれかを使うか、circuit.toml に [[network]] ssid = "..." password = "..." と書いてください。',
        "[ボード1] Wi-Fi「classroom」につながりました（アドレス 192.168.10.100）。",
        "[ボード1] broker.hivemq.com は教室のネットワークの外なので、ボードからは届きません（インターネットのない"
        "教室と同じです）。クラスの MQTT ブローカーは terakoya.local です。"]


@pytest.mark.parametrize("broker", ["not a host:1883", "localhost:99999"])
def test_a_wrong_broker_is_one_plain_line_before_anything_runs(tmp_path, capsys, broker):
    program = write(tmp_path, "p.py", "print('never')\n")
    assert main(["run", program, "--board", "esp32", "--broker", broker]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and len(captured.err.strip().splitlines()) == 1


def test_input_reads_what_a_pipe_gives(tmp_path):
    program = write(tmp_path, "ask.py", "from microbit import *\nname = input('name? ')\n"
                    "print('hello', name)\nprint(int(input()) * 2)\n")
    done = subprocess.run([sys.executable, "-m", "terakoya", "run", program], input="Taro\n21\n",
                          capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout) == (0, "name? Taro\nhello Taro\n21\n42\n")


@pytest.mark.skipif(os.name != "posix", reason="a pseudo-terminal needs Linux or macOS")
def test_input_reads_the_terminal_key_by_key_with_the_boards_echo(tmp_path):
    import pty

    program = write(tmp_path, "ask.py", "from microbit import *\nname = input('name? ')\n"
                    "print('hello', name)\n")
    main_fd, child_fd = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "terakoya", "run", program],
                               stdin=child_fd, stdout=child_fd, stderr=subprocess.DEVNULL)
    os.close(child_fd)
    seen = b""
    try:
        seen = _read_until(main_fd, b"name? ")
        for key in b"Hana\r":
            os.write(main_fd, bytes([key]))
        seen += _read_until(main_fd, b"hello Hana")
        seen += _read_until(main_fd, b"never", lambda: process.poll() is not None)
        assert process.wait(timeout=5) == 0, seen
    finally:
        process.kill()
        os.close(main_fd)
    assert b"name? Hana\r\nhello Hana" in seen  # one echo: the board's, not the terminal's too


def _read_until(fd: int, wanted: bytes, done=lambda: False, timeout: float = 60.0) -> bytes:
    import select as select_module

    seen, deadline = b"", time.monotonic() + timeout
    while wanted not in seen and not done() and time.monotonic() < deadline:
        ready, _, _ = select_module.select([fd], [], [], 0.1)
        if ready:
            try:
                seen += os.read(fd, 1024)
            except OSError:  # the other end closed
                break
    return seen
