"""``socket`` and ``select`` of MicroPython 1.23's ESP32 port (modsocket.c over lwIP,
extmod/modselect.c) on the simulation's network (model/network.py).

A socket reaches only what the network has: other boards, the classroom server (DNS, NTP,
the class's MQTT broker) and a board's own server published to the host. Errors are the
port's: a name the classroom server does not know is ``OSError: -202``; an address outside
the classroom network ``[Errno 118] EHOSTUNREACH``; a port nobody listens on
``[Errno 111] ECONNREFUSED``; a timeout ``[Errno 116] ETIMEDOUT``; a non-blocking call
with nothing to do ``[Errno 11] EAGAIN``; reading a socket that never connected
``[Errno 128] ENOTCONN``.
"""

from __future__ import annotations

from types import ModuleType

from ...model.esp32 import Esp32Board
from ...model.network import (
    EAGAIN,
    ENOTCONN,
    ETIMEDOUT,
    Listener,
    NetError,
    NetHost,
    Stream,
    UdpPort,
    is_address,
)
from ..machine import plain_names
from ..mp import mp_int, read_buffer, str_text, write_buffer
from .chip import os_error

SOCKET_CONSTANTS = {"AF_INET": 2, "AF_INET6": 10, "SOCK_STREAM": 1, "SOCK_DGRAM": 2,
                    "SOCK_RAW": 3, "IPPROTO_IP": 0, "IPPROTO_ICMP": 1, "IPPROTO_TCP": 6,
                    "IPPROTO_UDP": 17, "IPPROTO_RAW": 255, "SOL_SOCKET": 0xFFF,
                    "SO_REUSEADDR": 4, "SO_BROADCAST": 32, "SO_BINDTODEVICE": 0x100B,
                    "TCP_NODELAY": 1, "IP_ADD_MEMBERSHIP": 3}
EAI_FAIL = 202
EINPROGRESS, EISCONN = 119, 127
SEND_US_PER_BYTE = 1  # about 8 Mbit/s through lwIP and the Wi-Fi driver
CALL_US = 60  # lwIP's work for one call
DNS_US = 8_000  # a lookup at the classroom server
MSS = 1436  # what one recv gives at most when more waits


class Socket:
    _board: Esp32Board

    def __init__(self, family: object = 2, kind: object = 1, proto: object = 0,
                 *rest: object) -> None:
        self._family, self._type, self._proto = mp_int(family), mp_int(kind), mp_int(proto)
        self._timeout: float | None = None
        self._closed = False
        self._port = 0  # bound to
        self._stream: Stream | None = None
        self._listener: Listener | None = None
        self._udp: UdpPort | None = None
        self._open_at = 0  # a non-blocking connect completes at this virtual time
        self._board.net.sockets.append(self)

    @property
    def _net(self) -> NetHost:
        return self._board.net

    def __repr__(self) -> str:
        timeout = -1 if self._timeout is None else int(self._timeout * 1000)
        return f"<socket state={1 if self._stream else 0} timeout={timeout} incoming=0 off=0>"

    # -- waiting, as the port does (blocking, with a timeout, or not at all) -----------------
    def _wait(self, ready) -> None:  # type: ignore[no-untyped-def]
        if ready():
            return
        if self._timeout == 0:
            raise os_error(EAGAIN)
        limit = None if self._timeout is None else int(self._timeout * 1e6)
        if not self._board.wait(ready, limit):
            raise os_error(ETIMEDOUT)

    def _check_open(self) -> None:
        if self._closed:
            raise os_error(9)  # EBADF

    # -- TCP -----------------------------------------------------------------------------
    def connect(self, address: object) -> None:
        self._check_open()
        ip, port = _address(address)
        if self._type == 2:  # UDP: only remembers the address
            self._udp_socket()
            self._peer = (ip, port)
            return
        if self._stream is not None:
            raise os_error(EISCONN)
        self._board.busy_us(CALL_US)
        try:
            self._stream, self._open_at = self._board.network.connect(self._net, ip, port)
        except NetError as error:
            raise os_error(error.errno) from None
        if self._timeout == 0:
            raise os_error(EINPROGRESS)
        self._board.sleep_us(self._open_at - self._board.scheduler.now_us)

    def bind(self, address: object) -> None:
        self._check_open()
        _, self._port = _address(address)
        if self._type == 2:
            self._udp_socket()

    def listen(self, backlog: object = 2) -> None:
        self._check_open()
        try:
            self._listener = self._board.network.listen(self._net, self._port or 80,
                                                        mp_int(backlog))
        except NetError as error:
            raise os_error(error.errno) from None

    def accept(self) -> tuple[object, object]:
        self._check_open()
        listener = self._listener
        if listener is None:
            raise os_error(22)  # EINVAL: not listening
        self._wait(lambda: bool(listener.pending))
        stream = listener.pending.popleft()
        other = type(self)(2, 1, 0)
        other._stream = stream
        return other, stream.remote

    def _connected(self) -> Stream:
        self._check_open()
        if self._stream is None:
            raise os_error(ENOTCONN)
        if self._board.scheduler.now_us < self._open_at:
            self._wait(lambda: self._board.scheduler.now_us >= self._open_at)
        return self._stream

    def send(self, data: object) -> int:
        stream = self._connected()
        payload = read_buffer(data)
        self._board.busy_us(CALL_US + len(payload) * SEND_US_PER_BYTE)
        try:
            stream.send(payload)
        except NetError as error:
            raise os_error(error.errno) from None
        return len(payload)

    def write(self, data: object, *window: object) -> int | None:
        """The stream write: ``write(buf)``, ``write(buf, n)`` or ``write(buf, offset, n)``;
        None on a non-blocking socket that cannot take it."""
        payload = read_buffer(data)
        if len(window) == 1:
            payload = payload[:max(0, mp_int(window[0]))]
        elif len(window) == 2:
            offset = max(0, mp_int(window[0]))
            payload = payload[offset:offset + max(0, mp_int(window[1]))]
        elif window:
            raise TypeError("function takes at most 4 positional arguments")
        return self.send(payload)

    def sendall(self, data: object) -> None:
        self.send(data)

    def recv(self, size: object) -> bytes:
        if self._type == 2:
            return self.recvfrom(size)[0]
        stream = self._connected()
        self._wait(lambda: stream.readable)
        if stream.error and not stream.inbox:
            error, stream.error = stream.error, 0
            raise os_error(error)
        self._board.busy_us(CALL_US)
        return stream.take(min(mp_int(size), MSS))

    def _nothing_yet(self) -> bool:
        """A non-blocking stream call with nothing to read: MicroPython's stream methods
        (read, readinto, readline) then give None where recv raises EAGAIN."""
        stream = self._connected()
        return self._timeout == 0 and not stream.readable

    def read(self, size: object = -1) -> bytes | None:
        """The stream read: ``size`` bytes (fewer only at the end), or up to the end when no
        size is given."""
        if self._nothing_yet():
            return None
        wanted = -1 if size is None else mp_int(size)
        parts = bytearray()
        while wanted < 0 or len(parts) < wanted:
            if self._timeout == 0 and not self._connected().readable:
                break
            chunk = self.recv(MSS if wanted < 0 else wanted - len(parts))
            if not chunk:
                break
            parts += chunk
        return bytes(parts)

    def readinto(self, buf: object, nbytes: object = None) -> int | None:
        view = write_buffer(buf)
        data = self.read(len(view) if nbytes is None else mp_int(nbytes))
        if data is None:
            return None
        view[:len(data)] = data
        return len(data)

    def readline(self) -> bytes | None:
        if self._nothing_yet():
            return None
        stream = self._connected()
        line = bytearray()
        while not line.endswith(b"\n"):
            if self._timeout == 0 and not stream.readable:
                break
            self._wait(lambda: stream.readable)
            if not stream.inbox:
                break
            end = stream.inbox.find(b"\n")
            line += stream.take(len(stream.inbox) if end < 0 else end + 1)
        return bytes(line)

    # -- UDP -----------------------------------------------------------------------------
    def _udp_socket(self) -> UdpPort:
        if self._udp is None:
            try:
                self._udp = self._board.network.bind_udp(self._net, self._port)
            except NetError as error:
                raise os_error(error.errno) from None
        return self._udp

    def sendto(self, data: object, address: object) -> int:
        self._check_open()
        ip, port = _address(address)
        payload = read_buffer(data)
        self._board.busy_us(CALL_US + len(payload) * SEND_US_PER_BYTE)
        try:
            self._board.network.sendto(self._udp_socket(), payload, ip, port)
        except NetError as error:
            raise os_error(error.errno) from None
        return len(payload)

    def recvfrom(self, size: object) -> tuple[bytes, object]:
        self._check_open()
        udp = self._udp_socket()
        self._wait(lambda: bool(udp.inbox))
        data, sender = udp.inbox.popleft()
        return data[:mp_int(size)], sender

    # -- settings ------------------------------------------------------------------------
    def settimeout(self, value: object) -> None:
        self._timeout = None if value is None else max(0.0, float(value))  # type: ignore[arg-type]

    def setblocking(self, flag: object) -> None:
        self._timeout = None if flag else 0.0

    def setsockopt(self, level: object, option: object, value: object) -> None:
        self._check_open()

    def makefile(self, *args: object, **kwargs: object) -> Socket:
        return self

    def fileno(self) -> int:
        return 54 + self._net.sockets.index(self) if self in self._net.sockets else -1

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self._stream is not None:
            self._stream.close()
        if self._listener is not None:
            self._net.listeners.pop(self._listener.port, None)
        if self._udp is not None:
            self._net.udp.pop(self._udp.port, None)

    def __enter__(self) -> Socket:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- for select ----------------------------------------------------------------------
    def _poll_state(self, mask: int) -> int:
        """What select.poll reports for this socket under ``mask`` (POLLIN/POLLOUT)."""
        if self._closed:
            return POLLNVAL
        state = 0
        stream, listener, udp = self._stream, self._listener, self._udp
        if mask & POLLIN and (stream is not None and stream.readable or
                              listener is not None and listener.pending or
                              udp is not None and udp.inbox):
            state |= POLLIN
        opened = stream is not None and self._board.scheduler.now_us >= self._open_at
        if mask & POLLOUT and (opened and not stream.error or udp is not None):  # type: ignore[union-attr]
            state |= POLLOUT
        if stream is not None and stream.error:
            state |= POLLERR
        if stream is not None and stream.eof and not stream.inbox:
            state |= POLLHUP
        return state


def _address(address: object) -> tuple[str, int]:
    try:
        host, port = address  # type: ignore[misc]
    except (TypeError, ValueError):
        raise TypeError("address must be a tuple (host, port)") from None
    return str_text(host), mp_int(port)


def build_socket(board: Esp32Board) -> ModuleType:
    net = board.net
    for old in net.sockets:  # a new run: the last run's sockets are gone
        old.close()  # type: ignore[attr-defined]
    net.close_sockets()
    net.sockets.clear()
    sock = type("socket", (Socket,), {"_board": board})

    def getaddrinfo(host: object, port: object, *rest: object) -> list[tuple[object, ...]]:
        name = str_text(host)
        if not is_address(name):
            board.busy_us(DNS_US)
        found = board.network.resolve(net, name)
        if found is None:
            raise OSError(-EAI_FAIL)
        return [(2, 1, 0, "", (found, mp_int(port)))]

    def inet_ntop(family: object, packed: object) -> str:
        return ".".join(str(b) for b in read_buffer(packed))

    def inet_pton(family: object, text: object) -> bytes:
        return bytes(int(p) for p in str_text(text).split("."))

    mod = ModuleType("socket")
    for function in plain_names(getaddrinfo, inet_ntop, inet_pton):
        setattr(mod, function.__name__, function)
    mod.socket = sock  # type: ignore[attr-defined]
    for name, value in SOCKET_CONSTANTS.items():
        setattr(mod, name, value)
    return mod


# -- select ---------------------------------------------------------------------------------
POLLIN, POLLOUT, POLLERR, POLLHUP, POLLNVAL = 1, 4, 8, 16, 32


class Poll:
    _board: Esp32Board

    def __init__(self) -> None:
        self._watched: list[tuple[object, int]] = []

    def register(self, obj: object, mask: object = POLLIN | POLLOUT) -> None:
        self.unregister(obj)
        self._watched.append((obj, mp_int(mask)))

    def unregister(self, obj: object) -> None:
        self._watched = [(o, m) for o, m in self._watched if not _same(o, obj)]

    def modify(self, obj: object, mask: object) -> None:
        if not any(_same(o, obj) for o, _ in self._watched):
            raise os_error(2)  # ENOENT
        self.register(obj, mask)

    def _ready(self) -> list[tuple[object, int]]:
        ready = []
        for obj, mask in self._watched:
            if isinstance(obj, Socket):
                state = obj._poll_state(mask)
                if state:
                    ready.append((obj, state))
            elif mask & POLLIN and self._board.serial_in:
                ready.append((_board_object(obj), POLLIN))
        return ready

    def poll(self, timeout: object = -1) -> list[tuple[object, int]]:
        ms = -1 if timeout is None else mp_int(timeout)
        if ms != 0:
            self._board.wait(lambda: bool(self._ready()), None if ms < 0 else ms * 1000)
        return self._ready()

    def ipoll(self, timeout: object = -1, flags: object = 0) -> object:
        return iter(self.poll(timeout))


def _same(a: object, b: object) -> bool:
    ref_a, ref_b = getattr(a, "ref", a), getattr(b, "ref", b)
    return a is b or getattr(ref_a, "ref", None) is not None and \
        getattr(ref_a, "ref", None) == getattr(ref_b, "ref", None)


def _board_object(obj: object) -> object:
    """A board object lent to the host (sys.stdin) goes back as the board's own."""
    return getattr(obj, "ref", obj)


def build_select(board: Esp32Board) -> ModuleType:
    poll_type = type("poll", (Poll,), {"_board": board})

    def poll() -> Poll:
        return poll_type()

    def select(rlist: object, wlist: object, xlist: object, timeout: object = None) -> tuple:
        watcher = poll_type()
        for obj in rlist:  # type: ignore[attr-defined]
            watcher.register(obj, POLLIN)
        for obj in wlist:  # type: ignore[attr-defined]
            watcher.register(obj, POLLOUT)
        ms = -1 if timeout is None else int(float(timeout) * 1000)  # type: ignore[arg-type]
        ready = watcher.poll(ms)
        readable = [obj for obj, state in ready if state & (POLLIN | POLLHUP | POLLERR)]
        writable = [obj for obj, state in ready if state & POLLOUT]
        return (readable, writable, [])

    mod = ModuleType("select")
    for function in plain_names(poll, select):
        setattr(mod, function.__name__, function)
    for name, value in (("POLLIN", POLLIN), ("POLLOUT", POLLOUT), ("POLLERR", POLLERR),
                        ("POLLHUP", POLLHUP)):
        setattr(mod, name, value)
    return mod


__all__ = ["ENOTCONN", "Poll", "Socket", "build_select", "build_socket"]
