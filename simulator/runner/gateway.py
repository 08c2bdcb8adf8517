"""Where the simulated network meets the real one (model/network.py's ``Outside``).

Two things cross, and nothing else: a board's connection to the class's MQTT broker (the
embedded broker Terakoya starts when a run first needs it, or ``--broker HOST:PORT``), and
the host's browser visiting a board's own server (each listening port is published on a
free 127.0.0.1 port).

Virtual time runs much faster than real time, so the broker's answers must arrive at the
right virtual moment: whenever boards sent something to the broker, before the clock moves
on the gateway *settles*: it sends the broker a message of its own on a topic only it
subscribes to, waits (real time) until that comes back (the broker has then passed on
everything the boards sent before it) and hands every byte that arrived to the boards at
the current virtual time. A broker that does not echo within ``ECHO_WAIT_S`` is settled
by waiting until it is quiet instead.
"""

from __future__ import annotations

import os
import select
import socket
import time
from collections.abc import Callable

from ..model.clock import Scheduler
from ..model.events import NetworkChanged
from ..model.network import ECONNREFUSED, NetError, NetHost, Network, Stream
from .mqtt_client import (
    DISCONNECT,
    PRIVATE_TOPICS,
    PUBLISH,
    SUBACK,
    BrokerError,
    Publish,
    connect_packet,
    open_session,
    packet,
    publish_packet,
    split_packet,
    subscribe_packet,
)

ECHO_WAIT_S = 0.5  # the longest wait for the broker's echo
QUIET_S = 0.003  # with no echo: settled when nothing arrived for this long
POLL_EVERY_US = 10_000  # with nothing sent, look for what outside clients sent this often


class RealLink:
    """A real TCP connection carrying one simulated socket's bytes."""

    def __init__(self, gateway: Gateway, sock: socket.socket, stream: Stream | None,
                 to_broker: bool):
        self.gateway, self.sock, self.stream = gateway, sock, stream
        self.to_broker = to_broker  # the broker's answers are settled; a browser's are not
        self.closed = False
        self.reading = True  # False once the other side has finished sending

    def send(self, data: bytes) -> None:
        if self.closed:
            return
        if self.to_broker:
            self.gateway.network.sent_outside = True
        try:
            self.sock.sendall(data)
        except OSError:
            self.close()
            if self.stream is not None:
                self.stream.receive_end(104)  # ECONNRESET

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            if self.to_broker:
                self.gateway.network.sent_outside = True  # the broker answers a close (a will)
            self.gateway.links.discard(self)
            try:
                self.sock.close()
            except OSError:
                pass


class Settler:
    """A connection of the gateway's own to the broker, to know when it has caught up."""

    def __init__(self, address: tuple[str, int]):
        client = "terakoya-settle-" + os.urandom(4).hex()
        self.sock = open_session(address[0], address[1], connect_packet(client, 0),
                                 ECHO_WAIT_S)
        self.topic = f"{PRIVATE_TOPICS}settle/{os.getpid()}-{id(self)}"
        self.count = 0
        self._buffer = bytearray()
        self.sock.sendall(subscribe_packet(1, [(self.topic, 0)]))
        if not self._until(lambda kind, body: kind == SUBACK):
            raise OSError("the broker did not answer the subscription")

    def round_trip(self) -> bool:
        """Publish a numbered message and wait for it to come back."""
        self.count += 1
        body = str(self.count).encode()
        self.sock.sendall(publish_packet(Publish(self.topic, body)))
        return self._until(lambda kind, payload: kind == PUBLISH and payload.endswith(body))

    def _until(self, wanted: Callable[[int, bytes], bool]) -> bool:
        deadline = time.monotonic() + ECHO_WAIT_S
        while True:
            while (found := split_packet(self._buffer)) is not None:
                if wanted(found[0], found[2]):
                    return True
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            self.sock.settimeout(left)
            data = self.sock.recv(4096)
            if not data:
                raise OSError("the broker closed the connection")
            self._buffer += data

    def close(self) -> None:
        try:
            self.sock.sendall(packet(DISCONNECT, 0))
            self.sock.close()
        except OSError:
            pass


class Gateway:
    """The simulation's door to the real network (one per Simulation)."""

    def __init__(self, scheduler: Scheduler, network: Network,
                 broker: Callable[[], tuple[str, int]]):
        self.scheduler, self.network = scheduler, network
        self._broker = broker  # gives the broker's address, starting one if need be
        self.links: set[RealLink] = set()
        self.doors: dict[socket.socket, tuple[NetHost, int]] = {}  # published ports
        self.settler: Settler | None = None
        self.waiting: list[tuple[socket.socket, tuple, NetHost, int]] = []  # for a backlog
        self._echo = True
        self._polled_us = -POLL_EVERY_US
        network.outside = self  # the clock asks it to settle only while it has connections

    # -- Outside ---------------------------------------------------------------------------
    def dial(self, service: str, stream: Stream) -> RealLink:
        try:
            address = self._broker()
            sock = socket.create_connection(address, timeout=2.0)
        except (OSError, BrokerError):
            self._tell(stream, "broker_down")
            raise NetError(ECONNREFUSED) from None
        sock.settimeout(2.0)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        _ack_at_once(sock)
        link = RealLink(self, sock, stream, to_broker=True)
        self.links.add(link)
        self._watch()
        return link

    def publish(self, host: NetHost, port: int) -> None:
        if port in host.published:
            return
        door = socket.create_server(("127.0.0.1", 0))
        door.setblocking(False)
        self.doors[door] = (host, port)
        self._watch()
        url = f"http://127.0.0.1:{door.getsockname()[1]}/"
        host.published[port] = url
        host.notify(NetworkChanged(host.number, "published", url, str(port)))

    def _tell(self, stream: Stream, what: str) -> None:
        if stream.owner is not None:
            stream.owner.notify(NetworkChanged(stream.owner.number, what, "", ""))

    # -- keeping the two clocks together ---------------------------------------------------
    def _watch(self) -> None:
        if self.settle not in self.scheduler.before_advance:
            self.scheduler.before_advance.append(self.settle)

    def settle(self) -> None:
        """Before virtual time moves on: bring in whatever the real side sent."""
        if not self.links and not self.doors:
            self.scheduler.before_advance.remove(self.settle)  # nothing real any more
            return
        network = self.network
        due = self.scheduler.now_us - self._polled_us >= POLL_EVERY_US
        if not network.sent_outside and not due:
            return
        self._polled_us = self.scheduler.now_us
        if network.sent_outside:
            network.sent_outside = False
            self._wait_for_broker()
        self._accept_visitors()
        self._drain()

    def catch_up(self) -> None:
        """Bring in now everything the real side has sent so far (a client outside the
        simulation published: the broker has passed it on when its echo comes back)."""
        if self.links:
            self._wait_for_broker()
            self._accept_visitors()
            self._drain()

    def _wait_for_broker(self) -> None:
        if self._echo:
            try:
                if self.settler is None:
                    self.settler = Settler(self._broker())
                # two round trips: a broker that queues what it sends (mosquitto) may send
                # its echo before the messages it queued for the boards; by the second echo
                # it has been round its loop once more
                if self.settler.round_trip() and self.settler.round_trip():
                    return
            except (OSError, BrokerError):
                pass
            self._echo = False  # this broker does not echo: settle by quiet instead
        self._wait_quiet()

    def _wait_quiet(self) -> None:
        deadline = time.monotonic() + ECHO_WAIT_S
        socks = [link.sock for link in self.links if link.reading]
        while socks and time.monotonic() < deadline:
            ready, _, _ = select.select(socks, [], [], QUIET_S)
            if not ready:
                return
            self._drain()
            socks = [link.sock for link in self.links if link.reading]

    def _drain(self) -> None:
        links = {link.sock: link for link in self.links if link.reading}
        if not links:
            return
        ready, _, _ = select.select(list(links), [], [], 0)
        for sock in ready:
            link = links[sock]
            try:
                data = sock.recv(65536)
            except OSError:
                link.close()
                link.stream.receive_end(104)  # type: ignore[union-attr]  # ECONNRESET
                continue
            if data:
                _ack_at_once(sock)
                link.stream.receive(data)  # type: ignore[union-attr]
            else:  # the other side has finished sending; it may still read the answer
                link.reading = False
                link.stream.receive_end()  # type: ignore[union-attr]

    def _accept_visitors(self) -> None:
        """Browsers that connected to a published port: each becomes a connection the board
        accepts. While the board's backlog is full they wait, as a SYN waits for lwIP."""
        if not self.doors:
            return
        ready, _, _ = select.select(list(self.doors), [], [], 0)
        for door in ready:
            try:
                sock, peer = door.accept()
            except OSError:
                continue
            sock.settimeout(2.0)
            self.waiting.append((sock, peer, *self.doors[door]))
        still = []
        for sock, peer, host, port in self.waiting:
            link = RealLink(self, sock, None, to_broker=False)
            if port not in host.listeners:  # the board stopped listening: refused
                sock.close()
                continue
            stream = self.network.accept_from_outside(host, port, link,
                                                      (_visitor_ip(host), peer[1]))
            if stream is None:
                still.append((sock, peer, host, port))
                continue
            link.stream = stream
            self.links.add(link)
        self.waiting = still

    def close(self) -> None:
        for link in list(self.links):
            link.close()
        for door in self.doors:
            door.close()
        self.doors.clear()
        for sock, *_ in self.waiting:
            sock.close()
        self.waiting.clear()
        if self.settler is not None:
            self.settler.close()
            self.settler = None
        if self.settle in self.scheduler.before_advance:
            self.scheduler.before_advance.remove(self.settle)


def _ack_at_once(sock: socket.socket) -> None:
    """Acknowledge what arrived at once (Linux): a broker that waits for our ACK before it
    sends its next small packet (Nagle's algorithm, mosquitto's default) would otherwise
    hold a message back for our delayed ACK, 40 ms of real time, after the settle."""
    quick = getattr(socket, "TCP_QUICKACK", None)
    if quick is not None:
        try:
            sock.setsockopt(socket.IPPROTO_TCP, quick, 1)
        except OSError:
            pass


def _visitor_ip(host: NetHost) -> str:
    """The host's browser, as the board sees it: the classroom server, or the first station
    of the board's own access point."""
    if host.sta.ap is not None:
        return host.sta.ap.gateway
    return host.ap.prefix + ".2" if host.ap is not None else "0.0.0.0"


__all__ = ["Gateway", "RealLink", "Settler"]
