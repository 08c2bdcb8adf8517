"""``terakoya serve``: the classroom simulator in the pupils' browsers.

The teacher runs it on the teacher's PC or a Raspberry Pi; it prints the address pupils open
(with a QR code), the class code they type, and the teacher's own link. Pupils' work is kept
under Terakoya's data folder (``TERAKOYA_DATA``), per class code and nickname.

Imports only the standard library at the top (the CLI imports this module to build its parser).
"""

from __future__ import annotations

import argparse
import logging
import re
import secrets
import socket
import sys
from pathlib import Path

from .usage import UsageError

PORT = 8000
CODE = re.compile(r"^[A-Za-z0-9]{4,12}$")

MESSAGES: dict[str, tuple[str, str]] = {
    "ready": ("Terakoya classroom is ready.", "てらこや 教室の 準備ができました。"),
    "open": ("Pupils open: {url}", "子どもたちが 開くアドレス: {url}"),
    "code": ("Class code: {code}", "クラスコード: {code}"),
    "teacher": ("Your page (keep this link to yourself): {url}",
                "先生の ページ（このリンクは 子どもに 見せないでください）: {url}"),
    "local_only": ("Only this computer can open it (--local). Without --local, pupils' devices "
                   "on the classroom network can.",
                   "このコンピューターからしか 開けません（--local）。--local を付けなければ、"
                   "教室のネットワークの 端末から 開けます。"),
    "no_lan": ("This computer has no classroom network address; pupils cannot reach it yet. "
               "Connect it to the classroom's Wi-Fi and start again.",
               "このコンピューターには 教室のネットワークの アドレスがありません。"
               "教室の Wi-Fi につないでから、もう一度 起動してください。"),
    "saved_in": ("Pupils' work is saved in {folder}", "子どもたちの プログラムの 保存先: {folder}"),
    "stop_hint": ("Press Ctrl+C to stop.", "Ctrl+C で 終わります。"),
    "stopped": ("Terakoya classroom stopped. Pupils' work is saved.",
                "てらこや 教室を 終わりました。子どもたちの プログラムは 保存されています。"),
    "bad_code": ("The class code must be 4 to 12 letters or digits (you gave {code!r}).",
                 "クラスコードは 4〜12 文字の 英字か 数字にしてください"
                 "（{code!r} が 指定されました）。"),
    "bad_port": ("--port must be between 1 and 65535 (you gave {port}).",
                 "--port は 1 から 65535 の 間にしてください（{port} が 指定されました）。"),
    "port_busy": ("Port {port} is in use by another program. Choose another with --port "
                  "(for example --port {other}).",
                  "ポート {port} は ほかのプログラムが 使っています。--port で べつの ポートを "
                  "指定してください（たとえば --port {other}）。"),
    "missing": ("terakoya serve needs the packages starlette, uvicorn and segno: "
                "python -m pip install starlette uvicorn segno",
                "terakoya serve には starlette、uvicorn、segno が 必要です: "
                "python -m pip install starlette uvicorn segno"),
}


def tr(key: str, lang: str, **params: object) -> str:
    english, japanese = MESSAGES[key]
    return (japanese if lang == "ja" else english).format(**params)


def add_arguments(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--port", type=int, default=PORT, metavar="N",
                     help=f"the port pupils' browsers connect to (default: {PORT})")
    sub.add_argument("--code", metavar="CODE",
                     help="the class code pupils type (4 to 12 letters or digits; default: a "
                          "new 6-digit code)")
    sub.add_argument("--class-lang", choices=("en", "ja"),
                     help="the pages' language for everyone (default: each browser's language)")
    sub.add_argument("--local", action="store_true",
                     help="only this computer can open the pages (default: the classroom "
                          "network too)")
    sub.add_argument("--data", type=Path, metavar="FOLDER",
                     help="where pupils' work is kept (default: Terakoya's data folder, "
                          "TERAKOYA_DATA)")


def handler(args: argparse.Namespace, lang: str) -> int:
    if not 1 <= args.port <= 65535:
        raise UsageError(tr("bad_port", lang, port=args.port))
    code = args.code if args.code is not None else f"{secrets.randbelow(10 ** 6):06d}"
    if not CODE.match(code):
        raise UsageError(tr("bad_code", lang, code=code))
    try:
        import segno  # noqa: F401
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        print(f"terakoya: {tr('missing', lang)}", file=sys.stderr)
        return 1
    return serve(args, code, lang)


def lan_address() -> str | None:
    """This computer's address on the classroom network (no packet is sent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address


def serve(args: argparse.Namespace, code: str, lang: str) -> int:
    import segno
    import uvicorn

    from .host_tools.check.run import check_paths
    from .host_tools.paths import data_dir
    from .serve.app import MAX_SOCKET_MESSAGE, create_app
    from .serve.classroom import Classroom

    data = args.data if args.data is not None else data_dir()
    lan = None if args.local else lan_address()
    host = "127.0.0.1" if args.local else "0.0.0.0"
    url = f"http://{lan or '127.0.0.1'}:{args.port}/"
    classroom = Classroom(code, data, args.class_lang, checker=checker(check_paths))
    classroom.pages.bind_host = host  # boards' own web pages: on the same network as the class
    if _port_busy(host, args.port):
        raise UsageError(tr("port_busy", lang, port=args.port, other=args.port + 1))
    _plain_logging()
    lines = [tr("ready", lang), tr("open", lang, url=url)]
    print("\n".join(lines), flush=True)
    segno.make(url, error="m").terminal(compact=True)
    print("\n".join([tr("code", lang, code=code),
                     tr("teacher", lang, url=f"{url}teacher?key={classroom.teacher_key}"),
                     tr("saved_in", lang, folder=classroom.store.folder)]
                    + ([tr("local_only", lang)] if args.local else [])
                    + ([] if args.local or lan else [tr("no_lan", lang)])
                    + [tr("stop_hint", lang)]), flush=True)
    config = uvicorn.Config(create_app(classroom, url), host=host, port=args.port,
                            log_level="warning", ws_max_size=MAX_SOCKET_MESSAGE,
                            access_log=False, lifespan="on")
    try:
        uvicorn.Server(config).run()
    except KeyboardInterrupt:
        pass
    finally:
        classroom.close()
    print(tr("stopped", lang), flush=True)
    return 0


def checker(check_paths):  # type: ignore[no-untyped-def]
    """``terakoya check`` for one program at a time (it is the slow part of a Run)."""
    import threading

    gate = threading.Semaphore(1)

    def check(path: Path, board: str) -> list:
        with gate:
            try:
                return check_paths([path], board)
            except Exception as problem:  # the checker failing must never stop a Run
                logging.getLogger("terakoya.serve").warning(
                    "terakoya check could not check a program (%s)", problem)
                return []
    return check


def _port_busy(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError:
            return True
    return False


def _plain_logging() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S")
