"""Finding, reading and checking lesson folders (``lessons/<ID>-<slug>/``)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .schema import Problem, lesson_problems

LESSON_FILES = ("lesson.toml", "guide.ja.md", "guide.en.md", "starter.py", "solution.py")
WORKSHEET_FILES = ("worksheet.ja.md", "worksheet.en.md")  # optional, but both or neither


def default_root() -> Path:
    """``./lessons`` when run from a checkout, else the lessons installed with Terakoya."""
    here = Path.cwd() / "lessons"
    if here.is_dir() and any(here.glob("*/lesson.toml")):
        return here
    from .. import lessons  # the installed copy (package data)

    return Path(lessons.__file__).resolve().parent


@dataclass
class Lesson:
    folder: Path
    data: dict = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def id(self) -> str:
        return str(self.data.get("id") or self.folder.name.split("-")[0])

    def title(self, lang: str) -> str:
        title = self.data.get("title", {})
        return str(title.get("ja" if lang == "ja" else "en", self.folder.name))

    def matches(self, audience: str | None, board: str | None, grade: int | None) -> bool:
        return ((audience is None or audience in self.data.get("audience", []))
                and (board is None or board in self.data.get("boards", []))
                and (grade is None or self.data.get("grade") == grade))


def _is_utf8(path: Path) -> bool:
    try:
        path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return True


def load(folder: Path) -> Lesson:
    lesson = Lesson(folder)
    missing = [name for name in LESSON_FILES if not (folder / name).is_file()]
    lesson.problems += [Problem(name, "file is missing", "ファイルがありません") for name in missing]
    lesson.problems += [Problem(name, "is not UTF-8 text: save it as UTF-8",
                                "UTF-8 のテキストではありません。UTF-8 で保存してください")
                        for name in LESSON_FILES if name not in missing
                        and not _is_utf8(folder / name)]
    lesson.problems += worksheet_problems(folder)
    if "lesson.toml" in missing:
        return lesson
    try:
        lesson.data = tomllib.loads((folder / "lesson.toml").read_text(encoding="utf-8"))
    except RecursionError:
        lesson.problems.append(Problem("lesson.toml", "cannot be read: lists or tables are "
                                       "nested too deeply", "読めません: [ ] や { } の入れ子が深すぎます"))
        return lesson
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        lesson.problems.append(Problem("lesson.toml", f"cannot be read: {exc}",
                                       f"読めません: {exc}"))
        return lesson
    lesson.problems += lesson_problems(lesson.data)
    if lesson.data.get("id") and not folder.name.startswith(f"{lesson.data['id']}-"):
        lesson.problems.append(Problem("id", f"the folder name must start with '{lesson.data['id']}-'",
                                       f"フォルダ名は「{lesson.data['id']}-」で始めてください"))
    return lesson


def worksheet_problems(folder: Path) -> list[Problem]:
    """A worksheet (printed after the handout) in both languages, as UTF-8, its card fences
    (``::: cards`` … ``:::``) closed."""
    present = [name for name in WORKSHEET_FILES if (folder / name).is_file()]
    if not present:
        return []
    problems = [Problem(name, "is missing: a worksheet needs both languages",
                        "がありません。ワークシートは日本語と英語の両方が必要です")
                for name in WORKSHEET_FILES if name not in present]
    for name in present:
        if not _is_utf8(folder / name):
            problems.append(Problem(name, "is not UTF-8 text: save it as UTF-8",
                                    "UTF-8 のテキストではありません。UTF-8 で保存してください"))
        elif sum(line.startswith(":::") for line in
                 (folder / name).read_text(encoding="utf-8").splitlines()) % 2:
            problems.append(Problem(name, "has a '::: cards' without its closing ':::'",
                                    "「::: cards」を閉じる「:::」がありません"))
    return problems


def find_lessons(root: Path | None = None) -> list[Lesson]:
    root = root or default_root()
    return [load(folder) for folder in sorted(p.parent for p in root.glob("*/lesson.toml"))]


def find_lesson(name: str, root: Path | None = None) -> Lesson | None:
    """By id (``E03``, any case) or by folder path."""
    path = Path(name)
    if (path / "lesson.toml").is_file():
        return load(path)
    for lesson in find_lessons(root):
        if lesson.id.lower() == name.lower() or lesson.folder.name == name:
            return lesson
    return None


def prerequisite_problems(lessons: list[Lesson]) -> list[tuple[Lesson, Problem]]:
    known = {lesson.id for lesson in lessons}
    return [(lesson, Problem("prerequisites", f"names an unknown lesson {p}",
                             f"知らないレッスン {p} があります"))
            for lesson in lessons for p in _ids(lesson.data.get("prerequisites"))
            if p not in known]


def _ids(value: object) -> list[str]:
    """The lesson ids of a prerequisites list (anything else in it the schema reports)."""
    return [p for p in value if isinstance(p, str)] if isinstance(value, list) else []
