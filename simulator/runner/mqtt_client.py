"""A small MQTT 3.1.1 client on a plain socket, for watching a classroom broker and for tests.

What it does, and no more: CONNECT (clean session, an optional last will), SUBSCRIBE,
PUBLISH at QoS 0 and 1 (and receiving QoS 2 correctly, should a broker send it), the
keep-alive (PINGREQ when nothing else was sent for half the keep-alive time) and
DISCONNECT. One background thread reads; any thread may publish. ``drop()`` cuts the
connection without DISCONNECT, as a board losing power does, so the broker sends its will.

Failures to connect are ``BrokerError`` (simulator.model.sensors.PlainError): one sentence
in English and one in Japanese saying what happened and what to do.
"""

from __future__ import annotations

import itertools
import os
import queue
import socket
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from ..model.sensors import PlainError

CONNECT, CONNACK, PUBLISH, PUBACK, PUBREC, PUBREL, PUBCOMP = 1, 2, 3, 4, 5, 6, 7
SUBSCRIBE, SUBACK, UNSUBSCRIBE, UNSUBACK, PINGREQ, PINGRESP, DISCONNECT = 8, 9, 10, 11, 12, 13, 14
# Topics of Terakoya's own machinery (such as the gateway's round trips): not shown. (Not a
# "$" topic: amqtt closes the connection of a client that publishes to one.)
PRIVATE_TOPICS = "_terakoya/"
MAX_PACKET = 1 << 20  # a watcher has no use for bigger messages; the connection is closed
READ_STEP_S = 0.2  # how often the reader thread looks at the clock (keep-alive, stop)
CONNACK_WORDS = {
    1: ("does not speak MQTT 3.1.1", "MQTT 3.1.1 に対応していません"),
    2: ("refused the client name", "クライアント名を受けつけませんでした"),
    3: ("is not available just now", "いまは使えない状態です"),
    4: ("asks for a user name and password", "ユーザー名とパスワードが必要です"),
    5: ("does not allow this client", "このクライアントの接続を許していません"),
}


class BrokerError(PlainError):
    """A broker cannot be started, reached or used; ``en``/``ja`` say what to do."""


@dataclass(frozen=True)
class Will:
    """The message a broker publishes for a client that drops without saying goodbye."""

    topic: str
    payload: bytes
    qos: int = 0
    retain: bool = False


@dataclass(frozen=True)
class Publish:
    topic: str
    payload: bytes
    qos: int = 0
    retain: bool = False
    packet_id: int | None = None


# -- packets ------------------------------------------------------------------------------
def _length(n: int) -> bytes:
    out = bytearray()
    while True:
        n, digit = divmod(n, 128)
        out.append(digit | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _text(value: str | bytes) -> bytes:
    data = value.encode("utf-8") if isinstance(value, str) else value
    return struct.pack("!H", len(data)) + data


def packet(kind: int, flags: int, body: bytes = b"") -> bytes:
    return bytes([kind << 4 | flags]) + _length(len(body)) + body


def connect_packet(client_id: str, keepalive: int, will: Will | None = None) -> bytes:
    flags = 0x02  # clean session
    tail = b""
    if will is not None:
        flags |= 0x04 | will.qos << 3 | (0x20 if will.retain else 0)
        tail = _text(will.topic) + _text(will.payload)
    body = _text("MQTT") + bytes([4, flags]) + struct.pack("!H", keepalive)
    return packet(CONNECT, 0, body + _text(client_id) + tail)


def publish_packet(message: Publish) -> bytes:
    flags = message.qos << 1 | (1 if message.retain else 0)
    ident = struct.pack("!H", message.packet_id) if message.qos else b""
    return packet(PUBLISH, flags, _text(message.topic) + ident + message.payload)


def subscribe_packet(packet_id: int, filters: list[tuple[str, int]]) -> bytes:
    body = b"".join(_text(topic) + bytes([qos]) for topic, qos in filters)
    return packet(SUBSCRIBE, 0x02, struct.pack("!H", packet_id) + body)


def parse_publish(flags: int, body: bytes) -> Publish:
    (size,) = struct.unpack_from("!H", body)
    topic = body[2:2 + size].decode("utf-8", "replace")
    qos, at = (flags >> 1) & 3, 2 + size
    packet_id = None
    if qos:
        (packet_id,) = struct.unpack_from("!H", body, at)
        at += 2
    return Publish(topic, bytes(body[at:]), qos, bool(flags & 1), packet_id)


def split_packet(buffer: bytearray) -> tuple[int, int, bytes] | None:
    """Take one whole packet (kind, flags, body) off the front of ``buffer``, if it has one."""
    size, shift, at = 0, 0, 1
    while True:
        if at >= len(buffer):
            return None
        size |= (buffer[at] & 0x7F) << shift
        shift += 7
        at += 1
        if not buffer[at - 1] & 0x80:
            break
        if shift > 21:
            raise ConnectionError("malformed packet length")
    if size > MAX_PACKET:
        raise ConnectionError("packet too big")
    if len(buffer) < at + size:
        return None
    kind, flags, body = buffer[0] >> 4, buffer[0] & 0x0F, bytes(buffer[at:at + size])
    del buffer[:at + size]
    return kind, flags, body


# -- connecting, with plain words for what goes wrong ----------------------------------------
def _no_connection(host: str, port: int, error: OSError, timeout: float) -> BrokerError:
    where = f"{host}:{port}"
    if isinstance(error, socket.gaierror):
        return BrokerError(
            f"Cannot find the computer '{host}': check how the address is spelled "
            "(for example 192.168.1.20 or localhost).",
            f"「{host}」というコンピューターが見つかりません。アドレスのつづりを確かめてください"
            "（例: 192.168.1.20 や localhost）。")
    if isinstance(error, ConnectionRefusedError):
        return BrokerError(
            f"No MQTT broker is running at {where}: start one (terakoya broker), or check the "
            "port number (MQTT usually uses 1883).",
            f"{where} では MQTT ブローカーが動いていません。ブローカーを起動するか"
            "（terakoya broker）、ポート番号を確かめてください（MQTT はふつう 1883 です）。")
    if isinstance(error, (TimeoutError, socket.timeout)):
        return BrokerError(
            f"{host} did not answer within {timeout:g} seconds: check the address, and that this "
            "computer is on the same network.",
            f"{host} から {timeout:g} 秒たっても返事がありません。アドレスと、このコンピューターが"
            "同じネットワークにつながっているかを確かめてください。")
    return BrokerError(
        f"Cannot connect to {where} ({error.strerror or error}): check the address and the "
        "network.",
        f"{where} に接続できません（{error.strerror or error}）。アドレスとネットワークを"
        "確かめてください。")


def not_mqtt(host: str, port: int) -> BrokerError:
    return BrokerError(
        f"Something answers at {host}:{port}, but it is not an MQTT broker: check the port "
        "number (MQTT usually uses 1883).",
        f"{host}:{port} には何かがありますが、MQTT ブローカーではありません。ポート番号を"
        "確かめてください（MQTT はふつう 1883 です）。")


def _refused(host: str, port: int, code: int) -> BrokerError:
    en, ja = CONNACK_WORDS.get(code, (f"refused the connection (code {code})",
                                      f"接続をことわりました（コード {code}）"))
    return BrokerError(f"The MQTT broker at {host}:{port} {en}: check the broker's settings.",
                       f"{host}:{port} の MQTT ブローカーは{ja}。"
                       "ブローカーの設定を確かめてください。")


def open_session(host: str, port: int, hello: bytes, timeout: float) -> socket.socket:
    """A socket to the broker at host:port that has sent ``hello`` (a CONNECT) and had it
    accepted, or a BrokerError in plain words."""
    try:
        sock = socket.create_connection((host, port), timeout=timeout)
    except OSError as error:
        raise _no_connection(host, port, error, timeout) from None
    try:
        sock.sendall(hello)
        found = _read_one(sock, time.monotonic() + timeout)
    except OSError:
        found = None
    if found is None or found[0] != CONNACK or len(found[2]) != 2:
        sock.close()
        raise not_mqtt(host, port)
    if found[2][1]:
        sock.close()
        raise _refused(host, port, found[2][1])
    return sock


def _read_one(sock: socket.socket, deadline: float) -> tuple[int, int, bytes] | None:
    buffer = bytearray()
    while (found := split_packet(buffer)) is None:
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        sock.settimeout(left)
        data = sock.recv(4096)
        if not data:
            return None
        buffer += data
    return found


# -- the client ------------------------------------------------------------------------------
class MqttClient:
    """One connection to an MQTT broker; messages go to ``on_message`` (called on the reader
    thread) or, without one, to the queue ``messages``."""

    def __init__(self, host: str, port: int, *, client_id: str | None = None,
                 keepalive: int = 30, will: Will | None = None,
                 on_message: Callable[[Publish], None] | None = None):
        self.host, self.port, self.keepalive, self.will = host, port, keepalive, will
        self.client_id = client_id or "terakoya" + os.urandom(4).hex()
        self.messages: queue.Queue[Publish] = queue.Queue()
        self._on_message = on_message or self.messages.put
        self._sock: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._send_lock = threading.Lock()
        self._changed = threading.Condition()
        self._acks: dict[int, bytes] = {}
        self._ids = itertools.cycle(range(1, 65536))
        self._qos2: set[int] = set()
        self._last_sent = self._ping_sent = 0.0
        self._closing = False
        self.closed = threading.Event()
        self.pings_answered = 0

    def connect(self, timeout: float = 2.0) -> MqttClient:
        hello = connect_packet(self.client_id, self.keepalive, self.will)
        self._sock = open_session(self.host, self.port, hello, timeout)
        self._sock.settimeout(5.0)  # for sending; reading waits with select
        self._last_sent = time.monotonic()
        self._thread = threading.Thread(target=self._read_loop, daemon=True,
                                        name=f"mqtt-{self.client_id}")
        self._thread.start()
        return self

    @property
    def connected(self) -> bool:
        return self._sock is not None and not self.closed.is_set()

    def subscribe(self, *topics: str, qos: int = 1, timeout: float = 2.0) -> list[int]:
        """Subscribe to topic filters; the QoS the broker granted each (0x80: refused)."""
        packet_id = self._next_id()
        self._send(subscribe_packet(packet_id, [(t, qos) for t in topics]))
        return list(self._wait_ack(packet_id, timeout)[2:])

    def publish(self, topic: str, payload: bytes | str, qos: int = 0, retain: bool = False,
                timeout: float = 2.0) -> None:
        """Send a message; at QoS 1, return once the broker has acknowledged it."""
        data = payload.encode("utf-8") if isinstance(payload, str) else payload
        packet_id = self._next_id() if qos else None
        self._send(publish_packet(Publish(topic, data, qos, retain, packet_id)))
        if packet_id is not None:
            self._wait_ack(packet_id, timeout)

    def wait_for_pings(self, count: int, timeout: float) -> bool:
        """Whether the broker has answered ``count`` keep-alive pings within ``timeout``."""
        with self._changed:
            return self._changed.wait_for(lambda: self.pings_answered >= count, timeout)

    def disconnect(self) -> None:
        """Say goodbye (DISCONNECT: no will is sent) and close."""
        if self.connected:
            try:
                self._send(packet(DISCONNECT, 0))
            except OSError:
                pass
        self._close()

    def drop(self) -> None:
        """Cut the connection without DISCONNECT, as a board losing power does."""
        self._close()

    def __enter__(self) -> MqttClient:
        return self if self._sock else self.connect()

    def __exit__(self, *exc: object) -> None:
        self.disconnect()

    # -- inside ---------------------------------------------------------------------------
    def _next_id(self) -> int:
        with self._send_lock:
            return next(self._ids)

    def _send(self, data: bytes) -> None:
        if self._sock is None or self.closed.is_set():
            raise ConnectionError("not connected")
        with self._send_lock:
            self._sock.sendall(data)
            self._last_sent = time.monotonic()

    def _wait_ack(self, packet_id: int, timeout: float) -> bytes:
        with self._changed:
            self._changed.wait_for(lambda: packet_id in self._acks or self.closed.is_set(),
                                   timeout)
            body = self._acks.pop(packet_id, None)
        if body is None:
            raise ConnectionError(f"no answer from the broker to packet {packet_id}")
        return body

    def _close(self) -> None:
        self._closing = True
        sock = self._sock
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)  # wakes the reader
            except OSError:
                pass
            sock.close()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(2.0)
        self._mark_closed()

    def _mark_closed(self) -> None:
        self.closed.set()
        with self._changed:
            self._changed.notify_all()

    def _read_loop(self) -> None:
        import select

        assert self._sock is not None
        buffer = bytearray()
        try:
            while not self._closing:
                self._ping_if_due()
                ready, _, _ = select.select([self._sock], [], [], READ_STEP_S)
                if not ready:
                    continue
                data = self._sock.recv(65536)
                if not data:
                    break
                buffer += data
                while (found := split_packet(buffer)) is not None:
                    self._handle(*found)
        except (OSError, ValueError, struct.error):
            pass  # the connection is gone or the broker sent nonsense: closed either way
        finally:
            self._mark_closed()

    def _ping_if_due(self) -> None:
        if not self.keepalive:
            return
        now = time.monotonic()
        if self._ping_sent and now - self._ping_sent > self.keepalive:
            raise ConnectionError("the broker does not answer pings")
        if now - self._last_sent >= self.keepalive / 2:
            self._send(packet(PINGREQ, 0))
            self._ping_sent = self._ping_sent or now

    def _handle(self, kind: int, flags: int, body: bytes) -> None:
        if kind == PUBLISH:
            self._received(parse_publish(flags, body))
        elif kind == PUBREL:
            self._qos2.discard(struct.unpack("!H", body[:2])[0])
            self._send(packet(PUBCOMP, 0, body[:2]))
        elif kind in (PUBACK, SUBACK, UNSUBACK, PUBCOMP, PUBREC):
            if kind == PUBREC:  # only for QoS 2, which publish() does not send
                self._send(packet(PUBREL, 0x02, body[:2]))
                return
            with self._changed:
                self._acks[struct.unpack("!H", body[:2])[0]] = body
                self._changed.notify_all()
        elif kind == PINGRESP:
            with self._changed:
                self._ping_sent = 0.0
                self.pings_answered += 1
                self._changed.notify_all()

    def _received(self, message: Publish) -> None:
        ident = struct.pack("!H", message.packet_id or 0)
        if message.qos == 1:
            self._send(packet(PUBACK, 0, ident))
        elif message.qos == 2:
            self._send(packet(PUBREC, 0, ident))
            if message.packet_id in self._qos2:
                return  # sent again before our PUBREC arrived: delivered once only
            self._qos2.add(message.packet_id or 0)
        self._on_message(message)
