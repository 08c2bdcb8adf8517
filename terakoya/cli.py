"""The ``terakoya`` command: one table of subcommands, each a thin handler.

Handlers check what people typed, turn problems into one plain sentence (English or
Japanese) with exit code 2, and call plain functions that do the work.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .i18n import detect_language, tr
from .simulator.boards import board_ids
from .usage import UsageError, board_help


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, no usage dump
        name = self.prog.split()[-1]
        command = "terakoya --help" if name == "terakoya" else f"terakoya {name} --help"
        self.exit(2, f"terakoya: {message}{_did_you_mean(message)} (see '{command}')\n")


def _did_you_mean(message: str) -> str:
    """For a mistyped command (``terakoya rn``), the command meant, in the person's words."""
    match = re.search(r"invalid choice: '([^']*)' \(choose from (.*)\)", message)
    if not match:
        return ""
    choices = re.findall(r"'([^']*)'", match.group(2))
    close = difflib.get_close_matches(match.group(1), choices, n=1)
    if not close:
        return ""
    lang = detect_language(_lang_in_argv())
    return " " + tr("did_you_mean", lang, command=close[0])


def _lang_in_argv() -> str | None:
    argv = sys.argv[1:]
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def add_broker_option(sub: argparse.ArgumentParser) -> None:
    """``--broker HOST:PORT``, for the commands that run ESP32 boards (run, sim)."""
    sub.add_argument("--broker", metavar="HOST:PORT",
                     help="the class's MQTT broker for ESP32 boards (default: Terakoya starts "
                          "its own on this computer when a board needs one)")


# -- terakoya run -------------------------------------------------------------------------
def argparse_run(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("files", nargs="+", metavar="FILE",
                     help="program to run as main.py (a .py file, or a folder with main.py); "
                          "several files: one board each, sharing one radio space")
    sub.add_argument("--board", help=board_help(lesson=True))
    sub.add_argument("--duration", type=float, default=10.0, metavar="SECONDS",
                     help="stop after this many virtual seconds (default: 10)")
    sub.add_argument("--realtime", action="store_true",
                     help="run at the speed of the wall clock instead of as fast as possible")
    sub.add_argument("--scenario", type=Path, metavar="FILE.toml",
                     help="button presses, sensor values and messages to send during the run")
    sub.add_argument("--seed", type=int, help="make random numbers repeat from run to run")
    add_broker_option(sub)


def do_run(args: argparse.Namespace, lang: str) -> int:
    from .lesson_words import board_for, program_path
    from .run_command import RunOptions, run_programs

    files = [program_path(Path(f)) for f in args.files]
    options = RunOptions(files=files, board=board_for(args.board, files),
                         duration_s=args.duration, realtime=args.realtime,
                         scenario=args.scenario, seed=args.seed, lang=lang,
                         broker=args.broker)
    return run_programs(options)


# -- terakoya sim ---------------------------------------------------------------------------
def argparse_sim(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("files", nargs="*", metavar="FILE",
                     help="program(s) to show (a .py file, or a folder with main.py); "
                          "none: a welcome program")
    sub.add_argument("--board", help=board_help(lesson=True))
    sub.add_argument("--theme", choices=("default", "high-contrast"), default="default",
                     help="colours of the window: default, or high-contrast (stronger colours, "
                          "easier to see)")
    sub.add_argument("--scale", type=float, default=1.0, help="UI size, 1 to 3 (100-300 %%)")
    sub.add_argument("--speed", type=float, choices=(0.25, 0.5, 1.0), default=1.0,
                     help="how fast the board's time runs: 1 (normal), 0.5 or 0.25 (slower, "
                          "easier to follow)")
    sub.add_argument("--allow-flashing", action="store_true",
                     help="show LED patterns that blink more than 3 times a second as they are")
    sub.add_argument("--variant", metavar="NAME",
                     help="open a lesson's accessible variant (blind_low_vision: the narrator, "
                          "values heard as pitch, high contrast, larger; motor: one-switch "
                          "scanning; deaf_hard_of_hearing: large captions; cognitive: kana "
                          "and only the lesson's controls) and print its advice")
    sub.add_argument("--switch", type=int, choices=(1, 2), metavar="1|2",
                     help="switch access: 1 switch (the focus moves by itself; Space chooses) "
                          "or 2 switches (Space moves on, Enter chooses)")
    sub.add_argument("--scan-ms", type=float, default=1500, metavar="MS",
                     help="with one switch, how long the focus stays on each control "
                          "(default 1500)")
    sub.add_argument("--dwell-ms", type=float, default=0, metavar="MS",
                     help="with one switch, how much longer the scan waits on the first "
                          "control after a choice (default 0)")
    sub.add_argument("--narrate", action="store_true",
                     help="speak what happens and where the keyboard focus is, in the "
                          "language of the messages (the computer's own voice); F2 says it "
                          "again, F3 describes the board, F4 reads the console, F5 stops")
    sub.add_argument("--kana", action="store_true",
                     help="Japanese words in kana only, for young learners (grades 1-2)")
    sub.add_argument("--big-captions", action="store_true",
                     help="show what the boards sound like in large print over the boards")
    sub.add_argument("--hear-values", action="store_true",
                     help="hear a sensor's value as a pitch when it changes (F9 turns it on "
                          "and off; F8 plays the LED picture as sound)")
    sub.add_argument("--text", action="store_true",
                     help="the simulator in this terminal instead of a window: one line for "
                          "each thing that happens, commands for every control (for screen "
                          "readers, braille displays and SSH)")
    add_broker_option(sub)
    sub.add_argument("--keymap", type=Path, metavar="FILE.toml", help="your own keys")
    sub.add_argument("--screenshot", type=Path, metavar="OUT.png",
                     help="draw the window offscreen, save it as a PNG and exit")
    sub.add_argument("--after-ms", type=float, default=0, metavar="N",
                     help="with --screenshot: virtual milliseconds to run first")
    # close the window after N frames: for measuring (bench/) and tests, not for people
    sub.add_argument("--frames", type=int, metavar="N", help=argparse.SUPPRESS)


def do_sim(args: argparse.Namespace, lang: str) -> int:
    from .lesson_words import board_for, program_path
    from .run_command import prepare_engine
    from .sim_command import run_sim
    from .usage import board_spec

    files = [program_path(Path(f)) for f in args.files]
    args.board = board_spec(board_for(args.board, files), lang).id
    prepare_engine(args.board, lang)  # before the window opens: a first build says so
    return run_sim(args, lang)


# -- terakoya check -------------------------------------------------------------------------
def argparse_check(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("paths", nargs="+", metavar="PATH", help=".py files or lesson folders")
    sub.add_argument("--board", help=board_help(lesson=True))
    sub.add_argument("--json", action="store_true", help="findings as JSON, for tools")


def do_check(args: argparse.Namespace, lang: str) -> int:
    from .check_command import run_check
    from .lesson_words import board_for, program_path
    from .usage import board_spec

    paths = [program_path(Path(p)) for p in args.paths]
    board = board_spec(board_for(args.board, paths), lang).id
    return run_check(paths, board, args.json, lang)


# -- terakoya lessons / handout -------------------------------------------------------------
def argparse_lessons(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("action", nargs="?", choices=("get", "test"), metavar="get|test",
                     help="get LESSON: copy a lesson's starter (as main.py) and its files into "
                          "a new folder of yours; test LESSON [FILE]: check your program "
                          "against the lesson's \"I can\" statements")
    sub.add_argument("lesson", nargs="?", metavar="LESSON",
                     help="with get or test: a lesson id (E03)")
    sub.add_argument("file", nargs="?", type=Path, metavar="FILE",
                     help="with test: your program (default: the lesson's solution)")
    sub.add_argument("--to", type=Path, default=Path("."), metavar="DIR",
                     help="with get: the folder to put it in (default: here)")
    sub.add_argument("--audience", choices=("elementary", "special_needs", "community_club",
                                            "senior", "adult"),
                     help="only the lessons for these learners")
    sub.add_argument("--board", help="only the lessons for this board (" +
                     ", ".join(board_ids()) + ", or simulator)")
    sub.add_argument("--grade", type=int, choices=range(1, 7), metavar="1-6",
                     help="only the lessons for this school grade (1 to 6)")
    sub.add_argument("--validate", action="store_true",
                     help="check every lesson.toml and that the lesson's files exist")
    sub.add_argument("--root", type=Path, help="the lessons folder (default: ./lessons)")


def do_lessons(args: argparse.Namespace, lang: str) -> int:
    from .lessons_command import get_lesson, lesson_test, list_lessons

    if args.action == "get":
        return get_lesson(args, lang)
    if args.action == "test":
        return lesson_test(args, lang)
    return list_lessons(args, lang)


def argparse_handout(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("lesson", metavar="LESSON", help="a lesson id (E03) or folder")
    sub.add_argument("--format", choices=("html", "pdf"),
                     help="html or pdf (default: from --output's extension, else html)")
    sub.add_argument("--large-print", action="store_true", help="20 pt text and larger headings")
    sub.add_argument("--output", type=Path, help="file to write (never overwritten)")


def do_handout(args: argparse.Namespace, lang: str) -> int:
    from .lessons_command import make_handout

    return make_handout(args, lang)


@dataclass(frozen=True)
class Command:
    add_arguments: Callable[[argparse.ArgumentParser], None]
    handler: Callable[[argparse.Namespace, str], int]
    help: str


def _from_module(module: str, help_text: str) -> Command:
    """A command whose arguments and handler live in ``terakoya.<module>`` (imported when the
    parser is built; such modules import only the standard library at their top)."""
    import importlib

    mod = importlib.import_module(f"terakoya.{module}")
    return Command(mod.add_arguments, mod.handler, help_text)


COMMANDS: dict[str, Command] = {
    "run": Command(argparse_run, do_run,
                   "run a MicroPython program on a simulated board, headless"),
    "check": Command(argparse_check, do_check,
                     "find what would fail on the real board, before flashing"),
    "lessons": Command(argparse_lessons, do_lessons, "list the lessons, or check them"),
    "handout": Command(argparse_handout, do_handout, "make a printable student handout"),
    "sim": Command(argparse_sim, do_sim,
                   "open the simulator window: a micro:bit you can press, tilt and hear"),
}


TEACHER_TOOLS = {
    "boards": ("boards_command", "list connected boards, and say why one cannot be used"),
    "flash": ("flash_command", "put MicroPython onto micro:bits (with a lesson) and ESP32 "
                               "boards, a class set at once"),
    "firmware": ("firmware_command", "keep MicroPython builds for ESP32 boards, so that "
                                     "flashing needs no internet"),
    "device": ("device_command", "a simulated board that mpremote, Thonny and Mu can talk to"),
    "deploy": ("deploy_command", "copy a lesson's files to MicroPython boards over USB serial"),
    "circuit": ("circuit_command", "check a circuit.toml, or make one from a Wokwi diagram.json"),
    "broker": ("broker_command", "the classroom's MQTT broker, with a live page of its messages"),
    "serve": ("serve_command", "the classroom simulator in the pupils' browsers (Chromebooks, "
                               "iPads), with the teacher's page"),
}


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("terakoya")
    except PackageNotFoundError:  # run from a source tree that is not installed
        return "(not installed)"


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="terakoya",
                     description="Terakoya: MicroPython lessons and a board simulator.")
    parser.add_argument("--lang", choices=("en", "ja"), help="language of messages")
    parser.add_argument("--version", action="version", version=f"terakoya {_version()}")
    subs = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser,
                                 help="what to do ('terakoya COMMAND --help' tells more about "
                                      "each)")
    commands = dict(COMMANDS)
    for name, (module, help_text) in TEACHER_TOOLS.items():
        commands[name] = _from_module(module, help_text)
    for name, command in commands.items():
        sub = subs.add_parser(name, help=command.help, description=command.help)
        sub.add_argument("--lang", choices=("en", "ja"), default=argparse.SUPPRESS,
                         help="language of messages")
        command.add_arguments(sub)
        sub.set_defaults(handler=command.handler)
    if detect_language(_lang_in_argv()) == "ja":  # --lang ja, TERAKOYA_LANG or the locale
        from .help_ja import to_japanese

        to_japanese(parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    lang = detect_language(getattr(args, "lang", None))
    try:
        return args.handler(args, lang)
    except UsageError as exc:
        print(f"terakoya: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(tr("interrupted", lang), file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
