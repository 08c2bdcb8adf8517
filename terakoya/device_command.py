"""``terakoya device``: a simulated board on a pseudo-terminal, for mpremote, Thonny and Mu.

It prints the port's path and serves until Ctrl-C. Imports only the standard library at the
top; the board and its REPL protocols live in host_tools/device.py.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .usage import board_help

if TYPE_CHECKING:
    from .host_tools.device import CoreDevice, PtyServer

MESSAGES: dict[str, tuple[str, str]] = {
    "ready": (
        "A simulated {board} is ready on the port {path}\n"
        "Use it as a board plugged in by USB, for example:\n"
        "  mpremote connect {path} repl\n"
        "  mpremote connect {path} fs cp main.py :main.py\n"
        "In Thonny: Tools > Options > Interpreter, port {path}.\n"
        "Press Ctrl-C here to switch the board off.",
        "シミュレーションの {board} をポート {path} で使えます。\n"
        "USB でつないだボードと同じように使えます。例:\n"
        "  mpremote connect {path} repl\n"
        "  mpremote connect {path} fs cp main.py :main.py\n"
        "Thonny では「ツール > オプション > インタープリター」でポート {path} を選びます。\n"
        "ここで Ctrl-C を押すとボードの電源が切れます。"),
    "window": ("The board is also shown in a window; closing the window switches it off.",
               "ボードはウィンドウにも表示されます。ウィンドウを閉じるとボードの電源が切れます。"),
    "no_screen": ("There is no screen to open a window on; the board runs without one.",
                  "ウィンドウを開く画面がないので、ウィンドウなしでボードを動かします。"),
    "stopped": ("The simulated board is switched off.",
                "シミュレーションのボードの電源を切りました。"),
    "no_pty": (
        "terakoya device needs a pseudo-terminal, which this computer (Windows) does not have. "
        "Use Linux or macOS, or use 'terakoya sim' to try programs.",
        "terakoya device には疑似端末が必要ですが、このコンピューター（Windows）にはありません。"
        "Linux か macOS を使うか、プログラムを試すには 'terakoya sim' を使ってください。"),
    "bad_speed": ("--speed must be a number greater than 0 (you gave {value}).",
                  "--speed には 0 より大きい数を書いてください（指定された値: {value}）。"),
    "bad_baud": ("--baud must be 0 or more (you gave {value}).",
                 "--baud には 0 以上の数を書いてください（指定された値: {value}）。"),
    "bad_name": ("--name may have letters, digits, '-' and '_' only (you gave {value!r}).",
                 "--name には英数字と「-」「_」だけが使えます（指定された値: {value!r}）。"),
    "kept": ("The board's files are kept in {path} for its next run (--fresh: start empty).",
             "ボードのファイルは {path} に残しました。次に動かすときに使われます"
             "（--fresh で空のボードから始めます）。"),
    "no_device": ("The {board} cannot be served as a virtual board yet.",
                  "{board} はまだ仮想ボードとして使えません。"),
    "no_program": ("Cannot find '{path}'. Give a .py file or a folder with main.py.",
                   "「{path}」が見つかりません。.py ファイルか、main.py の入ったフォルダーを"
                   "指定してください。"),
}

BAUD = 115200  # the micro:bit's UART, which its USB interface chip passes on


def tr(key: str, lang: str, **params: object) -> str:
    english, japanese = MESSAGES[key]
    return (japanese if lang == "ja" else english).format(**params)


def add_arguments(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("program", nargs="?", metavar="FILE",
                     help="a program to put on the board as main.py first (a .py file, or a "
                          "folder with main.py); none: an empty board")
    sub.add_argument("--board", default="microbit", help=board_help())
    sub.add_argument("--speed", type=float, default=1.0,
                     help="how fast the board's time (and so its serial line) runs against "
                          "the wall clock (default: 1)")
    sub.add_argument("--baud", type=int, default=BAUD,
                     help=f"how fast its serial line is, as a real micro:bit's (default: {BAUD}); "
                          "0: as fast as this computer can")
    sub.add_argument("--window", action="store_true",
                     help="also show the board in the simulator window (press its buttons, "
                          "tilt it, see its LEDs)")
    sub.add_argument("--name", default="1",
                     help="the board's name: its files are kept under it between runs "
                          "(default: 1; give each board of a class set its own)")
    sub.add_argument("--fresh", action="store_true",
                     help="start with an empty board (its kept files are replaced when it "
                          "is switched off)")
    sub.add_argument("--frames", type=int, default=None, help=argparse.SUPPRESS)  # tests


def handler(args: argparse.Namespace, lang: str) -> int:
    from .usage import UsageError, board_spec

    spec = board_spec(args.board, lang)
    if not spec.device:
        raise UsageError(tr("no_device", lang, board=spec.name(lang)))
    args.board = spec.id
    if os.name == "nt":
        print(tr("no_pty", lang), file=sys.stderr)
        return 1
    if not args.speed > 0:
        raise UsageError(tr("bad_speed", lang, value=args.speed))
    if args.baud < 0:
        raise UsageError(tr("bad_baud", lang, value=args.baud))
    from .host_tools import device_files

    if not device_files.valid_name(args.name):
        raise UsageError(tr("bad_name", lang, value=args.name))
    kept = {} if args.fresh else device_files.load(args.board, args.name)
    files = {**kept, **_program_files(args.program, lang)}
    return serve(files, args.board, args.speed, lang, baud=args.baud or None,
                 window=args.window, frames=args.frames, name=args.name)


def _program_files(program: str | None, lang: str) -> dict[str, bytes]:
    from .simulator.runner.session import load_program_files
    from .usage import UsageError

    if program is None:
        return {}
    try:
        return load_program_files(Path(program))
    except OSError:
        raise UsageError(tr("no_program", lang, path=program)) from None


def make_device(files: dict[str, bytes] | None = None, board: str = "microbit",
                power_on: bool = True) -> CoreDevice:
    """A simulated board (holding ``files``) whose own MicroPython core runs its REPL,
    switched on unless ``power_on`` is false."""
    from .host_tools.device import CoreDevice
    from .simulator.runner.core_program import CoreProgram
    from .simulator.runner.session import Simulation

    sim = Simulation()
    sim_board = sim.add_board(files=dict(files or {}), kind=board, start=False)
    return CoreDevice(sim, sim_board, lambda model: CoreProgram(model, repl=True, boot_log=True),
                      power_on)


def serve(files: dict[str, bytes], board: str, speed: float, lang: str, *,
          baud: int | None = BAUD, window: bool = False, frames: int | None = None,
          name: str | None = None) -> int:
    """Run the board on a new pseudo-terminal until Ctrl-C (or the window is closed); with
    a ``name``, its files are kept when it is switched off."""
    from .host_tools import device_files
    from .host_tools.device import PtyServer

    with make_device(files, board, power_on=not window) as device, \
            PtyServer(device, speed, baud) as server:
        name_words = device.model.spec.name
        print(tr("ready", lang, board=name_words(lang), path=server.path), flush=True)
        try:
            if not (window and _show_window(device, server, speed, lang, frames)):
                if window:  # no screen after all: the window did not switch it on
                    device.power_on()
                server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            if name is not None:
                kept = device_files.save(board, name, dict(device.model.files))
                print(tr("kept", lang, path=kept), flush=True)
    print(tr("stopped", lang), flush=True)
    return 0


def _show_window(device: CoreDevice, server: PtyServer, speed: float, lang: str,
                 frames: int | None) -> bool:
    """Serve the port from the window's loop; False if there is no screen for a window."""
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    from .host_tools.device import FrameDriven
    from .simulator.ui.app import NoScreen, WindowOptions, run_window

    options = WindowOptions(paths=[], lang=lang, speed=speed, frames=frames,
                            attached=FrameDriven(device, server),
                            on_open=lambda: print(tr("window", lang), flush=True))
    try:
        run_window(options)
    except NoScreen:
        print(tr("no_screen", lang), file=sys.stderr, flush=True)
        return False
    return True
