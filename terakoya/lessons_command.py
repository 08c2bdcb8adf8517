"""``terakoya lessons`` (list, filter, validate) and ``terakoya handout``."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from .curriculum.catalog import default_root, find_lesson, find_lessons, prerequisite_problems
from .curriculum.handout import NoJapaneseFont, handout_html, handout_pdf
from .host_tools.paths import write_new
from .i18n import tr
from .usage import UsageError, board_spec


def list_lessons(args: argparse.Namespace, lang: str) -> int:
    root = args.root or default_root()
    if not root.is_dir():
        raise UsageError(tr("folder_missing", lang, path=root))
    lessons = find_lessons(root)
    if not lessons:
        raise UsageError(tr("no_lessons_here", lang, path=root))
    if args.board not in (None, "simulator"):
        args.board = board_spec(args.board, lang).id
    if args.validate:
        return validate(lessons, lang)
    shown = 0
    for lesson in lessons:
        if lesson.problems or not lesson.matches(args.audience, args.board, args.grade):
            continue
        shown += 1
        data = lesson.data
        grade = tr("grade", lang, grade=data["grade"]) if "grade" in data else ""
        minutes = tr("periods", lang, periods=data["duration"]["periods"])
        print(f"{lesson.id}  {lesson.title(lang)}  [{', '.join(data['audience'])}] "
              f"{grade} {data['setting']}  {minutes}  {lesson.folder}")
    if not shown:
        print(tr("no_lessons_match", lang))
    return 0


def get_lesson(args: argparse.Namespace, lang: str) -> int:
    """``terakoya lessons get E03 [--to DIR]``: the lesson's files in a folder of the student's
    own, never over anything that is there."""
    from .lesson_words import copy_lesson

    if not args.lesson:
        raise UsageError(tr("lesson_needed", lang))
    lesson = find_lesson(args.lesson, args.root)
    if lesson is None:
        raise UsageError(tr("lesson_unknown", lang, name=args.lesson))
    if not args.to.is_dir():
        raise UsageError(tr("folder_missing", lang, path=args.to))
    try:
        folder = copy_lesson(lesson.folder, args.to)
    except OSError as exc:
        raise UsageError(tr("cannot_write", lang, path=args.to, why=exc.strerror or exc)) from None
    print(tr("lesson_copied", lang, id=lesson.id, folder=folder))
    return 0


def validate(lessons, lang: str) -> int:
    found = [(lesson, problem) for lesson in lessons for problem in lesson.problems]
    found += prerequisite_problems(lessons)
    for lesson, problem in found:
        print(f"{lesson.folder}/lesson.toml: {problem.text(lang)}")
    print(tr("lessons_valid" if not found else "lessons_invalid", lang,
             count=len(lessons), problems=len(found)))
    return 1 if found else 0


def make_handout(args: argparse.Namespace, lang: str) -> int:
    lesson = find_lesson(args.lesson)
    if lesson is None:
        raise UsageError(tr("lesson_unknown", lang, name=args.lesson))
    if lesson.problems:
        raise UsageError(tr("lesson_broken", lang, name=args.lesson,
                            problem=lesson.problems[0].text(lang)))
    size = "-large" if args.large_print else ""
    kind = args.format or (args.output.suffix.lstrip(".").lower() if args.output else "html")
    kind = kind if kind in ("html", "pdf") else "html"
    wanted = args.output or Path(f"{lesson.id}-handout{size}.{lang}.{kind}")
    if not wanted.parent.is_dir():
        raise UsageError(tr("folder_missing", lang, path=wanted.parent))
    try:
        out = _write_handout(lesson, lang, args.large_print, kind, wanted)
    except NoJapaneseFont:
        raise UsageError(tr("no_japanese_font", lang)) from None
    except OSError as exc:  # a read-only folder, /proc, a full disk: nothing half-written
        raise UsageError(tr("cannot_write", lang, path=wanted, why=exc.strerror or exc)) from None
    print(out)
    return 0


def _write_handout(lesson, lang: str, large: bool, kind: str, wanted: Path) -> Path:  # type: ignore[no-untyped-def]
    """The handout under ``wanted`` (or the next free name), through a temporary file."""
    if kind == "html":
        return write_new(wanted, handout_html(lesson, lang, large).encode("utf-8"))
    temporary = wanted.with_name(f".{wanted.name}.{os.getpid()}.tmp")
    try:
        handout_pdf(lesson, lang, large, temporary)
        return write_new(wanted, temporary.read_bytes())
    finally:
        temporary.unlink(missing_ok=True)

