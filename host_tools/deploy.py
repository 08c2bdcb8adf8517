"""Copying a lesson's files to MicroPython boards over USB serial (``terakoya deploy``).

Boards are reached through mpremote's transport, used as a library
(``mpremote.transport_serial.SerialTransport``: raw REPL, ``fs_listdir``, ``fs_writefile``,
``fs_hashfile`` ...). ``deploy(transport, files, ...)`` does the work for one open board; the
transport comes first so tests can pass an in-memory board instead.

Nothing of a student's is lost: a manifest file on the board (``.terakoya``: one
``sha256  name`` line per file deploy put there) tells deploy's own files from everyone
else's. A lesson file that differs on the board is replaced without asking only when it is
still exactly what an earlier deploy wrote (or the firmware's own first ``boot.py``);
otherwise ``ask(name)`` decides (``force`` skips the question). Files that are not in the
lesson are removed only when an earlier deploy put them there and nobody changed them since,
or when ``clean`` is asked for; ``boot.py`` never is.

Folders: a lesson's ``lib/x.py`` goes to the board's ``/lib/x.py`` (folders made as needed);
the board's folders are all looked at, and ``clean`` also removes the folders it leaves
empty. A board without folders (a micro:bit) is told so before anything is copied. Where the
board's ``os`` has ``rename`` (ESP32), each file is written under a temporary name and then
renamed over the old one (on a micro:bit, whose ``os`` has no rename, copied over it on the
board itself), so a board unplugged mid-copy keeps the old file whole; a
temporary left by such a copy is deploy's own and removed next time.
"""

from __future__ import annotations

import enum
import errno
import hashlib
import struct
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Protocol

MANIFEST = ".terakoya"
PROTECTED = frozenset({"boot.py", MANIFEST})  # never removed, not even by --clean
TEMPORARY = ".terakoya-new"  # a file being copied is called this until it is whole
# What a freshly flashed board has that is nobody's work (sha256): the ESP32 port's boot.py
# as its first boot writes it (ports/esp32/modules/inisetup.py)
FACTORY = {"boot.py": frozenset({
    "16f5b4bcb120e9a032242b47967e649a0cc577b41939e81ef7d4b4da181bd17f"})}
BAUDRATE = 115200
READ_TIMEOUT_S = 5.0  # a board silent this long is treated as unplugged
DIRECTORY_BIT = 0x4000

Transport = Any  # mpremote.transport.Transport, or a test double with the same methods


class FileAction(str, enum.Enum):
    """What deploy did with one file."""

    WROTE = "wrote"  # it was not on the board
    REPLACED = "replaced"  # the board had another version
    SAME = "same"  # already the same on the board: not copied
    KEPT = "kept"  # differs, and was not overwritten (nobody said yes)
    REMOVED = "removed"  # not in the lesson: left by an earlier deploy and unchanged, or --clean


@dataclass
class DeployResult:
    """What happened on one board, file by file (lesson files first, then removals)."""

    actions: dict[str, FileAction] = field(default_factory=dict)
    restarted: bool = False

    def names(self, action: FileAction) -> list[str]:
        return [name for name, done in self.actions.items() if done is action]

    @property
    def complete(self) -> bool:
        """True when every lesson file is now on the board as the lesson has it."""
        return not self.names(FileAction.KEPT)


class DeployReporter(Protocol):
    """Where deploy tells what it is doing (a progress bar, a log, or a test's recording)."""

    def status(self, key: str, name: str = "") -> None:
        """A new step: connecting, comparing, copying (name), removing (name), restarting."""

    def progress(self, done: int, total: int) -> None:
        """Work done so far, in units of the caller's choosing (files compared + bytes)."""


class SilentReporter:
    def status(self, key: str, name: str = "") -> None:
        pass

    def progress(self, done: int, total: int) -> None:
        pass


class RecordingReporter:
    """A reporter for tests: keeps every call, in order."""

    def __init__(self) -> None:
        self.events: list[tuple[str, Any, Any]] = []

    def status(self, key: str, name: str = "") -> None:
        self.events.append(("status", key, name))

    def progress(self, done: int, total: int) -> None:
        self.events.append(("progress", done, total))

    def statuses(self) -> list[tuple[str, str]]:
        return [(key, name) for kind, key, name in self.events if kind == "status"]


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# -- one board ------------------------------------------------------------------------------
def deploy(transport: Transport, files: Mapping[str, bytes], *, force: bool = False,
           clean: bool = False, ask: Callable[[str], bool] | None = None,
           reporter: DeployReporter | None = None) -> DeployResult:
    """Copy ``files`` (board name -> content) to the board behind ``transport``, then
    soft-reset it so the new main.py runs. Errors from the transport propagate."""
    reporter = reporter or SilentReporter()
    ask = ask or (lambda name: False)
    reporter.status("connecting")
    transport.enter_raw_repl(soft_reset=True)  # stops the running program, clears memory
    result = _sync(transport, files, force, clean, ask, reporter)
    reporter.status("restarting")
    transport.exit_raw_repl()
    transport.write_ctrl_d(lambda data: None)  # soft reset from the normal REPL runs main.py
    result.restarted = True
    return result


class NoFolders(Exception):
    """The lesson has files in folders; the board has no folders (a micro:bit)."""

    def __init__(self, names: list[str]):
        super().__init__(", ".join(names))
        self.names = names


@dataclass
class BoardListing:
    """What is on the board: files (path -> size) and folders (None: it has none)."""

    files: dict[str, int]
    folders: set[str] | None
    renames: bool = False  # its os has rename (ESP32; not the micro:bit)


def _sync(transport: Transport, files: Mapping[str, bytes], force: bool, clean: bool,
          ask: Callable[[str], bool], reporter: DeployReporter) -> DeployResult:
    reporter.status("comparing")
    listing = board_files(transport)
    in_folders = [name for name in files if "/" in name]
    if in_folders and listing.folders is None:
        raise NoFolders(in_folders)
    on_board = listing.files
    manifest = read_manifest(transport) if MANIFEST in on_board else {}
    hashes = BoardHashes(transport)
    result = DeployResult()
    for index, (name, data) in enumerate(files.items()):
        result.actions[name] = _decide(hashes, name, data, on_board, manifest, force, ask)
        reporter.progress(index + 1, len(files))
    stale = _to_remove(hashes, files, on_board, manifest, clean)
    halves = [name for name in stale if name.endswith(TEMPORARY)]  # first: they take room
    _remove(transport, halves, result, reporter)
    _make_folders(transport, files, result, listing.folders or set())
    _write_files(transport, files, result, len(stale), reporter, listing.renames)
    _remove(transport, [name for name in stale if name not in halves], result, reporter)
    if clean and listing.folders:
        _remove_empty_folders(transport, listing, files, stale)
    new_manifest = {name: sha256_hex(data) for name, data in files.items()
                    if result.actions[name] is not FileAction.KEPT}
    new_manifest.update(_kept_own(hashes, files, on_board, manifest))
    if new_manifest != manifest:
        write_manifest(transport, new_manifest)
    return result


def _remove(transport: Transport, names: list[str], result: DeployResult,
            reporter: DeployReporter) -> None:
    for name in names:
        reporter.status("removing", name)
        transport.fs_rmfile(name)
        if not name.endswith(TEMPORARY):  # a half-copied file is no file of the lesson's
            result.actions[name] = FileAction.REMOVED


def _kept_own(hashes: BoardHashes, files: Mapping[str, bytes], on_board: Mapping[str, int],
              manifest: Mapping[str, str]) -> dict[str, str]:
    """Files deploy put there that are never removed (boot.py) and that nobody changed:
    still deploy's own for the next lesson that has them."""
    return {name: digest for name, digest in manifest.items()
            if name in PROTECTED and name != MANIFEST and name not in files
            and name in on_board and hashes(name) == digest}


def _make_folders(transport: Transport, files: Mapping[str, bytes], result: DeployResult,
                  folders: set[str]) -> None:
    """The folders the files to be written go into, made where they are missing."""
    wanted: set[str] = set()
    for name, action in result.actions.items():
        if action in (FileAction.WROTE, FileAction.REPLACED) and name in files:
            parts = name.split("/")[:-1]
            wanted.update("/".join(parts[:n]) for n in range(1, len(parts) + 1))
    for folder in sorted(wanted - folders, key=lambda f: f.count("/")):
        transport.fs_mkdir(folder)
        folders.add(folder)


def _remove_empty_folders(transport: Transport, listing: BoardListing,
                          files: Mapping[str, bytes], removed: list[str]) -> None:
    """With --clean: folders that hold nothing now (deepest first)."""
    left = [name for name in listing.files if name not in removed] + list(files)
    holding = set()
    for name in left:
        parts = name.split("/")[:-1]
        holding.update("/".join(parts[:n]) for n in range(1, len(parts) + 1))
    for folder in sorted(listing.folders or (), key=lambda f: -f.count("/")):
        if folder not in holding:
            transport.fs_rmdir(folder)


class BoardHashes:
    """The sha256 of files on the board: with the board's hashlib where it has one (ESP32),
    else by reading the file back and hashing it here (micro:bit). Which one is found out
    once per board, not with a failed ``import hashlib`` for every file."""

    def __init__(self, transport: Transport) -> None:
        self.transport = transport
        self.board_has_hashlib: bool | None = None

    def __call__(self, name: str) -> str:
        from mpremote.transport import TransportExecError

        if self.board_has_hashlib is None:
            try:
                self.transport.exec("import hashlib")
                self.board_has_hashlib = True
            except TransportExecError:
                self.board_has_hashlib = False
        if self.board_has_hashlib:
            return self.transport.fs_hashfile(name, "sha256").hex()
        return sha256_hex(bytes(self.transport.fs_readfile(name)))


def _decide(hashes: BoardHashes, name: str, data: bytes, on_board: Mapping[str, int],
            manifest: Mapping[str, str], force: bool, ask: Callable[[str], bool]) -> FileAction:
    if name not in on_board:
        return FileAction.WROTE
    board_hash = None
    look = on_board[name] == len(data) or name in FACTORY or name in manifest and not force
    if look:  # else it surely differs
        board_hash = hashes(name)
    if board_hash == sha256_hex(data):
        return FileAction.SAME
    if force or (board_hash is not None and manifest.get(name) == board_hash):
        return FileAction.REPLACED  # asked to, or it is what an earlier deploy put there
    if board_hash in FACTORY.get(name, ()):
        return FileAction.REPLACED  # the firmware's own first file: nobody's work
    return FileAction.REPLACED if ask(name) else FileAction.KEPT


def _to_remove(hashes: BoardHashes, files: Mapping[str, bytes], on_board: Mapping[str, int],
               manifest: Mapping[str, str], clean: bool) -> list[str]:
    """Files to remove: deploy's own leftovers (unchanged), half-copied temporaries, and
    with ``clean`` every other file but boot.py and the manifest."""
    others = [name for name in on_board if name not in files and name not in PROTECTED]
    if clean:
        return others
    return [name for name in others if name.endswith(TEMPORARY)
            or name in manifest and hashes(name) == manifest[name]]


def _write_files(transport: Transport, files: Mapping[str, bytes], result: DeployResult,
                 removals: int, reporter: DeployReporter, renames: bool = False) -> None:
    writing = [name for name in files
               if result.actions[name] in (FileAction.WROTE, FileAction.REPLACED)]
    base = len(files)
    total = base + sum(len(files[name]) for name in writing) + removals
    reporter.progress(base, total)
    for name in writing:
        reporter.status("copying", name)

        def advance(written: int, size: int, start: int = base) -> None:
            reporter.progress(start + written, total)

        # whole or not at all: the old file stays until the new one is on the board
        transport.fs_writefile(name + TEMPORARY, files[name], progress_callback=advance)
        transport.exec(_replace_code(name, renames))
        base += len(files[name])
        reporter.progress(base, total)


def _replace_code(name: str, renames: bool) -> str:
    """What the board runs to put the copied file in place: a rename where its os has one
    (ESP32); else a copy on the board itself (the micro:bit: a few milliseconds, not the
    seconds of the serial line, so an unplugged cable leaves the old file whole), then the
    temporary file goes."""
    temporary = name + TEMPORARY
    if renames:
        return f"import os\nos.rename({temporary!r}, {name!r})"
    return (f"import os\nwith open({temporary!r}, 'rb') as s:\n with open({name!r}, 'wb') as d:"
            f"\n  while True:\n   b = s.read(256)\n   if not b:\n    break\n   d.write(b)\n"
            f"os.remove({temporary!r})")


def board_files(transport: Transport) -> BoardListing:
    """Every file on the board with its size (``lib/x.py``: its path), and its folders; and
    whether its os can rename. A board whose os cannot make folders (the micro:bit: it has
    ilistdir but no mkdir) is flat."""
    probe = transport.exec("import os\nprint(hasattr(os, 'mkdir'), hasattr(os, 'rename'))")
    has_folders, renames = (word == b"True" for word in (probe.split() + [b"", b""])[:2])
    if not has_folders:
        return BoardListing(dict(transport.eval("[(n, os.size(n)) for n in os.listdir()]")),
                            None)
    listing = BoardListing({}, set(), renames)
    waiting = [("", transport.fs_listdir(""))]
    while waiting:
        prefix, entries = waiting.pop()
        for entry in entries:
            path = prefix + entry.name
            if entry.st_mode & DIRECTORY_BIT:
                assert listing.folders is not None
                listing.folders.add(path)
                waiting.append((path + "/", transport.fs_listdir(path)))
            else:
                listing.files[path] = entry.st_size
    return listing


def read_manifest(transport: Transport) -> dict[str, str]:
    """The manifest's ``name -> sha256``; an unreadable manifest counts as empty (safe: then
    nothing on the board is taken to be deploy's own)."""
    text = bytes(transport.fs_readfile(MANIFEST)).decode("utf-8", "replace")
    manifest = {}
    for line in text.splitlines():
        digest, _, name = line.partition("  ")
        if len(digest) == 64 and name and not line.startswith("#"):
            manifest[name] = digest
    return manifest


def write_manifest(transport: Transport, manifest: Mapping[str, str]) -> None:
    lines = ["# Files put here by 'terakoya deploy' (it never removes any other file)."]
    lines += [f"{digest}  {name}" for name, digest in sorted(manifest.items())]
    transport.fs_writefile(MANIFEST, ("\n".join(lines) + "\n").encode("utf-8"))


# -- opening ports, and what went wrong ------------------------------------------------------
class PortProblem(Exception):
    """A port that cannot be opened; ``key`` names the plain explanation."""

    def __init__(self, key: str, detail: str = "") -> None:
        super().__init__(detail or key)
        self.key = key
        self.detail = detail


def open_serial(port: str) -> Transport:
    """mpremote's serial transport on ``port``; PortProblem says why it cannot be opened."""
    from mpremote.transport import TransportError
    from mpremote.transport_serial import SerialTransport

    try:
        return SerialTransport(port, baudrate=BAUDRATE, timeout=READ_TIMEOUT_S)
    except (TransportError, OSError, ValueError):  # mpremote hides the reason: look again
        raise port_problem(port) from None


def port_problem(port: str) -> PortProblem:
    """Why ``port`` cannot be opened, found by trying to open it with pyserial."""
    import serial

    try:
        serial.serial_for_url(port, exclusive=True).close()
    except (serial.SerialException, OSError, ValueError) as exc:
        code = getattr(exc, "errno", None)
        if code in (errno.EACCES, errno.EPERM):
            return PortProblem("port_permission")
        if code in (errno.EBUSY, errno.EAGAIN) or "exclusively lock" in str(exc):
            return PortProblem("port_busy")
        if code in (errno.ENOENT, errno.ENODEV, errno.ENXIO):
            return PortProblem("port_gone")
        return PortProblem("port_cannot_open", str(exc))
    return PortProblem("port_cannot_open", "it opened only on the second try")


def problem_key(exc: BaseException) -> tuple[str, str]:
    """A plain explanation (message key, detail) for an error raised while deploying."""
    import serial
    from mpremote.transport import TransportError, TransportExecError

    if isinstance(exc, PortProblem):
        return exc.key, exc.detail
    if isinstance(exc, NoFolders):
        return "no_folders", ", ".join(exc.names)
    if isinstance(exc, TransportExecError):
        last = (exc.error_output.strip().splitlines() or [""])[-1]
        return ("board_memory" if "MemoryError" in last else "board_error"), last
    if isinstance(exc, OSError) and not isinstance(exc, serial.SerialException):
        if exc.errno == errno.ENOSPC:
            return "board_full", ""
        if exc.errno in (errno.EEXIST, errno.ENOTDIR, errno.EISDIR, errno.ENOENT):
            return "board_path", str(exc.filename or exc)
    if isinstance(exc, TransportError) and "could not enter raw repl" in str(exc):
        return "no_answer", ""
    if isinstance(exc, (TransportError, OSError, struct.error)):
        return "lost_contact", str(exc)
    return "unexpected", f"{type(exc).__name__}: {exc}"


# -- several boards ---------------------------------------------------------------------------
@dataclass
class BoardOutcome:
    """One board's result for the final table."""

    port: str
    result: DeployResult | None = None
    problem: str | None = None  # a message key when the board failed
    detail: str = ""
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.problem is None and self.result is not None and self.result.complete


def deploy_to_port(port: str, files: Mapping[str, bytes], *, force: bool = False,
                   clean: bool = False, ask: Callable[[str], bool] | None = None,
                   reporter: DeployReporter | None = None,
                   open_board: Callable[[str], Transport] = open_serial) -> BoardOutcome:
    """Open ``port``, deploy, close. Never raises: a failure is in the outcome."""
    started = time.monotonic()
    outcome = BoardOutcome(port)
    transport = None
    try:
        transport = open_board(port)
        outcome.result = deploy(transport, files, force=force, clean=clean, ask=ask,
                                reporter=reporter)
    except Exception as exc:  # one board's failure must not stop the others
        outcome.problem, outcome.detail = problem_key(exc)
    finally:
        if transport is not None:
            _close_quietly(transport)
    outcome.seconds = time.monotonic() - started
    return outcome


def _close_quietly(transport: Transport) -> None:
    try:
        transport.close()
    except Exception:  # an unplugged board cannot be closed cleanly; nothing is lost
        pass


def deploy_all(ports: list[str], files: Mapping[str, bytes], *, force: bool = False,
               clean: bool = False, ask: Callable[[str, str], bool] | None = None,
               reporter_for: Callable[[str], DeployReporter] | None = None,
               open_board: Callable[[str], Transport] = open_serial) -> list[BoardOutcome]:
    """Deploy to every port at the same time (one thread each; one board: this thread);
    outcomes in port order. ``ask(port, name)`` decides about files that differ."""

    def one(port: str) -> BoardOutcome:
        reporter = reporter_for(port) if reporter_for else None
        ask_here = (lambda name: ask(port, name)) if ask else None
        return deploy_to_port(port, files, force=force, clean=clean, ask=ask_here,
                              reporter=reporter, open_board=open_board)

    if len(ports) <= 1:
        return [one(port) for port in ports]
    with ThreadPoolExecutor(max_workers=len(ports)) as pool:
        return list(pool.map(one, ports))


def find_board_ports() -> list[str]:
    """Serial ports of connected MicroPython boards: those ``terakoya boards`` lists."""
    from .boards import classify, pyserial_ports

    return sorted(port.device for port in pyserial_ports() if classify(port) is not None)


def board_kinds(ports: list[str]) -> dict[str, str]:
    """Which compiler checks code for each port: ``microbit`` for a micro:bit (by its USB
    id), else ``esp32`` (current MicroPython: any other board, or one not known by its id)."""
    known = known_kinds(ports)
    return {port: "microbit" if known.get(port) == "microbit" else "esp32" for port in ports}


def known_kinds(ports: list[str]) -> dict[str, str]:
    """``microbit`` or ``esp32`` for the ports known by their USB id; the others (a virtual
    board on a pseudo-terminal, an unknown adapter) are left out."""
    from .boards import classify, pyserial_ports

    known = {port.device: classify(port) for port in pyserial_ports()}
    return {port: found[0] for port in ports if (found := known.get(port)) is not None}
