"""The real-core engine's sandbox (issue 11): no student program reaches the host.

Each program below is an escape attempt a curious (or malicious) student could type. On the
board's own MicroPython each one fails with the board's own error, or prints something
harmless about the board itself. None may read, write or delete a host file, run a host
command, end the simulator, or change another board or a later run.

Exact last lines marked "core" were checked against MicroPython 1.18's sources
(py/objfun.c, py/runtime.c, py/objstr.c, py/builtinimport.c) configured as micro:bit firmware
2.1.2 (32-bit, CORE ROM level, normal error reporting).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from engine_helpers import (
    BOARD_ERRORS,
    assert_board_error,
    assert_no_host_words,
    core_simulation,
    last_line,
    run_core,
)
from terakoya.simulator.runner.session import Simulation

HEART = "09090:99999:99999:09990:00900"
ESCAPE_FILE = Path("/tmp/terakoya-escape")
SENTINEL_TEXT = "the host's own file, never to be changed\n"


@pytest.fixture
def core():
    """One core-engine simulation, closed after the test."""
    with core_simulation() as sim:
        yield sim


@pytest.fixture(autouse=True)
def host_guard(tmp_path, monkeypatch):
    """A host file a program must never change, and a working folder where a relative path
    that leaked to the host would land. Checked after every test."""
    sentinel = tmp_path / "sentinel.txt"
    sentinel.write_text(SENTINEL_TEXT)
    workdir = tmp_path / "work" / "inner"
    workdir.mkdir(parents=True)
    monkeypatch.chdir(workdir)
    escape_existed = ESCAPE_FILE.exists()
    yield sentinel
    assert sentinel.read_text() == SENTINEL_TEXT
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sentinel.txt", "work"]
    assert [p.name for p in (tmp_path / "work").iterdir()] == ["inner"]
    assert list(workdir.iterdir()) == []  # nothing written relative to the host's folder
    if not escape_existed:
        assert not ESCAPE_FILE.exists()
    # the simulator is alive and the next program runs normally
    after = run_core("print('still here', 6 * 7)\n", ms=1000)
    assert after.serial_output == "still here 42\n"
    assert after.end_kind == "ended"


# (id, program, expected): expected is
#   ("line", "Type: message")  the board's traceback ends with exactly this line (core)
#   ("error", (types...))      an uncaught board error of one of these types
#   ("prints", "text")         the program prints exactly this and ends
#   ("harmless", None)         ends or fails on the board; nothing host-like in its output
ESCAPES = [
    # -- walks from functions and frames to a host's globals --------------------------------
    ("print_self", "print(print.__self__)\n",
     ("line", "AttributeError: 'function' object has no attribute '__self__'")),
    ("getattr_self", "print(getattr(print, '__self__'))\n",
     ("line", "AttributeError: 'function' object has no attribute '__self__'")),
    ("function_globals", "def f():\n    pass\nprint(f.__globals__)\n",
     ("line", "AttributeError: 'function' object has no attribute '__globals__'")),
    ("closure", "def outer():\n    x = 1\n    def inner():\n        return x\n    return inner\n"
                "print(outer().__closure__)\n",
     ("line", "AttributeError: 'closure' object has no attribute '__closure__'")),
    ("lambda_code", "print((lambda: 0).__code__)\n",
     ("line", "AttributeError: 'function' object has no attribute '__code__'")),
    ("traceback_frame", "try:\n    1 / 0\nexcept Exception as e:\n"
                        "    print(e.__traceback__.tb_frame.f_back.f_globals)\n",
     ("line", "AttributeError: 'ZeroDivisionError' object has no attribute '__traceback__'")),
    ("tuple_subclasses", "print(().__class__.__base__.__subclasses__())\n",
     ("line", "AttributeError: type object 'tuple' has no attribute '__base__'")),
    ("type_subclasses", "print(type.__subclasses__(object))\n",
     ("line", "AttributeError: type object 'type' has no attribute '__subclasses__'")),
    ("object_subclasses", "print(object.__subclasses__())\n",
     ("line", "AttributeError: type object 'object' has no attribute '__subclasses__'")),
    ("format_attribute_walk", "class X:\n    pass\nprint('{0.__init__.__globals__}'.format(X()))\n",
     # objstr.c: MicroPython 1.18's str.format has no attribute lookup at all
     ("line", "NotImplementedError: attributes not supported yet")),
    ("format_class_walk", "print('{0.__class__.__mro__}'.format(1))\n",
     ("line", "NotImplementedError: attributes not supported yet")),
    ("globals_builtins", "print(globals()['__builtins__'])\n",
     ("line", "KeyError: __builtins__")),
    ("bare_builtins", "print(__builtins__)\n",
     ("line", "NameError: name '__builtins__' isn't defined")),
    ("image_init_globals", "from microbit import Image\nprint(Image.__init__.__globals__)\n",
     ("error", ("AttributeError",))),
    # -- host modules ------------------------------------------------------------------------
    ("import_os_system", "__import__('os').system('touch /tmp/terakoya-escape')\n",
     ("line", "AttributeError: 'module' object has no attribute 'system'")),
    ("os_system", "import os\nos.system('touch /tmp/terakoya-escape')\n",
     ("line", "AttributeError: 'module' object has no attribute 'system'")),
    ("os_popen", "import os\nprint(os.popen('id').read())\n",
     ("line", "AttributeError: 'module' object has no attribute 'popen'")),
    ("os_exit", "import os\nos._exit(0)\n",
     ("line", "AttributeError: 'module' object has no attribute '_exit'")),
    ("subprocess", "import subprocess\n", ("line", "ImportError: no module named 'subprocess'")),
    ("ctypes", "import ctypes\n", ("line", "ImportError: no module named 'ctypes'")),
    ("uctypes", "import uctypes\n", ("line", "ImportError: no module named 'uctypes'")),
    ("ffi", "import ffi\n", ("line", "ImportError: no module named 'ffi'")),
    ("socket", "import socket\n", ("line", "ImportError: no module named 'socket'")),
    ("builtins_import", "import builtins\nbuiltins.__import__('subprocess')\n",
     ("line", "ImportError: no module named 'subprocess'")),
    ("sys_path_host", "import sys\nsys.path.append('/usr/lib/python3')\nimport subprocess\n",
     ("line", "ImportError: no module named 'subprocess'")),
    ("import_terakoya", "import terakoya\n", ("line", "ImportError: no module named 'terakoya'")),
    # -- exec / eval / compile: they exist on the board, and stay inside it ----------------
    ("eval_import", "print(eval(\"__import__('subprocess')\"))\n",
     ("line", "ImportError: no module named 'subprocess'")),
    ("exec_os_system", "exec(\"import os\\nos.system('touch /tmp/terakoya-escape')\")\n",
     ("line", "AttributeError: 'module' object has no attribute 'system'")),
    ("exec_own_globals", "g = {}\nexec('import sys', g)\nprint(sorted(g))\n",
     ("prints", "['sys']\n")),
    ("eval_arithmetic", "print(eval('6 * 7'), eval('x + 1', {'x': 1}))\n", ("prints", "42 2\n")),
    # mpconfig.h: MICROPY_PY_BUILTINS_COMPILE is off below the EXTRA_FEATURES ROM level
    ("compile_missing", "code = compile('1', 'x', 'eval')\n",
     ("line", "NameError: name 'compile' isn't defined")),
    # -- files: the board's flat file system, never the host's --------------------------------
    ("open_passwd", "print(open('/etc/passwd').read())\n", ("line", "OSError: [Errno 2] ENOENT")),
    ("open_proc", "print(open('/proc/self/environ').read())\n",
     ("line", "OSError: [Errno 2] ENOENT")),
    ("remove_hosts", "import os\nos.remove('/etc/hosts')\n", ("line", "OSError: [Errno 2] ENOENT")),
    ("listdir_root", "import os\ntry:\n    os.listdir('/')\nexcept TypeError as e:\n"
                     "    print('TypeError', e)\nprint(os.listdir())\n",
     # the firmware's os.listdir() takes no argument; it lists the board's files only
     ("prints", "TypeError function takes 0 positional arguments but 1 were given\n"
                "['main.py']\n")),
    ("stat_host", "import os\nprint(os.stat('/etc/passwd'))\n", ("line", "OSError: [Errno 2] ENOENT")),
    # -- the board's own internals: harmless -------------------------------------------------
    ("sys_modules", "import sys\nprint(sorted(sys.modules))\n", ("harmless", None)),
    ("sys_attributes", "import sys\nprint(dir(sys), sys.path, sys.argv, sys.implementation)\n",
     ("harmless", None)),
    ("microbit_dict", "import microbit\nprint(sorted(microbit.__dict__))\n", ("harmless", None)),
    ("image_dict", "from microbit import Image\nprint(dir(Image))\n", ("harmless", None)),
    ("globals_dict", "print(globals())\n", ("harmless", None)),
    ("type_dicts", "print(type(print).__dict__, int.__dict__, dir(print))\n", ("harmless", None)),
    ("gc_memory", "import gc\ngc.collect()\nprint(gc.mem_free() < 65536, gc.mem_alloc() < 65536)\n",
     ("prints", "True True\n")),
    ("mem_info", "import micropython\nmicropython.mem_info()\n", ("harmless", None)),
    # a deliberate gap: NotSimulatedError (an ImportError on the board), never a host read
    ("machine_mem32", "import machine\nprint(machine.mem32[0])\n",
     ("line", "NotSimulatedError: reading memory at 0x00000000 works on a real micro:bit, but "
              "this simulator has no chip memory (see 'Deliberate gaps' in the Terakoya README)")),
    ("id_of_objects", "print(id(print) != id(len), hex(id(print))[:2])\n", ("prints", "True 0x\n")),
    # -- ending the host ----------------------------------------------------------------------
    ("sys_exit", "import sys\nprint('bye')\nsys.exit(0)\nprint('never')\n", ("prints", "bye\n")),
    ("raise_system_exit", "print('bye')\nraise SystemExit\n", ("prints", "bye\n")),
]


@pytest.mark.parametrize("source, expected", [pytest.param(s, e, id=i) for i, s, e in ESCAPES])
def test_an_escape_attempt_stays_on_the_board(source, expected):
    board = run_core(source)
    kind, detail = expected
    text = board.serial_output
    if kind == "line":
        assert_board_error(board, line=detail)
    elif kind == "error":
        assert_board_error(board, types=detail)
    elif kind == "prints":
        assert text == detail
        assert board.end_kind == "ended"
    else:
        assert board.end_kind in ("ended", "error"), (board.end_kind, text)
        if board.end_kind == "error":
            assert_board_error(board, types=BOARD_ERRORS)
    assert_no_host_words(text)


def test_there_are_at_least_thirty_escape_attempts():
    assert len(ESCAPES) >= 30
    assert len({name for name, _, _ in ESCAPES}) == len(ESCAPES)


def test_writing_to_a_host_path_only_makes_a_board_file(host_guard):
    """An absolute or relative host path is only a name on the board's flat file system."""
    sentinel = str(host_guard)
    board = run_core(f"""
        import os
        for name in ({str(ESCAPE_FILE)!r}, '../x', '../../sentinel.txt', {sentinel!r}):
            try:
                with open(name, 'w') as f:
                    f.write('escaped')
            except OSError as e:
                print('OSError', e.args[0])
        print('done')
    """)
    assert board.end_kind == "ended", board.serial_output
    assert last_line(board.serial_output) == "done"
    assert not (Path.cwd().parent / "x").exists()
    assert not (Path.cwd() / "x").exists()
    for name in board.model.files:  # whatever was written stayed in the board's model
        assert isinstance(name, str)


def test_reading_a_host_file_by_its_full_path_fails(host_guard):
    board = run_core(f"print(open({str(host_guard)!r}).read())\n")
    assert_board_error(board, line="OSError: [Errno 2] ENOENT")
    assert "never to be changed" not in board.serial_output


def test_a_huge_file_stops_at_the_boards_storage_with_enospc():
    board = run_core("""
        f = open('big.txt', 'w')
        written = 0
        try:
            while True:
                written += f.write('x' * 100)
        except OSError as e:
            print('full', e.args[0], written < 21000)
        import os
        print(os.listdir())
    """, ms=60_000)
    assert board.serial_output.splitlines() == ["full 28 True", "['main.py']"]
    assert board.end_kind == "ended"


def test_a_program_changing_image_heart_changes_only_its_own_board(core):
    changer = core.add_board(source="""
from microbit import *
try:
    Image.HEART = Image.SAD
except Exception as e:
    print(type(e).__name__)
display.show(Image.HEART)
""")
    core.run(100)
    other = core.add_board(source="from microbit import *\ndisplay.show(Image.HEART)\n")
    core.run_until_done(1000)
    assert other.display_image() == HEART
    assert other.end_kind == "ended"
    assert changer.end_kind in ("ended", "error")
    later = run_core("from microbit import *\ndisplay.show(Image.HEART)\n"
                     "print(Image.HEART == Image.SAD, repr(Image.HEART) == repr(Image('09090:"
                     "99999:99999:09990:00900:')))\n", ms=1000)
    assert later.display_image() == HEART
    assert later.serial_output == "False True\n"


def test_a_changed_builtin_is_not_seen_by_another_board_or_a_later_run(core):
    core.add_board(source=(
        "import builtins, sys\n"
        "for attempt in ('builtins.len = None', 'sys.platform = \\'host\\'',\n"
        "                'sys.modules[\\'os\\'] = None', 'builtins.__import__ = None'):\n"
        "    try:\n"
        "        exec(attempt)\n"
        "    except Exception as e:\n"
        "        print(type(e).__name__)\n"))
    other = core.add_board(source="import sys\nprint(sys.platform, len('abc'))\n")
    core.run_until_done(1000)
    assert other.serial_output == "microbit 3\n"
    assert run_core("import sys\nprint(sys.platform)\n").serial_output == "microbit\n"


def test_a_module_file_of_one_board_is_not_importable_on_another(core):
    first = core.add_board(source="import helper\nprint(helper.SECRET)\n",
                           files={"helper.py": "SECRET = 'one'\n"})
    second = core.add_board(source="import helper\n")
    core.run_until_done(60000)  # the sad face and the scrolled error take a while
    assert first.serial_output == "one\n"
    assert_board_error(second, line="ImportError: no module named 'helper'")


def test_the_host_environment_is_not_visible():
    os.environ["TERAKOYA_SECRET_FOR_TEST"] = "do-not-leak"
    try:
        board = run_core("""
            import os
            for name in ('getenv', 'environ', 'getcwd', 'chdir', 'getpid', 'kill'):
                print(name, hasattr(os, name))
        """)
    finally:
        del os.environ["TERAKOYA_SECRET_FOR_TEST"]
    assert board.serial_output == "".join(f"{n} False\n" for n in
                                          ("getenv", "environ", "getcwd", "chdir", "getpid",
                                           "kill"))
    assert "do-not-leak" not in board.serial_output


def test_the_board_process_is_gone_after_close():
    """No board process outlives its simulation (a child left behind is a way out)."""
    before = set(_own_children())
    with core_simulation() as sim:
        sim.add_board(source="while True:\n    pass\n")
        sim.add_board(source="print('x')\n")
        sim.run(100)
    after = set(_own_children())
    assert after <= before, f"board processes left running: {sorted(after - before)}"


def _own_children() -> list[int]:
    """Process ids of this process's live (not zombie) children, on Linux; [] elsewhere."""
    proc = Path("/proc")
    if not proc.is_dir():
        return []
    me = os.getpid()
    children = []
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        state, parent = fields[0], int(fields[1])
        if parent == me and state != "Z":
            children.append(int(entry.name))
    return children


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="seccomp is Linux's")
def test_the_board_process_is_locked_into_read_write_and_exit():
    """The second fence: the kernel ends a board process that makes any other system call."""
    with Simulation() as sim:
        board = sim.add_board(source="from microbit import *\nwhile True:\n    sleep(100)\n")
        sim.run(200)
        pid = board.program._process.proc.pid
        with open(f"/proc/{pid}/status") as status:
            fields = dict(line.split(":", 1) for line in status if ":" in line)
    assert fields["Seccomp"].strip() == "2"  # a filter (1 would be strict mode)
    assert fields["NoNewPrivs"].strip() == "1"
