"""``network``, ``socket`` and ``select`` of MicroPython 1.23's ESP32 port (network_wlan.c,
modnetwork_globals.h, extmod/modlwip-free modsocket.c, extmod/modselect.c) on a board that
has no network to join (yet).

- ``WLAN(STA_IF)`` / ``WLAN(AP_IF)`` start inactive. ``connect()`` on an inactive
  interface is ``OSError: Wifi Not Started``; on an active one the station connects
  (``status()`` STAT_CONNECTING) and, finding no access point after the scan time (3 s),
  ends at STAT_NO_AP_FOUND. ``ifconfig()`` is all ``0.0.0.0`` until connected (the access
  point, when active, is 192.168.4.1). ``config('mac')`` is the board's MAC (the access
  point's is one more).
- ``socket``: a socket can be made, bound and listened on; ``getaddrinfo`` of a name fails
  as lwIP's DNS does with no network (``OSError: -202``), a numeric address is returned
  as given; ``connect`` to it is ``[Errno 118] EHOSTUNREACH``; sending or receiving on a
  socket that is not connected is ``[Errno 128] ENOTCONN``; ``accept`` waits (its timeout
  gives ``[Errno 116] ETIMEDOUT``).
- ``select.poll`` / ``select.select`` over sockets (never ready) and ``sys.stdin`` (ready
  when something was typed).
"""

from __future__ import annotations

from types import ModuleType

from ...model.esp32 import Esp32Board
from ..machine import plain_names
from ..mp import mp_int, str_text
from . import unsimulated
from .chip import EAGAIN, EHOSTUNREACH, ENOTCONN, ETIMEDOUT, base_mac, mac_plus, os_error

STA_IF, AP_IF = 0, 1
STAT_IDLE, STAT_CONNECTING, STAT_GOT_IP = 1000, 1001, 1010
STAT_BEACON_TIMEOUT, STAT_NO_AP_FOUND, STAT_WRONG_PASSWORD = 200, 201, 202
STAT_ASSOC_FAIL, STAT_HANDSHAKE_TIMEOUT = 203, 204
SCAN_US = 3_000_000
AUTH = ("OPEN", "WEP", "WPA_PSK", "WPA2_PSK", "WPA_WPA2_PSK", "WPA2_ENTERPRISE", "WPA3_PSK",
        "WPA2_WPA3_PSK", "WAPI_PSK", "OWE")
ZERO_IP = ("0.0.0.0",) * 4
# ESP32_GENERIC has the LAN interface: its PHY kinds and states (modnetwork.h's enums)
PHYS = ("LAN8710", "LAN8720", "IP101", "RTL8201", "DP83848", "KSZ8041", "KSZ8081")
SPI_PHYS = ("KSZ8851SNL", "DM9051", "W5500")  # numbered from 100 (Ethernet chips on SPI)
ETH_STATES = ("INITIALIZED", "STARTED", "STOPPED", "CONNECTED", "DISCONNECTED", "GOT_IP")


class WLAN:
    _board: Esp32Board
    _interfaces: dict[int, "WLAN"]
    # config(pm=...): ESP-IDF's wifi_ps_type_t (the station starts at PM_PERFORMANCE)
    PM_NONE, PM_PERFORMANCE, PM_POWERSAVE = 0, 1, 2
    IF_STA, IF_AP = 0, 1  # the same numbers as network.STA_IF and AP_IF
    # security kinds, the same numbers as network.AUTH_*
    SEC_OPEN, SEC_WEP, SEC_WPA, SEC_WPA2, SEC_WPA_WPA2, SEC_WPA2_ENT = 0, 1, 2, 3, 4, 5
    SEC_WPA3, SEC_WPA2_WPA3, SEC_WAPI, SEC_OWE = 6, 7, 8, 9

    def __new__(cls, *args: object) -> "WLAN":
        if len(args) > 1:
            raise TypeError(f"function expected at most 1 arguments, got {len(args)}")
        number = mp_int(args[0]) if args else STA_IF
        if number not in (STA_IF, AP_IF):
            raise ValueError("invalid WLAN interface identifier")
        self = cls._interfaces.get(number)
        if self is None:
            self = object.__new__(cls)
            self._if, self._active, self._status, self._connect_at = number, False, STAT_IDLE, 0
            self._config: dict[str, object] = {
                "essid": "ESP_" + base_mac(cls._board)[3:].hex().upper() if number else "",
                "channel": 1, "hostname": "espressif", "reconnects": -1, "txpower": 20,
                "security": 0, "hidden": False, "max_clients": 10, "pm": 1}
            cls._interfaces[number] = self
        return self

    def __init__(self, *args: object) -> None:
        pass

    def active(self, *args: object) -> bool | None:
        if not args:
            return self._active
        self._active = bool(args[0])
        if not self._active:
            self._status = STAT_IDLE
        return None

    def _started(self) -> None:
        if not self._active:
            raise OSError("Wifi Not Started")

    def connect(self, *args: object, **kwargs: object) -> None:
        self._started()
        if self._if != STA_IF:
            raise OSError("Wifi Invalid Interface")
        ssid = args[0] if args else kwargs.get("ssid")
        if ssid is not None:
            self._config["essid"] = str_text(ssid)
        self._status = STAT_CONNECTING
        self._connect_at = self._board.scheduler.now_us

    def disconnect(self) -> None:
        self._status = STAT_IDLE

    def status(self, *args: object) -> object:
        if args:
            if str_text(args[0]) == "rssi":
                raise OSError("STA must be connected")  # not connected here
            raise ValueError("unknown status param")
        if self._if != STA_IF:
            return None
        if self._status == STAT_CONNECTING and \
                self._board.scheduler.now_us - self._connect_at >= SCAN_US:
            self._status = STAT_NO_AP_FOUND
        return self._status

    def isconnected(self) -> bool:
        return False

    def scan(self) -> list[tuple[object, ...]]:
        self._started()
        self._board.busy_us(SCAN_US // 2)
        return []

    def ifconfig(self, *args: object) -> tuple[str, ...] | None:
        if args:
            return None
        if self._if == AP_IF and self._active:
            return ("192.168.4.1", "255.255.255.0", "192.168.4.1", "0.0.0.0")
        return ZERO_IP

    def config(self, *args: object, **kwargs: object) -> object:
        if args and kwargs:
            raise TypeError("either pos or kw args are allowed")
        if kwargs:
            for key, value in kwargs.items():
                if key not in self._config and key not in ("ssid", "key", "password"):
                    raise ValueError("unknown config param")
                self._config["essid" if key == "ssid" else key] = value
            return None
        if len(args) != 1:
            raise TypeError("can query only one param")
        key = str_text(args[0])
        if key == "mac":
            return mac_plus(base_mac(self._board), self._if)
        if key == "ssid":
            key = "essid"
        if key not in self._config:
            raise ValueError("unknown config param")
        return self._config[key]


def build_network(board: Esp32Board) -> ModuleType:
    wlan = type("WLAN", (WLAN,), {"_board": board, "_interfaces": {}})
    names = {"hostname": ["espressif"], "country": ["XX"]}

    def hostname(*args: object) -> str | None:
        if not args:
            return names["hostname"][0]
        names["hostname"][0] = str_text(args[0])
        return None

    def country(*args: object) -> str | None:
        if not args:
            return names["country"][0]
        names["country"][0] = str_text(args[0])
        return None

    def phy_mode(*args: object) -> int | None:
        return 0b111 if not args else None

    mod = ModuleType("network")
    for function in plain_names(hostname, country, phy_mode):
        setattr(mod, function.__name__, function)
    mod.WLAN = wlan  # type: ignore[attr-defined]
    for name, cls in unsimulated.network_classes().items():
        setattr(mod, name, cls)
    constants = {"STA_IF": STA_IF, "AP_IF": AP_IF, "STAT_IDLE": STAT_IDLE,
                 "STAT_CONNECTING": STAT_CONNECTING, "STAT_GOT_IP": STAT_GOT_IP,
                 "STAT_BEACON_TIMEOUT": STAT_BEACON_TIMEOUT, "STAT_NO_AP_FOUND": STAT_NO_AP_FOUND,
                 "STAT_WRONG_PASSWORD": STAT_WRONG_PASSWORD, "STAT_ASSOC_FAIL": STAT_ASSOC_FAIL,
                 "STAT_HANDSHAKE_TIMEOUT": STAT_HANDSHAKE_TIMEOUT, "MODE_11B": 1,
                 "MODE_11G": 2, "MODE_11N": 4, "MODE_LR": 8, "AUTH_MAX": len(AUTH)}
    constants.update({f"AUTH_{name}": i for i, name in enumerate(AUTH)})
    constants.update({f"PHY_{name}": i for i, name in enumerate(PHYS)})
    constants.update({f"PHY_{name}": 100 + i for i, name in enumerate(SPI_PHYS)})
    constants.update({f"ETH_{name}": i for i, name in enumerate(ETH_STATES)})
    for name, value in constants.items():
        setattr(mod, name, value)
    return mod


# -- socket ----------------------------------------------------------------------------------
SOCKET_CONSTANTS = {"AF_INET": 2, "AF_INET6": 10, "SOCK_STREAM": 1, "SOCK_DGRAM": 2,
                    "SOCK_RAW": 3, "IPPROTO_IP": 0, "IPPROTO_ICMP": 1, "IPPROTO_TCP": 6,
                    "IPPROTO_UDP": 17, "IPPROTO_RAW": 255, "SOL_SOCKET": 0xFFF,
                    "SO_REUSEADDR": 4, "SO_BROADCAST": 32, "SO_BINDTODEVICE": 0x100B,
                    "TCP_NODELAY": 1, "IP_ADD_MEMBERSHIP": 3}
EAI_FAIL = 202


def _numeric(host: str) -> bool:
    parts = host.split(".")
    return len(parts) == 4 and all(p.isdigit() and int(p) < 256 for p in parts)


class Socket:
    _board: Esp32Board

    def __init__(self, family: object = 2, kind: object = 1, proto: object = 0,
                 *rest: object) -> None:
        self._family, self._type, self._proto = mp_int(family), mp_int(kind), mp_int(proto)
        self._timeout: float | None = None
        self._closed = self._listening = False

    def __repr__(self) -> str:
        return f"<socket state=0 timeout={-1 if self._timeout is None else self._timeout:g}" \
            f" incoming=0 off=0>"

    def connect(self, address: object) -> None:
        self._board.busy_us(3000)
        raise os_error(EHOSTUNREACH)

    def bind(self, address: object) -> None:
        pass

    def listen(self, backlog: object = 2) -> None:
        self._listening = True

    def accept(self) -> tuple[object, object]:
        board = self._board
        if self._timeout == 0:
            raise os_error(EAGAIN)
        board.wait(lambda: False, None if self._timeout is None else int(self._timeout * 1e6))
        raise os_error(ETIMEDOUT)

    def _not_connected(self, *args: object) -> None:
        raise os_error(ENOTCONN)

    send = sendall = write = recv = read = readline = readinto = _not_connected

    def sendto(self, data: object, address: object) -> int:
        raise os_error(EHOSTUNREACH)

    def recvfrom(self, size: object) -> tuple[bytes, object]:
        self.accept()
        return b"", None

    def settimeout(self, value: object) -> None:
        self._timeout = None if value is None else float(value)  # type: ignore[arg-type]

    def setblocking(self, flag: object) -> None:
        self._timeout = None if flag else 0.0

    def setsockopt(self, level: object, option: object, value: object) -> None:
        pass

    def makefile(self, *args: object, **kwargs: object) -> "Socket":
        return self

    def fileno(self) -> int:
        return 54

    def close(self) -> None:
        self._closed = True


def build_socket(board: Esp32Board) -> ModuleType:
    sock = type("socket", (Socket,), {"_board": board})

    def getaddrinfo(host: object, port: object, *rest: object) -> list[tuple[object, ...]]:
        name = str_text(host)
        board.busy_us(1000)
        if not _numeric(name):
            raise OSError(-EAI_FAIL)
        return [(2, 1, 0, "", (name, mp_int(port)))]

    def inet_ntop(family: object, packed: object) -> str:
        return ".".join(str(b) for b in bytes(packed))  # type: ignore[call-overload]

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
POLLIN, POLLOUT, POLLERR, POLLHUP = 1, 4, 8, 16


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
        self.register(obj, mask)

    def _ready(self) -> list[tuple[object, int]]:
        ready = []
        for obj, mask in self._watched:
            if not isinstance(obj, Socket) and mask & POLLIN and self._board.serial_in:
                ready.append((_board_object(obj), POLLIN))
        return ready

    def poll(self, timeout: object = -1) -> list[tuple[object, int]]:
        ms = -1 if timeout is None else mp_int(timeout)
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
        ms = -1 if timeout is None else int(float(timeout) * 1000)  # type: ignore[arg-type]
        ready = [obj for obj, _ in watcher.poll(ms)]
        return (ready, [], [])

    mod = ModuleType("select")
    for function in plain_names(poll, select):
        setattr(mod, function.__name__, function)
    for name, value in (("POLLIN", POLLIN), ("POLLOUT", POLLOUT), ("POLLERR", POLLERR),
                        ("POLLHUP", POLLHUP)):
        setattr(mod, name, value)
    return mod
