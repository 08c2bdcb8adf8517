"""The classroom's MQTT broker, and a watcher that sees everything sent through it.

- ``EmbeddedBroker``: amqtt's broker on its own asyncio loop in a background thread
  (anonymous, in memory only, no $SYS topics); ``start()`` gives the (host, port) it
  listens on. Simulated boards reach it through the host like real boards do.
- ``parse_broker_address`` and ``broker_reachable``: for a broker the class already runs
  (mosquitto), each problem one plain line in English and Japanese.
- ``BrokerWatcher``: our own small MQTT client (``mqtt_client``) subscribed to ``#``: the
  topics, each one's last message and time, and a short history of numbers for charts.

Who is connected: for the embedded broker, ask it (``EmbeddedBroker.clients``: the client
names and addresses amqtt holds sessions for, exact and at once). For another broker, the
watcher reads ``$SYS/broker/clients/connected`` (mosquitto: a count only, renewed every
``sys_interval`` seconds, 10 by default; brokers without $SYS topics give nothing).
"""

from __future__ import annotations

import asyncio
import collections
import errno
import logging
import math
import os
import re
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

from .mqtt_client import (
    DISCONNECT,
    PRIVATE_TOPICS,
    BrokerError,
    MqttClient,
    Publish,
    connect_packet,
    open_session,
    packet,
)

__all__ = ["Address", "BrokerError", "BrokerWatcher", "ClientInfo", "EmbeddedBroker",
           "PortInUse", "Reachable", "WatchState", "broker_reachable", "lan_address",
           "parse_broker_address"]

MQTT_PORT = 1883
START_TIMEOUT_S = 5.0
STOP_TIMEOUT_S = 2.0
CLIENTS_TOPIC = "$SYS/broker/clients/connected"  # mosquitto's count of connected clients


class Address(NamedTuple):
    host: str
    port: int

    def __str__(self) -> str:
        return f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"


# -- an address typed by a person -----------------------------------------------------------
_HOST = re.compile(r"[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\]")


def parse_broker_address(text: str) -> Address:
    """``HOST:PORT`` (also ``mqtt://HOST:PORT``, ``[::1]:1883``, or ``HOST`` alone for port
    1883) as an Address, or a BrokerError saying how to write it."""
    words = text.strip().removeprefix("mqtt://").rstrip("/")
    host, colon, port_text = words.rpartition(":") if not words.endswith("]") else ("", "", "")
    if not colon or ("[" not in host and ":" in host):  # no port, or a bare IPv6 address
        host, port_text = words, str(MQTT_PORT)
    if not _HOST.fullmatch(host):
        raise BrokerError(
            f"'{text}' is not a broker address: write HOST:PORT, for example 192.168.1.20:1883 "
            "or localhost:1883.",
            f"「{text}」はブローカーのアドレスとして読めません。HOST:PORT の形で書いてください"
            "（例: 192.168.1.20:1883、localhost:1883）。")
    if not port_text.isdigit() or not 1 <= int(port_text) <= 65535:
        raise BrokerError(
            f"The port in '{text}' must be a whole number from 1 to 65535 (MQTT usually "
            "uses 1883).",
            f"「{text}」のポートは 1 から 65535 までの整数にしてください（MQTT はふつう "
            "1883 です）。")
    return Address(host.strip("[]"), int(port_text))


@dataclass(frozen=True)
class Reachable:
    """Whether an MQTT broker answered; true when it did. ``text(lang)``: one plain line."""

    ok: bool
    en: str
    ja: str

    def __bool__(self) -> bool:
        return self.ok

    def text(self, lang: str) -> str:
        return self.ja if lang == "ja" else self.en


def broker_reachable(host: str, port: int, timeout: float = 2.0) -> Reachable:
    """Connect to host:port as an MQTT client and say goodbye at once."""
    hello = connect_packet("terakoyaprobe", 0)
    try:
        sock = open_session(host, port, hello, timeout)
    except BrokerError as problem:
        return Reachable(False, problem.en, problem.ja)
    try:
        sock.sendall(packet(DISCONNECT, 0))
    except OSError:
        pass
    sock.close()
    where = Address(host, port)
    return Reachable(True, f"The MQTT broker at {where} answers.",
                     f"{where} の MQTT ブローカーにつながりました。")


def lan_address() -> str | None:
    """This computer's address on the local network (what phones and boards connect to), or
    None without one. Asks the system which interface it would use; sends nothing."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("10.254.254.254", 1))  # any address off this computer; UDP sends nothing
        address = probe.getsockname()[0]
    except OSError:
        return None
    finally:
        probe.close()
    return None if address.startswith(("127.", "0.")) else address


class PortInUse(BrokerError):
    """The port asked for is taken by another program."""


def port_in_use(port: int) -> PortInUse:
    return PortInUse(
        f"Port {port} is already in use by another program on this computer: close that "
        "program, or choose another port.",
        f"ポート {port} は、このコンピューターのほかのプログラムが使っています。そのプログラムを"
        "終了するか、別のポートを選んでください。")


def _start_failed(host: str, port: int, error: BaseException) -> BrokerError:
    cause: BaseException | None = error
    while cause is not None and not isinstance(cause, OSError):
        cause = cause.__cause__ or cause.__context__
    code = cause.errno if isinstance(cause, OSError) else None
    if code == errno.EADDRINUSE:
        return port_in_use(port)
    if code == errno.EACCES:
        return BrokerError(
            f"Port {port} needs administrator rights on this computer: use a port number above "
            "1023, such as 1883.",
            f"ポート {port} を使うには管理者の権限がいります。1883 のような 1024 以上の番号を"
            "使ってください。")
    if code == errno.EADDRNOTAVAIL or isinstance(cause, socket.gaierror):
        return BrokerError(
            f"This computer has no network address {host}: leave the address out, or use one "
            "of this computer's own addresses.",
            f"このコンピューターには {host} というアドレスがありません。アドレスを書かないか、"
            "このコンピューター自身のアドレスを使ってください。")
    why = getattr(cause, "strerror", None) or error
    return BrokerError(f"The MQTT broker could not start ({why}).",
                       f"MQTT ブローカーを起動できませんでした（{why}）。")


# -- the embedded broker --------------------------------------------------------------------
@dataclass(frozen=True)
class ClientInfo:
    """A client connected to the embedded broker: the name it gave and where it is."""

    client_id: str
    address: str
    since: float | None = None  # when it connected (seconds since the epoch)


def _amqtt_config(host: str, port: int) -> dict[str, Any]:
    """Anonymous clients, everything in memory (no plugin that writes files), no $SYS
    topics, and none of amqtt's packet or event logging."""
    bind = str(Address(host, port))
    return {
        "listeners": {"default": {"type": "tcp", "bind": bind, "max_connections": 0}},
        "plugins": {"amqtt.plugins.authentication.AnonymousAuthPlugin": {"allow_anonymous": True}},
    }


def _quiet_amqtt() -> None:
    """amqtt logs a traceback when a port is busy and warnings for every odd client; with no
    logging set up, Python would print them. The broker's problems reach people as
    BrokerError instead, so amqtt's log goes nowhere unless the program configures logging."""
    for name in ("amqtt", "transitions"):
        logger = logging.getLogger(name)
        if not logger.handlers:
            logger.addHandler(logging.NullHandler())


def _quiet_loop(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    """Tasks amqtt leaves failing behind (a client gone mid-packet) are not our messages."""


class EmbeddedBroker:
    """amqtt's MQTT broker in a daemon thread with its own asyncio loop::

        with EmbeddedBroker(port=0) as broker:   # port 0: any free port
            host, port = broker.address
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0):
        self.host, self.port = host, port
        self.address: Address | None = None
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._broker: Any = None
        self._thread: threading.Thread | None = None

    def start(self) -> Address:
        """Listen; the address really listened on. A BrokerError if it cannot (port busy)."""
        with self._lock:
            if self.address is not None:
                return self.address
            _quiet_amqtt()
            outcome: dict[str, Any] = {}
            ready = threading.Event()
            thread = threading.Thread(target=self._serve, args=(outcome, ready), daemon=True,
                                      name="mqtt-broker")
            thread.start()
            if not ready.wait(START_TIMEOUT_S):
                raise BrokerError("The MQTT broker did not start in time.",
                                  "MQTT ブローカーが時間内に起動しませんでした。")
            if "error" in outcome:
                thread.join(STOP_TIMEOUT_S)
                raise _start_failed(self.host, self.port, outcome["error"])
            self._thread, self._loop, self._broker = thread, outcome["loop"], outcome["broker"]
            self.address = Address(self.host, outcome["port"])
            return self.address

    def _serve(self, outcome: dict[str, Any], ready: threading.Event) -> None:
        loop = asyncio.new_event_loop()
        loop.set_exception_handler(_quiet_loop)
        asyncio.set_event_loop(loop)
        try:
            broker = loop.run_until_complete(self._open())
        except Exception as error:  # amqtt wraps the OSError in its own BrokerError
            outcome["error"] = error
            loop.close()
            ready.set()
            return
        servers = broker._servers  # amqtt has no public way to ask which port port 0 became
        outcome.update(loop=loop, broker=broker,
                       port=servers["default"].instance.sockets[0].getsockname()[1])
        ready.set()
        try:
            loop.run_forever()
        finally:
            _finish(loop)

    async def _open(self) -> Any:
        broker = _classroom_broker()(_amqtt_config(self.host, self.port))
        await broker.start()
        return broker

    def clients(self, timeout: float = 1.0) -> list[ClientInfo]:
        """The clients connected now, from amqtt's sessions (asked on the broker's loop)."""
        loop, broker = self._loop, self._broker
        if loop is None or broker is None:
            return []

        async def connected() -> list[ClientInfo]:
            found = []
            for session, _handler in list(broker.sessions.values()):
                if session.transitions.is_connected():
                    where = str(Address(session.remote_address or "?", session.remote_port or 0))
                    found.append(ClientInfo(session.client_id or "", where,
                                            session.last_connect_time))
            return sorted(found, key=lambda c: c.client_id)

        try:
            return asyncio.run_coroutine_threadsafe(connected(), loop).result(timeout)
        except Exception:  # stopping, or stopped meanwhile
            return []

    def stop(self) -> None:
        """Close every connection and the port; safe to call again."""
        with self._lock:
            loop, broker, thread = self._loop, self._broker, self._thread
            self._loop = self._broker = self._thread = None
            self.address = None
        if loop is None or thread is None:
            return
        try:
            shutdown = asyncio.wait_for(broker.shutdown(), STOP_TIMEOUT_S)
            asyncio.run_coroutine_threadsafe(shutdown, loop).result(STOP_TIMEOUT_S + 0.5)
        except Exception:
            pass  # stopped by other means below
        loop.call_soon_threadsafe(loop.stop)
        thread.join(STOP_TIMEOUT_S)

    def __enter__(self) -> EmbeddedBroker:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _classroom_broker() -> type:
    """amqtt 0.12's Broker, except that a client that connects is sent the retained messages
    of its own subscriptions only: amqtt sends it those matching anyone's subscriptions, so a
    board's callback would get topics it never asked for (MQTT 3.1.1, 3.3.1.3: retained
    messages go to a new subscription whose filter matches); and that a second client with
    the same name disconnects the first, as MQTT asks."""
    from amqtt.broker import Broker

    class ClassroomBroker(Broker):
        async def _publish_retained_messages_for_subscription(self, subscription: Any,
                                                              session: Any) -> None:
            subscribers = self._subscriptions.get(subscription[0], [])
            if any(s.client_id == session.client_id for s, _ in subscribers):
                await super()._publish_retained_messages_for_subscription(subscription,
                                                                          session)

        async def _delete_session(self, client_id: str) -> None:
            # A client connecting with the name of one already connected takes over: the
            # old connection is closed (MQTT 3.1.1 [MQTT-3.1.4-2]; amqtt 0.12 forgets the
            # old session of a clean-session client but leaves its connection open).
            _session, handler = self._sessions.get(client_id, (None, None))
            if handler is not None:
                try:
                    await handler.stop()
                except Exception:  # already closed: nothing more to do
                    pass
            await super()._delete_session(client_id)

    return ClassroomBroker


def _finish(loop: asyncio.AbstractEventLoop) -> None:
    """Cancel what is left on a stopped loop and close it."""
    tasks = asyncio.all_tasks(loop)
    for task in tasks:
        task.cancel()
    if tasks:
        loop.run_until_complete(asyncio.wait(tasks, timeout=STOP_TIMEOUT_S))
    loop.run_until_complete(loop.shutdown_asyncgens())
    loop.close()


# -- what the watcher saw -------------------------------------------------------------------
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
SHOWN_TEXT = 300  # characters of a text message kept for showing
SHOWN_BYTES = 48  # bytes of a binary message kept for showing (as hex)


def shown(payload: bytes) -> tuple[str, bool]:
    """A message as people can read it: its text, or (binary) its bytes in hex."""
    try:
        text = payload.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None and all(c.isprintable() or c in "\t\r\n" for c in text):
        return (text[:SHOWN_TEXT] + "…" if len(text) > SHOWN_TEXT else text), False
    hex_text = payload[:SHOWN_BYTES].hex(" ")
    return (hex_text + " …" if len(payload) > SHOWN_BYTES else hex_text), True


def number_in(payload: bytes) -> float | None:
    """The number a message is (``21.5``, `` 3 ``, ``-1e3``), or None."""
    text = payload.decode("ascii", "replace").strip()
    if len(text) > 40 or not _NUMBER.fullmatch(text):
        return None
    value = float(text)
    return value if math.isfinite(value) else None


@dataclass
class TopicRecord:
    topic: str
    text: str
    binary: bool
    time: float
    qos: int
    retained: bool
    count: int
    numbers: collections.deque[tuple[float, float]]

    def as_json(self) -> dict[str, Any]:
        return {"topic": self.topic, "last": self.text, "binary": self.binary,
                "time": self.time, "qos": self.qos, "retained": self.retained,
                "count": self.count, "numbers": [list(p) for p in self.numbers]}


class WatchState:
    """Topics, last messages and numbers seen, safe to read from any thread. ``seq`` counts
    changes; ``wait(seq, timeout)`` returns when there is a newer one."""

    def __init__(self, history: int = 120, recent: int = 20, max_topics: int = 500):
        self.history, self.max_topics = history, max_topics
        self.topics: dict[str, TopicRecord] = {}
        self.recent: collections.deque[dict[str, Any]] = collections.deque(maxlen=recent)
        self.seq = 0
        self.connected = False
        self.problem: BrokerError | None = None
        self.client_count: int | None = None  # from $SYS, when the broker has it
        self._changed = threading.Condition()

    def record(self, message: Publish, when: float | None = None) -> None:
        when = time.time() if when is None else when
        text, binary = shown(message.payload)
        value = None if binary else number_in(message.payload)
        with self._changed:
            record = self.topics.pop(message.topic, None)  # re-inserted: newest last
            if record is None:
                self._make_room()
                record = TopicRecord(message.topic, text, binary, when, message.qos,
                                     message.retain, 0, collections.deque(maxlen=self.history))
            record.text, record.binary, record.time = text, binary, when
            record.qos, record.retained = message.qos, message.retain
            record.count += 1
            if value is not None:
                record.numbers.append((when, value))
            self.topics[message.topic] = record
            self.seq += 1
            self.recent.append({"seq": self.seq, "topic": message.topic, "text": text,
                                "binary": binary, "time": when})
            self._changed.notify_all()

    def _make_room(self) -> None:
        while len(self.topics) >= self.max_topics:  # the one unheard from longest goes
            del self.topics[next(iter(self.topics))]

    def update(self, **fields: Any) -> None:
        """Set ``connected``, ``problem`` or ``client_count``, and wake the waiters."""
        with self._changed:
            for name, value in fields.items():
                setattr(self, name, value)
            self.seq += 1
            self._changed.notify_all()

    def wait(self, seq: int, timeout: float) -> int:
        with self._changed:
            self._changed.wait_for(lambda: self.seq > seq, timeout)
            return self.seq

    def snapshot(self) -> dict[str, Any]:
        with self._changed:
            problem = self.problem
            return {
                "seq": self.seq,
                "connected": self.connected,
                "problem": None if problem is None else {"en": problem.en, "ja": problem.ja},
                "topics": sorted((r.as_json() for r in self.topics.values()),
                                 key=lambda t: t["topic"]),
                "recent": list(self.recent),
                "client_count": self.client_count,
            }


class BrokerWatcher:
    """Subscribes to everything on a broker (``#``, at QoS 1) and records it in ``state``;
    if the broker goes away, it tries again every ``retry_s`` seconds until stopped.

    ``clients``: for the embedded broker, its ``clients`` method, which names every client.
    Without it, the count in ``$SYS/broker/clients/connected`` (mosquitto's), less the
    watcher itself. The watcher never shows itself as a client.
    """

    def __init__(self, host: str, port: int, *,
                 clients: Callable[[], list[ClientInfo]] | None = None, history: int = 120,
                 keepalive: int = 30, retry_s: float = 2.0):
        self.host, self.port, self.keepalive, self.retry_s = host, port, keepalive, retry_s
        self.client_id = "terakoyawatch" + os.urandom(3).hex()
        self.state = WatchState(history)
        self._clients = clients
        self._client: MqttClient | None = None
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, timeout: float = 2.0) -> BrokerWatcher:
        """Connect and subscribe (a BrokerError if the broker cannot be reached), then keep
        watching in a background thread."""
        if self._thread is None:
            self._connect(timeout)
            self._thread = threading.Thread(target=self._watch, daemon=True, name="mqtt-watch")
            self._thread.start()
        return self

    @property
    def connected(self) -> bool:
        return self._client is not None and self._client.connected

    def snapshot(self) -> dict[str, Any]:
        """Everything the page shows, ready for JSON."""
        found = self.state.snapshot()
        count = found.pop("client_count")
        if self._clients is None:
            found["clients"] = {"source": "$SYS", "count": count, "list": None}
            return found
        named = [c for c in self._clients() if c.client_id != self.client_id]
        found["clients"] = {"source": "broker", "count": len(named),
                            "list": [{"id": c.client_id, "address": c.address, "since": c.since}
                                     for c in named]}
        return found

    def wait(self, seq: int, timeout: float) -> int:
        """Wait until something newer than ``seq`` was seen (or ``timeout``); the newest."""
        return self.state.wait(seq, timeout)

    def stop(self) -> None:
        self._stopping.set()
        if self._client is not None:
            self._client.disconnect()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(STOP_TIMEOUT_S)
        self.state.update(connected=False)

    def __enter__(self) -> BrokerWatcher:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _connect(self, timeout: float) -> None:
        client = MqttClient(self.host, self.port, client_id=self.client_id,
                            keepalive=self.keepalive, on_message=self._heard)
        client.connect(timeout)
        try:
            client.subscribe("#", CLIENTS_TOPIC, qos=1, timeout=timeout)
        except OSError:
            client.drop()
            raise _lost(self.host, self.port) from None
        self._client = client
        self.state.update(connected=True, problem=None)

    def _heard(self, message: Publish) -> None:
        if message.topic == CLIENTS_TOPIC:
            count = number_in(message.payload)
            if count is not None:
                self.state.update(client_count=max(0, int(count) - 1))  # less the watcher
        elif not message.topic.startswith(("$", PRIVATE_TOPICS)):
            self.state.record(message)

    def _watch(self) -> None:
        while not self._stopping.is_set():
            client = self._client
            assert client is not None
            while not client.closed.wait(0.25):
                if self._stopping.is_set():
                    return
            if self._stopping.is_set():
                return
            self.state.update(connected=False, problem=_lost(self.host, self.port))
            while not self._stopping.wait(self.retry_s):
                try:
                    self._connect(self.retry_s)
                    break
                except BrokerError as problem:
                    self.state.update(problem=problem)


def _lost(host: str, port: int) -> BrokerError:
    where = Address(host, port)
    return BrokerError(
        f"Lost the connection to the MQTT broker at {where}; trying again every few seconds.",
        f"{where} の MQTT ブローカーとの接続が切れました。数秒ごとにつなぎ直しています。")
