"""Storage: files that would not fit the board's filesystem, and names that are too long.

The micro:bit V2 limits come from the board model (``model/filesystem.py``): a flat
filesystem of 126-byte chunks and names of at most 120 bytes.
"""

from __future__ import annotations

from pathlib import Path

from ...simulator.model.filesystem import CHUNKS, DATA_PER_CHUNK, MAX_FILENAME_LENGTH, chunks_for
from .findings import ERROR, Finding


def check_storage(files: dict[Path, bytes], board: str) -> list[Finding]:
    """All of one board's files together (a lesson goes onto one board)."""
    if board != "microbit":
        return []
    findings = []
    for path in files:
        if len(path.name.encode("utf-8")) > MAX_FILENAME_LENGTH:
            findings.append(Finding(
                str(path), 0, "storage", ERROR,
                f"The file name is longer than the micro:bit allows ({MAX_FILENAME_LENGTH} bytes).",
                f"ファイル名が長すぎます（micro:bit では {MAX_FILENAME_LENGTH} バイトまで）。",
                "Give the file a shorter name.", "もっと短い名前にしましょう。"))
    used = sum(chunks_for(path.name, len(data)) for path, data in files.items())
    if used > CHUNKS:
        capacity = CHUNKS * DATA_PER_CHUNK
        total = sum(len(data) for data in files.values())
        first = next(iter(files))
        findings.append(Finding(
            str(first), 0, "storage", ERROR,
            f"These files need {total:,} bytes, but the micro:bit has room for about "
            f"{capacity:,} bytes of files.",
            f"ファイルが {total:,} バイトありますが、micro:bit に入るのは約 {capacity:,} バイトです。",
            "Make the program shorter, or move long text or data out of it.",
            "プログラムを短くするか、長い文字やデータを減らしましょう。"))
    return findings
