"""``terakoya flash esp32``: MicroPython onto ESP32 boards, one or a class set at once.

The boards are the ``--port``s given, else the ESP32 boards ``terakoya boards`` lists (all of
them only with ``--all``). The build is ``--firmware FILE.bin``, else the newest stored one
for each board's chip (``terakoya firmware add``): nothing is downloaded during a lesson.
A progress bar per board while they are flashed, then a table (board, chip, MAC, result,
time); the exit code is 0 only when every board was flashed.

Imports only the standard library at the top; the work lives in host_tools/esp32_flash.py.
"""

from __future__ import annotations

import argparse
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from .usage import UsageError

MESSAGES: dict[str, tuple[str, str]] = {
    "no_lesson": (
        "'terakoya flash esp32' puts MicroPython itself onto ESP32 boards and takes no lesson. "
        "Copy a lesson's files afterwards with 'terakoya deploy {name}'.",
        "「terakoya flash esp32」は ESP32 に MicroPython そのものを書きこむもので、レッスンは"
        "いりません。レッスンのファイルは、そのあと「terakoya deploy {name}」でコピーして"
        "ください。"),
    "microbit_option": (
        "{option} is for micro:bits; ESP32 boards are found by their serial port (--port, "
        "--all).",
        "{option} は micro:bit 用です。ESP32 はシリアルポート（--port、--all）で選びます。"),
    "bad_baud": ("--baud {baud}: give a speed from 9600 to 2000000 (usually 460800; 115200 "
                 "when writing fails).",
                 "--baud {baud}: 9600 から 2000000 までの速さにしてください（ふつうは 460800、"
                 "書きこみに失敗するときは 115200）。"),
    "no_boards": (
        "No ESP32 board found. Plug one in with a data USB cable (some cables only charge), "
        "check with 'terakoya boards', or give its port with --port.",
        "ESP32 のボードが見つかりません。データ通信できる USB ケーブルでつなぎ（充電専用の"
        "ケーブルもあります）、「terakoya boards」で確かめるか、--port でポートを指定して"
        "ください。"),
    "several_boards": (
        "{count} ESP32 boards are plugged in: use --all to flash them all, or --port PORT for "
        "one.",
        "ESP32 のボードが {count} 台つながっています。全部なら --all、1 台なら --port PORT を"
        "使ってください。"),
    "none_stored": (
        "No MicroPython build is stored, and nothing is downloaded during a lesson. Download "
        "the .bin for your boards' chip: {pages}; then run: terakoya firmware add FILE.bin",
        "MicroPython のビルドが保存されていません（授業中には何もダウンロードしません）。"
        "ボードのチップに合う .bin をダウンロードして（{pages}）、terakoya firmware add "
        "FILE.bin を実行してください。"),
    "starting": (
        "Flashing MicroPython onto {count} board(s). Each one restarts by itself when it is "
        "done; do not unplug a board while its bar moves.",
        "{count} 台のボードに MicroPython を書きこみます。終わったボードは自分で再起動します。"
        "バーが動いている間はボードを抜かないでください。"),
    "flashed": ("done: MicroPython {version}", "完了: MicroPython {version}"),
    "flashed_erased": ("done: MicroPython {version} (the flash was erased first)",
                       "完了: MicroPython {version}（先にフラッシュを消去）"),
    "flashed_other": (
        "done: MicroPython {version} (another firmware was on it: erased first)",
        "完了: MicroPython {version}（ほかのファームウェアが入っていたので、先に消去）"),
    "same": ("already had MicroPython {version}: nothing to write",
             "MicroPython {version} がもう入っていました（書きこみなし）"),
    "col_board": ("Board", "ボード"),
    "col_chip": ("Chip", "チップ"),
    "col_mac": ("MAC", "MAC"),
    "col_result": ("Result", "結果"),
    "col_time": ("Time", "時間"),
    "summary": ("{ok} of {total} boards have MicroPython.",
                "{total} 台のうち {ok} 台に MicroPython が入りました。"),
    "stage_connecting": ("connecting", "接続中"),
    "stage_chip": ("found {detail}", "{detail} を確認"),
    "stage_checking": ("looking at the flash", "フラッシュを確認中"),
    "stage_erasing": ("erasing (up to a minute)", "消去中（1 分ほどかかることがあります）"),
    "stage_writing": ("writing", "書きこみ中"),
    "stage_verifying": ("checking what was written", "書いた内容を確認中"),
    "failed": ("failed", "失敗"),
}


def msg(key: str, lang: str, **values: object) -> str:
    en, ja = MESSAGES[key]
    return (ja if lang == "ja" else en).format(**values)


def flash_esp32(args: argparse.Namespace, lang: str, reporter=None, find=None,  # type: ignore[no-untyped-def]
                store: Path | None = None, options=None) -> int:
    """The handler of ``terakoya flash esp32`` (``find``, ``store``, ``options``: for tests)."""
    from .host_tools import esp32_flash
    from .host_tools.esp32_flash import DEFAULT_BAUD, FlashOptions, flash_boards

    _check_usage(args, lang)
    ports = choose_ports(args, lang, find)
    if not ports:
        print(f"terakoya: {msg('no_boards', lang)}", file=sys.stderr)
        return 1
    choose = make_chooser(args.firmware, lang, store)
    if choose is None:
        return 1
    options = options or FlashOptions(erase=args.erase, baud=args.baud or DEFAULT_BAUD,
                                      connect_attempts=esp32_flash.CONNECT_ATTEMPTS)
    print(msg("starting", lang, count=len(ports)))
    if reporter is None:
        with RichReporter(lang) as live:
            results = flash_boards(ports, choose, live, options)
    else:
        results = flash_boards(ports, choose, reporter, options)
    print_table(results, lang)
    return 0 if all(result.ok for result in results) else 1


def _check_usage(args: argparse.Namespace, lang: str) -> None:
    if args.sources:
        raise UsageError(msg("no_lesson", lang, name=args.sources[0]))
    for option, given in (("--drive", args.drive), ("--output", args.output),
                          ("--no-check", args.no_check)):
        if given:
            raise UsageError(msg("microbit_option", lang, option=option))
    if args.baud is not None and not 9600 <= args.baud <= 2_000_000:
        raise UsageError(msg("bad_baud", lang, baud=args.baud))


def choose_ports(args: argparse.Namespace, lang: str, find=None) -> list[str]:  # type: ignore[no-untyped-def]
    """The --port ports, else the ESP32 boards found (several only with --all)."""
    if args.port:
        return list(dict.fromkeys(args.port))
    ports = (find or _esp32_ports)()
    if len(ports) > 1 and not args.all:
        raise UsageError(msg("several_boards", lang, count=len(ports)))
    return ports


def _esp32_ports() -> list[str]:
    from .host_tools.boards import detect_boards, real_host

    return [board.port for board in detect_boards(real_host(), probe=False)
            if board.kind == "esp32" and board.port]


# -- which build ------------------------------------------------------------------------------
def make_chooser(firmware: Path | None, lang: str, store: Path | None = None):  # type: ignore[no-untyped-def]
    """The chooser of the build for each board's chip; None (and a message) when no build is
    stored at all; UsageError for a --firmware file that is not one."""
    from .firmware_command import msg as firmware_msg
    from .host_tools.esp32_chips import CHIPS
    from .host_tools.firmware import FirmwareError, inspect, read_file, stored

    try:
        if firmware is not None:
            data = read_file(firmware)
            return _one_build(inspect(data, firmware.name), data)
        builds = stored(store)
    except FirmwareError as exc:
        raise UsageError(firmware_msg(exc.key, lang, **exc.values)) from None
    if not builds:
        pages = ", ".join(f"{chip.name} {chip.download_page}" for chip in CHIPS)
        print(f"terakoya: {msg('none_stored', lang, pages=pages)}", file=sys.stderr)
        return None
    return _stored_builds(builds, lang, store)


def _one_build(facts, data: bytes) -> Callable:  # type: ignore[no-untyped-def]
    from .host_tools.esp32_flash import Build, FlashProblem

    build = Build(facts.chip_info, facts.version or "?", data)

    def choose(chip):  # type: ignore[no-untyped-def]
        if chip != build.chip:
            raise FlashProblem("wrong_chip", chip=chip.name, firmware_chip=build.chip.name,
                               page=chip.download_page)
        return build

    return choose


def _stored_builds(builds, lang: str, store: Path | None) -> Callable:  # type: ignore[no-untyped-def]
    """Each chip's newest stored build, read (and checked) once for all its boards."""
    from .firmware_command import msg as firmware_msg
    from .host_tools.esp32_flash import Build, FlashProblem
    from .host_tools.firmware import FirmwareError, load, newest

    read: dict[str, Build] = {}
    lock = threading.Lock()

    def choose(chip):  # type: ignore[no-untyped-def]
        entry = newest(builds, chip)
        if entry is None:
            raise FlashProblem("no_firmware", chip=chip.name, page=chip.download_page)
        with lock:
            if chip.key not in read:
                try:
                    read[chip.key] = Build(chip, entry.version, load(entry, store))
                except FirmwareError as exc:
                    raise FlashProblem("firmware_unusable", chip=chip.name,
                                       detail=firmware_msg(exc.key, lang, **exc.values)) from None
            return read[chip.key]

    return choose


# -- what people see --------------------------------------------------------------------------
def result_text(result, lang: str) -> str:  # type: ignore[no-untyped-def]
    from .host_tools.esp32_problems import text

    if result.key in MESSAGES:
        return msg(result.key, lang, version=result.version or "?")
    return text(result.key, lang, **result.values)


def print_table(results, lang: str) -> None:  # type: ignore[no-untyped-def]
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    table = Table(*(msg(f"col_{c}", lang) for c in ("board", "chip", "mac", "result", "time")))
    table.columns[3].overflow = "fold"
    for result in results:
        words = escape(result_text(result, lang))
        table.add_row(result.board, result.chip or "?", result.mac or "-",
                      words if result.ok else f"[bold red]{words}[/]", f"{result.seconds:.1f} s")
    console = Console()
    console.print(table)
    console.print(msg("summary", lang, ok=sum(r.ok for r in results), total=len(results)))


class RichReporter:
    """A progress bar per board (rich), safe to call from the boards' threads."""

    def __init__(self, lang: str) -> None:
        from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn

        self.lang = lang
        self.bars = Progress(TextColumn("{task.description}"), TextColumn("{task.fields[chip]}"),
                             BarColumn(), TaskProgressColumn(), TextColumn("{task.fields[state]}"))
        self.tasks: dict[str, object] = {}
        self.lock = threading.Lock()

    def __enter__(self) -> RichReporter:
        self.bars.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.bars.stop()

    def started(self, board: str) -> None:
        with self.lock:
            self.tasks[board] = self.bars.add_task(board, total=None, chip="", state="")

    def stage(self, board: str, stage: str, detail: str = "") -> None:
        state = msg(f"stage_{stage}", self.lang, detail=detail)
        fields = {"chip": detail} if stage == "chip" else {}
        self.bars.update(self.tasks[board], state=state, **fields)  # type: ignore[arg-type]

    def progress(self, board: str, done: int, total: int) -> None:
        self.bars.update(self.tasks[board], completed=done, total=total)  # type: ignore

    def finished(self, result) -> None:  # type: ignore[no-untyped-def]
        state = result_text(result, self.lang) if result.ok else msg("failed", self.lang)
        self.bars.update(self.tasks[result.board], state=state,  # type: ignore[arg-type]
                         completed=1 if result.ok else 0, total=1)

