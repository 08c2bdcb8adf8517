"""The network of one simulation: the air (access points and their signal), the IP networks
behind them, and TCP and UDP between boards and the classroom's server, on the virtual clock.

The classroom network (``[[network]]`` in a circuit or scenario file; by default one called
``classroom``) is a /24 with the classroom server at .1: Terakoya itself, answering DNS for
the names below, NTP from the simulation's clock, and the class's MQTT broker on port 1883.
A board's own access point (AP mode) is 192.168.4.0/24 with the board at .1. Nothing else
exists: every other address is unreachable, so no program reaches the internet or the host.

This module is pure: no real sockets. What lies outside the simulation (the real broker, a
board's page published to the host's browser) is reached through an ``Outside`` that the
runner provides; it hands real bytes in on the scheduler's thread.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from .clock import Scheduler, Timer
from .events import NetworkChanged
from .sensors import PlainError

EAGAIN, ECONNRESET, ECONNREFUSED, EADDRINUSE = 11, 104, 111, 112
ECONNABORTED, ETIMEDOUT, EHOSTUNREACH, ENOTCONN = 113, 116, 118, 128

HOP_US = 2_000  # one way, through the air
JOIN_US = 1_600_000  # association, WPA2 handshake and DHCP
NO_AP_US = 3_000_000  # one connect attempt that hears no access point
AUTH_FAIL_US = 1_200_000  # one attempt with a wrong password
UNREACHABLE_US = 3_000  # lwIP finds no route (or no ARP answer) for the address
SERVER_PORTS = {"mqtt": 1883, "ntp": 123}
SERVER_NAMES = ("terakoya.local", "broker.local", "mqtt.local")
NTP_NAMES = ("pool.ntp.org", "ntp.nict.jp", "time.google.com", "ntp.jst.mfeed.ad.jp")
NTP_EPOCH_OFFSET = 2_208_988_800  # 1900 to 1970
BOARD_AP_PREFIX = "192.168.4"
DEFAULT_SSID, DEFAULT_PASSWORD = "classroom", "terakoya"
# network.STAT_* and the ESP-IDF reasons that the ESP32 port's status() passes through
STAT_IDLE, STAT_CONNECTING, STAT_GOT_IP = 1000, 1001, 1010
REASON_BEACON_TIMEOUT, REASON_NO_AP_FOUND, REASON_AUTH_FAIL = 200, 201, 202


class NetError(Exception):
    """An lwIP error a socket call raises on the board: ``errno`` is newlib's number."""

    def __init__(self, errno: int):
        super().__init__(errno)
        self.errno = errno


class Link(Protocol):
    """A real connection outside the simulation (written to by the network)."""

    def send(self, data: bytes) -> None: ...
    def close(self) -> None: ...


class Outside(Protocol):
    """What the runner provides: the class's real broker, and the host's browser."""

    def dial(self, service: str, stream: Stream) -> Link:
        """Connect ``stream`` to ``service`` (``"mqtt"``); raise NetError when it is down."""
        ...

    def publish(self, host: NetHost, port: int) -> None:
        """A board listens on ``port``: let the host's browser reach it."""
        ...


@dataclass
class AccessPoint:
    """One network in the air: the classroom's router, or a board's own access point."""

    ssid: str
    password: str = ""
    rssi: int = -55
    channel: int = 6
    bssid: bytes = b"\x24\x0a\xc4\x00\x00\x01"
    hidden: bool = False
    prefix: str = "192.168.10"  # its /24
    up: bool = True
    owner: NetHost | None = None  # a board in AP mode
    leases: dict[str, NetHost] = field(default_factory=dict)  # ip -> the board there

    @property
    def security(self) -> int:  # network.AUTH_OPEN or AUTH_WPA2_PSK
        return 3 if self.password else 0

    @property
    def gateway(self) -> str:
        return f"{self.prefix}.1"

    def lease(self, host: NetHost) -> str:
        for ip, holder in self.leases.items():
            if holder is host:
                return ip
        first = 2 if self.owner is not None else 100
        # the classroom router remembers each board's MAC: board N is .(99 + N) while that
        # is free; a board's own access point hands out .2, .3, ... in turn
        wanted = first + host.number - 1 if self.owner is None else first
        free = [n for n in range(first, 255) if f"{self.prefix}.{n}" not in self.leases]
        number = wanted if wanted in free else free[0]
        ip = f"{self.prefix}.{number}"
        self.leases[ip] = host
        return ip


class NetworkConfigError(PlainError):
    """A ``[[network]]`` table that cannot be used."""


def _fail(number: int, en: str, ja: str) -> NetworkConfigError:
    return NetworkConfigError(f"[[network]] {number}: {en}", f"{number} 番目の [[network]]: {ja}")


def parse_networks(tables: object) -> list[AccessPoint]:
    """The ``[[network]]`` tables of a circuit or scenario file (parsed TOML)."""
    if not isinstance(tables, list):
        raise NetworkConfigError("write each network as [[network]] (two brackets)",
                                 "ネットワークは [[network]]（かっこ 2 つ）で書いてください")
    points = []
    for number, table in enumerate(tables, 1):
        if not isinstance(table, dict) or not isinstance(table.get("ssid"), str) or \
                not 1 <= len(table["ssid"].encode()) <= 32:
            raise _fail(number, 'needs ssid = "..." (1 to 32 letters)',
                        'ssid = "..."（1〜32 文字）が必要です')
        unknown = sorted(set(table) - {"ssid", "password", "rssi", "channel", "hidden"})
        if unknown:
            raise _fail(number, f"unknown key '{unknown[0]}' (use ssid, password, rssi, channel, "
                        "hidden)", f"知らないキー「{unknown[0]}」です（ssid, password, rssi, "
                        "channel, hidden が使えます）")
        password = table.get("password", "")
        if not isinstance(password, str) or not (password == "" or 8 <= len(password) <= 63):
            raise _fail(number, "a Wi-Fi password has 8 to 63 characters (or none: an open "
                        "network)",
                        "Wi-Fi のパスワードは 8〜63 文字です（なしなら鍵のないネットワーク）")
        rssi, channel = table.get("rssi", -55), table.get("channel", 1 + 5 * (number - 1) % 11)
        if isinstance(rssi, bool) or not isinstance(rssi, int) or not -100 <= rssi <= -10:
            raise _fail(number, "rssi is a whole number from -100 to -10 (dBm)",
                        "rssi は -100 から -10 までの整数（dBm）です")
        if isinstance(channel, bool) or not isinstance(channel, int) or not 1 <= channel <= 13:
            raise _fail(number, "channel is a whole number from 1 to 13",
                        "channel は 1 から 13 までの整数です")
        points.append(AccessPoint(table["ssid"], password, rssi, channel,
                                  bytes((0x24, 0x0A, 0xC4, 0, 0, number)),
                                  bool(table.get("hidden", False)), f"192.168.{9 + number}"))
    return points


# -- TCP ---------------------------------------------------------------------------------
class Stream:
    """One end of a TCP connection: what arrived and was not read yet, and how it ended."""

    def __init__(self, network: Network, owner: NetHost | None, local: tuple[str, int],
                 remote: tuple[str, int]):
        self.network = network
        self.owner = owner  # the board whose program reads it (None: the server's side)
        self.local, self.remote = local, remote
        self.inbox = bytearray()
        self.peer: Stream | None = None
        self.link: Link | None = None  # or a real connection outside the simulation
        self.eof = False  # the other side closed: reading gives b''
        self.error = 0  # the connection broke: the next call raises this errno
        self.closed = False
        self.on_data: Callable[[Stream], None] | None = None  # a server's side is told

    def send(self, data: bytes) -> None:
        if self.error:
            raise NetError(self.error)
        if self.closed or self.eof and self.peer is None and self.link is None:
            raise NetError(ENOTCONN)
        if self.link is not None:
            self.link.send(bytes(data))
            return
        peer = self.peer
        if peer is not None:
            self.network.scheduler.call_later(HOP_US, lambda: peer.receive(bytes(data)))

    def receive(self, data: bytes) -> None:
        if self.closed:
            return
        self.inbox += data
        self._tell()

    def receive_end(self, error: int = 0) -> None:
        self.eof = True
        self.error = self.error or error
        self._tell()

    def _tell(self) -> None:
        if self.owner is not None:
            self.owner.wake()
        elif self.on_data is not None:
            self.on_data(self)

    def take(self, size: int) -> bytes:
        data = bytes(self.inbox[:size])
        del self.inbox[:size]
        return data

    @property
    def readable(self) -> bool:
        return bool(self.inbox) or self.eof or bool(self.error)

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        if self.link is not None:
            self.link.close()
        elif self.peer is not None:
            peer = self.peer
            self.network.scheduler.call_later(HOP_US, peer.receive_end)
        if self.owner is not None:
            self.owner.streams.discard(self)


class Listener:
    """A board's listening socket: connections wait in ``pending`` until accepted."""

    def __init__(self, host: NetHost, port: int, backlog: int):
        self.host, self.port, self.backlog = host, port, max(1, backlog)
        self.pending: deque[Stream] = deque()

    def offer(self, stream: Stream) -> bool:
        if len(self.pending) >= self.backlog:
            return False
        self.pending.append(stream)
        self.host.wake()
        return True


class UdpPort:
    """A board's UDP socket: datagrams (data, sender address) waiting to be read."""

    def __init__(self, host: NetHost, port: int):
        self.host, self.port = host, port
        self.inbox: deque[tuple[bytes, tuple[str, int]]] = deque()

    def receive(self, data: bytes, sender: tuple[str, int]) -> None:
        if len(self.inbox) < 16:  # lwIP's receive mailbox; more are dropped
            self.inbox.append((data, sender))
            self.host.wake()


# -- one board on the network ----------------------------------------------------------------
class Station:
    """The station interface's Wi-Fi state, as the ESP32 port keeps it (network_wlan.c)."""

    def __init__(self) -> None:
        self.active = False
        self.requested = False  # connect() was called and not disconnect()
        self.ap: AccessPoint | None = None  # connected, with an address
        self.ip = "0.0.0.0"
        self.reason = 0  # the last disconnect's reason (0: none)
        self.reconnects = 0  # config(reconnects=n): attempts, 0 for no limit
        self.attempts = 0
        self.ssid, self.password = "", ""
        self.timer: Timer | None = None

    def status(self) -> int:
        if self.ap is not None:
            return STAT_GOT_IP
        if self.requested and (self.reconnects == 0 or self.attempts < self.reconnects):
            return STAT_CONNECTING
        return self.reason or STAT_IDLE


class NetHost:
    """One board's place on the network: its interfaces, sockets and name."""

    def __init__(self, network: Network, number: int, wake: Callable[[], None],
                 notify: Callable[[NetworkChanged], None]):
        self.network, self.number, self.wake, self.notify = network, number, wake, notify
        self.hostname = "mpy-esp32"
        self.mac = bytes((0x24, 0x0A, 0xC4, 2, 0, number % 256))  # the Wi-Fi station's
        self.sta = Station()
        self.ap: AccessPoint | None = None  # its own access point, when active
        self.listeners: dict[int, Listener] = {}
        self.udp: dict[int, UdpPort] = {}
        self.streams: set[Stream] = set()
        self.published: dict[int, str] = {}  # port -> the address the host's browser uses
        self.sockets: list[object] = []  # the running program's socket objects
        self._next_port = 49152

    def ephemeral_port(self) -> int:
        self._next_port = 49152 + (self._next_port - 49152 + 1) % 16384
        return self._next_port

    def addresses(self) -> list[tuple[AccessPoint, str]]:
        found = []
        if self.sta.ap is not None:
            found.append((self.sta.ap, self.sta.ip))
        if self.ap is not None:
            found.append((self.ap, self.ap.gateway))
        return found

    def close_sockets(self) -> None:
        """A new run of the program: the last one's sockets are gone."""
        for stream in list(self.streams):
            stream.close()
        self.listeners.clear()
        self.udp.clear()

    def power_off(self) -> None:
        self.close_sockets()
        self.network.leave(self)
        if self.sta.timer is not None:
            self.sta.timer.cancel()
        self.sta = Station()
        self.stop_ap()

    def stop_ap(self) -> None:
        if self.ap is not None:
            for station in list(self.ap.leases.values()):
                self.network.drop_station(station, REASON_BEACON_TIMEOUT)
            self.network.points.remove(self.ap)
            self.ap = None


class Network:
    """The air and the IP networks of one simulation (every board of it shares one)."""

    def __init__(self, scheduler: Scheduler, points: list[AccessPoint] | None = None):
        self.scheduler = scheduler
        self.points: list[AccessPoint] = points if points is not None else [
            AccessPoint(DEFAULT_SSID, DEFAULT_PASSWORD)]
        self.hosts: list[NetHost] = []
        self.outside: Outside | None = None
        self.sent_outside = False  # bytes went out since the outside last settled
        self.epoch_s = 0.0  # the wall-clock time (Unix seconds) at virtual time 0
        self._server_port = 40000  # the classroom server's last port of its own connections
        self.services: dict[int, Callable[[Stream], None]] = {}  # lesson servers, by port

    def host(self, number: int, wake: Callable[[], None],
             notify: Callable[[NetworkChanged], None]) -> NetHost:
        host = NetHost(self, number, wake, notify)
        self.hosts.append(host)
        return host

    def set_points(self, points: list[AccessPoint]) -> None:
        """The air a circuit or scenario file describes (boards' own APs stay)."""
        own = [p for p in self.points if p.owner is not None]
        self.points = points + own

    # -- Wi-Fi ---------------------------------------------------------------------------
    def visible(self) -> list[AccessPoint]:
        return [p for p in self.points if p.up]

    def find(self, ssid: str) -> AccessPoint | None:
        return next((p for p in self.visible() if p.ssid == ssid), None)

    def start_join(self, host: NetHost) -> None:
        """``connect()``: try now, and again after each failure while it is requested."""
        sta = host.sta
        if sta.timer is not None:
            sta.timer.cancel()
        point = self.find(sta.ssid)
        if point is None:
            delay, ok, reason = NO_AP_US, False, REASON_NO_AP_FOUND
        elif point.password and point.password != sta.password:
            delay, ok, reason = AUTH_FAIL_US, False, REASON_AUTH_FAIL
        else:
            delay, ok, reason = JOIN_US, True, 0
        sta.timer = self.scheduler.call_later(delay, lambda: self._joined(host, point, ok, reason))

    def _joined(self, host: NetHost, point: AccessPoint | None, ok: bool, reason: int) -> None:
        sta = host.sta
        sta.timer = None
        if not sta.requested:
            return
        if ok and point is not None and point.up:
            sta.ap, sta.ip, sta.reason = point, point.lease(host), 0
            self._notify(host, "wifi_connected", point.ssid, sta.ip)
            return
        sta.reason = reason or REASON_NO_AP_FOUND
        sta.attempts += 1
        if sta.attempts == 1:
            self._notify(host, "wifi_failed", sta.ssid, str(sta.reason))
        if sta.reconnects == 0 or sta.attempts < sta.reconnects:
            self.start_join(host)

    def disconnect(self, host: NetHost) -> None:
        sta = host.sta
        sta.requested = False
        if sta.timer is not None:
            sta.timer.cancel()
            sta.timer = None
        if sta.ap is not None:
            self.leave(host)
            sta.reason = 8  # WIFI_REASON_ASSOC_LEAVE

    def leave(self, host: NetHost) -> None:
        sta = host.sta
        if sta.ap is None:
            return
        sta.ap.leases.pop(sta.ip, None)
        sta.ap, sta.ip = None, "0.0.0.0"
        for stream in list(host.streams):
            if stream.local[0] != (host.ap.gateway if host.ap else ""):
                stream.receive_end(ECONNABORTED)

    def drop_station(self, host: NetHost, reason: int) -> None:
        """The access point went away: the station loses it and, if asked, tries again."""
        if host.sta.ap is None:
            return
        ssid = host.sta.ap.ssid
        self.leave(host)
        host.sta.reason = reason
        self._notify(host, "wifi_lost", ssid, "")
        if host.sta.requested:
            host.sta.attempts = 0
            self.start_join(host)

    def set_up(self, ssid: str, up: bool) -> None:
        """A scenario switches a network off (its boards lose it) or on again."""
        for point in self.points:
            if point.ssid == ssid and point.owner is None:
                point.up = up
                if not up:
                    for host in list(point.leases.values()):
                        self.drop_station(host, REASON_BEACON_TIMEOUT)

    def start_ap(self, host: NetHost, ssid: str, password: str, channel: int) -> AccessPoint:
        if host.ap is None:
            host.ap = AccessPoint(ssid, password, -40, channel,
                                  bytes((0x24, 0x0A, 0xC4, 1, 0, host.number)),
                                  prefix=BOARD_AP_PREFIX, owner=host)
            self.points.append(host.ap)
        else:
            host.ap.ssid, host.ap.password, host.ap.channel = ssid, password, channel
        return host.ap

    def _notify(self, host: NetHost, what: str, name: str, detail: str) -> None:
        host.notify(NetworkChanged(host.number, what, name, detail))

    # -- names and routes ----------------------------------------------------------------
    def resolve(self, host: NetHost, name: str) -> str | None:
        """DNS (and mDNS for ``.local``) as the classroom server answers it."""
        if is_address(name):
            return name
        if host.sta.ap is None or host.sta.ap.owner is not None:
            return self._mdns(host, name)
        lowered = name.lower().rstrip(".")
        if lowered in SERVER_NAMES or lowered in NTP_NAMES or lowered.endswith(".pool.ntp.org"):
            return host.sta.ap.gateway
        found = self._mdns(host, name)
        if found is None:
            self._notify(host, "outside_name", name, "")
        return found

    def _mdns(self, host: NetHost, name: str) -> str | None:
        lowered = name.lower()
        for point, _ in host.addresses():
            for ip, other in point.leases.items():
                if f"{other.hostname}.local" == lowered:
                    return ip
            if point.owner is not None and f"{point.owner.hostname}.local" == lowered:
                return point.gateway
        return None

    def route(self, host: NetHost, ip: str) -> tuple[AccessPoint, str] | None:
        """The network and own address a packet to ``ip`` leaves by (None: no route)."""
        prefix = ip.rsplit(".", 1)[0]
        for point, own in host.addresses():
            if point.prefix == prefix:
                return point, own
        return None

    def target(self, point: AccessPoint, ip: str) -> NetHost | str | None:
        """Who has ``ip`` on ``point``: a board, ``"server"`` (the classroom's), or no one."""
        if point.owner is not None and ip == point.gateway:
            return point.owner
        if point.owner is None and ip == point.gateway:
            return "server"
        return point.leases.get(ip)

    def unreachable(self, host: NetHost, ip: str) -> NetError:
        if host.addresses() and not ip.startswith("127."):
            self._notify(host, "outside_address", ip, "")
        return NetError(EHOSTUNREACH)

    # -- TCP -----------------------------------------------------------------------------
    def connect(self, host: NetHost, ip: str, port: int) -> tuple[Stream, int]:
        """Open a connection; returns the board's end and when (virtual µs) it is open."""
        found = self.route(host, ip)
        if found is None:
            raise self.unreachable(host, ip)
        point, own = found
        target = self.target(point, ip)
        if target is None:
            raise self.unreachable(host, ip)
        stream = Stream(self, host, (own, host.ephemeral_port()), (ip, port))
        if target == "server":
            self._dial_server(stream, port)
        else:
            listener = target.listeners.get(port)  # type: ignore[union-attr]
            if listener is None:
                raise NetError(ECONNREFUSED)
            other = Stream(self, target, (ip, port), stream.local)  # type: ignore[arg-type]
            stream.peer, other.peer = other, stream
            if not listener.offer(other):
                raise NetError(ECONNREFUSED)
            target.streams.add(other)  # type: ignore[union-attr]
        host.streams.add(stream)
        return stream, self.scheduler.now_us + 2 * HOP_US

    def _dial_server(self, stream: Stream, port: int) -> None:
        service = self.services.get(port)
        if service is not None:  # a server Terakoya runs for a lesson
            theirs = Stream(self, None, stream.remote, stream.local)
            stream.peer, theirs.peer = theirs, stream
            service(theirs)
            return
        if port != SERVER_PORTS["mqtt"] or self.outside is None:
            raise NetError(ECONNREFUSED)
        stream.link = self.outside.dial("mqtt", stream)

    def serve(self, port: int, service: Callable[[Stream], None]) -> None:
        """Run a lesson's server on the classroom server's ``port``: ``service`` is given the
        server's end of each connection (it sets ``on_data``, answers with ``send``)."""
        if port == SERVER_PORTS["mqtt"]:
            raise ValueError(f"port {port} is the class broker's")
        self.services[port] = service

    def open_client(self, ip: str, port: int, on_data: Callable[[Stream], None],
                    ssid: str | None = None) -> Stream:
        """A connection from the classroom server (Terakoya's own tools: a lesson's password
        tester, a spoofer) to a board; ``on_data`` is called on the scheduler's thread when
        bytes or the end arrive. Raises NetError as a board's connect would."""
        point = next((p for p in self.points if p.owner is None and p.up and
                      (ssid is None or p.ssid == ssid) and
                      p.prefix == ip.rsplit(".", 1)[0]), None)
        target = None if point is None else point.leases.get(ip)
        if point is None or target is None:
            raise NetError(EHOSTUNREACH)
        listener = target.listeners.get(port)
        if listener is None:
            raise NetError(ECONNREFUSED)
        self._server_port = 40000 + (self._server_port - 40000 + 1) % 20000
        mine = Stream(self, None, (point.gateway, self._server_port), (ip, port))
        theirs = Stream(self, target, (ip, port), mine.local)
        mine.peer, theirs.peer, mine.on_data = theirs, mine, on_data
        if not listener.offer(theirs):
            raise NetError(ECONNREFUSED)
        target.streams.add(theirs)
        return mine

    def listen(self, host: NetHost, port: int, backlog: int) -> Listener:
        if port in host.listeners:
            raise NetError(EADDRINUSE)
        listener = Listener(host, port, backlog)
        host.listeners[port] = listener
        if self.outside is not None:
            self.outside.publish(host, port)
        return listener

    def accept_from_outside(self, host: NetHost, port: int, link: Link,
                            remote: tuple[str, int]) -> Stream | None:
        """The host's browser connected to a board's published port: the board's end (fed
        by the runner), or None when the board no longer listens there."""
        listener = host.listeners.get(port)
        if listener is None:
            return None
        local = (host.addresses()[0][1] if host.addresses() else "0.0.0.0", port)
        stream = Stream(self, host, local, remote)
        stream.link = link
        if not listener.offer(stream):
            return None
        host.streams.add(stream)
        return stream

    # -- UDP -----------------------------------------------------------------------------
    def bind_udp(self, host: NetHost, port: int) -> UdpPort:
        if port == 0:
            port = host.ephemeral_port()
        if port in host.udp:
            raise NetError(EADDRINUSE)
        udp = UdpPort(host, port)
        host.udp[port] = udp
        return udp

    def sendto(self, udp: UdpPort, data: bytes, ip: str, port: int) -> None:
        host = udp.host
        broadcast = ip.endswith(".255")
        found = self.route(host, ip)
        if found is None:
            raise self.unreachable(host, ip)
        point, own = found
        targets = list(point.leases.values()) + ([point.owner] if point.owner else []) \
            if broadcast else [self.target(point, ip)]
        for target in targets:
            if target == "server":
                self._server_udp(udp, data, port, point)
            elif isinstance(target, NetHost) and target is not host:
                other = target.udp.get(port)
                if other is not None:
                    self.scheduler.call_later(HOP_US, lambda o=other: o.receive(data,
                                                                             (own, udp.port)))

    def _server_udp(self, udp: UdpPort, data: bytes, port: int, point: AccessPoint) -> None:
        if port != SERVER_PORTS["ntp"] or len(data) < 48:
            return
        answer = self.ntp_answer(data)
        self.scheduler.call_later(2 * HOP_US, lambda: udp.receive(answer, (point.gateway, port)))

    def wall_time_s(self) -> float:
        """The real-world time the classroom server tells: the simulation's start time plus
        the virtual time since."""
        return self.epoch_s + self.scheduler.now_us / 1e6

    def ntp_answer(self, query: bytes) -> bytes:
        now = self.wall_time_s() + NTP_EPOCH_OFFSET
        seconds, fraction = int(now), int((now % 1) * 2**32)
        stamp = (seconds & 0xFFFFFFFF).to_bytes(4, "big") + fraction.to_bytes(4, "big")
        head = bytes((0x24, 2, query[2], 0xEC)) + bytes(8) + b"TRKY"
        return head + stamp + query[40:48] + stamp + stamp


def is_address(name: str) -> bool:
    """A dotted IPv4 address (lwIP's ipaddr_aton); any other name goes to DNS."""
    parts = name.split(".")
    return len(parts) == 4 and all(p.isdigit() and int(p) < 256 for p in parts)


__all__ = ["AccessPoint", "Link", "Listener", "NetError", "NetHost", "Network", "Outside",
           "NetworkConfigError", "Station", "is_address", "Stream", "UdpPort", "parse_networks"]
