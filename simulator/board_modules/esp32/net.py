"""``network`` of MicroPython 1.23's ESP32 port (network_wlan.c, modnetwork_globals.h) on
the simulation's network (model/network.py). ``socket`` and ``select`` are in sockets.py.

- ``WLAN(STA_IF)`` / ``WLAN(AP_IF)`` start inactive; ``connect()`` on an inactive interface
  is ``OSError: Wifi Not Started``. Connecting takes virtual time (association and DHCP,
  1.6 s); a network not in the air, or a wrong password, fails each attempt and the port
  tries again for as long as the connection is requested (``config(reconnects=n)`` limits
  it): ``status()`` stays STAT_CONNECTING until then, as on the board, and afterwards gives
  the ESP-IDF reason (201 no AP found, 202 wrong password).
- ``scan()`` lists the air: (ssid, bssid, channel, RSSI, security, hidden) as bytes/ints.
- The access point gives the board 192.168.4.1/24; other boards can join it.
"""

from __future__ import annotations

from types import ModuleType

from ...model.esp32 import Esp32Board
from ...model.network import STAT_CONNECTING, STAT_GOT_IP, STAT_IDLE, AccessPoint, NetHost
from ..machine import plain_names
from ..mp import mp_int, str_text
from . import unsimulated
from .chip import base_mac, mac_plus
from .sockets import build_select, build_socket

STA_IF, AP_IF = 0, 1
STAT_BEACON_TIMEOUT, STAT_NO_AP_FOUND, STAT_WRONG_PASSWORD = 200, 201, 202
STAT_ASSOC_FAIL, STAT_HANDSHAKE_TIMEOUT = 203, 204
SCAN_US = 1_500_000  # an active scan of every channel
AUTH = ("OPEN", "WEP", "WPA_PSK", "WPA2_PSK", "WPA_WPA2_PSK", "WPA2_ENTERPRISE", "WPA3_PSK",
        "WPA2_WPA3_PSK", "WAPI_PSK", "OWE")
ZERO_IP = ("0.0.0.0",) * 4
# ESP32_GENERIC has the LAN interface: its PHY kinds and states (modnetwork.h's enums)
PHYS = ("LAN8710", "LAN8720", "IP101", "RTL8201", "DP83848", "KSZ8041", "KSZ8081")
SPI_PHYS = ("KSZ8851SNL", "DM9051", "W5500")  # numbered from 100 (Ethernet chips on SPI)
ETH_STATES = ("INITIALIZED", "STARTED", "STOPPED", "CONNECTED", "DISCONNECTED", "GOT_IP")
DNS = "192.168.{}.1"


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
            self._if = number
            self._config: dict[str, object] = {
                "essid": "ESP_" + base_mac(cls._board)[3:].hex().upper() if number else "",
                "key": "", "channel": 1, "txpower": 20, "security": 0, "hidden": False,
                "max_clients": 10, "pm": 1}
            cls._interfaces[number] = self
        return self

    def __init__(self, *args: object) -> None:
        pass

    @property
    def _net(self) -> NetHost:
        return self._board.net

    def active(self, *args: object) -> bool | None:
        net = self._net
        if not args:
            return net.sta.active if self._if == STA_IF else net.ap is not None
        on = bool(args[0])
        if self._if == STA_IF:
            net.sta.active = on
            if not on:
                net.network.disconnect(net)
                net.sta.reason = 0
        elif on:
            self._start_ap()
        else:
            net.stop_ap()
        self._board.busy_us(1000)  # the port's mp_hal_delay_ms(1) after a mode change
        return None

    def _start_ap(self) -> AccessPoint:
        config = self._config
        key = str_text(config["key"]) if config["security"] else ""
        return self._board.network.start_ap(self._net, str_text(config["essid"]), key,
                                            mp_int(config["channel"]))

    def _started(self) -> None:
        if not (self._net.sta.active or self._net.ap is not None):
            raise OSError("Wifi Not Started")

    def connect(self, *args: object, **kwargs: object) -> None:
        self._started()
        if self._if != STA_IF:
            raise OSError("Wifi Invalid Interface")
        sta = self._net.sta
        ssid = args[0] if args else kwargs.get("ssid")
        key = args[1] if len(args) > 1 else kwargs.get("key", kwargs.get("password"))
        if ssid is not None:
            sta.ssid = str_text(ssid)
            sta.password = "" if key is None else str_text(key)
        if sta.ap is not None:
            self._board.network.leave(self._net)
        sta.requested, sta.attempts = True, 0
        self._board.network.start_join(self._net)

    def disconnect(self) -> None:
        self._board.network.disconnect(self._net)

    def status(self, *args: object) -> object:
        sta = self._net.sta
        if args:
            return self._status_of(str_text(args[0]))
        if self._if != STA_IF:
            return None
        return sta.status()

    def _status_of(self, what: str) -> object:
        net = self._net
        if what == "stations":
            if self._if != AP_IF:
                raise OSError("AP required")
            return [(h.mac,) for h in (net.ap.leases.values() if net.ap else ())]
        if what == "rssi":
            if self._if != STA_IF:
                raise OSError("STA required")
            if net.sta.ap is None:
                raise OSError("STA must be connected")
            return net.sta.ap.rssi
        raise ValueError("unknown status param")

    def isconnected(self) -> bool:
        net = self._net
        if self._if == STA_IF:
            return net.sta.status() == STAT_GOT_IP
        return net.ap is not None and bool(net.ap.leases)

    def scan(self) -> list[tuple[object, ...]]:
        if not self._net.sta.active:
            raise OSError("STA must be active")
        self._board.busy_us(SCAN_US)
        return [(p.ssid.encode(), p.bssid, p.channel, p.rssi, p.security, False)
                for p in self._board.network.visible() if p.owner is not self._net]

    def ifconfig(self, *args: object) -> tuple[str, ...] | None:
        net = self._net
        if args:
            return None
        if self._if == AP_IF:
            if net.ap is None:
                return ZERO_IP
            gateway = net.ap.gateway
            return (gateway, "255.255.255.0", gateway, "0.0.0.0")
        if net.sta.ap is None:
            return ZERO_IP
        gateway = net.sta.ap.gateway
        dns = gateway if net.sta.ap.owner is None else "0.0.0.0"
        return (net.sta.ip, "255.255.255.0", gateway, dns)

    def config(self, *args: object, **kwargs: object) -> object:
        if args and kwargs:
            raise TypeError("either pos or kw args are allowed")
        if kwargs:
            for key, value in kwargs.items():
                self._set_config(key, value)
            if self._if == AP_IF and self._net.ap is not None:
                self._start_ap()
            return None
        if len(args) != 1:
            raise TypeError("can query only one param")
        return self._get_config(str_text(args[0]))

    def _set_config(self, key: str, value: object) -> None:
        if key == "reconnects":
            self._net.sta.reconnects = max(0, mp_int(value) + 1) if mp_int(value) >= 0 else 0
            return
        key = {"ssid": "essid", "password": "key", "authmode": "security"}.get(key, key)
        if key not in self._config and key not in ("mac", "dhcp_hostname", "hostname"):
            raise ValueError("unknown config param")
        if key in ("dhcp_hostname", "hostname"):
            self._net.hostname = str_text(value)
            return
        self._config[key] = value  # a key protects the access point only with a security

    def _get_config(self, key: str) -> object:
        if key == "mac":
            return mac_plus(base_mac(self._board), self._if)
        if key == "reconnects":
            limit = self._net.sta.reconnects
            return limit - 1 if limit else -1
        if key in ("dhcp_hostname", "hostname"):
            return self._net.hostname
        if key == "rssi" and self._if == STA_IF:
            return self._status_of("rssi")
        key = {"ssid": "essid", "authmode": "security"}.get(key, key)
        if key == "essid" and self._if == STA_IF:
            return self._net.sta.ssid
        if key not in self._config or key == "key":
            raise ValueError("unknown config param")
        return self._config[key]


def build_network(board: Esp32Board) -> ModuleType:
    wlan = type("WLAN", (WLAN,), {"_board": board, "_interfaces": {}})
    board.net.mac = base_mac(board)
    names = {"country": ["XX"]}

    def hostname(*args: object) -> str | None:
        if not args:
            return board.net.hostname
        board.net.hostname = str_text(args[0])
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


__all__ = ["build_network", "build_select", "build_socket"]
