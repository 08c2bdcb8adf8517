"""The ESP32 engine: MicroPython 1.23.0 configured as the ESP32 port's ESP32_GENERIC board
(build_engine("1.23", "esp32")), in its own process, on the virtual clock.

Every expectation is what the ESP32_GENERIC firmware v1.23.0 prints: single-precision floats,
32-bit small ints, ESP-IDF's newlib errno numbers, a heap whose first area is 56 KB, ticks
that wrap at 2**30, an RTC whose epoch is 2000. The engine is built once for this module
(with frozen modules of its own, not the board folder's) into the test run's cache.
"""

from __future__ import annotations

import re
import textwrap

import pytest
from terakoya.host_tools.device import CoreDevice
from terakoya.simulator.engine import build
from terakoya.simulator.engine.build import (
    EngineBuildError,
    build_engine,
    engine_path_if_built,
    frozen_modules,
    frozen_source,
)
from terakoya.simulator.runner.core_program import CoreProgram
from terakoya.simulator.runner.session import SimBoard, Simulation

FROZEN = {
    "tk_greeting.py": b"WORDS = 'hello from a frozen module'\nNAME = __name__\n",
    "tk_pkg/__init__.py": b"",
    "tk_pkg/inner.py": b"VALUE = 1 / 3\n",
}
BANNER = (b"MicroPython v1.23.0 on 2024-06-02; Generic ESP32 module with ESP32\r\n"
          b'Type "help()" for more information.\r\n')


@pytest.fixture(scope="module")
def engine():
    return build_engine("1.23", "esp32", frozen=FROZEN)


def run_esp32(engine, source: str, files: dict[str, str] | None = None,
              ms: float = 10_000) -> SimBoard:
    """Run ``source`` as main.py on one board whose engine is the ESP32's, until it ends."""
    extra = {name: textwrap.dedent(text) for name, text in (files or {}).items()}
    with Simulation(seed=1) as sim:
        board = sim.add_board(source=textwrap.dedent(source), files=extra, start=False)
        board.program.executable = engine
        board.program.start()
        sim.run_until_done(ms)
        if board.running:
            sim.stop()
    return board


def output(board: SimBoard) -> list[str]:
    return board.serial_output.splitlines()


def thirty_two_bit() -> bool:
    target = build.host_targets()[0]
    return target != "native" and build._PROBED.get(target, False)


# --- the core --------------------------------------------------------------------------------


def test_floats_are_single_precision_and_the_platform_is_the_esp32s(engine):
    board = run_esp32(engine, """
        import sys
        print(1/3)
        print(sys.platform)
        print(sys.implementation.version[:3], sys.implementation._machine)
        print(2**100)
    """)
    assert output(board) == ["0.3333333", "esp32", "(1, 23, 0) Generic ESP32 module with ESP32",
                             "1267650600228229401496703205376"]
    assert board.program.end_kind == "ended"


def test_sys_maxsize_is_the_32_bit_boards(engine):
    if not thirty_two_bit():
        pytest.skip(f"this host builds a {build.host_targets()[-1]} engine")
    assert output(run_esp32(engine, "import sys\nprint(sys.maxsize)\n")) == ["2147483647"]


def test_sys_path_has_the_frozen_modules_and_lib(engine):
    assert output(run_esp32(engine, "import sys\nprint(sys.path)\n")) == \
        ["['', '.frozen', '/lib']"]


def test_errno_numbers_are_esp_idfs_newlib_ones(engine):
    board = run_esp32(engine, """
        import errno
        print(errno.ETIMEDOUT, errno.ECONNABORTED, errno.ECONNRESET, errno.EHOSTUNREACH)
        print(errno.EINPROGRESS, errno.EALREADY, errno.ENOTCONN, errno.EADDRINUSE)
        print(errno.ECONNREFUSED, errno.EOPNOTSUPP, errno.ENOBUFS)
        print(errno.EAGAIN, errno.ENOMEM, errno.ENOENT, errno.EEXIST, errno.EINVAL)
        print(errno.ENODEV, errno.EISDIR, errno.errorcode[116])
        raise OSError(errno.ETIMEDOUT)
    """)
    assert output(board)[:5] == ["116 113 104 118", "119 120 128 112", "111 95 105",
                                 "11 12 2 17 22", "19 21 ETIMEDOUT"]
    assert output(board)[-1] == "OSError: [Errno 116] ETIMEDOUT"


def test_the_heap_starts_at_56_kb_and_grows_once_as_the_firmwares(engine):
    board = run_esp32(engine, """
        import gc, micropython
        micropython.mem_info()
        print(gc.mem_free() > 100000)
        a = bytearray(40000)
        b = bytearray(40000)
        micropython.mem_info()
        c = bytearray(40000)
    """)
    lines = output(board)
    assert re.match(r"GC: total: 56000, used: \d+, free: \d+, max new split: 57344", lines[1])
    assert lines[3] == "True"
    assert re.match(r"GC: total: 111936, used: \d+, free: \d+, max new split: 0", lines[5])
    assert lines[-1].startswith("MemoryError: memory allocation failed")


def test_a_frozen_module_and_package_import_from_dot_frozen(engine):
    board = run_esp32(engine, """
        import tk_greeting
        from tk_pkg.inner import VALUE
        print(tk_greeting.WORDS, tk_greeting.NAME, VALUE)
    """)
    assert output(board) == ["hello from a frozen module tk_greeting 0.3333333"]


def test_a_file_on_the_board_comes_before_a_frozen_module(engine):
    board = run_esp32(engine, "import tk_greeting\nprint(tk_greeting.WORDS)\n",
                      files={"tk_greeting.py": "WORDS = 'mine'\n"})
    assert output(board) == ["mine"]


def test_a_host_module_the_host_does_not_serve_fails_to_import(engine):
    # (this board's host is the micro:bit's: it serves machine and os, not esp32 or network)
    board = run_esp32(engine, """
        for name in ("network", "esp32", "network"):
            try:
                __import__(name)
            except ImportError as e:
                print(e)
        import machine, os
        print(type(machine).__name__)
    """)
    assert output(board) == ["no module named 'network'", "no module named 'esp32'",
                             "no module named 'network'", "module"]


# --- time ------------------------------------------------------------------------------------


def test_ticks_wrap_at_2_to_the_30(engine):
    board = run_esp32(engine, """
        import time
        print(time.ticks_diff(0, 0x3fffffff), time.ticks_diff(0x3fffffff, 0))
        print(time.ticks_add(0x3fffffff, 1), time.ticks_add(0, -1))
        try:
            time.ticks_add(0, 1 << 29)
        except OverflowError as e:
            print(e)
    """)
    assert output(board) == ["1 -1", "0 1073741823", "ticks interval overflow"]


def test_the_rtc_counts_from_2000_on_the_boards_clock(engine):
    board = run_esp32(engine, """
        import time, utime
        print(time.localtime(0), time.gmtime(86400 * 366))
        print(time.mktime((2001, 1, 1, 0, 0, 0, 0, 1)))
        t = time.time()
        time.sleep(2)
        print(time.time() - t, utime is time)
        print(time.time_ns() // 1_000_000_000 == time.time())
    """)
    assert output(board) == ["(2000, 1, 1, 0, 0, 0, 5, 1) (2001, 1, 1, 0, 0, 0, 0, 1)",
                             "31622400", "2 True", "True"]


# --- boot.py, main.py and soft reboots --------------------------------------------------------


def esp32_device(engine, files: dict[str, bytes], kind: str = "microbit") -> CoreDevice:
    sim = Simulation()
    board = sim.add_board(files=files, start=False, kind=kind)
    return CoreDevice(sim, board, lambda model: CoreProgram(model, executable=engine,
                                                            repl=True), True)


def test_boot_py_then_main_py_then_the_banner_and_ctrl_d_reboots(engine):
    files = {"boot.py": b"print('boot')\n", "main.py": b"print('main')\n"}
    with esp32_device(engine, files) as dev:
        assert dev.take_output() == b"boot\r\nmain\r\n" + BANNER + b">>> "
        dev.exchange(b"x = 6\r", b">>> ")
        assert dev.exchange(b"\x04", b">>> ") == \
            b"\r\nMPY: soft reboot\r\nboot\r\nmain\r\n" + BANNER + b">>> "
        assert b"NameError: name 'x' isn't defined" in dev.exchange(b"x\r", b">>> ")


def test_sys_exit_in_main_py_goes_to_the_repl_as_in_1_23(engine):
    # 1.23's pyexec returns pyexec_system_exit (0) for SystemExit: no reboot (1.24 reboots)
    files = {"main.py": b"import sys\nprint('main')\nsys.exit()\n"}
    with esp32_device(engine, files) as dev:
        dev.run_ms(1)
        output = dev.take_output()
        assert output.startswith(b"main\r\n") and b"soft reboot" not in output
        assert output.endswith(b">>> ")


def test_machine_soft_reset_in_main_py_is_a_soft_reboot(engine):
    # main.py runs again after each reboot, as on the board: stop after the second one
    files = {"main.py": b"import machine\nprint('main')\nmachine.soft_reset()\n"}
    with esp32_device(engine, files, kind="esp32") as dev:
        dev.run_ms(1)
        assert dev.take_output().startswith(
            b"main\r\nMPY: soft reboot\r\nmain\r\nMPY: soft reboot\r\n")


def test_the_raw_repl_after_a_soft_reboot_skips_main_py(engine):
    files = {"boot.py": b"print('boot')\n", "main.py": b"print('main')\n"}
    with esp32_device(engine, files) as dev:
        dev.take_output()
        dev.exchange(b"\r\x03\r\x01", b">")
        assert dev.exchange(b"\x04", b">") == \
            b"OK\r\nMPY: soft reboot\r\nboot\r\nraw REPL; CTRL-B to exit\r\n>"


# --- the build -------------------------------------------------------------------------------


def test_frozen_modules_are_part_of_the_engines_key(engine):
    assert engine_path_if_built("1.23", "esp32", frozen=FROZEN) == engine
    changed = dict(FROZEN, **{"tk_greeting.py": b"WORDS = 'changed'\n"})
    assert engine_path_if_built("1.23", "esp32", frozen=changed) is None
    assert engine_path_if_built("1.23", "esp32", frozen={}) != engine


def test_frozen_module_paths_are_checked():
    for bad in ("../x.py", "/abs.py", "notpy.txt", "a b.py"):
        with pytest.raises(EngineBuildError, match="frozen module"):
            engine_path_if_built("1.23", "esp32", frozen={bad: b""})


def test_the_board_folders_modules_are_the_default_and_the_microbit_has_none(tmp_path,
                                                                           monkeypatch):
    folder = tmp_path / "esp32" / "frozen"
    (folder / "umqtt").mkdir(parents=True)
    (folder / "umqtt" / "simple.py").write_bytes(b"X = 1\n")
    (folder / "ntptime.py").write_bytes(b"Y = 2\n")
    (folder / "notes.txt").write_bytes(b"not a module")
    monkeypatch.setattr(build, "BOARDS_DIR", tmp_path)
    assert frozen_modules("esp32") == {"ntptime.py": b"Y = 2\n", "umqtt/simple.py": b"X = 1\n"}
    assert frozen_modules("microbit") == {}


def test_the_frozen_tables_are_c_byte_arrays():
    text = frozen_source({"a.py": b"x = '\\0'\n", "b.py": b""})
    assert "const char mp_frozen_names[] = {\n    97, 46, 112, 121, 0, 98, 46, 112, 121, 0, 0," \
        in text
    assert "const uint32_t mp_frozen_str_sizes[] = {9, 1, 0};" in text


# --- the micro:bit's engine is unchanged ------------------------------------------------------


def test_the_microbit_engine_is_still_micropython_1_18_as_its_firmware():
    with Simulation(seed=1) as sim:
        board = sim.add_board(source="import sys, utime\nprint(sys.platform, "
                                     "sys.implementation.version, 1/3)\n")
        sim.run_until_done(5000)
    assert output(board) == ["microbit (1, 18, 0) 0.3333333"]
