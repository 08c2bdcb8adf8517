"""``terakoya flash microbit LESSON_OR_FILES``: MicroPython and a lesson onto micro:bits.

Builds one Universal Hex (micro:bit V1 and V2) holding MicroPython and the lesson's files,
reads the files back from it, then writes it to a file (``--output``), one drive (``--drive``,
or the only one plugged in) or every MICROBIT drive at once (``--all``) with a progress bar per
board and a table at the end. The exit code is 1 when any board failed.

Imports only the standard library at the top; the work lives in host_tools/flash.py.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .precheck import code_is_fine, read_files
from .usage import UsageError

MESSAGES: dict[str, tuple[str, str]] = {
    "only_microbit": (
        "'terakoya flash' knows two kinds of boards: microbit and esp32 (every ESP32 chip); "
        "you gave '{board}'. To copy a lesson to a board use 'terakoya deploy'.",
        "「terakoya flash」が知っているボードは microbit と esp32（ESP32 のチップすべて）です"
        "（指定: {board}）。レッスンをボードにコピーするには「terakoya deploy」を使って"
        "ください。"),
    "esp32_option": (
        "{option} is for 'terakoya flash esp32'.",
        "{option} は「terakoya flash esp32」用です。"),
    "no_sources": (
        "Say what to put on the micro:bits: a lesson id (like E03), a lesson folder or .py files.",
        "micro:bit に入れるものを書いてください: レッスンの番号（E03 など）、レッスンの"
        "フォルダー、.py ファイルのどれかです。"),
    "not_found": (
        "Cannot find '{name}': give a lesson id (like E03), a lesson folder or .py files.",
        "「{name}」が見つかりません。レッスン番号（E03 など）、レッスンのフォルダ、"
        ".py ファイルのどれかを指定してください。"),
    "not_py": ("'{name}' is not a .py file.", "「{name}」は .py ファイルではありません。"),
    "lesson_no_solution": (
        "The lesson '{name}' has no solution.py to put on the board.",
        "レッスン「{name}」には、ボードに入れる solution.py がありません。"),
    "same_name": (
        "Two files would both be called '{name}' on the board. Rename one of them.",
        "ボードの上で同じ名前「{name}」になるファイルが 2 つあります。片方の名前を変えて"
        "ください。"),
    "no_main": ("There is no main.py to run.", "動かす main.py がありません。"),
    "bad_name": (
        "The file name '{name}' cannot be used on a micro:bit (at most 120 letters, no folders).",
        "ファイル名「{name}」は micro:bit では使えません（120 文字まで、フォルダは使えません）。"),
    "empty_file": (
        "The file '{name}' is empty; the micro:bit cannot store empty files. Put some code in "
        "it or leave it out.",
        "ファイル「{name}」は空です。micro:bit には空のファイルを入れられません。中身を書くか、"
        "外してください。"),
    "too_big": (
        "The files ({size} bytes) do not fit in the micro:bit's storage (about {room} bytes). "
        "Leave out files the program does not need.",
        "ファイル（{size} バイト）が micro:bit の保存場所（約 {room} バイト）に入りません。"
        "使わないファイルを外してください。"),
    "verify_failed": (
        "The files read back from the hex for micro:bit V{version} are not the ones put in. "
        "Nothing was copied. Please report this.",
        "micro:bit V{version} 用の hex から読み戻したファイルが、入れたものと違います。"
        "コピーはしていません。開発者に知らせてください。"),
    "runtime_broken": (
        "The MicroPython file {detail} is damaged. Reinstall Terakoya.",
        "MicroPython のファイル {detail} が壊れています。Terakoya を入れ直してください。"),
    "built": (
        "Made the hex: MicroPython (V1 {v1}, V2 {v2}) and {files}; files checked.",
        "hex を作りました: MicroPython（V1 {v1}、V2 {v2}）と {files}。ファイルを確かめました。"),
    "output_exists": (
        "'{wanted}' already exists and was not changed; wrote '{path}' instead.",
        "「{wanted}」はすでにあるので変えていません。かわりに「{path}」に書きました。"),
    "wrote": ("Wrote {path}", "{path} に書きました"),
    "output_failed": ("Cannot write '{path}': {detail}", "「{path}」に書けません: {detail}"),
    "no_drive_dir": (
        "'{path}' is not a drive or folder. A micro:bit shows up as a drive named MICROBIT.",
        "「{path}」はドライブでもフォルダでもありません。micro:bit は MICROBIT という名前の"
        "ドライブとして現れます。"),
    "no_drives": (
        "No MICROBIT drive found. Plug in a micro:bit with a data USB cable and wait for the "
        "MICROBIT drive to appear, or use --output FILE.hex to save the hex.",
        "MICROBIT ドライブが見つかりません。データ通信できる USB ケーブルで micro:bit を"
        "つなぎ、MICROBIT ドライブが現れるまで待つか、--output FILE.hex で保存してください。"),
    "several_drives": (
        "{count} micro:bits are plugged in: use --all to flash them all, or --drive PATH for one.",
        "micro:bit が {count} 台つながっています。全部なら --all、1 台なら --drive PATH を"
        "使ってください。"),
    "flashed": ("done", "完了"),
    "drive_gone": (
        "the drive went away (unplugged?). Plug it in again and flash this board again.",
        "ドライブが外れました（抜けた？）。差し直して、このボードだけもう一度書き込んでください。"),
    "drive_full": ("the drive is full.", "ドライブがいっぱいです。"),
    "drive_read_only": (
        "the drive cannot be written to. Unplug the board and plug it in again.",
        "ドライブに書き込めません。ボードを抜いて差し直してください。"),
    "copy_failed": ("copying failed ({detail}).", "コピーに失敗しました（{detail}）。"),
    "col_board": ("Board", "ボード"),
    "col_result": ("Result", "結果"),
    "col_time": ("Time", "時間"),
    "summary": ("{ok} of {total} boards flashed.", "{total} 台のうち {ok} 台に書き込みました。"),
    "wait_note": (
        "Each micro:bit's yellow light flashes while it copies; wait until it stops.",
        "micro:bit の黄色いランプが点滅している間はコピー中です。止まるまで待ってください。"),
}


def msg(key: str, lang: str, **values: object) -> str:
    en, ja = MESSAGES[key]
    return (ja if lang == "ja" else en).format(**values)


def add_arguments(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("board", metavar="BOARD", help="microbit or esp32")
    sub.add_argument("sources", nargs="*", metavar="LESSON_OR_FILES",
                     help="a lesson id (E03) or folder, or .py files (the first runs as main.py)")
    where = sub.add_mutually_exclusive_group()
    where.add_argument("--drive", type=Path, metavar="PATH", help="the MICROBIT drive to use")
    where.add_argument("--output", type=Path, metavar="FILE.hex",
                       help="save the hex to a file instead (never overwrites)")
    where.add_argument("--all", action="store_true",
                       help="every board of that kind plugged in, all at once")
    where.add_argument("--port", action="append", metavar="PORT",
                       help="the board's serial port (for example /dev/ttyACM0 or COM3); "
                            "give it again for more boards, all at once")
    sub.add_argument("--no-check", action="store_true",
                     help="flash even a program that would stop with an error on the board")
    sub.add_argument("--firmware", type=Path, metavar="FILE.bin",
                     help="esp32: the MicroPython .bin to write (default: for each board's chip, "
                          "the newest build stored with 'terakoya firmware add')")
    sub.add_argument("--erase", action="store_true",
                     help="esp32: erase the whole flash first (files on the board too)")
    sub.add_argument("--baud", type=int, metavar="N",
                     help="esp32: how fast to write (default: 460800; 115200 if writing fails)")


def handler(args: argparse.Namespace, lang: str) -> int:
    from .host_tools.flash import FlashError

    board = args.board.lower().replace(":", "").replace("-", "")
    if board == "esp32":
        from .esp32_flash_command import flash_esp32

        return flash_esp32(args, lang)
    if board != "microbit":
        raise UsageError(msg("only_microbit", lang, board=args.board))
    for option in ("port", "firmware", "erase", "baud"):
        if getattr(args, option):
            raise UsageError(msg("esp32_option", lang, option=f"--{option}"))
    if not args.sources:
        raise UsageError(msg("no_sources", lang))
    drives = [] if args.output else choose_drives(args, lang)  # before the build: fail fast
    if not args.output and not drives:
        print(f"terakoya: {msg('no_drives', lang)}", file=sys.stderr)
        return 1
    try:
        origins, name = gather_files(args.sources)
        if not args.no_check and not code_is_fine(origins, "microbit", lang,
                                                  sys.stdin.isatty()):
            return 1
        hex_text = build_checked(read_files(origins), lang)
    except FlashError as exc:
        if exc.key in ("verify_failed", "runtime_broken"):
            print(f"terakoya: {msg(exc.key, lang, **exc.values)}", file=sys.stderr)
            return 1
        raise UsageError(msg(exc.key, lang, **exc.values)) from None
    if args.output:
        return save_output(hex_text, args.output, lang)
    return flash_drives(hex_text.encode("ascii"), drives, name, lang)


# -- what goes onto the board -----------------------------------------------------------------
def gather_files(sources: list[str]) -> tuple[dict[str, Path], str]:
    """Where each file on the board comes from (board name -> file), and a name for the hex.

    A lesson (id or folder) gives its solution.py as main.py; a folder with main.py gives its
    .py files; a .py file given first becomes main.py; other files keep their names.
    """
    from .host_tools.flash import FlashError

    first, rest = sources[0], [Path(s) for s in sources[1:]]
    files, name = _first_source(first)
    for path in rest:
        _add(files, path.name, path)
    if not files:
        raise FlashError("no_main")
    return files, name


def _first_source(first: str) -> tuple[dict[str, Path], str]:
    from .curriculum.catalog import find_lesson
    from .host_tools.flash import FlashError

    path = Path(first)
    files: dict[str, Path] = {}
    if path.is_file():
        _add(files, "main.py", path)
        return files, path.stem
    if path.is_dir() and (path / "main.py").is_file() and not (path / "lesson.toml").is_file():
        for module in sorted(path.glob("*.py")):
            _add(files, module.name, module)
        return files, path.name
    lesson = None if path.suffix == ".py" else find_lesson(first)
    if lesson is None:
        raise FlashError("not_found", name=first)
    solution = lesson.folder / "solution.py"
    if not solution.is_file():
        raise FlashError("lesson_no_solution", name=first)
    _add(files, "main.py", solution)
    return files, lesson.id


def _add(files: dict[str, Path], name: str, path: Path) -> None:
    from .host_tools.flash import FlashError

    if not path.is_file():
        raise FlashError("not_found", name=str(path))
    if path.suffix != ".py":
        raise FlashError("not_py", name=str(path))
    if name in files:
        raise FlashError("same_name", name=name)
    files[name] = path


def build_checked(files: dict[str, bytes], lang: str) -> str:
    """Build the hex and read the files back from it before anything is written anywhere."""
    from .host_tools.flash import build_hex, runtime, verify_hex

    hex_text = build_hex(files)
    verify_hex(hex_text, files)
    print(msg("built", lang, v1=runtime(1).version, v2=runtime(2).version,
              files=", ".join(files)))
    return hex_text


# -- where it goes ----------------------------------------------------------------------------
def save_output(hex_text: str, wanted: Path, lang: str) -> int:
    """Write a new file; if ``wanted`` exists, write name-2.hex (and so on) and say so."""
    from .host_tools.paths import free_path

    path = free_path(wanted)
    try:
        with open(path, "x", encoding="ascii", newline="\n") as out:
            out.write(hex_text)
    except OSError as exc:
        print(f"terakoya: {msg('output_failed', lang, path=path, detail=exc.strerror or exc)}",
              file=sys.stderr)
        return 1
    if path != wanted:
        print(msg("output_exists", lang, wanted=wanted, path=path))
    else:
        print(msg("wrote", lang, path=path))
    return 0


def choose_drives(args: argparse.Namespace, lang: str, find=None) -> list[Path]:
    """--drive, else the MICROBIT drives found (several only with --all); [] when none."""
    from .host_tools.boards import find_drives

    if args.drive is not None:
        if not args.drive.is_dir():
            raise UsageError(msg("no_drive_dir", lang, path=args.drive))
        return [args.drive]
    drives = (find or find_drives)()
    if len(drives) > 1 and not args.all:
        raise UsageError(msg("several_drives", lang, count=len(drives)))
    return drives


def flash_drives(data: bytes, drives: list[Path], name: str, lang: str, reporter=None,
                 opener=None) -> int:
    """Copy to every drive in parallel, print a table; 1 when any board failed."""
    from .host_tools.flash import flash_all

    print(msg("wait_note", lang))
    options = {"opener": opener} if opener else {}
    if reporter is None:
        with RichReporter(lang) as live:
            results = flash_all(data, drives, live, name=f"{name}.hex", **options)
    else:
        results = flash_all(data, drives, reporter, name=f"{name}.hex", **options)
    print_table(results, lang)
    return 0 if all(result.ok for result in results) else 1


def result_text(result, lang: str) -> str:
    return msg(result.key, lang, detail=result.detail)


def print_table(results, lang: str) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(msg("col_board", lang), msg("col_result", lang), msg("col_time", lang))
    for result in results:
        text = result_text(result, lang)
        table.add_row(result.board, text if result.ok else f"[bold red]{text}[/]",
                      f"{result.seconds:.1f} s")
    console = Console()
    console.print(table)
    console.print(msg("summary", lang, ok=sum(r.ok for r in results), total=len(results)))


class RichReporter:
    """A progress bar per board (rich), safe to call from the copying threads."""

    def __init__(self, lang: str) -> None:
        from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn

        self.lang = lang
        self.progress = Progress(TextColumn("{task.description}"), BarColumn(),
                                 DownloadColumn(), TextColumn("{task.fields[state]}"))
        self.tasks: dict[str, object] = {}

    def __enter__(self) -> RichReporter:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def started(self, board: str, total: int) -> None:
        self.tasks[board] = self.progress.add_task(board, total=total, state="")

    def advanced(self, board: str, done: int) -> None:
        self.progress.update(self.tasks[board], completed=done)

    def finished(self, result) -> None:
        self.progress.update(self.tasks[result.board], state=result_text(result, self.lang))
