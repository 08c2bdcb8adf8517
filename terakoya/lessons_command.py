"""``terakoya lessons`` (list, filter, validate) and ``terakoya handout``."""

from __future__ import annotations

import argparse
from pathlib import Path

from .curriculum.catalog import default_root, find_lesson, find_lessons, prerequisite_problems
from .curriculum.handout import NoJapaneseFont, handout_html, handout_pdf
from .host_tools.paths import free_path
from .i18n import tr
from .usage import UsageError, board_spec


def list_lessons(args: argparse.Namespace, lang: str) -> int:
    root = args.root or default_root()
    if not root.is_dir():
        raise UsageError(tr("file_missing", lang, path=root))
    lessons = find_lessons(root)
    if args.board not in (None, "simulator"):
        args.board = board_spec(args.board, lang).id
    if args.validate:
        return validate(lessons, lang)
    for lesson in lessons:
        if lesson.problems or not lesson.matches(args.audience, args.board, args.grade):
            continue
        data = lesson.data
        grade = tr("grade", lang, grade=data["grade"]) if "grade" in data else ""
        minutes = tr("periods", lang, periods=data["duration"]["periods"])
        print(f"{lesson.id}  {lesson.title(lang)}  [{', '.join(data['audience'])}] "
              f"{grade} {data['setting']}  {minutes}  {lesson.folder}")
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
    out = free_path(args.output or Path(f"{lesson.id}-handout{size}.{lang}.{args.format}"))
    if args.format == "html":
        out.write_text(handout_html(lesson, lang, args.large_print), encoding="utf-8")
    else:
        try:
            handout_pdf(lesson, lang, args.large_print, out)
        except NoJapaneseFont:
            raise UsageError(tr("no_japanese_font", lang)) from None
    print(out)
    return 0

