"""``terakoya lessons`` (list, filter, validate) and ``terakoya handout``."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from .curriculum.catalog import default_root, find_lesson, find_lessons, prerequisite_problems
from .curriculum.furigana import furigana_problems
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
    from .lesson_words import lesson_board, try_it

    print(tr("lesson_copied", lang, id=lesson.id, folder=folder,
             command=try_it(folder, lesson_board([folder]))))
    return 0


def validate(lessons, lang: str) -> int:
    found = [(lesson, problem) for lesson in lessons for problem in lesson.problems]
    found += prerequisite_problems(lessons)
    for lesson, problem in found:
        print(f"{lesson.folder}/lesson.toml: {problem.text(lang)}")
    readings = [(lesson, problem) for lesson in lessons if lesson.data
                for problem in furigana_problems(lesson.folder, lesson.data.get("grade"))]
    for lesson, problem in readings:  # the file's own name says where
        print(f"{lesson.folder}/{problem.key}: {problem.text(lang).split(': ', 1)[1]}")
    found += readings
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


# -- terakoya lessons test LESSON [FILE] ----------------------------------------------------
TEST_TIMEOUT_S = 600  # the lesson's tests run on the virtual clock: minutes mean it is stuck
TEST_WORDS = {
    "en": {"needed": "Say which lesson to test, for example: terakoya lessons test E03 main.py",
           "no_tests": "Lesson {id} has no tests a program can be checked with.",
           "crash": "Your program stops with an error: {why}",
           "crash_later": "While the lesson's tests tried it, your program stopped with an "
                          "error: {why}",
           "stuck": "The lesson's tests did not finish within {minutes} minutes; does your "
                    "program wait for something forever? Try it with terakoya sim.",
           "broken": "The lesson's tests could not run. Show this to your teacher: {why}",
           "title": "{id} {title} ({file})"},
    "ja": {"needed": "どのレッスンかを書いてください。例: terakoya lessons test E03 main.py",
           "no_tests": "レッスン {id} には、プログラムをたしかめるテストがありません。",
           "crash": "プログラムがエラーでとまります: {why}",
           "crash_later": "レッスンのテストでためしているとちゅうで、プログラムがエラーで"
                          "とまりました: {why}",
           "stuck": "レッスンのテストが {minutes} 分たってもおわりませんでした。プログラムが"
                    "なにかをずっと待っていませんか？ terakoya sim でためしてみよう。",
           "broken": "レッスンのテストをうごかせませんでした。せんせいに見せてください: {why}",
           "title": "{id} {title}（{file}）"},
}


def lesson_test(args: argparse.Namespace, lang: str) -> int:
    """``terakoya lessons test E03 [FILE]``: the lesson's tests against FILE (default: the
    lesson's solution), told as its "I can" statements: met, not yet, or for the teacher."""
    from .curriculum.learner_report import all_met, criterion_statuses, report_lines

    words = TEST_WORDS["ja" if lang == "ja" else "en"]
    lesson = _lesson_to_test(args, words, lang)
    program = (args.file or lesson.folder / "solution.py").resolve()
    if not program.exists():
        raise UsageError(tr("file_missing", lang, path=args.file))
    if program.is_dir() and not (program / "main.py").is_file():
        raise UsageError(tr("folder_no_main", lang, path=args.file))
    print(words["title"].format(id=lesson.id, title=lesson.title(lang), file=program.name))
    crash = _crash_at_start(program, lesson, lang)
    if crash:  # told first: until it is fixed, no "I can" that a test checks is met
        print(words["crash"].format(why=crash))
    found = _run_lesson_tests(lesson.folder, program, words)
    if found is None:
        return 1
    tests, errors = found
    if errors and not crash:  # it stopped later: after a button, a message, a while
        error, name_en, name_ja = errors[0]
        board = name_ja if lang == "ja" else name_en
        print(words["crash_later"].format(why=_plain(error, board, lang)))
    criteria = lesson.data["success_criteria"]
    statuses = criterion_statuses(tests, len(criteria))
    for line in report_lines(criteria, statuses, lang):
        print(line)
    return 0 if all_met(statuses) else 1


def _lesson_to_test(args: argparse.Namespace, words: dict[str, str], lang: str):  # type: ignore[no-untyped-def]
    if not args.lesson:
        raise UsageError(words["needed"])
    lesson = find_lesson(args.lesson, args.root)
    if lesson is None:
        raise UsageError(tr("lesson_unknown", lang, name=args.lesson))
    if lesson.problems:
        raise UsageError(tr("lesson_broken", lang, name=args.lesson,
                            problem=lesson.problems[0].text(lang)))
    if not list(lesson.folder.glob("test_*.py")):
        raise UsageError(words["no_tests"].format(id=lesson.id))
    return lesson


def _crash_at_start(program: Path, lesson, lang: str) -> str | None:  # type: ignore[no-untyped-def]
    """The plain explanation when the program stops with an error in its first seconds
    (a syntax error, a misspelt name), as the simulator's window would say it."""
    from .simulator.boards import board_ids
    from .simulator.runner.session import Simulation

    kinds = [b for b in lesson.data.get("boards", []) if b in board_ids()]
    try:
        with Simulation(seed=1) as sim:
            board = sim.add_board(program, **({"kind": kinds[0]} if kinds else {}))
            sim.run(3000)
            error = board.error
            name = board.model.spec.family_name(lang)
    except Exception as exc:  # noqa: BLE001 - a wrong circuit, an engine that will not start
        return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return _plain(error, name, lang) if error else None


def _plain(error: str, board: str, lang: str) -> str:
    """The simulator window's plain words for an error line, else its last line."""
    from .simulator.ui.explain import explain

    return explain(error, lang, board=board) or error.splitlines()[-1]


def _run_lesson_tests(folder: Path, program: Path,
                      words: dict[str, str]) -> tuple[list[dict], list] | None:
    """The lesson's tests in a pytest of their own, with the program under test set: each
    test's criteria and outcome, and the errors the program stopped with, with the board's
    name (None, after saying why, when the tests could not run)."""
    import json
    import subprocess
    import sys
    import tempfile

    from .curriculum.learner_plugin import RESULTS_ENV
    from .curriculum.learner_tests import PROGRAM_ENV

    with tempfile.TemporaryDirectory(prefix="terakoya-lesson-test-") as scratch:
        results = Path(scratch) / "results.json"
        errors = Path(scratch) / "errors.json"
        env = {**os.environ, PROGRAM_ENV: str(program), RESULTS_ENV: str(results),
               ERRORS_ENV: str(errors), "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
        command = [sys.executable, "-m", "pytest", "-p", "terakoya.curriculum.learner_plugin",
                   "-p", "terakoya.lessons_command", "-p", "no:cacheprovider", "-o", "addopts=",
                   "-q", "--tb=no",
                   "--rootdir", scratch, "-c", os.devnull, str(folder)]
        try:
            done = subprocess.run(command, cwd=scratch, env=env, capture_output=True,
                                  text=True, timeout=TEST_TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired:
            print(words["stuck"].format(minutes=TEST_TIMEOUT_S // 60))
            return None
        if not results.is_file():
            why = (done.stdout + done.stderr).strip().splitlines()
            print(words["broken"].format(why=why[-1] if why else done.returncode))
            return None
        found = json.loads(results.read_text(encoding="utf-8"))
        if found.get("broken") or not found["tests"]:
            print(words["broken"].format(why=", ".join(found.get("broken") or [str(folder)])))
            return None
        stopped = json.loads(errors.read_text(encoding="utf-8")) if errors.is_file() else []
        return found["tests"], stopped


# -- loaded into the lesson's pytest by lessons test (-p terakoya.lessons_command) -----------
ERRORS_ENV = "TERAKOYA_ERRORS"  # where to write the errors the program under test stopped with
_watched: list = []  # (board, its family's name) for every board running the program


def pytest_configure(config) -> None:  # type: ignore[no-untyped-def]
    """Every board a lesson test starts on the program under test is watched, so an error it
    stops with (after a button press, a message, a while) can be explained afterwards."""
    from .curriculum.learner_tests import PROGRAM_ENV
    from .simulator.runner.session import Simulation

    chosen = os.environ.get(PROGRAM_ENV)
    if not chosen or not os.environ.get(ERRORS_ENV):
        return
    target = Path(chosen).resolve()
    original = Simulation.add_board

    def add_board(self, path=None, **kwargs):  # type: ignore[no-untyped-def]
        board = original(self, path, **kwargs)
        if path is not None and Path(path).resolve() == target:
            _watched.append(board)
        return board

    Simulation.add_board = add_board  # type: ignore[method-assign]


def pytest_sessionfinish(session) -> None:  # type: ignore[no-untyped-def]
    import json

    target = os.environ.get(ERRORS_ENV)
    if not target:
        return
    found = [(board.error, board.model.spec.family_name("en"), board.model.spec.family_name("ja"))
             for board in _watched if board.error]
    Path(target).write_text(json.dumps(found), encoding="utf-8")
