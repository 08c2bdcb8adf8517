"""The files of a simulated board that ``terakoya device`` serves, kept between runs.

A board has a name; its flat filesystem is kept in Terakoya's data folder under
``devices/<board>-<name>/``, one file a file. Saving writes each file to a temporary name
and renames it into place, then removes what the board no longer has: the folder is
Terakoya's own, never a person's.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from .paths import data_dir

NAME = re.compile(r"[A-Za-z0-9_-]{1,40}")
BOARD_FILE = re.compile(r"[^/\\\x00]{1,120}")  # the micro:bit's flat filesystem: no folders


def valid_name(name: str) -> bool:
    return NAME.fullmatch(name) is not None


def folder(board: str, name: str) -> Path:
    return data_dir() / "devices" / f"{board}-{name}"


def load(board: str, name: str) -> dict[str, bytes]:
    """The board's files as they were kept (none if it was never saved)."""
    where = folder(board, name)
    if not where.is_dir():
        return {}
    return {path.name: path.read_bytes() for path in sorted(where.iterdir())
            if path.is_file() and not path.name.startswith(".")}


def save(board: str, name: str, files: dict[str, bytes]) -> Path:
    """Keep ``files`` as the board's files now; returns the folder."""
    where = folder(board, name)
    where.mkdir(parents=True, exist_ok=True)
    for file_name, data in files.items():
        if not BOARD_FILE.fullmatch(file_name) or file_name.startswith("."):
            continue  # not a name a file here can have
        handle, temporary = tempfile.mkstemp(dir=where, prefix=".part-")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, where / file_name)
    for path in where.iterdir():
        if path.is_file() and not path.name.startswith(".") and path.name not in files:
            path.unlink()
    return where
