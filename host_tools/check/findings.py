"""One finding of ``terakoya check``, in English and Japanese, and how findings are printed."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

ERROR = "error"  # the board would refuse or fail
WARNING = "warning"  # a beginner hazard: it runs, but probably not as meant


@dataclass(frozen=True)
class Finding:
    """``file:line: message`` plus how to fix it, in both languages.

    ``code`` names the kind of finding (``syntax``, ``api``, ``storage``, ``hazard-loop``…)
    so tools can filter; ``column`` is 1-based or 0 when unknown.
    """

    file: str
    line: int
    code: str
    severity: str
    message_en: str
    message_ja: str
    fix_en: str = ""
    fix_ja: str = ""
    column: int = 0

    def message(self, lang: str) -> str:
        return self.message_ja if lang == "ja" else self.message_en

    def fix(self, lang: str) -> str:
        return self.fix_ja if lang == "ja" else self.fix_en

    def text(self, lang: str = "en") -> str:
        """One or two lines: ``file:line: message`` and, indented, how to fix it."""
        where = f"{self.file}:{self.line}:" if self.line else f"{self.file}:"
        label = {"en": {ERROR: "error", WARNING: "warning"},
                 "ja": {ERROR: "エラー", WARNING: "注意"}}["ja" if lang == "ja" else "en"]
        first = f"{where} {label[self.severity]}: {self.message(lang)}"
        fix = self.fix(lang)
        return f"{first}\n    {fix}" if fix else first


def to_json(findings: list[Finding]) -> str:
    return json.dumps([asdict(f) for f in findings], ensure_ascii=False, indent=2)


def sort_findings(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.file, f.line, f.column, f.code))
