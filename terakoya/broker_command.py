"""``terakoya broker``: the classroom's MQTT broker and its live page, until Ctrl-C.

Boards (real or simulated) and phone apps connect to the broker; the page shows who is
connected, every topic's last message and charts of numbers. With ``--broker HOST:PORT`` it
shows a broker the class already runs (mosquitto) instead of starting one.

The MQTT port stays what people asked for (1883 unless ``--port``), because the boards'
programs have it written in them: a busy port is never swapped for another one silently. If
an MQTT broker already answers there (mosquitto installed as a service, say), the boards can
use that one, so it is shown instead of starting a second, and the terminal says so. The
page's port is only read off the terminal, so a busy default one is replaced by a free one.

Imports only the standard library at the top; the broker lives in simulator/runner/broker.py
and the page in broker_page.py.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import time
from typing import TYPE_CHECKING

from .usage import UsageError

if TYPE_CHECKING:
    from .simulator.runner.broker import Address, BrokerWatcher, EmbeddedBroker

MQTT_PORT = 1883
WEB_PORT = 8080

MESSAGES: dict[str, tuple[str, str]] = {
    "ready": ("Terakoya's MQTT broker is running.", "Terakoya の MQTT ブローカーが動いています。"),
    "watching": ("Showing the MQTT broker at {where}.",
                 "{where} の MQTT ブローカーを表示しています。"),
    "connect": ("  Boards and apps connect to:  {address}", "  ボードやアプリの接続先:  {address}"),
    "address": ("{host}, port {port}", "{host}、ポート {port}"),
    "page": ("  The live page:  {url}", "  ようすを見るページ:  {url}"),
    "page_lan": ("  The live page:  {url}  (on phones and other computers: {lan_url})",
                 "  ようすを見るページ:  {url}  "
                 "（スマートフォンやほかのコンピューターでは {lan_url}）"),
    "local_only": (
        "Only programs on this computer (such as the simulator) can connect. For real boards "
        "and phones on the classroom network, start it with --lan.",
        "つなげるのは、このコンピューターのプログラム（シミュレーターなど）だけです。"
        "教室のネットワークの本物のボードやスマートフォンからつなぐには、--lan をつけて"
        "起動してください。"),
    "lan": ("Phones and boards on this network can connect, with no password.",
            "このネットワークのスマートフォンやボードがつなげます（パスワードはいりません）。"),
    "no_lan": (
        "This computer has no network address now (is it on the classroom Wi-Fi?): until it "
        "has one, only this computer can connect.",
        "このコンピューターには、いまネットワークのアドレスがありません（教室の Wi-Fi に"
        "つながっていますか？）。つながるまでは、このコンピューターからしか使えません。"),
    "stop_hint": ("Press Ctrl-C here to stop.", "止めるには、ここで Ctrl-C を押してください。"),
    "already": (
        "Another MQTT broker is already running on port {port} of this computer (perhaps "
        "mosquitto, or another 'terakoya broker'). Boards and apps can use it as it is, so "
        "Terakoya shows its messages instead of starting a second broker. (For Terakoya's "
        "own broker, stop the other one, or choose another port with --port.)",
        "このコンピューターのポート {port} では、ほかの MQTT ブローカー（mosquitto や、"
        "別の terakoya broker など）が"
        "もう動いています。ボードやアプリはそのまま使えるので、Terakoya は 2 つめの"
        "ブローカーを起動せず、そのブローカーのメッセージを表示します。（Terakoya の"
        "ブローカーを使うには、もう一方を止めるか、--port で別のポートを選んでください。）"),
    "already_lan": (
        "Whether phones and boards on the network can connect depends on that broker's "
        "settings (mosquitto 2 lets in only this computer unless its configuration has "
        "'listener {port}' and 'allow_anonymous true').",
        "ネットワークのスマートフォンやボードがつなげるかどうかは、そのブローカーの設定"
        "しだいです（mosquitto 2 は、設定に「listener {port}」と「allow_anonymous true」が"
        "なければ、このコンピューターからしかつなげません）。"),
    "port_busy": (
        "Port {port} is already used by another program on this computer (not an MQTT "
        "broker). Close that program, or choose another port: terakoya broker --port {other} "
        "(boards and apps must then use {other} too).",
        "ポート {port} は、このコンピューターのほかのプログラム（MQTT ブローカーではない"
        "もの）が使っています。そのプログラムを終了するか、別のポートを選んでください: "
        "terakoya broker --port {other}（ボードやアプリも {other} を使うようにします）。"),
    "web_busy": (
        "Port {port} for the page is already used by another program: choose another with "
        "--web-port, or leave --web-port out to take a free one.",
        "ページ用のポート {port} は、ほかのプログラムが使っています。--web-port で別のポートを"
        "選ぶか、--web-port を書かずに空いているポートを使ってください。"),
    "web_moved": ("(Port {port} was taken, so the page uses another one.)",
                  "（ポート {port} は使われていたので、ページは別のポートを使います。）"),
    "bad_port": (
        "{option} must be a whole number from 1 to 65535 (0: any free port); you gave {value}.",
        "{option} には 1 から 65535 までの整数を書いてください（0 は空いているポート）。"
        "指定された値: {value}"),
    "both": ("Give either --broker (a broker that is already running) or --port (for "
             "Terakoya's own broker), not both.",
             "--broker（すでに動いているブローカー）か --port（Terakoya のブローカー）の"
             "どちらかだけを書いてください。"),
    "back": ("Connected to the MQTT broker at {where} again.",
             "{where} の MQTT ブローカーにまたつながりました。"),
    "stopped": ("The MQTT broker has stopped.", "MQTT ブローカーを止めました。"),
    "stopped_watching": ("Stopped showing {where}; that broker goes on running.",
                         "{where} の表示をやめました。そのブローカーは動き続けます。"),
}


def tr(key: str, lang: str, **params: object) -> str:
    english, japanese = MESSAGES[key]
    return (japanese if lang == "ja" else english).format(**params)


def add_arguments(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--port", type=int, metavar="N",
                     help=f"the MQTT port boards and apps connect to (default: {MQTT_PORT}; "
                          "0: any free port)")
    sub.add_argument("--web-port", type=int, metavar="N",
                     help=f"the port of the live page (default: {WEB_PORT}, or a free one if "
                          "that is taken)")
    sub.add_argument("--lan", action="store_true",
                     help="let phones and boards on the classroom network connect (without "
                          "it: this computer only)")
    sub.add_argument("--broker", metavar="HOST:PORT",
                     help="show a broker the class already runs (such as mosquitto) instead "
                          "of starting one")
    sub.add_argument("--open", action="store_true", help="open the live page in the web browser")


def handler(args: argparse.Namespace, lang: str) -> int:
    from .simulator.runner.broker import BrokerError

    for option, value in (("--port", args.port), ("--web-port", args.web_port)):
        if value is not None and not 0 <= value <= 65535:
            raise UsageError(tr("bad_port", lang, option=option, value=value))
    if args.broker is not None and args.port is not None:
        raise UsageError(tr("both", lang))
    try:
        return serve(args, lang)
    except BrokerError as problem:
        print(f"terakoya: {problem.text(lang)}", file=sys.stderr)
        return 1


class Source:
    """Where the messages come from: Terakoya's own broker, or one already running."""

    def __init__(self, watch: Address, shown: Address, broker: EmbeddedBroker | None = None,
                 notes: tuple[str, ...] = (), remote: bool = False):
        self.watch, self.shown, self.broker = watch, shown, broker
        self.notes, self.remote = list(notes), remote


def serve(args: argparse.Namespace, lang: str) -> int:
    """Start (or find) the broker, watch it, serve the page; until Ctrl-C."""
    from .simulator.runner.broker import BrokerWatcher, lan_address

    lan = lan_address() if args.lan else None
    with contextlib.ExitStack() as stack:
        source = _source(args, lan, lang, stack)
        clients = source.broker.clients if source.broker else None
        watcher = stack.enter_context(BrokerWatcher(*source.watch, clients=clients))
        address = tr("address", lang, host=source.shown.host, port=source.shown.port)
        page, notes = _start_page(args, watcher, address, lang)
        stack.callback(page.stop)
        url = f"http://127.0.0.1:{page.port}/"
        try:  # Ctrl-C, or a polite kill (SIGTERM, see _wait), from the moment it is told
            print("\n".join(_ready_lines(args, source, address, url, lan, notes, lang)),
                  flush=True)
            if args.open:
                import webbrowser

                webbrowser.open(url)
            _wait(watcher, source.watch, lang)
        except KeyboardInterrupt:
            pass
    if source.broker is None:
        print(tr("stopped_watching", lang, where=source.watch), flush=True)
    else:
        print(tr("stopped", lang), flush=True)
    return 0


def _source(args: argparse.Namespace, lan: str | None, lang: str,
            stack: contextlib.ExitStack) -> Source:
    from .simulator.runner.broker import (
        Address,
        BrokerError,
        EmbeddedBroker,
        PortInUse,
        broker_reachable,
        parse_broker_address,
    )

    if args.broker is not None:
        try:
            where = parse_broker_address(args.broker)
        except BrokerError as typed:  # mistyped: a usage problem (exit code 2)
            raise UsageError(typed.text(lang)) from None
        found = broker_reachable(*where)
        if not found:
            raise BrokerError(found.en, found.ja)
        return Source(where, where, remote=True)
    port = MQTT_PORT if args.port is None else args.port
    shown_host = lan or "127.0.0.1"
    if port and broker_reachable("127.0.0.1", port, timeout=1.0):
        notes = [tr("already", lang, port=port)]
        if args.lan:
            notes.append(tr("already_lan", lang, port=port))
        return Source(Address("127.0.0.1", port), Address(shown_host, port), notes=tuple(notes))
    broker = EmbeddedBroker("0.0.0.0" if args.lan else "127.0.0.1", port)
    try:
        port = broker.start().port
    except PortInUse:
        other = port + 1 if port < 65535 else 1884
        raise BrokerError(tr("port_busy", "en", port=port, other=other),
                          tr("port_busy", "ja", port=port, other=other)) from None
    stack.callback(broker.stop)
    return Source(Address("127.0.0.1", port), Address(shown_host, port), broker)


def _start_page(args: argparse.Namespace, watcher: BrokerWatcher, address: str,
                lang: str) -> tuple[object, list[str]]:
    from .broker_page import BrokerPage
    from .simulator.runner.broker import BrokerError

    host = "0.0.0.0" if args.lan else "127.0.0.1"
    port = WEB_PORT if args.web_port is None else args.web_port
    page = BrokerPage(watcher, lang, address, host, port)
    try:
        page.start()
        return page, []
    except OSError:
        if args.web_port is not None:
            raise BrokerError(tr("web_busy", "en", port=port),
                              tr("web_busy", "ja", port=port)) from None
    page = BrokerPage(watcher, lang, address, host, 0)
    page.start()
    return page, [tr("web_moved", lang, port=port)]


def _ready_lines(args: argparse.Namespace, source: Source, address: str, url: str,
                 lan: str | None, notes: list[str], lang: str) -> list[str]:
    watching = source.broker is None
    lines = [tr("watching", lang, where=source.watch) if watching else tr("ready", lang)]
    lines += source.notes
    lines.append(tr("connect", lang, address=address))
    if lan:
        lan_url = url.replace("127.0.0.1", lan)
        lines.append(tr("page_lan", lang, url=url, lan_url=lan_url))
    else:
        lines.append(tr("page", lang, url=url))
    lines += notes
    if not source.remote and not watching:
        lines.append(tr(("lan" if lan else "no_lan") if args.lan else "local_only", lang))
    lines.append(tr("stop_hint", lang))
    return lines


def _wait(watcher: BrokerWatcher, where: Address, lang: str) -> None:
    """Until Ctrl-C (or SIGTERM, as cleanly); says when the connection to a broker is lost
    and when it is back."""
    import signal
    import threading

    def stop(*_: object) -> None:
        raise KeyboardInterrupt

    main = threading.current_thread() is threading.main_thread()
    before = signal.signal(signal.SIGTERM, stop) if main else None
    try:
        was = True
        while True:
            time.sleep(0.5)
            state = watcher.state
            if state.connected != was:
                was = state.connected
                if was:
                    print(tr("back", lang, where=where), flush=True)
                elif state.problem is not None:
                    print(state.problem.text(lang), file=sys.stderr, flush=True)
    finally:
        if main:
            signal.signal(signal.SIGTERM, before)
