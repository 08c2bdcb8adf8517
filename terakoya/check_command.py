"""``terakoya check``: print findings (plain text, colour only on a terminal, or JSON)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TextIO

from .host_tools.check.findings import ERROR, Finding, to_json
from .host_tools.check.run import check_paths
from .i18n import tr
from .usage import UsageError

COLOURS = {ERROR: "\033[31m", "warning": "\033[33m"}
RESET = "\033[0m"


def run_check(paths: list[Path], board: str, as_json: bool, lang: str,
              out: TextIO | None = None) -> int:
    """Exit 0 when nothing was found, 1 when anything was (errors or warnings)."""
    out = out or sys.stdout
    for path in paths:
        if not path.exists():
            raise UsageError(tr("file_missing", lang, path=path))
        if not (path.is_file() or path.is_dir()):  # /dev/zero, a FIFO: never read to the end
            raise UsageError(tr("not_a_file", lang, path=path))
    findings = check_paths(paths, board)
    if as_json:
        out.write(to_json(findings) + "\n")
    else:
        colour = out.isatty() and not os.environ.get("NO_COLOR")
        for finding in findings:
            out.write(_coloured(finding, lang) if colour else finding.text(lang) + "\n")
        out.write(summary(findings, lang) + "\n")
    return 1 if findings else 0


def _coloured(finding: Finding, lang: str) -> str:
    return f"{COLOURS.get(finding.severity, '')}{finding.text(lang)}{RESET}\n"


def summary(findings: list[Finding], lang: str) -> str:
    errors = sum(f.severity == ERROR for f in findings)
    warnings = len(findings) - errors
    if not findings:
        return tr("check_clean", lang)
    return tr("check_found", lang, errors=errors, warnings=warnings)
