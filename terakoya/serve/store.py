"""Where pupils' work is kept: one folder per class and nickname under the server's data folder.

No path is ever made from what a browser sends: a class code and a nickname become folder names
through their UTF-8 bytes in hex, and a program's name is a lesson id from the catalog (or
``blank``), checked against a strict pattern. Every save goes to a temporary name in the same
folder and is renamed over the old copy, so a full disk or a pulled plug never leaves half a
program; the old copy stays until the new one is whole.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from pathlib import Path

from ..host_tools.paths import replace_file

MAX_PROGRAM_BYTES = 64 * 1024  # a program larger than this is refused (the board has 64 KB)
MAX_PROGRAMS = 100  # programs a pupil may keep (one per lesson and a blank one)
NICKNAME_MAX = 16
PROGRAM_NAME = re.compile(r"^(blank|[A-Z][0-9]{2})$")  # "blank", or a lesson id such as E03


class StoreError(Exception):
    """A save refused: ``key`` names the plain message (words.py)."""

    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


def clean_nickname(text: str) -> str | None:
    """A nickname as kept, or None if it cannot be one: 1-16 letters (any script: kana and kanji
    too), digits, spaces inside, ``-`` and ``_``; the same letters however they were typed
    (full-width Latin letters become ordinary ones)."""
    name = unicodedata.normalize("NFKC", text).strip()
    name = re.sub(r"\s+", " ", name)
    if not 1 <= len(name) <= NICKNAME_MAX:
        return None
    for char in name:
        kind = unicodedata.category(char)
        if not (kind[0] in "LN" or kind == "Mn" or char in " -_ー・"):
            return None
    return name


def folder_name(text: str) -> str:
    """A folder name made from any text, safe on every system: its UTF-8 bytes in hex."""
    return text.encode("utf-8").hex()


class WorkStore:
    """Pupils' programs on disk: ``root/serve/<class>/<nickname>/<program>/main.py``, with the
    lesson's other files beside it (its circuit.toml, its modules) as the board needs them."""

    def __init__(self, root: Path, class_code: str):
        self.folder = root / "serve" / folder_name(class_code)
        self._lock = threading.Lock()

    def pupil_folder(self, nickname: str) -> Path:
        return self.folder / folder_name(nickname)

    def program_folder(self, nickname: str, program: str) -> Path:
        if not PROGRAM_NAME.match(program):
            raise StoreError("bad_program_name")
        return self.pupil_folder(nickname) / program

    def path(self, nickname: str, program: str) -> Path:
        """The program's main.py."""
        return self.program_folder(nickname, program) / "main.py"

    def load(self, nickname: str, program: str) -> str | None:
        try:
            return self.path(nickname, program).read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return None

    def programs(self, nickname: str) -> list[str]:
        folder = self.pupil_folder(nickname)
        if not folder.is_dir():
            return []
        return sorted(p.name for p in folder.iterdir()
                      if PROGRAM_NAME.match(p.name) and (p / "main.py").is_file())

    def save(self, nickname: str, program: str, text: str) -> Path:
        """Keep ``text`` as the pupil's program: a whole new copy, then a rename."""
        data = text.encode("utf-8")
        if len(data) > MAX_PROGRAM_BYTES:
            raise StoreError("too_big")
        target = self.path(nickname, program)
        with self._lock:
            if not target.exists() and len(self.programs(nickname)) >= MAX_PROGRAMS:
                raise StoreError("too_many")
            _write(target, data)
        return target

    def add_files(self, nickname: str, program: str, files: dict[str, bytes]) -> None:
        """The lesson's files beside the program (``circuit.toml``, modules), where missing:
        the names come from the lesson's own folder, never from a browser."""
        folder = self.program_folder(nickname, program)
        with self._lock:
            for name, data in files.items():
                if not (folder / name).exists():
                    _write(folder / name, data)


def _write(target: Path, data: bytes) -> None:
    """Through a temporary name in the same folder, synced, then renamed over the old copy."""
    replace_file(target, data)
