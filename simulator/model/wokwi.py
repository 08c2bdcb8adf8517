"""Wokwi's ``diagram.json`` to Terakoya's ``circuit.toml``.

A diagram lists parts (``{"id", "type", "attrs"}``) and wires (``["led1:A", "esp:D2", …]``).
Wires join pins into nets; a part pin on the same net as one of the ESP32 board's pins is on
that GPIO. The board's pins are named as on Wokwi's boards: ``D2``/``2``/``GPIO2``, ``TX``/
``TX0`` (1), ``RX``/``RX0`` (3), ``VP`` (36), ``VN`` (39); ``GND…``, ``3V3``, ``5V``, ``VIN``
are the supply. Each Wokwi part that Terakoya has becomes a ``[[part]]`` with its attributes
as options or start values (a potentiometer's ``value`` 0..1023 as ``position``, a DHT22's
``temperature``…); every part that cannot be brought over is named, with the reason, in the
comment at the top of the text, never left out without a word.
"""

from __future__ import annotations

import json
import re

from ..boards.esp32 import ESP32
from ..boards.spec import BoardSpec
from .circuit import ID_PATTERN, CircuitError, load_circuit, pin_number

BOARD_PREFIXES = ("board-esp32", "wokwi-esp32")
BOARD_PIN_ALIASES = {"TX": 1, "TX0": 1, "TXD": 1, "RX": 3, "RX0": 3, "RXD": 3,
                     "VP": 36, "VN": 39, "SVP": 36, "SVN": 39}
GROUND = re.compile(r"(GND|VSS)(\.\d+)?", re.IGNORECASE)
SUPPLY = re.compile(r"(3V3|3\.3V|5V|VIN|VCC|VDD|V\+)(\.\d+)?", re.IGNORECASE)
PASSIVE = {"wokwi-resistor": "a resistor (in series it passes the pin on; as a pull resistor it is not simulated)", "wokwi-breadboard": "a breadboard",
           "wokwi-breadboard-half": "a breadboard", "wokwi-breadboard-mini": "a breadboard",
           "wokwi-gnd": "a ground symbol", "wokwi-vcc": "a supply symbol",
           "wokwi-text": "a text label"}
# a resistor joins the nets of its two ends (an LED's series resistor); a pull-up or
# pull-down resistor is not simulated: the program's Pin.PULL_UP/PULL_DOWN decides
MAX_PARTS = 100


class _Nets:
    """Union-find over ``part:pin`` endpoints."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.endpoints: set[str] = set()

    def find(self, item: str) -> str:
        root = item
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while item != root:  # shorten the path for the next look-up
            self.parent[item], item = root, self.parent.get(item, root)
        return root

    def join(self, a: str, b: str) -> None:
        self.endpoints.update((a, b))
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[ra] = rb


def board_pin(name: str, spec: BoardSpec) -> int | str | None:
    """A board pin's GPIO number, "gnd" or "vcc" (None: a pin with no use here)."""
    name = name.strip()
    if GROUND.fullmatch(name):
        return "gnd"
    if SUPPLY.fullmatch(name):
        return "vcc"
    upper = name.upper()
    if upper in BOARD_PIN_ALIASES:
        return BOARD_PIN_ALIASES[upper] if spec.pin(BOARD_PIN_ALIASES[upper]) else None
    return pin_number(name, spec)


def _number(attrs: dict, key: str, default: float, low: float, high: float) -> float:
    """A Wokwi attribute (they are strings) as a number inside ``low..high``."""
    try:
        value = float(attrs.get(key, default))
    except (TypeError, ValueError, OverflowError):
        value = default
    if value != value or value in (float("inf"), float("-inf")):
        value = default
    return min(high, max(low, value))


Mapped = tuple[str, dict[str, int], dict[str, object]]
NOT_WIRED = "not wired to a GPIO pin"


def _gpio(net, *names: str) -> int | None:  # type: ignore[no-untyped-def]
    for name in names:
        where = net(name)
        if isinstance(where, int):
            return where
    return None


def _led(attrs: dict, net) -> Mapped | str:  # type: ignore[no-untyped-def]
    color = str(attrs.get("color", "red"))[:20]
    if isinstance(net("A"), int):
        return "led", {"pin": net("A")}, {"color": color}
    if isinstance(net("C"), int):
        return "led", {"pin": net("C")}, {"color": color, "active": "low"}
    return NOT_WIRED


def _rgb_led(attrs: dict, net) -> Mapped | str:  # type: ignore[no-untyped-def]
    pins = {role: net(role.upper()) for role in ("r", "g", "b")}
    if not all(isinstance(p, int) for p in pins.values()):
        return "its R, G and B pins are not all on GPIO pins"
    common = {"vcc": "anode", "gnd": "cathode"}.get(net("COM"))
    if common is None:
        common = "anode" if str(attrs.get("common", "")).lower() == "anode" else "cathode"
    return "rgb-led", pins, {"common": common}  # type: ignore[return-value]


def _button(attrs: dict, net) -> Mapped | str:  # type: ignore[no-untyped-def]
    for side, other in (("1", "2"), ("2", "1")):
        pin = _gpio(net, f"{side}.l", f"{side}.r")
        if pin is not None:
            far = {net(f"{other}.l"), net(f"{other}.r")}
            to = "3v3" if "vcc" in far else "gnd"
            return "button", {"pin": pin}, {"to": to, "bounce": str(attrs.get("bounce", "1")) != "0"}
    return NOT_WIRED


def _one_pin(kind: str, *names: str, **options: object):  # type: ignore[no-untyped-def]
    def mapper(attrs: dict, net) -> Mapped | str:  # type: ignore[no-untyped-def]
        pin = _gpio(net, *names)
        return (kind, {"pin": pin}, dict(options)) if pin is not None else NOT_WIRED
    return mapper


def _potentiometer(attrs: dict, net) -> Mapped | str:  # type: ignore[no-untyped-def]
    pin = _gpio(net, "SIG")
    if pin is None:
        return NOT_WIRED
    return "potentiometer", {"pin": pin}, {"position": round(_number(attrs, "value", 0, 0, 1023) / 1023, 4)}


def _ldr(attrs: dict, net) -> Mapped | str:  # type: ignore[no-untyped-def]
    pin = _gpio(net, "AO")
    if pin is None:
        return "its AO pin is not on a GPIO pin (the DO threshold output is not simulated)"
    return "ldr", {"pin": pin}, {"lux": _number(attrs, "lux", 500, 0.1, 100000),
                                 "rl10": _number(attrs, "rl10", 50, 0.1, 10000),
                                 "gamma": _number(attrs, "gamma", 0.7, 0.1, 2.0), "bright": "low"}


def _dht22(attrs: dict, net) -> Mapped | str:  # type: ignore[no-untyped-def]
    pin = _gpio(net, "SDA")
    if pin is None:
        return NOT_WIRED
    return "dht22", {"pin": pin}, {"temperature": round(_number(attrs, "temperature", 24, -40, 80), 1),
                                   "humidity": round(_number(attrs, "humidity", 40, 0, 100), 1)}


def _ds18b20(attrs: dict, net) -> Mapped | str:  # type: ignore[no-untyped-def]
    pin = _gpio(net, "DQ")
    if pin is None:
        return NOT_WIRED
    return "ds18b20", {"pin": pin}, {"temperature": _number(attrs, "temperature", 22, -55, 125)}


def _hcsr04(attrs: dict, net) -> Mapped | str:  # type: ignore[no-untyped-def]
    trig, echo = _gpio(net, "TRIG"), _gpio(net, "ECHO")
    if trig is None or echo is None:
        return "its TRIG and ECHO pins are not both on GPIO pins"
    return "hc-sr04", {"trig": trig, "echo": echo}, {"distance": _number(attrs, "distance", 400, 2, 400)}


def _buzzer(attrs: dict, net) -> Mapped | str:  # type: ignore[no-untyped-def]
    pin = _gpio(net, "2", "1")
    return ("buzzer", {"pin": pin}, {}) if pin is not None else NOT_WIRED


def _pir(attrs: dict, net) -> Mapped | str:  # type: ignore[no-untyped-def]
    pin = _gpio(net, "OUT")
    if pin is None:
        return NOT_WIRED
    return "pir", {"pin": pin}, {"hold_s": _number(attrs, "delayTime", 5, 0, 600)}


def _pixels(layout: str):  # type: ignore[no-untyped-def]
    def mapper(attrs: dict, net) -> Mapped | str:  # type: ignore[no-untyped-def]
        pin = _gpio(net, "DIN")
        if pin is None:
            return NOT_WIRED
        if layout == "matrix":
            rows, cols = int(_number(attrs, "rows", 8, 1, 64)), int(_number(attrs, "cols", 8, 1, 64))
            serpentine = "serpentine" in (str(attrs.get("layout")), str(attrs.get("matrixLayout")))
            return "ws2812", {"pin": pin}, {"count": min(1024, rows * cols), "layout": "matrix",
                                            "columns": cols, "serpentine": serpentine}
        default = 1 if layout == "single" else (16 if layout == "ring" else 8)
        count = int(_number(attrs, "pixels", default, 1, 1024))
        return "ws2812", {"pin": pin}, {"count": count, "layout": "ring" if layout == "ring" else "strip"}
    return mapper


def _ssd1306(attrs: dict, net) -> Mapped | str:  # type: ignore[no-untyped-def]
    scl, sda = _gpio(net, "SCL"), _gpio(net, "SDA")
    if scl is None or sda is None:
        return "its SCL and SDA pins are not both on GPIO pins"
    try:
        address = int(str(attrs.get("i2cAddress", "0x3c")), 0)
    except ValueError:
        address = 0x3C
    return "ssd1306", {"scl": scl, "sda": sda}, {"address": address}


MAPPERS = {
    "wokwi-led": _led, "wokwi-rgb-led": _rgb_led,
    "wokwi-pushbutton": _button, "wokwi-pushbutton-6mm": _button,
    "wokwi-potentiometer": _potentiometer, "wokwi-slide-potentiometer": _potentiometer,
    "wokwi-photoresistor-sensor": _ldr, "wokwi-dht22": _dht22, "wokwi-ds18b20": _ds18b20,
    "wokwi-hc-sr04": _hcsr04, "wokwi-servo": _one_pin("servo", "PWM"), "wokwi-buzzer": _buzzer,
    "wokwi-pir-motion-sensor": _pir, "wokwi-relay-module": _one_pin("relay", "IN"),
    "wokwi-neopixel": _pixels("single"), "wokwi-led-ring": _pixels("ring"),
    "wokwi-led-strip": _pixels("strip"), "wokwi-neopixel-matrix": _pixels("matrix"),
    "wokwi-led-matrix": _pixels("matrix"), "board-ssd1306": _ssd1306,
}


def _fail(en: str, ja: str) -> CircuitError:
    return CircuitError(f"diagram.json: {en}", f"diagram.json: {ja}")


def _read(text: str | bytes) -> tuple[list, list]:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError, TypeError) as exc:
        detail = str(exc).splitlines()[0][:80] if str(exc) else type(exc).__name__
        raise _fail(f"not valid JSON ({detail})", f"JSON として読めません（{detail}）") from None
    if not isinstance(data, dict) or not isinstance(data.get("parts", []), list) \
            or not isinstance(data.get("connections", []), list):
        raise _fail("not a Wokwi diagram (it needs \"parts\" and \"connections\" lists)",
                    "Wokwi の diagram ではありません（\"parts\" と \"connections\" のリストが必要です）")
    parts = [p for p in data.get("parts", []) if isinstance(p, dict)
             and isinstance(p.get("id"), str) and isinstance(p.get("type"), str)]
    if len(parts) > MAX_PARTS:
        raise _fail(f"at most {MAX_PARTS} parts (found {len(parts)})",
                    f"部品は {MAX_PARTS} 個までです（{len(parts)} 個あります）")
    return parts, data.get("connections", [])


def _nets(connections: list, parts: list) -> _Nets:
    nets = _Nets()
    for part in parts:  # a resistor in series (an LED's) passes the GPIO on
        if part["type"] == "wokwi-resistor":
            nets.join(f"{part['id']}:1", f"{part['id']}:2")
    for wire in connections[:10_000]:
        if isinstance(wire, list) and len(wire) >= 2 \
                and isinstance(wire[0], str) and isinstance(wire[1], str):
            nets.join(wire[0], wire[1])
    return nets


def _board_net(parts: list, nets: _Nets, spec: BoardSpec) -> tuple[str, dict[str, list]]:
    """The board part's id, and for each net the board pins on it."""
    board = next((p for p in parts if p["type"].startswith(BOARD_PREFIXES)), None)
    if board is None:
        raise _fail("has no ESP32 board part (board-esp32-devkit-c-v4, wokwi-esp32-devkit-v1…)",
                    "ESP32 ボードの部品がありません（board-esp32-devkit-c-v4 など）")
    on_net: dict[str, list] = {}
    for endpoint in nets.endpoints:
        part_id, _, pin = endpoint.partition(":")
        if part_id == board["id"]:
            where = board_pin(pin, spec)
            if where is not None:
                on_net.setdefault(nets.find(endpoint), []).append(where)
    return board["id"], on_net


def _part_id(raw: str, taken: set[str]) -> str:
    base = re.sub(r"[^A-Za-z0-9_-]", "_", raw)[:28] or "part"
    if not base[0].isalpha():
        base = ("p" + base)[:28]
    name, n = base, 2
    while name in taken or not ID_PATTERN.fullmatch(name):
        name, n = f"{base}_{n}", n + 1
    taken.add(name)
    return name


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return json.dumps(str(value))


def _table(part_id: str, kind: str, pins: dict[str, int], options: dict[str, object]) -> str:
    lines = ["[[part]]", f"id = {json.dumps(part_id)}", f"type = {json.dumps(kind)}"]
    lines += [f"{role} = {pin}" for role, pin in pins.items()]
    lines += [f"{key} = 0x{value:02X}" if key == "address" else f"{key} = {_toml_value(value)}"
              for key, value in options.items()]
    return "\n".join(lines) + "\n"


def _one_line(text: str) -> str:
    return " ".join(text.split())[:200]


def diagram_to_circuit(text: str | bytes, spec: BoardSpec = ESP32) -> str:
    """circuit.toml text for a Wokwi diagram.json; raises CircuitError if it is not one."""
    parts, connections = _read(text)
    nets = _nets(connections, parts)
    board_id, on_net = _board_net(parts, nets, spec)

    def net_of(part_id: str):  # type: ignore[no-untyped-def]
        def net(pin: str) -> int | str | None:
            found = on_net.get(nets.find(f"{part_id}:{pin}"), [])
            return next((w for w in found if isinstance(w, int)), found[0] if found else None)
        return net

    tables: list[str] = []
    left_out: list[str] = []
    taken: set[str] = set()
    for part in parts:
        if part["id"] == board_id:
            continue
        label = _one_line(f"{part['id']} ({part['type']})")
        mapper = MAPPERS.get(part["type"])
        if mapper is None:
            reason = PASSIVE.get(part["type"], "Terakoya has no such part yet")
            left_out.append(f"{label}: {reason}")
            continue
        attrs = part.get("attrs") if isinstance(part.get("attrs"), dict) else {}
        mapped = mapper(attrs, net_of(part["id"]))
        if isinstance(mapped, str):
            left_out.append(f"{label}: {mapped}")
            continue
        table = _table(_part_id(part["id"], taken), *mapped)
        try:
            load_circuit("\n".join([*tables, table]), spec)
        except CircuitError as exc:
            left_out.append(f"{label}: {_one_line(exc.en)}")
            continue
        tables.append(table)
    return _header(left_out, spec) + "\n".join(tables)


def _header(left_out: list[str], spec: BoardSpec) -> str:
    lines = [f"# circuit.toml for the {spec.name.en}, made from a Wokwi diagram.json"]
    if left_out:
        lines.append("# Not brought over (add them by hand if Terakoya has them later):")
        lines += [f"#   {_one_line(item)}" for item in left_out]
    return "\n".join(lines) + "\n\n"
