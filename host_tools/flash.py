"""Building a micro:bit hex (MicroPython plus a lesson's files) and copying it to MICROBIT drives.

The hex is a Universal Hex for micro:bit V1 and V2: the MicroPython runtimes bundled with
micropython-microbit-fs, the files put into each runtime's filesystem by that library, the two
joined by the universal-hex library. Reading the runtimes and finding their filesystem region
is slow (about 0.2 s each), so that part is done once and kept in a cache file, with each
runtime rewritten in 32-byte records: the same bytes in half as many records, which the
Universal Hex specification recommends (DAPLink flashes it faster) and which halves the time
universal-hex takes to join the two.

Copying is plain file writing with a :class:`Reporter` told of the progress; :func:`flash_all`
copies to several drives in parallel, and one drive failing never stops the others.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import BinaryIO, Protocol

from .paths import cache_dir as default_cache_dir
from .paths import free_path

BOARD_IDS = {1: 0x9900, 2: 0x9903}  # the universal-hex board ids of micro:bit V1 and V2
CHUNK = 16 * 1024
CACHE_FORMAT = 3  # what a cache file holds; a new format means new file names
MIN_RUNTIME_CHARS = 100_000  # a MicroPython runtime's hex is over a megabyte


class FlashError(Exception):
    """A problem people can fix; ``key`` names the message, ``values`` fill it in."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key, values)
        self.key = key
        self.values = values


# -- the runtimes -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Runtime:
    """A bundled MicroPython hex and where its filesystem is, ready to receive files."""

    device_version: int
    version: str
    text: str  # the bundled hex's bytes in 32-byte records, without start or end records
    info: dict  # micropython_microbit_fs.DeviceInfo as plain values


_RUNTIMES: dict[int, Runtime] = {}
_LOCK = threading.Lock()


def runtime(device_version: int, cache_dir: Path | None = None) -> Runtime:
    """The bundled runtime for micro:bit V1 or V2, read once per process."""
    with _LOCK:
        if device_version not in _RUNTIMES:
            _RUNTIMES[device_version] = _load_runtime(device_version, cache_dir)
        return _RUNTIMES[device_version]


def _load_runtime(device_version: int, cache_dir: Path | None) -> Runtime:
    import micropython_microbit_fs as mfs

    bundled = mfs.get_bundled_hex(device_version)
    digest = hashlib.sha256(f"{CACHE_FORMAT}\n{mfs.__version__}\n{bundled.content}".encode())
    cache = (cache_dir or default_cache_dir()) / \
        f"microbit-v{device_version}-{digest.hexdigest()[:16]}.json"
    cached = _read_cache(cache, device_version)
    if cached is None:  # none yet, or damaged: made again from the bundled runtime
        if not bundled.content.rstrip().endswith(":00000001FF"):
            raise FlashError("runtime_broken", detail=bundled.file_path)
        info = asdict(mfs.get_device_info(bundled.content))
        info["device_version"] = info["device_version"].value
        text = _records_of_32(bundled.content)
        cached = {"info": info, "text": text, "sha256": _digest(text)}
        _write_cache(cache, cached)
    return Runtime(device_version, bundled.version, cached["text"], cached["info"])


def _records_of_32(hex_text: str) -> str:
    """The same bytes at the same addresses, in data records of up to 32 bytes (DAPLink's
    longest); no start-address or end-of-file record (a Universal Hex has neither)."""
    from intelhex import IntelHex

    image = IntelHex(io.StringIO(hex_text))
    out = io.StringIO()
    image.write_hex_file(out, write_start_addr=False, byte_count=32)
    return out.getvalue().rstrip().removesuffix(":00000001FF")


def _read_cache(path: Path, device_version: int) -> dict | None:
    """The cached runtime, or None when there is none or it is not whole: a damaged or
    emptied cache must never build a hex that claims a MicroPython it does not carry."""
    try:
        cached = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(cached, dict):
        return None
    info, text = cached.get("info"), cached.get("text")
    if not isinstance(info, dict) or info.get("device_version") != f"V{device_version}" or \
            not isinstance(text, str) or len(text) < MIN_RUNTIME_CHARS or \
            cached.get("sha256") != _digest(text):
        return None
    return cached


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("ascii", "replace")).hexdigest()


def _write_cache(path: Path, cached: dict) -> None:
    """Written whole or not at all: two builds at once never see half a file."""
    partial = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.write_text(json.dumps(cached), encoding="utf-8")
        os.replace(partial, path)
    except OSError:  # the cache only saves time; without it every build reads the runtimes
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)


def _device_info(rt: Runtime):
    from micropython_microbit_fs import DeviceInfo, DeviceVersion

    return DeviceInfo(**{**rt.info, "device_version": DeviceVersion(rt.info["device_version"])})


# -- building and verifying -------------------------------------------------------------------
def board_hex(files: dict[str, bytes], rt: Runtime) -> str:
    """One board's Intel Hex: the runtime, then records holding the filesystem with ``files``.

    The library writes the files into an otherwise empty image of the filesystem region
    (the runtime leaves that region empty), so only those few records are converted to text.
    """
    from intelhex import IntelHex
    from micropython_microbit_fs import StorageFullError
    from micropython_microbit_fs.filesystem import add_files_to_hex
    from micropython_microbit_fs.hex_utils import hex_to_string

    region = IntelHex()
    try:
        add_files_to_hex(region, _device_info(rt), files)
    except StorageFullError:
        raise FlashError("too_big", size=sum(map(len, files.values())),
                         room=rt.info["fs_end_address"] - rt.info["fs_start_address"]) from None
    return rt.text + hex_to_string(region)


def build_hex(files: dict[str, bytes], cache_dir: Path | None = None) -> str:
    """A Universal Hex for micro:bit V1 and V2 with MicroPython and ``files`` on the board."""
    from universal_hex import IndividualHex, create_uhex

    _check_files(files)
    hexes = [IndividualHex(board_hex(files, runtime(v, cache_dir)), BOARD_IDS[v])
             for v in (1, 2)]
    return create_uhex(hexes)


def _check_files(files: dict[str, bytes]) -> None:
    from micropython_microbit_fs.filesystem import MAX_FILENAME_LENGTH

    if "main.py" not in files:
        raise FlashError("no_main")
    for name, content in files.items():
        if "/" in name or "\\" in name or len(name.encode()) > MAX_FILENAME_LENGTH:
            raise FlashError("bad_name", name=name)
        if not content:
            raise FlashError("empty_file", name=name)


def read_back(hex_text: str, cache_dir: Path | None = None) -> dict[int, dict[str, bytes]]:
    """The files found in each board's part of a Universal Hex, by micro:bit version."""
    from micropython_microbit_fs.filesystem import read_files_from_hex
    from micropython_microbit_fs.hex_utils import load_hex
    from universal_hex import separate_uhex

    versions = {board_id: v for v, board_id in BOARD_IDS.items()}
    found: dict[int, dict[str, bytes]] = {}
    for part in separate_uhex(hex_text):
        version = versions[part.board_id]
        info = _device_info(runtime(version, cache_dir))
        found[version] = read_files_from_hex(load_hex(part.hex), info)
    return found


def verify_hex(hex_text: str, files: dict[str, bytes], cache_dir: Path | None = None) -> None:
    """Raise FlashError unless both boards' filesystems hold exactly ``files``."""
    found = read_back(hex_text, cache_dir)
    for version in BOARD_IDS:
        if found.get(version) != files:
            raise FlashError("verify_failed", version=version)


# -- copying ----------------------------------------------------------------------------------
class Reporter(Protocol):
    """What a flash run tells its user interface (called from worker threads)."""

    def started(self, board: str, total: int) -> None: ...
    def advanced(self, board: str, done: int) -> None: ...
    def finished(self, result: FlashResult) -> None: ...


@dataclass(frozen=True)
class FlashResult:
    board: str
    ok: bool
    seconds: float
    key: str = "flashed"  # the message: flashed, copy_failed, drive_gone, drive_full, ...
    detail: str = ""


@dataclass
class RecordingReporter:
    """Keeps every call, for tests."""

    events: list[tuple] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def started(self, board: str, total: int) -> None:
        with self.lock:
            self.events.append(("started", board, total))

    def advanced(self, board: str, done: int) -> None:
        with self.lock:
            self.events.append(("advanced", board, done))

    def finished(self, result: FlashResult) -> None:
        with self.lock:
            self.events.append(("finished", result.board, result.ok, result.key))

    def of(self, board: str) -> list[tuple]:
        return [event for event in self.events if event[1] == board]


Opener = Callable[[Path], BinaryIO]


def _create(path: Path) -> BinaryIO:
    return open(path, "xb")  # "x": never replaces a file that is already there


def hex_name_on(drive: Path, name: str) -> Path:
    """A file name on the drive that no file there has yet (so nothing else is touched)."""
    return free_path(drive / f"{Path(name).stem}.hex")


def copy_to_drive(data: bytes, drive: Path, reporter: Reporter, board: str | None = None,
                  name: str = "terakoya.hex", opener: Opener = _create,
                  clock: Callable[[], float] = time.monotonic) -> FlashResult:
    """Write the hex onto one drive in chunks; never raises, the result says what happened."""
    board = board or str(drive)
    start = clock()
    reporter.started(board, len(data))
    try:
        if not drive.is_dir():
            raise FileNotFoundError(str(drive))
        _write(data, hex_name_on(drive, name), reporter, board, opener)
    except OSError as exc:
        result = FlashResult(board, False, clock() - start, _copy_problem(exc), str(exc))
    else:
        result = FlashResult(board, True, clock() - start)
    reporter.finished(result)
    return result


def _write(data: bytes, target: Path, reporter: Reporter, board: str, opener: Opener) -> None:
    out = opener(target)  # from here on the file is ours: remove it if the copy fails
    try:
        with out:
            for done in range(0, len(data), CHUNK):
                out.write(data[done:done + CHUNK])
                reporter.advanced(board, min(done + CHUNK, len(data)))
            out.flush()
            os.fsync(out.fileno())
    except OSError:
        try:
            target.unlink()
        except OSError:
            pass  # the drive went away; there is nothing left to tidy
        raise


def _copy_problem(exc: OSError) -> str:
    import errno

    if exc.errno == errno.ENOSPC:
        return "drive_full"
    if isinstance(exc, FileNotFoundError) or exc.errno in (errno.ENOENT, errno.ENODEV, errno.EIO):
        return "drive_gone"
    if isinstance(exc, PermissionError) or exc.errno == errno.EROFS:
        return "drive_read_only"
    return "copy_failed"


def flash_all(data: bytes, drives: list[Path], reporter: Reporter, name: str = "terakoya.hex",
              opener: Opener = _create, workers: int = 8,
              clock: Callable[[], float] = time.monotonic) -> list[FlashResult]:
    """Copy to every drive at once; the results come back in the order of ``drives``."""
    if not drives:
        return []
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(drives)))) as pool:
        jobs = [pool.submit(copy_to_drive, data, drive, reporter, str(drive), name, opener, clock)
                for drive in drives]
        return [job.result() for job in jobs]
