"""What the network tells a teacher during a run, one plain line each (stderr in
``terakoya run``, the console in the window): a board joined Wi-Fi or could not, asked for
something outside the classroom network, opened a web page the browser can visit, found no
broker. Pure: no pygame."""

from __future__ import annotations

from collections.abc import Callable

from ...i18n import tr
from ..model.events import Event, NetworkChanged
from ..model.network import REASON_AUTH_FAIL, Network

BOARD = {"en": "board {n}", "ja": "ボード{n}"}


class NetworkNotes:
    """A bus listener that writes NetworkChanged events as sentences."""

    def __init__(self, network: Network, write: Callable[[str], None], lang: str,
                 realtime: bool, broker: str):
        self.network, self.write, self.lang = network, write, lang
        self.realtime, self.broker = realtime, broker

    def __call__(self, event: Event) -> None:
        if isinstance(event, NetworkChanged):
            self.write(self.line(event))

    def line(self, event: NetworkChanged) -> str:
        return f"[{BOARD[self.lang].format(n=event.board)}] {self.sentence(event)}"

    def sentence(self, event: NetworkChanged) -> str:
        lang, name = self.lang, event.name
        if event.what == "wifi_failed":
            if int(event.detail or 0) == REASON_AUTH_FAIL:
                return tr("net_wrong_password", lang, name=name)
            names = ", ".join(f"「{p.ssid}」" if lang == "ja" else f"'{p.ssid}'"
                              for p in self.network.visible() if p.owner is None) or "-"
            return tr("net_no_network", lang, name=name, names=names)
        if event.what == "published":
            key = "net_published" if self.realtime else "net_published_later"
            return tr(key, lang, url=name, port=event.detail)
        if event.what == "broker_down":
            return tr("net_broker_down", lang, broker=self.broker)
        return tr(f"net_{event.what}", lang, name=name, address=event.detail)
