"""The ESP32's official stubs (``micropython-esp32-stubs``) against the simulated ESP32.

Every public name the stubs give the modules an ESP32 program meets (module level, and the
members of their classes) is looked up on the simulated board itself, by a program run on its
MicroPython core. Members that the firmware sets on each object (``NeoPixel.buf``, the methods
of the object ``select.poll()`` returns) are looked up on an object made as a program would.

The stubs describe MicroPython 1.29 and are partly generic (CPython's typeshed for the
standard modules, other ports' classes). The board runs 1.23 as ESP32_GENERIC: names that
firmware does not have are in ``NOT_ON_ESP32_123`` with the reason (the board rightly lacks
them), names the simulator lacks in ``GAPS`` with the reason (README's table of gaps).
The figure is present / (stub names - not on ESP32 1.23). ``python tests/stub_api_esp32.py``
prints it (run from tests/).

Evidence for the reasons: MicroPython's sources (ports/esp32/*.c, extmod/*.c, py/*.c) and the
stubs micropython-stubs made on a real v1.23.0 ESP32_GENERIC board (network, esp32, sys).
"""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass, field
from pathlib import Path

MODULES = ("machine", "time", "esp32", "esp", "neopixel", "dht", "onewire", "ds18x20",
           "framebuf", "os", "sys", "json", "struct", "random", "math", "binascii", "hashlib",
           "collections", "select", "gc", "micropython", "network", "socket")
CHUNK = 120  # names looked up by one board's program
TYPE_HELPERS = {"TypeVar", "Union", "Optional", "Callable", "Final", "Literal", "TypeAlias",
                "overload", "Protocol", "Generic", "NamedTuple"}

# "module.Class" -> the expression a program makes one with: its members are looked up on it
INSTANCES = {"neopixel.NeoPixel": "neopixel.NeoPixel(machine.Pin(4), 8)",
             "dht.DHTBase": "dht.DHT11(machine.Pin(5))",
             "onewire.OneWire": "onewire.OneWire(machine.Pin(13))",
             "ds18x20.DS18X20": "ds18x20.DS18X20(onewire.OneWire(machine.Pin(14)))",
             "select.poll": "select.poll()"}

# name -> why the ESP32_GENERIC firmware 1.23 does not have it (the board rightly lacks it)
NOT_ON_ESP32_123: dict[str, str] = {}


def _not_on(reason: str, names: str, prefix: str = "") -> None:
    for name in names.split():
        NOT_ON_ESP32_123[prefix + name] = reason


CPYTHON = "CPython only (the stub is typeshed's); not in MicroPython's {}"
_not_on(CPYTHON.format("extmod/modos.c"), """
    stat_result statvfs_result uname_result terminal_size times_result PathLike DirEntry
    fsencode fsdecode fspath get_exec_path getlogin getpid getppid strerror umask fdopen close
    closerange device_encoding dup dup2 fstat ftruncate fsync isatty open pipe read
    get_terminal_size get_inheritable set_inheritable write access getcwdb chmod link lstat
    makedirs readlink removedirs renames replace scandir symlink truncate unlink utime walk
    abort execl execlp execle execlpe execv execve execvp execvpe kill popen spawnl spawnle
    times waitpid cpu_count""", "os.")
_not_on("unix port only (MICROPY_PY_OS_GETENV_PUTENV_UNSETENV / MICROPY_PY_OS_SYSTEM)",
        "os.getenv os.system")
for _cls, _members in (("stat_result", "st_mode st_ino st_dev st_nlink st_uid st_gid st_size "
                        "st_atime st_mtime st_atime_ns st_mtime_ns st_ctime_ns"),
                       ("DirEntry", "name path inode is_dir is_file is_symlink stat"),
                       ("statvfs_result", "f_bsize f_frsize f_blocks f_bfree f_bavail f_files "
                        "f_ffree f_favail f_flag f_namemax f_fsid"),
                       ("uname_result", "sysname nodename release version machine"),
                       ("terminal_size", "columns lines"),
                       ("times_result", "user system children_user children_system elapsed")):
    _not_on(CPYTHON.format("extmod/modos.c"), _members, f"os.{_cls}.")
_not_on(CPYTHON.format("py/modcollections.c (deque, namedtuple, OrderedDict only)"), """
    UserDict UserList UserString Counter defaultdict ChainMap deque.maxlen deque.copy
    deque.count deque.extendleft deque.insert deque.index deque.remove deque.rotate
    OrderedDict.move_to_end""", "collections.")
for _cls, _members in (("UserDict", "data copy fromkeys"),
                       ("UserList", "data append insert pop remove copy count index sort extend"),
                       ("Counter", "copy elements most_common fromkeys subtract update"),
                       ("defaultdict", "default_factory copy"),
                       ("ChainMap", "maps new_child parents get setdefault pop copy fromkeys"),
                       ("UserString", "data capitalize casefold center count encode endswith "
                        "expandtabs find format format_map index isalpha isalnum isdecimal "
                        "isdigit isidentifier islower isnumeric isprintable isspace istitle "
                        "isupper isascii join ljust lower lstrip maketrans partition replace "
                        "rfind rindex rjust rpartition rstrip split rsplit splitlines "
                        "startswith strip swapcase title translate upper zfill")):
    _not_on(CPYTHON.format("py/modcollections.c"), _members, f"collections.{_cls}.")
_not_on(CPYTHON.format("py/modsys.c; the v1.23.0 ESP32_GENERIC board's sys lacks it"), """
    call_tracing getallocatedblocks getdefaultencoding getfilesystemencoding
    getfilesystemencodeerrors getrefcount getrecursionlimit getswitchinterval getprofile
    setprofile gettrace intern is_finalizing breakpointhook setrecursionlimit setswitchinterval
    gettotalrefcount UnraisableHookArgs UnraisableHookArgs.exc_type UnraisableHookArgs.exc_value
    UnraisableHookArgs.exc_traceback UnraisableHookArgs.err_msg UnraisableHookArgs.object
    addaudithook audit get_asyncgen_hooks set_asyncgen_hooks get_coroutine_origin_tracking_depth
    set_coroutine_origin_tracking_depth set_int_max_str_digits get_int_max_str_digits""", "sys.")
_not_on("config option ESP32_GENERIC leaves off (MICROPY_PY_SYS_ATEXIT, _EXC_INFO, _GETSIZEOF, "
        "_SETTRACE, _TRACEBACKLIMIT); absent from the v1.23.0 ESP32_GENERIC board's sys",
        "sys.atexit sys.exc_info sys.getsizeof sys.settrace sys.tracebacklimit")
_not_on(CPYTHON.format("py/modstruct.c (calcsize, pack, pack_into, unpack, unpack_from)"), """
    error iter_unpack Struct Struct.format Struct.size Struct.pack Struct.pack_into
    Struct.unpack Struct.unpack_from Struct.iter_unpack""", "struct.")
_not_on(CPYTHON.format("frozen json / extmod/modjson.c"), "json.detect_encoding")
_not_on("compiler decorator, not a module attribute (py/compile.c recognises "
        "@micropython.native/viper/asm_* by name)", """micropython.viper micropython.native
        micropython.asm_xtensa""")
_not_on("ARM (Thumb) ports only; a compiler decorator, not an attribute", "micropython.asm_thumb")
WIPY = "WiPy (cc3200 port) only"
_not_on(WIPY, """machine.IDLE machine.WLAN_WAKE machine.RTC_WAKE machine.ADCWiPy
        machine.ADCWiPy.channel machine.UART.IDLE socket.IPPROTO_SEC network.WLANWiPy
        network.WLANWiPy.mode network.WLANWiPy.ssid network.WLANWiPy.auth
        network.WLANWiPy.channel network.WLANWiPy.antenna network.WLANWiPy.mac""")
_not_on("documentation's abstract class (docs/library/network.rst), no port has it", """
        network.AbstractNIC network.AbstractNIC.active network.AbstractNIC.connect
        network.AbstractNIC.status network.AbstractNIC.ifconfig network.AbstractNIC.config""")
ESP8266 = "ESP8266 port only (ports/esp8266/modesp.c)"
_not_on(ESP8266, """esp.SLEEP_NONE esp.SLEEP_LIGHT esp.SLEEP_MODEM esp.sleep_type
        esp.set_native_code_location""")
_not_on("not in the ESP32 port's machine (ports/esp32/modmachine.c): it is ADC.ATTN_0DB there",
        "machine.ATTN_0DB")
_not_on("other ports (rp2, stm32, mimxrt: MICROPY_PY_MACHINE_DHT_READINTO); the ESP32 has "
        "esp.dht_readinto", "machine.dht_readinto")
_not_on("re-export of micropython.const in the stub; machine has no const", "machine.const")
_not_on("other ports (mimxrt, renesas-ra...); not in ports/esp32/modmachine.c",
        "machine.wake_pins machine.mem_backup")
_not_on("RTC alarms are other ports' (stm32, mimxrt, cc3200); the ESP32's RTC has init, "
        "datetime, memory", "machine.RTC.ALARM0 machine.RTC.alarm")
_not_on("other ports' Pin (stm32, rp2, mimxrt...); ports/esp32/machine_pin.c has IN, OUT, "
        "OPEN_DRAIN, PULL_*, IRQ_RISING/FALLING, WAKE_*, DRIVE_*", """machine.Pin.ALT
        machine.Pin.ALT_OPEN_DRAIN machine.Pin.ANALOG machine.Pin.IRQ_LOW_LEVEL
        machine.Pin.IRQ_HIGH_LEVEL machine.Pin.PULL_HOLD machine.Pin.mode machine.Pin.pull
        machine.Pin.drive""")
_not_on("added after 1.23 (ESP32 named board pins, 1.24)", "machine.Pin.board")
_not_on("other ports' ADC (stm32, rp2); not in ports/esp32/machine_adc.c", """machine.ADC.VREF
        machine.ADC.CORE_VREF machine.ADC.CORE_VBAT machine.ADC.CORE_TEMP machine.ADC.deinit""")
_not_on("ESP32-S2 only (13-bit ADC)", "machine.ADC.WIDTH_13BIT")
_not_on("added after 1.23 (UART.irq on the ESP32: 1.24)", """machine.UART.IRQ_RXIDLE
        machine.UART.IRQ_BREAK machine.UART.IRQ_RX machine.UART.IRQ_TXIDLE machine.UART.irq""")
_not_on("added after 1.23 (I2C.deinit)", "machine.I2C.deinit machine.SoftI2C.deinit")
_not_on("added after 1.23 (SPI.CONTROLLER)", "machine.SPI.CONTROLLER")
_not_on("added for the ESP32 after 1.23 (machine.Counter/Encoder on PCNT, 1.27)", """
    Counter Counter.DOWN Counter.RISING Counter.FALLING Counter.UP Counter.IRQ_RESET
    Counter.IRQ_INDEX Counter.IRQ_MATCH Counter.IRQ_ROLL_OVER Counter.IRQ_ROLL_UNDER Counter.init
    Counter.value Counter.deinit Encoder Encoder.IRQ_RESET Encoder.IRQ_INDEX Encoder.IRQ_MATCH
    Encoder.IRQ_ROLL_OVER Encoder.IRQ_ROLL_UNDER Encoder.phases Encoder.init Encoder.value
    Encoder.deinit""", "machine.")
_not_on("added after 1.23 (esp32.PCNT, 1.27); not on the v1.23.0 ESP32_GENERIC board", """
    PCNT PCNT.IRQ_MIN PCNT.INCREMENT PCNT.IRQ_MAX PCNT.IRQ_ZERO PCNT.IRQ_THRESHOLD0
    PCNT.IRQ_THRESHOLD1 PCNT.NORMAL PCNT.IGNORE PCNT.REVERSE PCNT.DECREMENT PCNT.HOLD
    PCNT.deinit PCNT.init PCNT.irq PCNT.start PCNT.value PCNT.stop""", "esp32.")
_not_on("added after 1.23 (for chips without EXT0/EXT1 wake, such as the C3)",
        "esp32.wake_on_gpio")
_not_on("added after 1.23 (esp32_rmt.c); the v1.23.0 board's RMT has deinit, clock_div, "
        "wait_done, loop, write_pulses, bitstream_channel, source_freq, PULSE_MAX",
        "esp32.RMT.loop_count esp32.RMT.active esp32.RMT.bitstream_rmt")
_not_on("added after 1.23 (network.ipconfig, 1.24)",
        "network.ipconfig network.WLAN.ipconfig network.PPP.ipconfig")
_not_on("added after 1.23; not on the v1.23.0 ESP32_GENERIC board's network", """
    network.PHY_LAN8670 network.PHY_GENERIC network.STAT_NO_AP_FOUND_W_COMPATIBLE_SECURITY
    network.STAT_NO_AP_FOUND_IN_RSSI_THRESHOLD network.STAT_NO_AP_FOUND_IN_AUTHMODE_THRESHOLD
    network.STAT_CONNECT_FAIL network.AUTH_WPA3_EXT_PSK_MIXED_MODE""")
_not_on("needs ESP-IDF 5.0.5/5.2; the v1.23.0 ESP32_GENERIC board (AUTH_MAX 10) lacks it",
        "network.AUTH_WPA3_EXT_PSK network.AUTH_WPA3_ENT_192")
_not_on("added after 1.23; the v1.23.0 board's WLAN has SEC_OPEN...SEC_OWE, IF_*, PM_*", """
    SEC_WPA3_EXT_PSK_MIXED_MODE SEC_WPA3_EXT_PSK SEC_WPA_ENT SEC_WPA2_WPA3_ENT SEC_WPA3_ENT_192
    SEC_WPA3_ENT SEC_DPP BANDWIDTH_20 BANDWIDTH_40 BANDWIDTH_80 BANDWIDTH_160 BANDWIDTH_80_80
    PROTOCOL_LR PROTOCOL_DEFAULT csi_read csi_enable csi_dropped csi_available csi_disable""",
        "network.WLAN.")
_not_on("added after 1.23 (PPP rewritten in 1.24); 1.23's PPP has active, connect, "
        "isconnected, status, ifconfig, AUTH_*", """network.PPP.SEC_CHAP network.PPP.SEC_PAP
        network.PPP.SEC_NONE network.PPP.poll network.PPP.disconnect network.PPP.config""")
_not_on("added after 1.23 (ports/esp32/modsocket.c)", "socket.MSG_PEEK socket.MSG_DONTWAIT")

_not_on("added after 1.23: MicroPython 1.23.0's own py/modmicropython.c (the core the "
        "simulator builds) has no RingIO", """micropython.RingIO micropython.RingIO.readinto
        micropython.RingIO.write micropython.RingIO.readline micropython.RingIO.any
        micropython.RingIO.read micropython.RingIO.close""")

# name -> why the simulated board lacks it (each is a row of the README's gaps table)
GAPS: dict[str, str] = {}


def stub_file(stubs: Path, module: str) -> Path | None:
    for candidate in (stubs / f"{module}.pyi", stubs / "stdlib" / f"{module}.pyi",
                      stubs / "stdlib" / module / "__init__.pyi"):
        if candidate.is_file():
            return candidate
    return None


def _is_type_helper(value: ast.expr | None) -> bool:
    if value is None:
        return False
    text = ast.unparse(value)
    return any(word in text for word in TYPE_HELPERS) or isinstance(value, ast.Subscript) \
        or text.startswith(("tuple[", "list[", "dict[", "Tuple[", "Dict["))


def _names(body: list[ast.stmt]) -> list[str]:
    names: list[str] = []
    for node in body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.append(node.name)
        elif isinstance(node, ast.Assign) and not _is_type_helper(node.value):
            names += [t.id for t in node.targets if isinstance(t, ast.Name)]
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            if "TypeAlias" not in ast.unparse(node.annotation):
                names.append(node.target.id)
    return [n for n in dict.fromkeys(names) if not n.startswith("_")]


def public_names(path: Path, module: str) -> list[str]:
    """``module.name`` and ``module.Class.member`` for every public name of the stub."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for name in _names(tree.body):
        found.append(f"{module}.{name}")
        node = next((n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == name),
                    None)
        if node is not None:
            found += [f"{module}.{name}.{member}" for member in _names(node.body)]
    return found


def probe_program(names: list[str]) -> str:
    """A MicroPython program that prints every name of ``names`` the board lacks."""
    lines = ["missing = []", "def look(module, path, make=None):",
             "    try:", "        obj = __import__(module)", "    except ImportError:",
             "        missing.append(name)", "        return",
             "    if make is not None:", "        obj = make()",
             "        path = path.split('.', 1)[1]",
             "    for part in path.split('.'):", "        try:",
             "            obj = getattr(obj, part)", "        except AttributeError:",
             "            missing.append(name)", "            return"]
    for name in names:
        module, _, path = name.partition(".")
        owner = name.rpartition(".")[0]
        lines.append(f"name = {name!r}")
        if owner in INSTANCES:
            lines.append(f"import machine, {module}" + (", onewire" if module == "ds18x20" else ""))
            lines.append(f"look({module!r}, {path!r}, lambda: {INSTANCES[owner]})")
        else:
            lines.append(f"look({module!r}, {path!r})")
    lines.append("for name in missing:\n    print('MISSING', name)")
    lines.append("print('DONE')")
    return "\n".join(lines) + "\n"


@dataclass
class Result:
    checked: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    @property
    def expected(self) -> list[str]:
        return [n for n in self.checked if n not in NOT_ON_ESP32_123]

    @property
    def present(self) -> int:
        return len([n for n in self.expected if n not in self.missing])

    @property
    def unexplained(self) -> list[str]:
        return [n for n in self.missing if n not in NOT_ON_ESP32_123 and n not in GAPS]

    @property
    def share(self) -> float:
        return self.present / max(1, len(self.expected))


def check_all() -> Result:
    from terakoya.host_tools.check.api import ensure_stubs
    from terakoya.simulator.runner.session import Simulation

    stubs = ensure_stubs("esp32", "en")
    result = Result()
    for module in MODULES:
        path = stub_file(stubs, module)
        if path is not None:
            result.checked += public_names(path, module)
    chunks = [result.checked[i:i + CHUNK] for i in range(0, len(result.checked), CHUNK)]
    with Simulation(seed=1) as sim:  # one board per chunk: a program must fit the board's heap
        boards = [sim.add_board(source=probe_program(chunk), kind="esp32") for chunk in chunks]
        sim.run_until_done(600_000)
    for board in boards:
        output = board.serial_output
        assert output.rstrip().endswith("DONE"), output[-2000:]
        result.missing += [line.split(" ", 1)[1] for line in output.splitlines()
                           if line.startswith("MISSING ")]
    return result


if __name__ == "__main__":
    found = check_all()
    print(f"ESP32 API coverage: {found.present} of {len(found.expected)} public names of "
          f"micropython-esp32-stubs ({found.share:.1%}); {len(NOT_ON_ESP32_123)} not on "
          f"ESP32 1.23; "
          f"{len(GAPS)} listed gaps")
    for name in found.unexplained:
        print("  unexplained:", name)
    sys.exit(0)
