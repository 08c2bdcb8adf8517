"""The files of a simulated board that ``terakoya device`` serves, kept between runs.

A board has a name; its files are kept in Terakoya's data folder under
``devices/<board>-<name>/``, one file a file, a board's folders as folders (the ESP32's
``/lib``; the micro:bit's filesystem is flat), empty ones too. Saving writes each file to a
temporary name and renames it into place, then removes what the board no longer has: the
folder is Terakoya's own, never a person's.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .paths import data_dir

NAME = re.compile(r"[A-Za-z0-9_-]{1,40}")
PART = re.compile(r"[^/\\\x00]{1,255}")  # one part of a board's path
TEMPORARY = ".terakoya-part-"  # files being saved; never a board's


@dataclass
class KeptBoard:
    """What a board held when it was switched off: files by path (``lib/x.py``), and the
    folders that held no file."""

    files: dict[str, bytes] = field(default_factory=dict)
    folders: list[str] = field(default_factory=list)


def valid_name(name: str) -> bool:
    return NAME.fullmatch(name) is not None


def board_path(path: str) -> bool:
    """Whether ``path`` (``main.py``, ``lib/x.py``) can be kept here as it is."""
    parts = path.split("/")
    return all(PART.fullmatch(part) and part not in (".", "..")
               and not part.startswith(TEMPORARY) for part in parts)


def folder(board: str, name: str) -> Path:
    return data_dir() / "devices" / f"{board}-{name}"


def load_board(board: str, name: str) -> KeptBoard:
    """The board's files and empty folders as they were kept (none if never saved)."""
    kept = KeptBoard()
    top = folder(board, name)
    if not top.is_dir():
        return kept
    for where, dirs, files in os.walk(top):
        here = Path(where)
        rel = here.relative_to(top).as_posix()
        prefix = "" if rel == "." else rel + "/"
        dirs.sort()
        for file_name in sorted(files):
            if board_path(prefix + file_name):
                kept.files[prefix + file_name] = (here / file_name).read_bytes()
        if prefix and not files and not dirs:
            kept.folders.append(rel)
    return kept


def load(board: str, name: str) -> dict[str, bytes]:
    """The board's files as they were kept (none if it was never saved)."""
    return load_board(board, name).files


def save(board: str, name: str, files: dict[str, bytes],
         folders: list[str] | tuple[str, ...] = ()) -> Path:
    """Keep ``files`` (and the empty ``folders``) as the board's own now; returns the folder."""
    top = folder(board, name)
    top.mkdir(parents=True, exist_ok=True)
    keep_files = {path for path in files if board_path(path)}
    keep_folders = {path for path in folders if board_path(path)}
    for path in sorted(keep_folders):
        (top / path).mkdir(parents=True, exist_ok=True)
    for path in sorted(keep_files):
        _write(top, path, files[path])
    _remove_others(top, keep_files, keep_folders)
    return top


def _write(top: Path, path: str, data: bytes) -> None:
    target = top / path
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=TEMPORARY)
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, target)
    except OSError:  # a name this computer cannot have (Windows: "a:b"): not kept
        pass


def _remove_others(top: Path, files: set[str], folders: set[str]) -> None:
    """Remove what the board no longer has: files, then folders left holding nothing."""
    holding = set(folders)
    for path in files:
        parts = path.split("/")[:-1]
        holding.update("/".join(parts[:n]) for n in range(1, len(parts) + 1))
    for where, dirs, names in os.walk(top, topdown=False):
        here = Path(where)
        rel = here.relative_to(top).as_posix()
        prefix = "" if rel == "." else rel + "/"
        for file_name in names:
            if prefix + file_name not in files:
                (here / file_name).unlink()
        if prefix and rel not in holding and not any(here.iterdir()):
            here.rmdir()
