"""terakoya deploy: copying lesson files to boards, tested against in-memory boards.

``FakeBoard`` subclasses mpremote's own ``Transport``, so its real file operations
(``fs_listdir``, ``fs_writefile``, ``fs_hashfile`` with its host-side fallback ...) run
unchanged: the fake only executes the Python they send, against a dict of files, with an
``os`` like a micro:bit's (flat: listdir/size/remove, no hashlib) or an ESP32's.
"""

from __future__ import annotations

import ast
import errno
import io
import os
import threading
import types
from pathlib import Path

import pytest
import serial
from hypothesis import given
from hypothesis import strategies as st
from mpremote.transport import Transport, TransportError, TransportExecError
from terakoya.host_tools import deploy as tool
from terakoya.host_tools.deploy import (
    MANIFEST,
    FileAction,
    RecordingReporter,
    deploy,
    deploy_all,
    deploy_to_port,
    sha256_hex,
)

from terakoya import deploy_command
from terakoya.usage import UsageError

LESSON = {"main.py": b"from microbit import *\nimport helper\nhelper.go()\n" * 20,
          "helper.py": b"def go():\n    display.scroll('hi')\n",
          "data.txt": b"1,2,3\n"}


class BoardFile(io.BytesIO):
    def __init__(self, board: FakeBoard, name: str, mode: str) -> None:
        super().__init__(b"" if "w" in mode else board.files[name])
        self.board, self.name, self.writing = board, name, "w" in mode

    def write(self, data: bytes) -> int:
        if self.board.used() + self.tell() + len(data) > self.board.capacity:
            raise OSError(errno.ENOSPC, "ENOSPC")
        return super().write(data)

    def close(self) -> None:
        if self.writing and not self.closed:
            self.board.files[self.name] = self.getvalue()
        super().close()


class FakeBoard(Transport):
    """A MicroPython board in memory. ``unplug_after``: raise a serial error (as pyserial
    does when the USB cable is pulled) once that many commands have run."""

    def __init__(self, files: dict[str, bytes] | None = None, kind: str = "microbit",
                 capacity: int = 30_000, unplug_after: int | None = None,
                 micropython: bool = True) -> None:
        self.files = dict(files or {})
        self.kind, self.capacity, self.unplug_after = kind, capacity, unplug_after
        self.micropython = micropython
        self.folders: set[str] = set() if kind == "microbit" else {"lib"}
        self.commands = 0
        self.log: list[str] = []
        self.opened_for_writing: list[str] = []
        self.namespace: dict = {}

    def used(self) -> int:
        return sum(len(data) for data in self.files.values())

    # -- the REPL ------------------------------------------------------------------------
    def enter_raw_repl(self, soft_reset: bool = True, timeout_overall: float = 10) -> None:
        if not self.micropython:
            raise TransportError("could not enter raw repl")
        self.namespace = {}
        self.log.append("raw repl")

    def exit_raw_repl(self) -> None:
        self.log.append("friendly repl")

    def write_ctrl_d(self, out_callback) -> None:
        self._tick()
        self.log.append("soft reset")

    def close(self) -> None:
        self.log.append("closed")

    def _tick(self) -> None:
        self.commands += 1
        if self.unplug_after is not None and self.commands > self.unplug_after:
            raise serial.SerialException("device reports readiness to read but returned no "
                                         "data (device disconnected or multiple access on port?)")

    def exec(self, command, data_consumer=None):
        self._tick()
        out: list[str] = []

        def board_print(*args, end="\n", sep=" "):
            out.append(sep.join(map(str, args)) + end)

        builtins = {"print": board_print, "open": self._open, "__import__": self._import,
                    "memoryview": memoryview, "bytearray": bytearray, "repr": repr,
                    "tuple": tuple, "True": True, "OSError": OSError, "hasattr": hasattr}
        self.namespace["__builtins__"] = builtins
        try:
            exec(command, self.namespace)
        except Exception as exc:
            raise TransportExecError(b"", _traceback(exc)) from None
        data = "".join(out).encode()
        if data_consumer:
            data_consumer(data)
        return data

    def eval(self, expression, parse=True):
        return ast.literal_eval(self.exec(f"print(repr({expression}))").decode().strip())

    # -- what the board's Python has -----------------------------------------------------
    def _open(self, name: str, mode: str = "r") -> BoardFile:
        if "w" not in mode and name not in self.files:
            raise OSError(errno.ENOENT, "ENOENT")
        if "w" in mode:
            self.opened_for_writing.append(name)
        return BoardFile(self, name, mode)

    def _import(self, name, *args):
        if name == "os":
            return self._os()
        if name == "hashlib" and self.kind == "esp32":
            import hashlib
            return hashlib
        raise ImportError(f"no module named '{name}'")

    def _os(self) -> types.SimpleNamespace:
        os = types.SimpleNamespace(listdir=lambda: sorted(self.files), remove=self._remove)
        if self.kind == "microbit":  # flat: no folders, no ilistdir, no stat, no rename
            os.size = lambda name: len(self.files[name])
        else:
            os.ilistdir, os.mkdir, os.rmdir = self._ilistdir, self._mkdir, self._rmdir
            os.rename = self._rename
        return os

    def _ilistdir(self, path: str = ""):
        prefix = path.strip("/") + "/" if path.strip("/") else ""
        if prefix and prefix[:-1] not in self.folders:
            raise OSError(errno.ENOENT, "ENOENT")
        found = {}
        for name, data in self.files.items():
            if name.startswith(prefix) and "/" not in name[len(prefix):]:
                found[name[len(prefix):]] = (0x8000, len(data))
        for folder in self.folders:
            if folder.startswith(prefix) and "/" not in folder[len(prefix):]:
                found[folder[len(prefix):]] = (0x4000, 0)
        return iter([(n, mode, 0, size) for n, (mode, size) in sorted(found.items())])

    def _mkdir(self, path: str) -> None:
        parent = path.rpartition("/")[0]
        if path in self.folders or path in self.files or (parent and parent not in self.folders):
            raise OSError(errno.EEXIST if parent in self.folders or not parent else errno.ENOENT,
                          "EEXIST")
        self.folders.add(path)

    def _rmdir(self, path: str) -> None:
        if path not in self.folders or any(n.startswith(path + "/")
                                           for n in [*self.files, *self.folders]):
            raise OSError(errno.ENOENT if path not in self.folders else errno.EACCES, "rmdir")
        self.folders.discard(path)

    def _rename(self, old: str, new: str) -> None:
        self.log.append(f"rename {old} {new}")
        self.files[new] = self.files.pop(old)

    def _remove(self, name: str) -> None:
        if name not in self.files:
            raise OSError(errno.ENOENT, "ENOENT")
        del self.files[name]


def _traceback(exc: Exception) -> str:
    if isinstance(exc, OSError) and exc.errno:
        text = f"OSError: [Errno {exc.errno}] {errno.errorcode[exc.errno]}"
    else:
        text = f"{type(exc).__name__}: {exc}"
    return f'Traceback (most recent call last):\n  File "<stdin>", line 1, in <module>\n{text}\n'


def manifest_of(board: FakeBoard) -> dict[str, str]:
    lines = board.files[MANIFEST].decode().splitlines()
    return {line.split("  ", 1)[1]: line.split("  ", 1)[0] for line in lines if not line.startswith("#")}


KINDS = pytest.mark.parametrize("kind", ["microbit", "esp32"])


# -- one board ------------------------------------------------------------------------------
@KINDS
def test_a_new_board_gets_every_file_a_manifest_and_a_soft_reset(kind):
    board = FakeBoard(kind=kind)
    reporter = RecordingReporter()
    result = deploy(board, LESSON, reporter=reporter)
    assert result.actions == {name: FileAction.WROTE for name in LESSON}
    assert result.complete and result.restarted
    assert {name: board.files[name] for name in LESSON} == LESSON
    assert manifest_of(board) == {name: sha256_hex(data) for name, data in LESSON.items()}
    renames = [f"rename {name}.terakoya-new {name}" for name in LESSON] if kind == "esp32" else []
    assert board.log == ["raw repl", *renames, "friendly repl", "soft reset"]
    assert reporter.statuses() == [("connecting", ""), ("comparing", ""), ("copying", "main.py"),
                                   ("copying", "helper.py"), ("copying", "data.txt"),
                                   ("restarting", "")]
    done = [event[1:] for event in reporter.events if event[0] == "progress"]
    assert done[-1][0] == done[-1][1] == len(LESSON) + sum(map(len, LESSON.values()))
    assert [d for d, _ in done[len(LESSON):]] == sorted(d for d, _ in done[len(LESSON):])


@KINDS
def test_deploying_again_copies_nothing(kind):
    board = FakeBoard(kind=kind)
    deploy(board, LESSON)
    before, opened = dict(board.files), len(board.opened_for_writing)
    result = deploy(board, LESSON, ask=pytest.fail)
    assert result.actions == {name: FileAction.SAME for name in LESSON}
    assert board.files == before and len(board.opened_for_writing) == opened


def recording(board: FakeBoard) -> list[str]:
    """Every command the board is sent from now on."""
    sent: list[str] = []
    run = board.exec

    def exec_and_record(command, data_consumer=None):
        sent.append(command)
        return run(command, data_consumer)

    board.exec = exec_and_record  # type: ignore[method-assign]
    return sent


@KINDS
def test_whether_the_board_has_hashlib_is_found_out_once_not_for_every_file(kind):
    board = FakeBoard(kind=kind)
    deploy(board, LESSON)
    sent = recording(board)
    deploy(board, LESSON)
    imports = sum(command.startswith("import hashlib") for command in sent)
    assert imports == (1 if kind == "microbit" else 1 + len(LESSON))  # ESP32: hashed there


def test_force_reads_back_only_files_that_could_be_the_same():
    board = FakeBoard()
    deploy(board, LESSON)
    sent = recording(board)
    changed = {**LESSON, "main.py": LESSON["main.py"] + b"# more\n"}  # another size
    result = deploy(board, changed, force=True)
    assert result.actions["main.py"] is FileAction.REPLACED
    read_back = [c for c in sent if "'rb'" in c and MANIFEST not in c]
    assert len(read_back) == len(LESSON) - 1 and not any("main.py" in c for c in read_back)


def test_a_file_that_differs_is_asked_about_and_kept_when_the_answer_is_no():
    board = FakeBoard({"main.py": b"# Aiko's own program\n"})
    asked = []
    result = deploy(board, LESSON, ask=lambda name: asked.append(name) or False)
    assert asked == ["main.py"]
    assert result.actions["main.py"] is FileAction.KEPT and not result.complete
    assert board.files["main.py"] == b"# Aiko's own program\n"
    assert "main.py" not in manifest_of(board)


def test_yes_or_force_replaces_a_file_that_differs():
    board = FakeBoard({"main.py": b"# old\n"})
    assert deploy(board, LESSON, ask=lambda name: True).actions["main.py"] is FileAction.REPLACED
    board = FakeBoard({"main.py": b"# old\n"})
    result = deploy(board, LESSON, force=True, ask=pytest.fail)
    assert result.actions["main.py"] is FileAction.REPLACED and board.files["main.py"] == LESSON["main.py"]


def test_a_same_sized_file_with_other_content_is_not_taken_for_the_same():
    board = FakeBoard({"data.txt": b"9,9,9\n"})
    assert deploy(board, LESSON).actions["data.txt"] is FileAction.KEPT


def test_what_an_earlier_deploy_wrote_is_updated_without_asking():
    board = FakeBoard()
    deploy(board, {"main.py": b"# lesson 1\n"})
    result = deploy(board, {"main.py": b"# lesson 2\n"}, ask=pytest.fail)
    assert result.actions == {"main.py": FileAction.REPLACED}
    assert board.files["main.py"] == b"# lesson 2\n"


def test_a_file_a_student_changed_after_deploy_is_asked_about():
    board = FakeBoard()
    deploy(board, {"main.py": b"# lesson 1\n"})
    board.files["main.py"] = b"# lesson 1, with Ken's changes\n"
    asked = []
    deploy(board, {"main.py": b"# lesson 2\n"}, ask=lambda name: asked.append(name) or False)
    assert asked == ["main.py"] and board.files["main.py"] == b"# lesson 1, with Ken's changes\n"


@KINDS
def test_only_deploys_own_unchanged_leftovers_are_removed_without_clean(kind):
    board = FakeBoard(kind=kind)
    deploy(board, {"main.py": b"# 1\n", "old.py": b"x = 1\n", "edited.py": b"y = 1\n"})
    board.files["edited.py"] = b"y = 2  # a student's change\n"
    board.files["notes.txt"] = b"a student's notes\n"
    board.files["boot.py"] = b"# boot\n"
    result = deploy(board, {"main.py": b"# 2\n"})
    assert result.names(FileAction.REMOVED) == ["old.py"]
    assert {"edited.py", "notes.txt", "boot.py"} <= set(board.files) and "old.py" not in board.files
    assert set(manifest_of(board)) == {"main.py"}


def test_clean_removes_everything_else_but_boot_py_and_the_manifest():
    board = FakeBoard({"notes.txt": b"n\n", "boot.py": b"# boot\n"}, kind="esp32")
    result = deploy(board, LESSON, clean=True)
    assert result.names(FileAction.REMOVED) == ["notes.txt"]
    assert set(board.files) == set(LESSON) | {"boot.py", MANIFEST}


# -- failures -------------------------------------------------------------------------------
@pytest.mark.parametrize("unplug_after", [0, 3, 12, 18])  # 18: the soft reset, last
def test_unplugging_mid_operation_is_a_plain_outcome_and_the_port_is_closed(unplug_after):
    board = FakeBoard(unplug_after=unplug_after)
    outcome = deploy_to_port("/dev/ttyACM0", LESSON, open_board=lambda port: board)
    assert (outcome.problem, outcome.ok, outcome.result) == ("lost_contact", False, None)
    assert board.log[-1] == "closed"
    text = deploy_command.short_result(outcome, "en")
    assert "unplugged" in text and "/dev/ttyACM0" in text


def test_an_unplugged_board_is_complete_after_deploying_again():
    board = FakeBoard(unplug_after=20)
    deploy_to_port("p", LESSON, open_board=lambda port: board)
    board.unplug_after = None
    assert deploy_to_port("p", LESSON, open_board=lambda port: board).ok
    assert {name: board.files[name] for name in LESSON} == LESSON


def test_a_full_board_and_a_board_without_micropython_are_explained():
    full = deploy_to_port("p", LESSON, open_board=lambda port: FakeBoard(capacity=200))
    assert full.problem == "board_full"
    silent = deploy_to_port("p", LESSON, open_board=lambda port: FakeBoard(micropython=False))
    assert silent.problem == "no_answer"
    assert "MicroPython" in deploy_command.short_result(silent, "en")


def test_a_port_that_cannot_be_opened_is_explained(monkeypatch):
    def refuse(port, **kwargs):
        raise serial.SerialException(errno.EACCES, f"could not open port {port}: Permission denied")

    monkeypatch.setattr(serial, "serial_for_url", refuse)
    outcome = deploy_to_port("/dev/ttyUSB0", LESSON)  # the real opener: mpremote, then pyserial
    assert outcome.problem == "port_permission"
    assert "dialout" in deploy_command.short_result(outcome, "en")

    def busy(port, **kwargs):
        raise serial.SerialException(errno.EAGAIN, "Could not exclusively lock port x")

    monkeypatch.setattr(serial, "serial_for_url", busy)
    assert deploy_to_port("/dev/ttyUSB0", LESSON).problem == "port_busy"


def test_one_boards_failure_does_not_stop_the_others():
    boards = {f"/dev/ttyACM{i}": FakeBoard(unplug_after=5 if i == 2 else None) for i in range(5)}
    outcomes = deploy_all(list(boards), LESSON, open_board=boards.__getitem__)
    assert [o.port for o in outcomes] == list(boards)
    assert [o.ok for o in outcomes] == [True, True, False, True, True]
    assert all(board.files.get("main.py") == LESSON["main.py"]
               for port, board in boards.items() if port != "/dev/ttyACM2")


# -- the command ------------------------------------------------------------------------------
@pytest.fixture
def boards(monkeypatch):
    boards: dict[str, FakeBoard] = {}
    monkeypatch.setattr(tool, "open_serial", lambda port: boards[port])
    monkeypatch.setattr(tool, "find_board_ports", lambda: sorted(boards))
    return boards


def run_cli(capsys, *argv: str) -> tuple[int, str]:
    from terakoya.cli import main

    code = main(["deploy", "--lang", "en", *argv])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_cli_without_anyone_to_ask_keeps_a_differing_file_and_says_so(boards, capsys):
    boards["/dev/ttyACM0"] = FakeBoard({"main.py": b"# a student's\n"})
    code, out = run_cli(capsys, "E01")
    assert code == 1
    assert "NOT replaced" in out and "--force" in out
    assert boards["/dev/ttyACM0"].files["main.py"] == b"# a student's\n"
    code, out = run_cli(capsys, "E01", "--force")
    assert code == 0 and "main.py: replaced" in out and "ready: 1 copied" in out
    solution = next(Path("lessons").glob("E01-*")) / "solution.py"
    assert boards["/dev/ttyACM0"].files["main.py"] == solution.read_bytes()


def test_cli_all_deploys_to_every_board_and_shows_a_table(boards, capsys, tmp_path):
    for i in range(3):
        boards[f"/dev/ttyACM{i}"] = FakeBoard(unplug_after=2 if i == 1 else None)
    program, extra = tmp_path / "blink.py", tmp_path / "lights.py"
    program.write_text("import lights\n")
    extra.write_text("ON = 9\n")
    code, out = run_cli(capsys, str(program), str(extra), "--all")
    assert code == 1 and "2 of 3 board(s) ready" in out and "unplugged" in out
    assert boards["/dev/ttyACM0"].files["lights.py"] == b"ON = 9\n"


def test_cli_asks_which_board_when_several_are_connected(boards, capsys):
    boards["/dev/ttyACM0"] = boards["/dev/ttyACM1"] = FakeBoard()
    code, out = run_cli(capsys, "E01")
    assert code == 2 and "--port" in out and "--all" in out
    boards.clear()
    code, out = run_cli(capsys, "E01", "--all")
    assert code == 1 and "No board found" in out


def test_cli_port_given_again_names_more_boards(boards, capsys):
    for i in range(3):
        boards[f"/dev/pts/{i}"] = FakeBoard()  # say, three `terakoya device` boards
    code, out = run_cli(capsys, "E01", "--port", "/dev/pts/2", "--port", "/dev/pts/0",
                        "--port", "/dev/pts/2")
    assert code == 0 and "2 of 2 board(s) ready" in out
    assert "main.py" in boards["/dev/pts/0"].files and not boards["/dev/pts/1"].files


def test_a_program_that_would_stop_with_an_error_is_not_copied_unasked(boards, capsys, tmp_path):
    boards["/dev/ttyUSB0"] = FakeBoard(kind="esp32")
    program = tmp_path / "blink.py"
    program.write_text("from machine import Pin\nif True\n    Pin(2, Pin.OUT).on()\n")
    code, out = run_cli(capsys, str(program), "--port", "/dev/ttyUSB0")
    assert code == 1 and f"{program}:2:" in out and "--no-check" in out
    assert boards["/dev/ttyUSB0"].files == {}
    code, out = run_cli(capsys, str(program), "--port", "/dev/ttyUSB0", "--no-check")
    assert code == 0 and "main.py" in boards["/dev/ttyUSB0"].files


def test_each_port_is_checked_as_its_board(monkeypatch):
    from serial.tools import list_ports

    def port(device, vid, pid):
        return types.SimpleNamespace(device=device, vid=vid, pid=pid, serial_number=None,
                                     description="")

    monkeypatch.setattr(list_ports, "comports", lambda: [
        port("/dev/ttyACM0", 0x0D28, 0x0204), port("/dev/ttyUSB0", 0x10C4, 0xEA60)])
    assert tool.board_kinds(["/dev/ttyACM0", "/dev/ttyUSB0", "/dev/pts/4"]) == {
        "/dev/ttyACM0": "microbit", "/dev/ttyUSB0": "esp32", "/dev/pts/4": "esp32"}


def test_files_for_a_lesson_a_program_and_extras(tmp_path):
    files = deploy_command.collect_files("E01", [], "en")
    assert list(files) == ["main.py"]
    module = tmp_path / "helper.py"
    module.write_text("X = 1\n")
    assert list(deploy_command.collect_files(str(module), [str(module)], "en")) == ["main.py", "helper.py"]
    with pytest.raises(UsageError, match="E99"):
        deploy_command.collect_files("E99", [], "en")
    with pytest.raises(UsageError, match="helper.py"):
        deploy_command.collect_files(str(module), [str(module), str(module)], "en")
    (tmp_path / "main.py").write_text("")
    with pytest.raises(UsageError, match="main.py"):
        deploy_command.collect_files(str(module), [str(tmp_path / "main.py")], "en")


def test_interactive_questions_one_answer_for_every_board():
    class Bars:
        def __init__(self):
            self.calls = []

        def stop(self):
            self.calls.append("stop")

        def start(self):
            self.calls.append("start")

    questions = []
    bars = Bars()
    asker = deploy_command.Asker(bars, "en", interactive=True, shared=True,
                                 read=lambda q: questions.append(q) or "y")
    assert asker("/dev/ttyACM0", "main.py") and asker("/dev/ttyACM1", "main.py")
    assert len(questions) == 1 and "every other board" in questions[0]
    assert bars.calls == ["stop", "start"]
    one = deploy_command.Asker(bars, "ja", interactive=True, shared=False, read=lambda q: "n")
    assert not one("p", "main.py") and not one.unanswered


def test_find_board_ports_uses_the_usb_ids(monkeypatch):
    from serial.tools import list_ports

    def port(device, vid, pid):
        return types.SimpleNamespace(device=device, vid=vid, pid=pid, serial_number=None,
                                     description="")

    monkeypatch.setattr(list_ports, "comports", lambda: [
        port("/dev/ttyACM0", 0x0D28, 0x0204), port("/dev/ttyUSB0", 0x10C4, 0xEA60),
        port("/dev/ttyACM1", 0x303A, 0x1001), port("/dev/ttyS0", None, None),
        port("/dev/ttyACM2", 0x2341, 0x0043), port("/dev/ttyUSB1", 0x0403, 0x6010),
        port("/dev/ttyUSB2", 0x0403, 0x6011)])  # an FTDI chip no ESP32 board uses
    assert tool.find_board_ports() == ["/dev/ttyACM0", "/dev/ttyACM1", "/dev/ttyUSB0",
                                       "/dev/ttyUSB1"]


names = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1,
                max_size=30).filter(lambda n: n.strip() == n and "  " not in n)


@given(st.dictionaries(names, st.binary(max_size=50), max_size=6))
def test_the_manifest_reads_back_what_was_written(contents):
    board = FakeBoard()
    tool.write_manifest(board, {name: sha256_hex(data) for name, data in contents.items()})
    assert tool.read_manifest(board) == {name: sha256_hex(data) for name, data in contents.items()}


def test_a_damaged_manifest_counts_as_empty():
    board = FakeBoard({MANIFEST: b"\xff\xfe garbage\nnot a line\n", "main.py": b"# mine\n"})
    assert tool.read_manifest(board) == {}
    assert deploy(board, {"main.py": b"# lesson\n"}).actions["main.py"] is FileAction.KEPT


# -- end to end: mpremote's serial transport against ``terakoya device`` ------------------------
needs_pty = pytest.mark.skipif(os.name == "nt", reason="needs a pseudo-terminal")
E2E_LESSON = {"main.py": b"import helper\nprint('lesson', helper.NAME)\n",
              "helper.py": b"NAME = 'ready'\n",
              "notes.txt": b"plain text\n" * 30}


@pytest.fixture
def served():
    """A simulated micro:bit on a pseudo-terminal, busy in its own main.py (a student's)."""
    from terakoya.host_tools.device import PtyServer

    from terakoya.device_command import make_device

    busy = b"from microbit import *\nwhile True:\n    pass\n"
    with make_device({"main.py": busy, "mine.py": b"# Yui's\n"}) as dev, PtyServer(dev) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        yield dev, server, thread
        server.stop()
        thread.join(5)


@needs_pty
def test_end_to_end_a_lesson_reaches_the_simulated_board_and_runs(served):
    dev, server, thread = served
    first = deploy_to_port(server.path, E2E_LESSON, ask=lambda name: name == "main.py")
    assert first.ok, (first.problem, first.detail)
    assert first.result.actions == {"main.py": FileAction.REPLACED, "helper.py": FileAction.WROTE,
                                    "notes.txt": FileAction.WROTE}
    again = deploy_to_port(server.path, E2E_LESSON, ask=pytest.fail)
    assert again.ok and set(again.result.actions.values()) == {FileAction.SAME}
    server.stop()
    thread.join(5)
    files = dev.sim_board.model.files
    assert {name: files[name] for name in E2E_LESSON} == E2E_LESSON
    assert files["mine.py"] == b"# Yui's\n" and set(manifest_of_files(files)) == set(E2E_LESSON)
    assert not any(name.endswith(".terakoya-new") for name in files)  # copied on the board
    dev.run_ms(50)  # the soft reset ran the new main.py
    assert "lesson ready" in dev.sim_board.serial_output


@needs_pty
def test_end_to_end_unplugging_mid_copy_is_a_plain_outcome(served):
    dev, server, thread = served

    class Unplug(RecordingReporter):
        def status(self, key: str, name: str = "") -> None:
            super().status(key, name)
            if (key, name) == ("copying", "helper.py"):
                server.stop()
                thread.join(5)
                os.close(server.master)  # the cable is pulled
                server.master = os.open(os.devnull, os.O_RDONLY)  # for the server's own close

    outcome = deploy_to_port(server.path, E2E_LESSON, force=True, reporter=Unplug())
    assert (outcome.problem, outcome.result) == ("lost_contact", None)


def manifest_of_files(files: dict[str, bytes]) -> dict[str, str]:
    board = FakeBoard(files)
    return tool.read_manifest(board)


def test_a_lesson_goes_only_onto_its_own_kind_of_board_with_its_modules(boards, capsys,
                                                                         monkeypatch):
    """C03 (ESP32, with bme280.py) onto a micro:bit known by its USB id is refused; onto an
    ESP32 it goes with its module; C06 (micro:bit and ATOM Matrix) goes onto a micro:bit
    without the ATOM's microbit.py."""
    from serial.tools import list_ports

    def port(device, vid, pid):
        return types.SimpleNamespace(device=device, vid=vid, pid=pid, serial_number=None,
                                     description="")

    monkeypatch.setattr(list_ports, "comports", lambda: [
        port("/dev/ttyACM0", 0x0D28, 0x0204), port("/dev/ttyUSB0", 0x10C4, 0xEA60)])
    boards["/dev/ttyACM0"], boards["/dev/ttyUSB0"] = FakeBoard(), FakeBoard(kind="esp32")
    code, out = run_cli(capsys, "C03", "--port", "/dev/ttyACM0")
    assert code == 1 and "Lesson C03 is for the ESP32" in out and "--no-check" in out
    assert boards["/dev/ttyACM0"].files == {}
    code, out = run_cli(capsys, "C03", "--port", "/dev/ttyUSB0")
    assert code == 0 and {"main.py", "bme280.py"} <= set(boards["/dev/ttyUSB0"].files)
    code, out = run_cli(capsys, "C06", "--port", "/dev/ttyACM0")
    assert code == 0 and "main.py" in boards["/dev/ttyACM0"].files
    assert "microbit.py" not in boards["/dev/ttyACM0"].files
