"""The live page of ``terakoya broker``: who is connected, each topic's last message and a
chart of its numbers, for a projector in a classroom with no internet.

Python's standard library serves it (``http.server``), with nothing fetched from elsewhere.
The HTML is made here, from the watcher's snapshot, and sent whole at first; then every
change comes as a Server-Sent Event (``/events``) with the page's parts made again, so the
page's one small script only swaps them in and adds new messages to an ``aria-live`` log.
``/api/state`` is the snapshot as JSON (for tools and tests).
"""

from __future__ import annotations

import html
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from .simulator.runner.broker import BrokerWatcher

SSE_GAP_S = 0.25  # at most four updates a second, however busy the broker
SSE_QUIET_S = 2.0  # looked at again this often (clients come and go without messages)
SSE_PING_S = 15.0  # a comment line this often keeps proxies and browsers from giving up
ANNOUNCE_MAX = 3  # more new messages than this at once are announced as one summary

WORDS: dict[str, dict[str, str]] = {
    "title": {"en": "Classroom MQTT broker", "ja": "教室の MQTT ブローカー"},
    "connect": {"en": "Boards and apps connect to", "ja": "ボードやアプリの接続先"},
    "live": {"en": "Updates by itself.", "ja": "自動で新しくなります。"},
    "page_lost": {"en": "The page lost its connection to Terakoya; trying again…",
                  "ja": "Terakoya との接続が切れました。つなぎ直しています…"},
    "clients": {"en": "Connected", "ja": "つながっているもの"},
    "count": {"en": "{n} connected", "ja": "{n} こ つながっています"},
    "nobody": {"en": "Nothing is connected yet.", "ja": "まだ何もつながっていません。"},
    "unknown": {"en": "This broker does not tell who is connected.",
                "ja": "このブローカーは、何がつながっているかを教えてくれません。"},
    "topics": {"en": "Topics", "ja": "トピック"},
    "no_topics": {"en": "No messages yet. When a board or app publishes, its topic appears here.",
                  "ja": "まだメッセージはありません。"
                        "ボードやアプリが送ると、そのトピックがここに出ます。"},
    "topic": {"en": "Topic", "ja": "トピック"},
    "last": {"en": "Last message", "ja": "最後のメッセージ"},
    "time": {"en": "Time", "ja": "時刻"},
    "messages": {"en": "Messages", "ja": "回数"},
    "chart": {"en": "Chart", "ja": "グラフ"},
    "bytes": {"en": "bytes", "ja": "バイト列"},
    "chart_words": {"en": "{n} numbers from {low} to {high}; the last is {last}",
                    "ja": "{n} こ の数。いちばん小さい {low}、いちばん大きい {high}、"
                          "最後は {last}"},
    "latest": {"en": "New messages", "ja": "新しいメッセージ"},
    "many": {"en": "{n} new messages; the last: {text}",
             "ja": "新しいメッセージ {n} こ。最後: {text}"},
}


def word(key: str, lang: str, **params: object) -> str:
    entry = WORDS[key]
    return entry.get(lang, entry["en"]).format(**params)


# -- the page's parts, made from a snapshot -------------------------------------------------
def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _clock(seconds: float) -> str:
    return time.strftime("%H:%M:%S", time.localtime(seconds))


def _number(value: float) -> str:
    return f"{value:.6g}"


def status_part(state: dict[str, Any], lang: str) -> str:
    problem = state.get("problem")
    if problem:
        return f'<p class="problem">{_e(problem.get(lang, problem["en"]))}</p>'
    return f"<p>{_e(word('live', lang))}</p>"


def clients_part(state: dict[str, Any], lang: str) -> str:
    clients = state["clients"]
    if clients["count"] is None:
        return f"<p>{_e(word('unknown', lang))}</p>"
    if not clients["count"]:
        return f"<p>{_e(word('nobody', lang))}</p>"
    text = f'<p class="count">{_e(word("count", lang, n=clients["count"]))}</p>'
    if clients["list"]:
        items = "".join(f'<li><span class="name">{_e(c["id"])}</span> '
                        f'<span class="where">{_e(c["address"])}</span></li>'
                        for c in clients["list"])
        text += f'<ul class="clients">{items}</ul>'
    return text


def chart(topic: str, numbers: list[list[float]], lang: str) -> str:
    """A line of the topic's numbers as inline SVG, described in words for screen readers."""
    if not numbers:
        return ""
    values = [v for _, v in numbers]
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    width, height, pad = 300, 80, 6
    step = (width - 2 * pad) / max(1, len(values) - 1)
    rise = (height - 2 * pad) / span
    points = " ".join(f"{pad + i * step:.1f},{height - pad - (v - low) * rise:.1f}"
                      for i, v in enumerate(values))
    words = word("chart_words", lang, n=len(values), low=_number(low), high=_number(high),
                 last=_number(values[-1]))
    label = f"{topic}: {words}"
    return (f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="{_e(label)}">'
            f'<rect x="0" y="0" width="{width}" height="{height}" class="bg"/>'
            f'<polyline points="{points}" class="line"/></svg>'
            f'<span class="range">{_e(_number(low))} – {_e(_number(high))}</span>')


def topics_part(state: dict[str, Any], lang: str) -> str:
    if not state["topics"]:
        return f"<p>{_e(word('no_topics', lang))}</p>"
    head = "".join(f'<th scope="col">{_e(word(k, lang))}</th>'
                   for k in ("topic", "last", "time", "messages", "chart"))
    rows = []
    for topic in state["topics"]:
        last = _e(topic["last"])
        if topic["binary"]:
            last = f'<span class="bytes">{_e(word("bytes", lang))}:</span> <code>{last}</code>'
        name = "/<wbr>".join(_e(level) for level in topic["topic"].split("/"))
        rows.append(f'<tr><th scope="row">{name}</th><td class="last">{last}</td>'
                    f'<td>{_clock(topic["time"])}</td><td class="n">{topic["count"]}</td>'
                    f'<td>{chart(topic["topic"], topic["numbers"], lang)}</td></tr>')
    return (f'<table><caption>{_e(word("topics", lang))}</caption><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


def news(state: dict[str, Any], after: int) -> list[dict[str, Any]]:
    """The messages newer than ``after``, each as one line to announce."""
    return [{"seq": m["seq"], "text": f'{m["topic"]}: {m["text"]}', "time": _clock(m["time"])}
            for m in state["recent"] if m["seq"] > after]


def parts(state: dict[str, Any], lang: str) -> dict[str, str]:
    return {"status": status_part(state, lang), "clients": clients_part(state, lang),
            "topics": topics_part(state, lang)}


# -- the whole page ---------------------------------------------------------------------------
STYLE = """
:root { color-scheme: light; --ink: #000; --paper: #fff; --line: #003f9e; --soft: #e8eefc; }
* { box-sizing: border-box; }
body { margin: 0; padding: 1rem 2rem 3rem; font: 1.5rem/1.45 system-ui, "Hiragino Sans",
       "Noto Sans CJK JP", "IPAGothic", "Yu Gothic", Meiryo, sans-serif;
       color: var(--ink); background: var(--paper); }
h1 { font-size: 2.4rem; margin: .3rem 0; }
h2 { font-size: 1.9rem; margin: 1.6rem 0 .5rem; border-bottom: .2rem solid var(--ink); }
.address { font-size: 1.9rem; margin: .3rem 0; }
.address strong { font-family: ui-monospace, "DejaVu Sans Mono", Consolas, monospace;
                  background: var(--soft); padding: .1rem .6rem; border: .15rem solid var(--ink); }
.problem { font-weight: bold; background: #ffe45c; padding: .4rem .8rem; border: .2rem solid #000; }
table { border-collapse: collapse; width: 100%; }
caption { position: absolute; left: -9999px; }
th, td { border: .12rem solid var(--ink); padding: .3rem .6rem; text-align: left;
         vertical-align: middle; }
thead th { background: var(--ink); color: var(--paper); white-space: nowrap; }
tbody th { font-family: ui-monospace, "DejaVu Sans Mono", Consolas, monospace; font-weight: bold;
           overflow-wrap: anywhere; }
td.last { font-size: 1.8rem; font-weight: bold; word-break: break-word; }
td.n { text-align: right; }
.bytes { font-size: 1.1rem; font-weight: normal; }
svg { width: 16rem; height: 4.3rem; display: block; }
svg .bg { fill: var(--soft); }
svg .line { fill: none; stroke: var(--line); stroke-width: 4; stroke-linejoin: round; }
.range { font-size: 1.1rem; }
ul.clients { padding-left: 1.4rem; margin: .2rem 0; }
.where { font-size: 1.1rem; }
#log { padding-left: 1.4rem; }
#log time { font-size: 1.1rem; }
"""

SCRIPT = """
(function () {
  var words = JSON.parse(document.getElementById("words").textContent);
  var after = Number(document.body.getAttribute("data-seq"));
  var log = document.getElementById("log");
  function add(text, time) {
    var item = document.createElement("li"), stamp = document.createElement("time");
    stamp.textContent = time;
    item.appendChild(stamp);
    item.appendChild(document.createTextNode(" " + text));
    log.appendChild(item);
    while (log.children.length > 8) { log.removeChild(log.firstElementChild); }
  }
  function apply(update) {
    Object.keys(update.parts).forEach(function (id) {
      document.getElementById(id).innerHTML = update.parts[id];  /* made safe by the server */
    });
    var fresh = update.news.filter(function (m) { return m.seq > after; });
    if (fresh.length > words.max) {
      var last = fresh[fresh.length - 1];
      add(words.many.replace("{n}", fresh.length).replace("{text}", last.text), last.time);
    } else {
      fresh.forEach(function (m) { add(m.text, m.time); });
    }
    after = Math.max(after, update.seq);
  }
  if (!window.EventSource) { return; }
  var source = new EventSource("/events?after=" + after);
  source.onmessage = function (event) { apply(JSON.parse(event.data)); };
  source.onerror = function () {
    document.getElementById("status").innerHTML = "";
    var p = document.createElement("p");
    p.className = "problem";
    p.textContent = words.lost;
    document.getElementById("status").appendChild(p);
  };
}());
"""


def render_page(state: dict[str, Any], lang: str, address: str, nonce: str) -> str:
    made = parts(state, lang)
    words = json.dumps({"max": ANNOUNCE_MAX, "many": word("many", lang, n="{n}", text="{text}"),
                        "lost": word("page_lost", lang)}, ensure_ascii=False)
    words = words.replace("</", "<\\/")  # inside <script>, text is not HTML-escaped
    items = "".join(f'<li><time>{_e(m["time"])}</time> {_e(m["text"])}</li>'
                    for m in news(state, 0)[-8:])
    return f"""<!doctype html>
<html lang="{_e(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(word("title", lang))}</title>
<style>{STYLE}</style>
</head>
<body data-seq="{state["seq"]}">
<header>
<h1>{_e(word("title", lang))}</h1>
<p class="address">{_e(word("connect", lang))}: <strong>{_e(address)}</strong></p>
<div id="status" role="status">{made["status"]}</div>
</header>
<main>
<section aria-labelledby="clients-heading">
<h2 id="clients-heading">{_e(word("clients", lang))}</h2>
<div id="clients">{made["clients"]}</div>
</section>
<section aria-labelledby="topics-heading">
<h2 id="topics-heading">{_e(word("topics", lang))}</h2>
<div id="topics">{made["topics"]}</div>
</section>
<section aria-labelledby="log-heading">
<h2 id="log-heading">{_e(word("latest", lang))}</h2>
<ol id="log" role="log" aria-live="polite" aria-relevant="additions">{items}</ol>
</section>
</main>
<script type="application/json" id="words">{words}</script>
<script nonce="{nonce}">{SCRIPT}</script>
</body>
</html>
"""


# -- serving it ---------------------------------------------------------------------------------
class BrokerPage:
    """The page on http://host:port/ (port 0: any free port) for one watcher; ``start()``
    raises OSError when the port cannot be had."""

    def __init__(self, watcher: BrokerWatcher, lang: str, address: str,
                 host: str = "127.0.0.1", port: int = 0):
        self.watcher, self.lang, self.address = watcher, lang, address
        self.host, self.port = host, port
        self.stopping = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> int:
        server = _Server((self.host, self.port), _Handler)
        server.page = self  # type: ignore[attr-defined]
        self._server, self.port = server, server.server_address[1]
        self._thread = threading.Thread(target=server.serve_forever, args=(0.2,), daemon=True,
                                        name="broker-page")
        self._thread.start()
        return self.port

    def stop(self) -> None:
        self.stopping.set()
        self.watcher.state.update()  # wakes the event streams, which then end
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()

    def update(self, after: int) -> dict[str, Any]:
        """What an event carries: the state's number, the page's parts, the news."""
        state = self.watcher.snapshot()
        return {"seq": state["seq"], "parts": parts(state, self.lang),
                "news": news(state, after)}

    def __enter__(self) -> BrokerPage:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # an open event stream never holds up stopping

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a request that went wrong concerns that browser only: no traceback here


class _Handler(BaseHTTPRequestHandler):
    server_version = "Terakoya"

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        page: BrokerPage = self.server.page  # type: ignore[attr-defined]
        path, _, query = self.path.partition("?")
        try:
            if path in ("/", "/index.html"):
                nonce = secrets.token_urlsafe(12)
                body = render_page(page.watcher.snapshot(), page.lang, page.address, nonce)
                self._send(200, "text/html; charset=utf-8", body, nonce)
            elif path == "/api/state":
                state = page.watcher.snapshot() | {"address": page.address, "lang": page.lang}
                self._send(200, "application/json", json.dumps(state, ensure_ascii=False))
            elif path == "/events":
                self._events(page, _after(query, self.headers.get("Last-Event-ID")))
            else:
                self._send(404, "text/plain; charset=utf-8", "Not found\n")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the browser went away

    def _send(self, code: int, kind: str, text: str, nonce: str | None = None) -> None:
        body = text.encode("utf-8")
        self.send_response(code)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        script = f"'nonce-{nonce}'" if nonce else "'none'"
        self.send_header("Content-Security-Policy", f"default-src 'self'; script-src {script}; "
                         "style-src 'unsafe-inline'; img-src 'self' data:")
        self.end_headers()
        self.wfile.write(body)

    def _events(self, page: BrokerPage, after: int) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        sent, pinged, seq = "", time.monotonic(), -1
        while not page.stopping.is_set():
            update = page.update(after)
            text = json.dumps(update, ensure_ascii=False)
            if text != sent:
                self.wfile.write(f"id: {update['seq']}\ndata: {text}\n\n".encode())
                sent, after, pinged = text, update["seq"], time.monotonic()
            elif time.monotonic() - pinged > SSE_PING_S:
                self.wfile.write(b": still here\n\n")
                pinged = time.monotonic()
            self.wfile.flush()
            seq = page.watcher.wait(update["seq"], SSE_QUIET_S)
            if seq > update["seq"]:
                page.stopping.wait(SSE_GAP_S)  # let a burst of messages come together

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass  # the terminal is for the teacher's instructions, not for every request


def _after(query: str, last_event: str | None) -> int:
    """The last change the page has already shown (``after=N``, or the stream's last id)."""
    from urllib.parse import parse_qs

    for text in (last_event, *parse_qs(query).get("after", [])):
        if text and text.strip().isdigit():
            return int(text)
    return 0
