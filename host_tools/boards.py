"""Finding the boards plugged into this computer, and saying why one cannot be used.

Plain functions over a :class:`Host` (what lists serial ports, opens one, finds MICROBIT drives,
reads a drive's DETAILS.TXT and tells whether brltty runs), so tests pass fakes and need no
hardware. Results carry problem *keys* and details; the command turns them into sentences.
"""

from __future__ import annotations

import errno
import getpass
import os
import string
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

MICROBIT_IDS = {(0x0D28, 0x0204)}
ESP32_BRIDGES = {
    (0x10C4, 0xEA60): "CP210x",
    (0x1A86, 0x7523): "CH340",
    (0x1A86, 0x55D4): "CH9102",
    (0x0403, 0x6001): "FTDI",
    (0x0403, 0x6010): "FTDI",
    (0x0403, 0x6014): "FTDI",
    (0x0403, 0x6015): "FTDI",
}
ESPRESSIF_VID = 0x303A
BRLTTY_BRIDGES = {"CP210x", "CH340", "CH9102", "FTDI"}  # the USB ids brltty claims on Linux
DRIVE_LABEL = "MICROBIT"


@dataclass(frozen=True)
class PortInfo:
    """What we need of a serial port listing (pyserial's ListPortInfo has these fields)."""

    device: str
    vid: int | None = None
    pid: int | None = None
    serial_number: str | None = None
    description: str = ""


@dataclass(frozen=True)
class Problem:
    """Why a board cannot be used: ``key`` names the message, ``detail`` is the raw reason."""

    key: str  # permission | busy | brltty | no_serial | gone | cannot_open
    detail: str = ""


@dataclass
class Board:
    kind: str  # "microbit" or "esp32"
    port: str | None
    name: str  # e.g. "micro:bit V2", "ESP32 (CP210x)"
    serial_number: str | None = None
    drive: Path | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class Host:
    """The computer, seen through small replaceable functions."""

    list_ports: Callable[[], Iterable[PortInfo]]
    open_port: Callable[[str], None]  # raises OSError (or a subclass) when it cannot
    find_drives: Callable[[], list[Path]]
    read_details: Callable[[Path], str] = lambda drive: _read_details(drive)
    brltty_running: Callable[[], bool] = lambda: _brltty_running()
    platform: str = sys.platform


# -- the real computer ------------------------------------------------------------------------
def real_host() -> Host:
    return Host(list_ports=pyserial_ports, open_port=_pyserial_open, find_drives=find_drives)


def pyserial_ports() -> list[PortInfo]:
    from serial.tools import list_ports

    return [PortInfo(p.device, p.vid, p.pid, p.serial_number, p.description or "")
            for p in list_ports.comports()]


def _pyserial_open(device: str) -> None:
    """Open and close the port without touching DTR/RTS (an ESP32 must not reset)."""
    import serial

    port = serial.Serial()
    port.port, port.baudrate, port.timeout = device, 115200, 0
    port.dtr = port.rts = False
    if os.name == "posix":
        port.exclusive = True  # a program holding the port with a lock then shows as busy
    try:
        port.open()
    except serial.SerialException as exc:  # pyserial wraps the OSError; keep its errno
        cause = exc.__cause__ if isinstance(exc.__cause__, OSError) else None
        raise OSError(exc.errno or getattr(cause, "errno", None), str(exc)) from None
    port.close()


def _read_details(drive: Path) -> str:
    try:
        return (drive / "DETAILS.TXT").read_text(encoding="ascii", errors="replace")
    except OSError:
        return ""


def _brltty_running() -> bool:
    proc = Path("/proc")
    if not proc.is_dir():
        return False
    for entry in proc.iterdir():
        try:
            if entry.name.isdigit() and (entry / "comm").read_text().strip() == "brltty":
                return True
        except OSError:
            continue
    return False


def drive_roots(platform: str = sys.platform, user: str | None = None) -> list[Path]:
    """Folders where MICROBIT drives appear on this system."""
    if platform == "darwin":
        return [Path("/Volumes")]
    if platform.startswith("win"):
        return [Path(f"{letter}:\\") for letter in string.ascii_uppercase[3:]]
    user = user or _user()
    return [Path("/media") / user, Path("/run/media") / user, Path("/media")]


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return os.environ.get("USER", "")


def find_drives(roots: list[Path] | None = None, platform: str = sys.platform) -> list[Path]:
    """Every mounted drive whose volume label starts with MICROBIT."""
    if platform.startswith("win") and roots is None:
        return [root for root in drive_roots(platform) if _windows_label(root)
                .upper().startswith(DRIVE_LABEL)]
    found: list[Path] = []
    for root in roots if roots is not None else drive_roots(platform):
        try:
            found += sorted(p for p in root.iterdir()
                            if p.name.upper().startswith(DRIVE_LABEL) and p.is_dir())
        except OSError:
            continue
    return list(dict.fromkeys(found))


def _windows_label(root: Path) -> str:
    import ctypes

    name = ctypes.create_unicode_buffer(261)
    ok = ctypes.windll.kernel32.GetVolumeInformationW(  # type: ignore[attr-defined]
        str(root), name, len(name), None, None, None, None, 0)
    return name.value if ok else ""


# -- detection --------------------------------------------------------------------------------
def classify(port: PortInfo) -> tuple[str, str] | None:
    """("microbit"|"esp32", a name people recognise), or None for ports that are not boards."""
    ids = (port.vid, port.pid)
    if ids in MICROBIT_IDS:
        return "microbit", f"micro:bit {microbit_version(port.serial_number)}".strip()
    if ids in ESP32_BRIDGES:
        return "esp32", f"ESP32 ({ESP32_BRIDGES[ids]})"
    if port.vid == ESPRESSIF_VID:
        return "esp32", "ESP32 (USB)"
    return None


def microbit_version(unique_id: str | None) -> str:
    """The DAPLink unique id starts with the board id: 9900/9901 is V1, 9903 to 9906 is V2."""
    prefix = (unique_id or "")[:4]
    if prefix in ("9900", "9901"):
        return "V1"
    if prefix in ("9903", "9904", "9905", "9906"):
        return "V2"
    return ""


def drive_unique_id(details: str) -> str | None:
    for line in details.splitlines():
        key, _, value = line.partition(":")
        if key.strip().lower() == "unique id":
            return value.strip() or None
    return None


def detect_boards(host: Host, probe: bool = True) -> list[Board]:
    """The boards on serial ports, each micro:bit with its drive, plus drives with no port."""
    drives = {drive: drive_unique_id(host.read_details(drive)) for drive in host.find_drives()}
    boards: list[Board] = []
    for port in sorted(host.list_ports(), key=lambda p: p.device):
        kind = classify(port)
        if kind is None:
            continue
        board = Board(kind[0], port.device, kind[1], port.serial_number)
        if board.kind == "microbit":
            board.drive = _take_drive(drives, port.serial_number)
        if probe:
            board.problems += diagnose_port(host, port.device, _bridge(port))
        boards.append(board)
    for drive, unique_id in drives.items():  # drives left over: no serial port for them
        name = f"micro:bit {microbit_version(unique_id)}".strip()
        boards.append(Board("microbit", None, name, unique_id, drive, [Problem("no_serial")]))
    return boards


def _bridge(port: PortInfo) -> str | None:
    return ESP32_BRIDGES.get((port.vid, port.pid))


def _take_drive(drives: dict[Path, str | None], unique_id: str | None) -> Path | None:
    """The drive whose DETAILS.TXT names this board; else the only drive without an id."""
    for drive, drive_id in drives.items():
        if unique_id and drive_id and drive_id.lower() == unique_id.lower():
            del drives[drive]
            return drive
    unknown = [drive for drive, drive_id in drives.items() if drive_id is None]
    if len(unknown) == 1 and len(drives) == 1:
        drives.pop(unknown[0])
        return unknown[0]
    return None


def diagnose_port(host: Host, device: str, bridge: str | None = None) -> list[Problem]:
    """Try to open the port; when it fails, the likely reason (several can apply)."""
    try:
        host.open_port(device)
    except OSError as exc:
        return _reasons(host, exc, bridge)
    return []


def _reasons(host: Host, exc: OSError, bridge: str | None) -> list[Problem]:
    detail = str(exc)
    code = exc.errno
    linux = host.platform.startswith("linux")
    windows = host.platform.startswith("win")
    if code == errno.ENOENT or "No such file" in detail or "FileNotFoundError" in detail:
        return [Problem("gone", detail)]
    if code == errno.EACCES and not windows:
        return [Problem("permission", detail)]
    busy_codes = (errno.EBUSY, errno.EACCES, errno.EAGAIN)
    if code in busy_codes or "Access is denied" in detail or "busy" in detail:
        if linux and bridge in BRLTTY_BRIDGES and host.brltty_running():
            return [Problem("brltty", detail)]
        return [Problem("busy", detail)]
    return [Problem("cannot_open", detail)]


def host_notes(host: Host, boards: list[Board]) -> list[str]:
    """Keys of hints about the computer itself: nothing found, or brltty running."""
    notes = []
    if not boards:
        notes.append("none_found")
    if host.platform.startswith("linux") and host.brltty_running() and not any(
            p.key == "brltty" for b in boards for p in b.problems):
        notes.append("brltty_running")
    return notes
