"""Building a micro:bit hex (MicroPython plus a lesson's files) and copying it to MICROBIT drives.

The hex is a Universal Hex for micro:bit V1 and V2: the MicroPython runtimes bundled with
micropython-microbit-fs, the files put into each runtime's filesystem by that library, the two
joined by the universal-hex library. Reading the runtimes and finding their filesystem region
is slow (about 0.2 s each), so that part is done once and kept in a small cache file.

Copying is plain file writing with a :class:`Reporter` told of the progress; :func:`flash_all`
copies to several drives in parallel, and one drive failing never stops the others.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import BinaryIO, Protocol

from .paths import free_path

BOARD_IDS = {1: 0x9900, 2: 0x9903}  # the universal-hex board ids of micro:bit V1 and V2
CHUNK = 16 * 1024


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
    text: str  # the bundled hex, without its end-of-file record
    info: dict  # micropython_microbit_fs.DeviceInfo as plain values


_RUNTIMES: dict[int, Runtime] = {}
_LOCK = threading.Lock()


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "terakoya"


def runtime(device_version: int, cache_dir: Path | None = None) -> Runtime:
    """The bundled runtime for micro:bit V1 or V2, read once per process."""
    with _LOCK:
        if device_version not in _RUNTIMES:
            _RUNTIMES[device_version] = _load_runtime(device_version, cache_dir)
        return _RUNTIMES[device_version]


def _load_runtime(device_version: int, cache_dir: Path | None) -> Runtime:
    import micropython_microbit_fs as mfs

    bundled = mfs.get_bundled_hex(device_version)
    text = bundled.content
    digest = hashlib.sha256(f"{mfs.__version__}\n{text}".encode()).hexdigest()[:16]
    cache = (cache_dir or default_cache_dir()) / f"microbit-v{device_version}-{digest}.json"
    info = _read_cache(cache)
    if info is None:
        info = asdict(mfs.get_device_info(text))
        info["device_version"] = info["device_version"].value
        _write_cache(cache, info)
    end = text.rstrip().rfind("\n")
    if not text.rstrip()[end + 1:].startswith(":00000001FF"):
        raise FlashError("runtime_broken", detail=bundled.file_path)
    return Runtime(device_version, bundled.version, text.rstrip()[:end + 1], info)


def _read_cache(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _write_cache(path: Path, info: dict) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(info), encoding="utf-8")
    except OSError:
        pass  # the cache only saves time; without it every build reads the runtimes


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
