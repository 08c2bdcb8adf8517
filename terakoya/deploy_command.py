# ruff: noqa: E501  (the message table reads better one message a line)
"""``terakoya deploy``: copy a lesson's files to MicroPython boards over USB serial.

A progress bar per board (rich), a question before replacing a file that differs on the
board, and a plain summary (a table with --all). The work is done by
``terakoya.host_tools.deploy``; this module only imports the standard library at its top.
"""

from __future__ import annotations

import argparse
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .i18n import said_yes
from .precheck import code_is_fine, read_files
from .usage import UsageError

MESSAGES: dict[str, tuple[str, str]] = {
    "no_lesson": ("Cannot find the lesson or file '{name}'. Give a lesson id (like E03), a lesson folder, a folder with main.py or a .py file.",
                  "レッスンまたはファイル「{name}」が見つかりません。レッスン番号（E03 など）、レッスンのフォルダ、main.py の入ったフォルダ、または .py ファイルを指定してください。"),
    "not_py": ("'{name}' is not a .py file.", "「{name}」は .py ファイルではありません。"),
    "same_name": ("Two files would be called '{name}' on the board. Rename one of them.",
                  "ボード上で同じ名前「{name}」のファイルが 2 つになります。どちらかの名前を変えてください。"),
    "no_boards": ("No board found. Plug one in with a USB data cable (some cables only charge), or name its port with --port.",
                  "ボードが見つかりません。データ通信のできる USB ケーブルでつないでください（充電専用のケーブルもあります）。または --port でポートを指定してください。"),
    "several": ("Several boards are connected ({ports}). Choose one with --port, or use --all for every board.",
                "ボードが複数つながっています（{ports}）。--port で 1 台選ぶか、--all で全部に送ってください。"),
    "other_board": ("Lesson {name} is for the {boards}; the board on {port} is another kind ({board}), where its program would stop. Nothing was copied. Plug in the lesson's board, or add --no-check to copy it anyway.",
                    "レッスン {name} は {boards} 用ですが、{port} のボードは {board} なので、プログラムがとちゅうで止まります。何もコピーしていません。レッスンのボードをつなぐか、それでもコピーするには --no-check を付けてください。"),
    "connecting": ("connecting", "接続中"),
    "comparing": ("comparing files", "ファイルを比べています"),
    "copying": ("copying {name}", "{name} をコピー中"),
    "removing": ("removing {name}", "{name} を削除中"),
    "restarting": ("restarting", "再起動中"),
    "waiting": ("waiting", "待機中"),
    "ask": ("{name} on the board ({port}) is not the lesson's version; it may be a student's work. Replace it? [y/N] ",
            "ボード（{port}）の {name} はレッスンのものと違います。生徒の作品かもしれません。置き換えますか？ [y/N] "),
    "ask_all": ("{name} on the board {port} is not the lesson's version; it may be a student's work. Replace such files on this board and on every other board? [y/N] ",
                "ボード {port} の {name} はレッスンのものと違います。生徒の作品かもしれません。このボードと他のすべてのボードで、違うファイルを置き換えますか？ [y/N] "),
    "wrote": ("copied", "コピーしました"),
    "replaced": ("replaced", "置き換えました"),
    "same": ("already the same (not copied)", "同じなのでコピーしませんでした"),
    "kept": ("NOT replaced: it differs from the lesson's version", "置き換えていません（レッスンのものと違います）"),
    "removed": ("removed (not part of this lesson)", "削除しました（このレッスンのファイルではありません）"),
    "done": ("ready: {copied} copied, {same} already there, {removed} removed",
             "完了: {copied} こコピー、{same} こは同じ、{removed} こ削除"),
    "incomplete": ("not finished: {names} not replaced", "未完了: {names} を置き換えていません"),
    "hint_force": ("Nobody was there to answer, so files that differ were not replaced. Run again with --force to replace them.",
                   "答える人がいなかったので、違うファイルは置き換えていません。置き換えるには --force を付けてもう一度実行してください。"),
    "row_ok": ("ready", "完了"),
    "row_incomplete": ("not finished (see below)", "未完了（下を見てください）"),
    "row_failed": ("failed (see below)", "失敗（下を見てください）"),
    "count": ("{ok} of {total} board(s) ready.", "{total} 台中 {ok} 台の準備ができました。"),
    "col_board": ("board", "ボード"),
    "col_result": ("result", "結果"),
    "col_time": ("time", "時間"),
    "port_permission": ("You are not allowed to use {port}. On Linux run 'sudo usermod -aG dialout $USER', then log out and in again.",
                        "{port} を使う許可がありません。Linux では「sudo usermod -aG dialout $USER」を実行し、ログインし直してください。"),
    "port_busy": ("{port} is in use by another program (Thonny, Mu, a serial terminal?). Close it and try again.",
                  "{port} は他のプログラム（Thonny、Mu、シリアル端末など）が使っています。閉じてからもう一度試してください。"),
    "port_gone": ("{port} is not there any more. Check the USB cable and plug the board in again.",
                  "{port} が見つかりません。USB ケーブルを確かめて、ボードをつなぎ直してください。"),
    "port_cannot_open": ("{port} cannot be opened ({detail}). Unplug the board, plug it in again and retry.",
                         "{port} を開けません（{detail}）。ボードを抜いて差し直し、もう一度試してください。"),
    "no_answer": ("The board on {port} did not answer as MicroPython does. Press its reset button and try again; if it still fails, put MicroPython on it first (micro:bit: terakoya flash microbit).",
                  "{port} のボードが MicroPython として応答しません。リセットボタンを押してもう一度試してください。それでもだめなら、先に MicroPython を書き込んでください（micro:bit は terakoya flash microbit）。"),
    "lost_contact": ("Lost contact with the board on {port} (was it unplugged?). Plug it in again and run the same command: files already copied are skipped.",
                     "{port} のボードとの通信が切れました（抜けましたか？）。つなぎ直して同じコマンドを実行してください。コピー済みのファイルは飛ばします。"),
    "board_full": ("The board on {port} is full. Remove old files (or use --clean) and try again.",
                   "{port} のボードがいっぱいです。古いファイルを消して（または --clean を付けて）もう一度試してください。"),
    "board_memory": ("The board on {port} ran out of memory. Press its reset button and try again.",
                     "{port} のボードのメモリが足りません。リセットボタンを押してもう一度試してください。"),
    "board_error": ("The board on {port} reported a problem: {detail}", "{port} のボードが問題を知らせました: {detail}"),
    "no_folders": ("The lesson has files in folders ({detail}), but the board on {port} has no folders (a micro:bit keeps its files side by side). Nothing was copied: give this board a lesson without a lib folder.",
                   "レッスンにはフォルダーに入ったファイル（{detail}）がありますが、{port} のボードにはフォルダーがありません（micro:bit はファイルを並べて置くだけです）。何もコピーしていません。lib フォルダーのないレッスンを使ってください。"),
    "board_path": ("The board on {port} has a file where the lesson needs a folder, or a folder where it needs a file ({detail}). Rename or remove it on the board (for example in Thonny) and try again.",
                   "{port} のボードには、レッスンがフォルダーを置くところにファイルが（またはファイルを置くところにフォルダーが）あります（{detail}）。ボードの上で（Thonny などで）名前を変えるか消してから、もう一度試してください。"),
    "unexpected": ("Something went wrong with the board on {port}: {detail}", "{port} のボードで問題が起きました: {detail}"),
}


def t(key: str, lang: str, **fields: Any) -> str:
    en, ja = MESSAGES[key]
    return (ja if lang == "ja" else en).format(**fields)


def add_arguments(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("lesson", metavar="LESSON",
                     help="a lesson id (E03), a lesson folder, a program's folder with main.py, "
                          "or a .py file (goes on as main.py); a folder's boot.py and lib/ "
                          "go on too")
    sub.add_argument("extra", nargs="*", metavar="FILE", help="more files (modules), same names")
    where = sub.add_mutually_exclusive_group()
    where.add_argument("--port", action="append",
                       help="the board's serial port (for example /dev/ttyACM0 or COM3); "
                            "give it again for more boards, all at once")
    where.add_argument("--all", action="store_true", help="every connected board, all at once")
    sub.add_argument("--force", action="store_true",
                     help="replace files that differ on the board without asking")
    sub.add_argument("--clean", action="store_true",
                     help="also delete files on the board that are not part of the lesson")
    sub.add_argument("--no-check", action="store_true",
                     help="copy even a program that would stop with an error on the board")


def handler(args: argparse.Namespace, lang: str) -> int:
    from .host_tools import deploy as tool

    origins = collect_files(args.lesson, args.extra, lang)
    ports = choose_ports(args.port, args.all, tool.find_board_ports, lang)
    if not ports:
        print(t("no_boards", lang), file=sys.stderr)
        return 1
    by_port = tool.board_kinds(ports)
    kinds = sorted(set(by_port.values()))
    if kinds == ["microbit"]:
        origins = for_microbits(origins)
    if not args.no_check:
        wrong = other_board(args.lesson, tool.known_kinds(ports), origins, lang)
        if wrong:
            print(wrong, file=sys.stderr)
            return 1
        for board in kinds:
            if not code_is_fine(origins, board, lang, sys.stdin.isatty()):
                return 1
    files = read_files(origins)
    return run_deploy(ports, files, args.force, args.clean, lang,
                      interactive=sys.stdin.isatty())


def collect_files(target: str, extras: list[str], lang: str) -> dict[str, Path]:
    """What goes onto the board (its name there -> the file here): a lesson's solution.py
    as main.py with the lesson's modules (the files the simulator runs), or the .py file as
    main.py, or a program folder's main.py and other .py files; a lesson's or program
    folder's boot.py and everything in its lib/ folder (to the board's /lib); extra files
    under their own names."""
    from .host_tools.deploy import MANIFEST
    from .lesson_words import board_files

    path = Path(target)
    folder: Path | None = None
    if path.is_file():
        files = {"main.py": path}
    elif (path / "main.py").is_file() and not (path / "lesson.toml").is_file():
        folder = path  # a program's folder, as `terakoya run` takes it
        files = {p.name: p for p in sorted(path.glob("*.py")) if not p.name.startswith("test_")}
    else:
        folder = _lesson_folder(target, lang)
        files = board_files(folder, "solution.py")
    if files["main.py"].suffix != ".py":
        raise UsageError(t("not_py", lang, name=files["main.py"]))
    if folder is not None:
        files.update(_folder_extras(folder))
    chosen = dict(files)
    for extra in map(Path, extras):
        if not extra.is_file():
            raise UsageError(t("no_lesson", lang, name=extra))
        if extra.name in chosen and chosen.pop(extra.name).resolve() == extra.resolve():
            continue  # a lesson's module named again (as its notes may say): it goes on once
        if extra.name in files or extra.name == MANIFEST:
            raise UsageError(t("same_name", lang, name=extra.name))
        files[extra.name] = extra
    return files


def other_board(target: str, kinds: dict[str, str], origins: dict[str, Path],
                lang: str) -> str | None:
    """What to say when a board (known by its USB id) is of a kind the lesson is not for
    (C03, for the ESP32, onto a micro:bit): its program would stop at its first import
    there. None when all fit, or when ``target`` is no lesson. A micro:bit lesson that
    brings the ATOM Matrix's microbit.py fits an ESP32 too."""
    from .host_tools.check.run import MICROBIT_ON_ESP32, terakoyas_own
    from .lesson_words import lesson_boards, program_path
    from .simulator.boards import family_of, spec_for

    boards = lesson_boards(program_path(Path(target)))
    families = {family_of(board) for board in boards}
    if "microbit" in families and any(terakoyas_own(path.read_bytes()) == MICROBIT_ON_ESP32
                                      for path in origins.values()):
        families.add("esp32")
    for port, kind in sorted(kinds.items()):
        if boards and family_of(kind) not in families:
            names = {spec_for(board).family_name(lang) for board in boards}
            return t("other_board", lang, name=target, boards=" / ".join(sorted(names)),
                     port=port, board=spec_for(kind).family_name(lang))
    return None


def for_microbits(origins: dict[str, Path]) -> dict[str, Path]:
    """The files without those a micro:bit does not use (the ATOM Matrix's microbit.py: the
    micro:bit has its own module, and no room to spare)."""
    from .host_tools.check.run import on_board

    kept = on_board({name: path.read_bytes() for name, path in origins.items()}, "microbit")
    return {name: path for name, path in origins.items() if name in kept}


def _lesson_folder(target: str, lang: str) -> Path:
    from .curriculum.catalog import find_lesson

    lesson = find_lesson(target)
    if lesson is None or not (lesson.folder / "solution.py").is_file():
        raise UsageError(t("no_lesson", lang, name=target))
    return lesson.folder


def _folder_extras(folder: Path) -> dict[str, Path]:
    """A folder's boot.py and its lib/ folder's files (none hidden, no __pycache__)."""
    found = {}
    if (folder / "boot.py").is_file():
        found["boot.py"] = folder / "boot.py"
    lib = folder / "lib"
    for file in sorted(lib.rglob("*")) if lib.is_dir() else []:
        inside = file.relative_to(lib).parts
        if file.is_file() and not any(p.startswith(".") or p == "__pycache__" for p in inside):
            found["lib/" + "/".join(inside)] = file
    return found


def choose_ports(ports: list[str] | None, every: bool, find: Callable[[], list[str]],
                 lang: str) -> list[str]:
    if ports:
        return list(dict.fromkeys(ports))  # the same port twice is one board
    found = find()
    if every or len(found) <= 1:
        return found
    raise UsageError(t("several", lang, ports=", ".join(found)))


class RichReporter:
    """Shows one board's steps and progress on its own row of a rich Progress."""

    def __init__(self, bars: Any, task: Any, lang: str) -> None:
        self.bars, self.task, self.lang = bars, task, lang

    def status(self, key: str, name: str = "") -> None:
        self.bars.update(self.task, description=t(key, self.lang, name=name))

    def progress(self, done: int, total: int) -> None:
        self.bars.update(self.task, completed=done, total=max(total, 1))


class Asker:
    """Asks before a file that differs is replaced. With several boards, one answer is used
    for all of them. With nobody at the keyboard, the answer is no."""

    def __init__(self, progress: Any, lang: str, interactive: bool, shared: bool,
                 read: Callable[[str], str] = input) -> None:
        self.progress, self.lang, self.read = progress, lang, read
        self.interactive, self.shared = interactive, shared
        self.answer: bool | None = None
        self.unanswered = False
        self._lock = threading.Lock()

    def __call__(self, port: str, name: str) -> bool:
        if not self.interactive:
            self.unanswered = True
            return False
        with self._lock:
            if self.answer is not None:
                return self.answer
            self.progress.stop()  # the question must not be drawn over by the bars
            try:
                reply = self.read(t("ask_all" if self.shared else "ask", self.lang,
                                    name=name, port=port))
            except EOFError:
                reply = ""
            finally:
                self.progress.start()
            answer = said_yes(reply)
            if self.shared:
                self.answer = answer
            return answer


def run_deploy(ports: list[str], files: dict[str, bytes], force: bool, clean: bool, lang: str,
               interactive: bool, console: Any = None) -> int:
    """Deploy to ``ports`` with progress bars, print the summary; exit 0 only if every board
    is ready."""
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from .host_tools import deploy as tool

    console = console or Console()
    progress = Progress(TextColumn("{task.fields[board]}"), BarColumn(),
                        TextColumn("{task.description}"), TimeElapsedColumn(), console=console)
    tasks = {port: progress.add_task(t("waiting", lang), total=1, board=port) for port in ports}
    asker = Asker(progress, lang, interactive, shared=len(ports) > 1)
    with progress:
        outcomes = tool.deploy_all(
            ports, files, force=force, clean=clean, ask=asker,
            reporter_for=lambda port: RichReporter(progress, tasks[port], lang),
            open_board=tool.open_serial)
        for outcome in outcomes:
            row = "row_ok" if outcome.ok else "row_failed" if outcome.problem else "row_incomplete"
            progress.update(tasks[outcome.port], description=t(row, lang))
    print_summary(console, outcomes, lang)
    if asker.unanswered:
        console.print(t("hint_force", lang), highlight=False)
    return 0 if all(outcome.ok for outcome in outcomes) else 1


def short_result(outcome: Any, lang: str) -> str:
    from .host_tools.deploy import FileAction

    if outcome.problem:
        return t(outcome.problem, lang, port=outcome.port, detail=outcome.detail)
    result = outcome.result
    kept = result.names(FileAction.KEPT)
    if kept:
        return t("incomplete", lang, names=", ".join(kept))
    counts = {action.value: len(result.names(action)) for action in set(result.actions.values())}
    return t("done", lang, copied=counts.get("wrote", 0) + counts.get("replaced", 0),
             same=counts.get("same", 0), removed=counts.get("removed", 0))


def print_summary(console: Any, outcomes: list, lang: str) -> None:
    from rich.table import Table

    if len(outcomes) == 1:
        if outcomes[0].result is not None:
            for name, action in outcomes[0].result.actions.items():
                console.print(f"  {name}: {t(action.value, lang)}", markup=False, highlight=False)
        console.print(short_result(outcomes[0], lang), markup=False, highlight=False)
        return
    table = Table(t("col_board", lang), t("col_result", lang), t("col_time", lang))
    for outcome in outcomes:
        table.add_row(outcome.port, short_result(outcome, lang), f"{outcome.seconds:.1f} s")
    console.print(table)
    ok = sum(outcome.ok for outcome in outcomes)
    console.print(t("count", lang, ok=ok, total=len(outcomes)), highlight=False)
