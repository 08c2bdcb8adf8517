"""``terakoya device``: a simulated board for mpremote, Thonny and Mu, served on a
pseudo-terminal (Linux, macOS), or on 127.0.0.1 over RFC 2217 (mpremote, pyserial) or as a
WebREPL (Thonny) on every computer.

It prints how to connect and serves until Ctrl-C. Imports only the standard library at the
top; the board and its REPL protocols live in host_tools/device.py (device_net.py,
device_webrepl.py for the network).
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from .usage import board_help

if TYPE_CHECKING:
    from .host_tools.device import CoreDevice, LineServer

MESSAGES: dict[str, tuple[str, str]] = {
    "ready": (
        "A simulated {board} is ready on the port {path}\n"
        "Use it as a board plugged in by USB, for example:\n"
        "  mpremote connect {path} repl\n"
        "  mpremote connect {path} fs cp main.py :main.py\n"
        "In Thonny: Tools > Options > Interpreter, port {path} (a Thonny that does not list "
        "it can use 'terakoya device --serve webrepl').\n"
        "Press Ctrl-C here to switch the board off.",
        "シミュレーションの {board} をポート {path} で使えます。\n"
        "USB でつないだボードと同じように使えます。例:\n"
        "  mpremote connect {path} repl\n"
        "  mpremote connect {path} fs cp main.py :main.py\n"
        "Thonny では「ツール > オプション > インタープリター」でポート {path} を選びます"
        "（一覧にないときは 'terakoya device --serve webrepl' を使ってください）。\n"
        "ここで Ctrl-C を押すとボードの電源が切れます。"),
    "ready_rfc2217": (
        "A simulated {board} is ready at {path} (a serial port over RFC 2217, on this "
        "computer only)\n"
        "Use it from mpremote as a board plugged in by USB, for example:\n"
        "  mpremote connect port:{path} exec \"print('hello')\"\n"
        "  mpremote connect port:{path} fs cp main.py :main.py\n"
        "  mpremote connect port:{path} fs ls\n"
        "mpremote's interactive 'repl' does not work over RFC 2217 (a known mpremote 1.29 "
        "problem); for a REPL, use Thonny with 'terakoya device --serve webrepl'.\n"
        "Press Ctrl-C here to switch the board off.",
        "シミュレーションの {board} を {path} で使えます（RFC 2217 のシリアルポート。"
        "このコンピューターからだけ）。\n"
        "mpremote から USB でつないだボードと同じように使えます。例:\n"
        "  mpremote connect port:{path} exec \"print('hello')\"\n"
        "  mpremote connect port:{path} fs cp main.py :main.py\n"
        "  mpremote connect port:{path} fs ls\n"
        "mpremote の対話的な repl は RFC 2217 では動きません（mpremote 1.29 の既知の問題）。"
        "REPL を使うには 'terakoya device --serve webrepl' で Thonny を使ってください。\n"
        "ここで Ctrl-C を押すとボードの電源が切れます。"),
    "ready_webrepl": (
        "A simulated {board} is ready as a WebREPL at {path} (on this computer only)\n"
        "In Thonny: Tools > Options > Interpreter, choose MicroPython (generic), then as the "
        "port '< WebREPL >', the URL {path} and the password {password}\n"
        "Press Ctrl-C here to switch the board off.",
        "シミュレーションの {board} を WebREPL として {path} で使えます"
        "（このコンピューターからだけ）。\n"
        "Thonny では「ツール > オプション > インタープリター」で MicroPython (generic) を選び、"
        "ポートに「< WebREPL >」、URL に {path}、パスワードに {password} を入れます。\n"
        "ここで Ctrl-C を押すとボードの電源が切れます。"),
    "window": ("The board is also shown in a window; closing the window switches it off.",
               "ボードはウィンドウにも表示されます。ウィンドウを閉じるとボードの電源が切れます。"),
    "no_screen": ("There is no screen to open a window on; the board runs without one.",
                  "ウィンドウを開く画面がないので、ウィンドウなしでボードを動かします。"),
    "stopped": ("The simulated board is switched off.",
                "シミュレーションのボードの電源を切りました。"),
    "no_pty": (
        "--serve pty needs a pseudo-terminal, which this computer (Windows) does not have. "
        "Use --serve rfc2217 (for mpremote) or --serve webrepl (for Thonny).",
        "--serve pty には疑似端末が必要ですが、このコンピューター（Windows）にはありません。"
        "--serve rfc2217（mpremote 用）か --serve webrepl（Thonny 用）を使ってください。"),
    "bad_port": ("--port must be a number from 0 to 65535 (you gave {value}).",
                 "--port には 0 から 65535 までの数を書いてください（指定された値: {value}）。"),
    "port_not_pty": ("--port and --password are for --serve rfc2217 or --serve webrepl.",
                     "--port と --password は --serve rfc2217 か --serve webrepl で使います。"),
    "password_not_webrepl": ("--password is for --serve webrepl.",
                             "--password は --serve webrepl で使います。"),
    "bad_password": ("The WebREPL password must be 4 to 9 letters, digits or signs, as on a "
                     "board (you gave {count} characters).",
                     "WebREPL のパスワードは、本物のボードと同じく 4 ～ 9 文字の英数字や記号に"
                     "してください（指定された文字数: {count}）。"),
    "port_in_use": ("The port {port} on this computer is in use (another board or program?). "
                    "Choose another with --port, or leave --port out.",
                    "このコンピューターのポート {port} は使われています（ほかのボードか"
                    "プログラム？）。--port で別の番号を選ぶか、--port を書かずに動かして"
                    "ください。"),
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

BAUD = 115200  # the boards' UART (micro:bit, ESP32), which a USB chip passes on
SERVES = ("pty", "rfc2217", "webrepl")
DEFAULT_PORTS = {"rfc2217": 2217, "webrepl": 8266}  # 8266: WebREPL's own
PORT_TRIES = 20  # without --port: the default one, or the next free one after it
PASSWORD_LETTERS = "abcdefghjkmnpqrstuvwxyz23456789"  # none that look alike


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
                     help=f"how fast its serial line is, as a real board's (default: {BAUD}); "
                          "0: as fast as this computer can")
    sub.add_argument("--serve", choices=SERVES, default=None,
                     help="how tools reach the board: pty (a serial port; Linux and macOS), "
                          "rfc2217 (a serial port on 127.0.0.1, for mpremote) or webrepl "
                          "(a WebREPL on 127.0.0.1, for Thonny) (default: pty; on Windows: "
                          "rfc2217)")
    sub.add_argument("--port", type=int, default=None,
                     help="with rfc2217 or webrepl: the port number on 127.0.0.1 (default: "
                          "2217 or 8266, or the next free one; 0: any free one)")
    sub.add_argument("--password", default=None,
                     help="with webrepl: its password, 4 to 9 characters (default: a new one, "
                          "shown when the board is ready)")
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
    _check_serving(args, lang)
    if args.serve == "pty" and os.name == "nt":
        print(tr("no_pty", lang), file=sys.stderr)
        return 1
    if not args.speed > 0:
        raise UsageError(tr("bad_speed", lang, value=args.speed))
    if args.baud < 0:
        raise UsageError(tr("bad_baud", lang, value=args.baud))
    from .host_tools import device_files

    if not device_files.valid_name(args.name):
        raise UsageError(tr("bad_name", lang, value=args.name))
    kept = device_files.KeptBoard() if args.fresh else device_files.load_board(args.board,
                                                                                args.name)
    files = {**kept.files, **_program_files(args.program, lang)}
    how = Serving(args.serve, args.port, args.password or "")
    return serve(files, args.board, args.speed, lang, baud=args.baud or None,
                 window=args.window, frames=args.frames, name=args.name,
                 folders=kept.folders, how=how)


class Serving:
    """How the board is served: ``kind`` (pty, rfc2217, webrepl), the TCP ``port`` asked
    for (None: the kind's own, or the next free one), the WebREPL ``password``."""

    def __init__(self, kind: str = "pty", port: int | None = None, password: str = ""):
        self.kind, self.port = kind, port
        self.password = password or "".join(secrets.choice(PASSWORD_LETTERS) for _ in range(8))


def _check_serving(args: argparse.Namespace, lang: str) -> None:
    """--serve, --port and --password make sense together (the default kind: pty, and on
    Windows rfc2217)."""
    from .usage import UsageError

    if args.serve is None:
        args.serve = "rfc2217" if os.name == "nt" else "pty"
    if args.serve == "pty" and (args.port is not None or args.password is not None):
        raise UsageError(tr("port_not_pty", lang))
    if args.serve != "webrepl" and args.password is not None:
        raise UsageError(tr("password_not_webrepl", lang))
    if args.port is not None and not 0 <= args.port <= 65535:
        raise UsageError(tr("bad_port", lang, value=args.port))
    password = args.password
    if password is not None and not (4 <= len(password) <= 9 and password.isprintable()
                                      and password.isascii() and " " not in password):
        raise UsageError(tr("bad_password", lang, count=len(password)))


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
                power_on: bool = True, folders: list[str] | tuple[str, ...] = ()) -> CoreDevice:
    """A simulated board (holding ``files``, and the empty ``folders`` a board with folders
    had) whose own MicroPython core runs its REPL, switched on unless ``power_on`` is false."""
    from .host_tools.device import CoreDevice
    from .simulator.runner.core_program import CoreProgram
    from .simulator.runner.session import Simulation

    sim = Simulation()
    sim_board = sim.add_board(files=dict(files or {}), kind=board, start=False)
    device = CoreDevice(sim, sim_board,
                        lambda model: CoreProgram(model, repl=True, boot_log=True), False)
    device.make_folders(list(folders))
    if power_on:
        device.power_on()
    return device


def open_server(device: CoreDevice, speed: float, baud: int | None, how: Serving,
                lang: str) -> LineServer:
    """The server for ``how``: a pty, or RFC 2217 or WebREPL on 127.0.0.1."""
    from .host_tools.device import PtyServer

    if how.kind == "pty":
        return PtyServer(device, speed, baud)
    from .host_tools.device_net import PortInUse, Rfc2217Server
    from .host_tools.device_webrepl import WebReplServer
    from .usage import UsageError

    port = DEFAULT_PORTS[how.kind] if how.port is None else how.port
    tries = PORT_TRIES if how.port is None else 1
    try:
        if how.kind == "webrepl":
            return WebReplServer(device, speed, baud, port, tries, password=how.password)
        return Rfc2217Server(device, speed, baud, port, tries)
    except PortInUse:
        raise UsageError(tr("port_in_use", lang, port=port)) from None


def ready_text(device: CoreDevice, server: LineServer, how: Serving, lang: str) -> str:
    spec = device.model.spec
    key = "ready" if how.kind == "pty" else f"ready_{how.kind}"
    return tr(key, lang, board=spec.name(lang), path=server.address, password=how.password)


def serve(files: dict[str, bytes], board: str, speed: float, lang: str, *,
          baud: int | None = BAUD, window: bool = False, frames: int | None = None,
          name: str | None = None, folders: list[str] | tuple[str, ...] = (),
          how: Serving | None = None) -> int:
    """Run the board (on a new pseudo-terminal, or as ``how`` says) until Ctrl-C (or the
    window is closed); with a ``name``, its files are kept when it is switched off."""
    from .host_tools import device_files

    how = how or Serving()
    device = make_device(files, board, power_on=not window, folders=folders)
    with device, open_server(device, speed, baud, how, lang) as server:
        print(ready_text(device, server, how, lang), flush=True)
        try:
            if not (window and _show_window(device, server, speed, lang, frames)):
                if window:  # no screen after all: the window did not switch it on
                    device.power_on()
                _serve_until_ctrl_c(server)
        except KeyboardInterrupt:
            pass
        finally:
            if name is not None:
                kept = device_files.save(board, name, dict(device.model.files),
                                         device.folders())
                print(tr("kept", lang, path=kept), flush=True)
    print(tr("stopped", lang), flush=True)
    return 0


def _serve_until_ctrl_c(server: LineServer) -> None:
    """Serve; Ctrl-C asks the server to stop between two looks at the line (a
    KeyboardInterrupt in the middle of the board's time could leave it half-switched)."""
    if threading.current_thread() is not threading.main_thread():
        server.serve_forever()
        return
    previous = signal.signal(signal.SIGINT, lambda *_: server.stop())
    try:
        server.serve_forever()
    finally:
        signal.signal(signal.SIGINT, previous)


def _show_window(device: CoreDevice, server: LineServer, speed: float, lang: str,
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
