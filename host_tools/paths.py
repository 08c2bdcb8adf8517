"""File names that never replace a teacher's or student's file."""

from __future__ import annotations

from pathlib import Path


def free_path(path: Path) -> Path:
    """``path``, or ``name-2.ext``, ``name-3.ext``... : a name no file has yet."""
    candidate, number = path, 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
    return candidate
