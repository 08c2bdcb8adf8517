"""MicroPython builds for ESP32 boards, kept in Terakoya's data folder so that flashing a class
set needs no internet: ``firmware/`` holds the .bin files and ``manifest.json`` (chip,
MicroPython version, build date, sha256, size, the day it was added, the file's first name).

What a file is comes from the file itself: the chip from its bootloader image's header (parsed
by esptool), the MicroPython version from the banner string every MicroPython firmware holds
("MicroPython v1.24.1 on 2024-11-29"), else from the app description ESP-IDF puts at the start
of the program (at flash address 0x10000). The store is written file by file through a
temporary name and a rename: a full disk or a read-only folder never leaves half a manifest.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
import struct
from dataclasses import asdict, dataclass
from pathlib import Path

from .esp32_chips import APP_OFFSET, Chip, chip_named, chip_of_image
from .paths import replace_file

MANIFEST = "manifest.json"
FORMAT = 1
IMAGE_MAGIC = 0xE9
APP_DESCRIPTION = struct.Struct("<II8s32s32s16s16s32s32s80s")  # ESP-IDF's esp_app_desc_t
APP_DESCRIPTION_MAGIC = 0xABCD5432
BANNER = re.compile(rb"MicroPython (v\d+\.\d+(?:\.\d+)?[-+.\w]*) on (\d{4}-\d{2}-\d{2})")
VERSION = re.compile(r"v?(\d+)\.(\d+)(?:\.(\d+))?(?:-preview\.(\d+))?[-+.\w]*")
MAX_SIZE = 16 * 1024 * 1024  # the largest flash an ESP32 board has
OTHER_FORMATS = ((b"UF2\n", "uf2"), (b"\x7fELF", "elf"), (b"PK\x03\x04", "zip"), (b":", "hex"))


class FirmwareError(Exception):
    """A problem people can fix; ``key`` names the message, ``values`` fill it in."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key, values)
        self.key = key
        self.values = values


@dataclass(frozen=True)
class Firmware:
    """One MicroPython build: a stored one (``file`` in the store) or a file given as it is."""

    chip: str  # Chip.key
    version: str  # "v1.24.1", or "" when neither the file nor the person said
    sha256: str
    size: int
    built: str = ""  # the build date in the banner
    added: str = ""  # the day it was stored
    file: str = ""  # its name in the store
    source: str = ""  # the name of the file it came from

    @property
    def chip_info(self) -> Chip:
        found = chip_named(self.chip)
        assert found is not None
        return found


# -- what an image is -----------------------------------------------------------------------
def inspect(data: bytes, name: str, chip: str | None = None,
            version: str | None = None) -> Firmware:
    """What ``data`` is (a MicroPython firmware .bin for one ESP32 chip), or FirmwareError."""
    _check_format(data, name)
    found = _image_chip(data, name)
    if chip is not None:
        wanted = chip_named(chip)
        if wanted is None:
            raise FirmwareError("bad_chip_option", chip=chip)
        if wanted != found:
            raise FirmwareError("chip_differs", name=name, chip=wanted.name, image=found.name)
    app = _app_description(data, found)
    banner = BANNER.search(data)
    if app is None and banner is None:
        raise FirmwareError("incomplete", name=name)
    if app is not None and app["project"] != "micropython" and banner is None:
        raise FirmwareError("not_micropython", name=name, project=app["project"] or "?")
    own = banner.group(1).decode() if banner else (app or {}).get("version", "")
    own = own if VERSION.fullmatch(own) else ""
    return Firmware(found.key, _version(own, version, name), hashlib.sha256(data).hexdigest(),
                    len(data), built=banner.group(2).decode() if banner else "", source=name)


def _check_format(data: bytes, name: str) -> None:
    if not data:
        raise FirmwareError("empty", name=name)
    for magic, kind in OTHER_FORMATS:
        if data.startswith(magic):
            raise FirmwareError(f"not_image_{kind}", name=name)
    if data[0] != IMAGE_MAGIC or len(data) < 24:
        raise FirmwareError("not_image", name=name)
    if len(data) > MAX_SIZE:
        raise FirmwareError("too_big", name=name, size=len(data))


def _image_chip(data: bytes, name: str) -> Chip:
    """The chip the image's bootloader is for, checked by esptool's image parser."""
    from esptool.bin_image import LoadFirmwareImage

    (image_id,) = struct.unpack_from("<H", data, 12)
    chip = chip_of_image(image_id)
    try:
        LoadFirmwareImage(chip.key if chip else "esp32", data)
    except Exception:  # esptool says FatalError, struct.error or RuntimeError for a bad image
        raise FirmwareError("not_image", name=name) from None
    if chip is None:  # an image, for a chip not in the table
        raise FirmwareError("unknown_chip", name=name, id=image_id)
    if _description_at(data, 0) is not None:  # a program only, without bootloader
        raise FirmwareError("app_only", name=name, offset=f"{APP_OFFSET:#x}")
    return chip


def _app_description(data: bytes, chip: Chip) -> dict[str, str] | None:
    """The app description of the program at flash address 0x10000 (its first segment's
    start, after the 24-byte image header and the 8-byte segment header)."""
    return _description_at(data, APP_OFFSET - chip.offset)


def _description_at(data: bytes, start: int) -> dict[str, str] | None:
    at = start + 32
    if len(data) < at + APP_DESCRIPTION.size or data[start] != IMAGE_MAGIC:
        return None
    fields = APP_DESCRIPTION.unpack_from(data, at)
    if fields[0] != APP_DESCRIPTION_MAGIC:
        return None

    def text(raw: bytes) -> str:
        return raw.split(b"\0", 1)[0].decode("ascii", "replace").strip()

    return {"version": text(fields[3]), "project": text(fields[4])}


def _version(own: str, given: str | None, name: str) -> str:
    if given is not None:
        given = given.strip()
        if not VERSION.fullmatch(given):
            raise FirmwareError("bad_version_option", version=given)
        given = given if given.startswith("v") else f"v{given}"
        if own and own != given:
            raise FirmwareError("version_differs", name=name, version=given, image=own)
        return given
    if not own:
        raise FirmwareError("need_version", name=name)
    return own


def version_key(version: str) -> tuple[int, ...]:
    """Newer versions sort higher; a release above its own previews; unknown lowest."""
    found = VERSION.fullmatch(version)
    if not found:
        return (-1,)
    major, minor, patch, preview = found.groups()
    release = (1, 0) if preview is None else (0, int(preview))
    return (int(major), int(minor), int(patch or 0), *release)


# -- the store ------------------------------------------------------------------------------
def store_dir() -> Path:
    from .paths import data_dir

    return data_dir() / "firmware"


def stored(store: Path | None = None) -> list[Firmware]:
    """Every stored build (none when nothing was ever stored)."""
    store = store or store_dir()
    path = store / MANIFEST
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise FirmwareError("manifest_unreadable", path=path, why=exc.strerror or exc) from None
    try:
        found = json.loads(text)
        return [Firmware(**entry) for entry in found["builds"]]
    except (ValueError, KeyError, TypeError):
        raise FirmwareError("manifest_broken", path=path) from None


def newest(builds: list[Firmware], chip: Chip) -> Firmware | None:
    """The build ``flash`` uses for ``chip``: the highest MicroPython version, then the one
    added last."""
    mine = [build for build in builds if build.chip == chip.key]
    return max(mine, key=lambda b: (version_key(b.version), b.added), default=None)


def read_file(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_SIZE:
            raise FirmwareError("too_big", name=path.name, size=path.stat().st_size)
        return path.read_bytes()
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        raise FirmwareError("missing", path=path) from None
    except OSError as exc:
        raise FirmwareError("unreadable", path=path, why=exc.strerror or exc) from None


def add(path: Path, chip: str | None = None, version: str | None = None,
        store: Path | None = None, today: datetime.date | None = None) -> tuple[Firmware, bool]:
    """Store the build in ``path``; (its entry, False when the same file was there already)."""
    store = store or store_dir()
    data = read_file(path)
    facts = inspect(data, path.name, chip, version)
    builds = stored(store)
    same = next((b for b in builds if b.sha256 == facts.sha256), None)
    if same is not None:
        return same, False
    name = f"{facts.chip}-{facts.version or 'unknown'}-{facts.sha256[:8]}.bin"
    entry = Firmware(**{**asdict(facts), "file": name,
                        "added": (today or datetime.date.today()).isoformat()})
    try:
        store.mkdir(parents=True, exist_ok=True)
        _replace(store / name, data)
        try:
            _replace(store / MANIFEST, _manifest([*builds, entry]))
        except OSError:
            (store / name).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise FirmwareError("store_unwritable", path=store, why=exc.strerror or exc) from None
    return entry, True


def load(build: Firmware, store: Path | None = None) -> bytes:
    """A stored build's bytes, checked against its sha256."""
    path = (store or store_dir()) / build.file
    data = read_file(path)
    if hashlib.sha256(data).hexdigest() != build.sha256:
        raise FirmwareError("stored_changed", path=path)
    return data


def _manifest(builds: list[Firmware]) -> bytes:
    return json.dumps({"format": FORMAT, "builds": [asdict(b) for b in builds]},
                      indent=2, ensure_ascii=False).encode("utf-8") + b"\n"


def _replace(path: Path, data: bytes) -> None:
    """Write through a temporary name in the same folder and a rename: all or nothing."""
    replace_file(path, data)
