"""Where files go: names that never replace a teacher's or student's file; the cache."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path


def free_path(path: Path) -> Path:
    """``path``, or ``name-2.ext``, ``name-3.ext``... : a name no file has yet."""
    candidate, number = path, 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
    return candidate


def cache_dir() -> Path:
    """Terakoya's cache folder: ``TERAKOYA_CACHE``, or the usual per-user one of this system."""
    if os.environ.get("TERAKOYA_CACHE"):
        return Path(os.environ["TERAKOYA_CACHE"]).expanduser()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / "terakoya" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "terakoya"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "terakoya"


def data_dir() -> Path:
    """Terakoya's data folder (what it keeps for a person, such as a simulated board's
    files): ``TERAKOYA_DATA``, or the usual per-user one of this system."""
    if os.environ.get("TERAKOYA_DATA"):
        return Path(os.environ["TERAKOYA_DATA"]).expanduser()
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming") / "terakoya"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "terakoya"
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "terakoya"


def write_new(path: Path, data: bytes) -> Path:
    """Write ``data`` under ``path``, or under the next free name if a file has it already
    (``free_path``): through a temporary name in the same folder and a rename, so a full
    disk never leaves half a file under a person's name. Returns where it went."""
    target = free_path(path)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, free_path(target) if target.exists() else target)
    finally:
        if temporary.exists():
            temporary.unlink()
    return target


def replace_file(path: Path, data: bytes) -> None:
    """Write ``data`` as ``path`` (a file Terakoya keeps, replaced on purpose): through a
    temporary name of its own in the same folder (two threads saving at once never share
    one), synced, then renamed over the old copy — all or nothing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("wb", dir=path.parent, prefix=f".{path.name}.",
                                     suffix=".tmp", delete=False) as out:
        temporary = Path(out.name)
        try:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        except BaseException:
            out.close()
            temporary.unlink(missing_ok=True)
            raise
    try:
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
