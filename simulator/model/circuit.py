"""A board's circuit from ``circuit.toml``: which parts sit on which pins.

::

    [[part]]
    id = "led1"
    type = "led"
    pin = 2

    [[part]]
    id = "sonar"
    type = "hc-sr04"
    pins = { trig = 5, echo = 18 }

    [[part]]
    id = "oled"
    type = "ssd1306"
    scl = 22
    sda = 21
    address = 0x3C

A part has an ``id`` (letters, digits, ``_`` and ``-``; a scenario sets ``<id>.<input>``), a
``type``, its pins (``pin`` for a part with one, else each by its role, at the top of the
table or in ``pins = {…}``; a number or a name such as ``"GPIO2"``), and its options. Any of
its inputs may be given too: it is the value the part starts with (``temperature = 30``).

On a micro:bit the parts go on the edge connector's pins (0-16, 19 and 20), written
``pin = 1``, ``"1"``, ``"P1"`` or ``"pin1"`` (the name on the board's pin-out and in
``microbit.pin1``); only the parts its firmware can use (``families``: buttons, switches,
toggle and reed switches, potentiometers, light sensors, PIRs, resistors, LEDs, NeoPixels, servos, buzzers, relays,
fans and motors) fit, and an id may not be one of the board's own names (``pin1``, ``A``,
``logo``).

A file may say which boards it is for (``boards = ["atom-matrix"]``: ids, other names of a
board, or a family such as ``"esp32"``); on another board it describes nothing, so a lesson
for two boards can keep one board's wiring beside its program. Without ``boards`` it is for
every board with a breadboard.

Everything wrong in the file is one plain line in English and Japanese naming the part
(``CircuitError``): the board's pins, input-only pins, ADC pins, I2C addresses, ids, types
(with "did you mean"), options and TOML itself are all checked before anything is wired.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterable

from ..boards import UnknownBoard, all_specs, spec_for
from ..boards.esp32 import ESP32
from ..boards.spec import BoardSpec
from .board import make_sensor
from .network import AccessPoint, parse_networks
from .parts import Part
from .parts.actuators import Buzzer, Fan, Motor, Relay, Servo
from .parts.bme280 import Bme280
from .parts.common import CircuitPart, OptionError, short
from .parts.dht import Dht11, Dht22
from .parts.ds18b20 import Ds18b20
from .parts.hcsr04 import HcSr04
from .parts.inputs import Button, Ldr, Pir, Potentiometer, Resistor, ToggleSwitch
from .parts.lights import Led, RgbLed
from .parts.mpu6886 import Mpu6886
from .parts.ssd1306 import Ssd1306
from .parts.ws2812 import Ws2812
from .sensors import PlainError, SensorValueError

PART_TYPES: dict[str, type[CircuitPart]] = {cls.type_name: cls for cls in (
    Led, RgbLed, Button, Potentiometer, Ldr, Pir, Dht11, Dht22, Ds18b20, HcSr04, Servo, Buzzer,
    Relay, Fan, Motor, Ws2812, Ssd1306, Bme280, Mpu6886, Resistor, ToggleSwitch)}
ALIASES = {"pot": "potentiometer", "photoresistor": "ldr", "light-sensor": "ldr",
           "pushbutton": "button", "switch": "button", "rgb": "rgb-led", "hcsr04": "hc-sr04",
           "ultrasonic": "hc-sr04", "neopixel": "ws2812", "oled": "ssd1306", "motion": "pir",
           "am2302": "dht22", "speaker": "buzzer", "dc-motor": "motor", "imu": "mpu6886",
           "vibration-motor": "motor", "vibration": "motor", "reed-switch": "toggle-switch",
           "reed": "toggle-switch", "toggle": "toggle-switch", "slide-switch": "toggle-switch",
           "resistor-card": "resistor"}
ID_PATTERN = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,31}")
MAX_PARTS = 100


class CircuitError(PlainError):
    """A circuit that cannot be used; ``en`` and ``ja`` say what is wrong, in one line."""


def part_type(name: str) -> type[CircuitPart] | None:
    key = name.strip().lower().replace("_", "-").replace(" ", "-")
    return PART_TYPES.get(ALIASES.get(key, key))


def wirable(spec: BoardSpec) -> list[int]:
    """The pin numbers a circuit's parts may be wired to on the board."""
    return [p.number for p in spec.pins if p.number >= 0]  # not the logo, not the speaker


def pin_label(number: int, spec: BoardSpec = ESP32) -> str:
    """How the board names a pin: ``GPIO2`` on an ESP32, ``P1`` on a micro:bit."""
    return f"P{number}" if spec.family == "microbit" else f"GPIO{number}"


def pin_number(value: object, spec: BoardSpec = ESP32) -> int | None:
    """The pin number for ``2``, ``"2"``, ``"GPIO2"``, ``"IO2"``, ``"D2"``, ``"P2"`` or
    ``"pin2"`` if the board has that pin for parts (None if not)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        match = re.fullmatch(r"\s*(?:gpio|io|d|pin|p)?\s*(\d{1,3})\s*", value, re.IGNORECASE)
        if match is None:
            return None
        value = int(match.group(1))
    if not isinstance(value, int):
        return None
    return value if value in wirable(spec) else None


class _Table:
    """Checks one ``[[part]]`` table and builds its part, naming it in every message."""

    def __init__(self, number: int, table: object, spec: BoardSpec):
        self.number, self.table, self.spec = number, table, spec
        self.name_en = f"[[part]] table {number}"
        self.name_ja = f"{number} 番目の [[part]]"

    def fail(self, en: str, ja: str) -> CircuitError:
        return CircuitError(f"{self.name_en}: {en}", f"{self.name_ja}: {ja}")

    def build(self) -> CircuitPart:
        if not isinstance(self.table, dict):
            raise self.fail("is not a table (write [[part]] and its keys under it)",
                            "表になっていません（[[part]] の下にキーを書いてください）")
        table = dict(self.table)
        part_id = self._id(table.pop("id", None))
        cls = self._type(table.pop("type", None))
        self.name_en += f" ({cls.type_name})"
        self.name_ja += f"（{cls.type_name}）"
        self._fits(cls)
        self._own_name(part_id)
        pins = self._pins(cls, table)
        inputs = {s.id: s for s in cls.inputs}
        start = {k: table.pop(k) for k in list(table) if k in inputs}
        try:
            options = cls.check_options(table)
        except OptionError as exc:
            raise self.fail(exc.en, exc.ja) from None
        part = cls(part_id, pins, options)
        for key, value in start.items():
            part.values[key] = self._start_value(inputs[key], value)
        return part

    def _id(self, value: object) -> str:
        if value is None:
            raise self.fail("needs an id, such as id = \"led1\"",
                            "id が必要です（例: id = \"led1\"）")
        if not isinstance(value, str) or not ID_PATTERN.fullmatch(value):
            raise self.fail(f"id must start with a letter and have only letters, digits, _ "
                            f"and - (at most 32), not {short(value)}",
                            f"id は英字で始め、英数字と _ - だけ（32 文字まで）にしてください"
                            f"（{short(value)} は使えません）")
        self.name_en = f"part '{value}'"
        self.name_ja = f"部品「{value}」"
        return value

    def _type(self, value: object) -> type[CircuitPart]:
        if not isinstance(value, str):
            raise self.fail("needs a type in quotes, such as type = \"led\"",
                            "type を \"\" で囲んで書いてください（例: type = \"led\"）")
        cls = part_type(value)
        if cls is None:
            names = [*PART_TYPES, *ALIASES]
            close = difflib.get_close_matches(value.strip().lower(), names, n=1)
            hint_en = f"; did you mean \"{close[0]}\"?" if close else ""
            hint_ja = f"「{close[0]}」のことですか？" if close else ""
            known = ", ".join(PART_TYPES)
            raise self.fail(f"unknown type {short(value)}{hint_en} (types: {known})",
                            f"知らない種類 {short(value)} です。{hint_ja}（種類: {known}）")
        return cls

    def _fits(self, cls: type[CircuitPart]) -> None:
        """A part the board's firmware cannot use (a DHT on a micro:bit) is refused."""
        if self.spec.family in cls.families:
            return
        board = self.spec.name
        fit = ", ".join(n for n, c in PART_TYPES.items() if self.spec.family in c.families)
        raise self.fail(f"cannot be used on the {board.en}: its MicroPython has no driver "
                        f"for a {cls.type_name} (parts for the {board.en}: {fit})",
                        f"{board.ja} では使えません。{board.ja} の MicroPython には "
                        f"{cls.type_name} を読み書きするしくみがありません（{board.ja} で使える"
                        f"部品: {fit}）")

    def _own_name(self, part_id: str) -> None:
        """An id that is a name of the board itself (``pin1``, ``A``) would hide it."""
        own = [s.id for s in self.spec.sensors] + [b.name for b in self.spec.buttons]
        own += list(self.spec.touch)
        if part_id.lower() in (name.lower() for name in own):
            raise self.fail(f"the id '{part_id}' is the {self.spec.name.en}'s own name for "
                            f"one of its inputs; give the part another id, such as "
                            f"\"sw_{part_id.lower()}\"",
                            f"id「{part_id}」は {self.spec.name.ja} そのものの入力の名前です。"
                            f"部品にはほかの id（例: \"sw_{part_id.lower()}\"）をつけてください")

    def _start_value(self, spec, value: object) -> object:  # type: ignore[no-untyped-def]
        if isinstance(value, bool):
            value = int(value)
        try:
            return make_sensor(spec).coerce(value)
        except SensorValueError:
            raise self.fail(f"'{spec.id}' must be a number from {spec.minimum:g} to "
                            f"{spec.maximum:g} (got {short(value)})",
                            f"「{spec.id}」は {spec.minimum:g} から {spec.maximum:g} までの数に"
                            f"してください（{short(value)} は使えません）") from None

    def _pins(self, cls: type[CircuitPart], table: dict[str, object]) -> dict[str, int]:
        given = table.pop("pins", {})
        if not isinstance(given, dict):
            raise self.fail("pins must be a table such as pins = { trig = 5, echo = 18 }",
                            "pins は pins = { trig = 5, echo = 18 } のような表にしてください")
        given = dict(given)
        roles = ", ".join(cls.roles)
        for role in cls.roles:
            if role in table:
                if role in given:
                    raise self.fail(f"pin '{role}' is given twice", f"ピン「{role}」が 2 回あります")
                given[role] = table.pop(role)
        for role in given:
            if role not in cls.roles:
                raise self.fail(f"has no pin called '{role}' (its pins: {roles})",
                                f"「{role}」というピンはありません（この部品のピン: {roles}）")
        missing = [role for role in cls.roles if role not in given]
        if missing:
            example = f"{missing[0]} = 2"
            raise self.fail(f"needs its {', '.join(missing)} pin(s), such as {example}",
                            f"{', '.join(missing)} ピンを書いてください（例: {example}）")
        pins = {role: self._pin(cls, role, given[role]) for role in cls.roles}
        if len(set(pins.values())) < len(pins):
            raise self.fail(f"uses one GPIO for two of its pins ({roles})",
                            f"2 つのピン（{roles}）に同じ GPIO を使っています")
        return pins

    def _pin(self, cls: type[CircuitPart], role: str, value: object) -> int:
        number = pin_number(value, self.spec)
        board = self.spec.name
        if number is None:
            usable = ", ".join(str(n) for n in wirable(self.spec))
            raise self.fail(f"{role} = {short(value)} is not a pin of the {board.en} "
                            f"(its pins: {usable})",
                            f"{role} = {short(value)} は {board.ja} のピンではありません"
                            f"（使えるピン: {usable}）")
        pin = self.spec.pin(number)
        assert pin is not None
        label = pin_label(number, self.spec)
        if role in cls.program_drives and pin.input_only:
            which = "pin" if role == "pin" else f"{role} pin"
            raise self.fail(f"{label} is input only, but the program must drive the "
                            f"{cls.type_name}'s {which}: use another pin",
                            f"{label} は入力専用です。{cls.type_name} の{which}は"
                            f"プログラムが出力するので、ほかのピンを使ってください")
        if role in cls.analog_roles and "adc" not in pin.can:
            adc = ", ".join(str(p.number) for p in self.spec.pins
                            if "adc" in p.can and p.number >= 0)
            raise self.fail(f"{label} cannot measure voltages; a {cls.type_name} needs a "
                            f"pin with an ADC ({adc})",
                            f"{label} は電圧を測れません。{cls.type_name} には ADC の"
                            f"あるピン（{adc}）を使ってください")
        return number


def _where(part: Part) -> tuple[str, str]:
    return f"part '{part.id}' ({part.type_name})", f"部品「{part.id}」（{part.type_name}）"


def check_together(parts: Iterable[Part]) -> None:
    """What only shows with all the parts: the same id twice, two parts at one I2C address
    on one bus, an I2C bus pin used for something else."""
    ids: dict[str, Part] = {}
    addresses: dict[tuple[int, int, int], Part] = {}
    bus_pins: dict[int, Part] = {}
    for part in parts:
        en, ja = _where(part)
        if part.id in ids:
            raise CircuitError(f"{en}: the id '{part.id}' is used twice; give each part its own",
                               f"{ja}: id「{part.id}」が 2 回使われています。部品ごとに別の id にしてください")
        ids[part.id] = part
        address = getattr(part, "address", None)
        if "scl" in part.pins and "sda" in part.pins and isinstance(address, int):
            key = (part.pins["scl"], part.pins["sda"], address)
            other = addresses.get(key)
            if other is not None:
                raise CircuitError(
                    f"{en}: I2C address 0x{address:02X} on this bus is taken by '{other.id}'; "
                    f"set another address or use other pins",
                    f"{ja}: この I2C バスのアドレス 0x{address:02X} は「{other.id}」が使っています。"
                    f"別のアドレスかピンにしてください")
            addresses[key] = part
            for pin in (part.pins["scl"], part.pins["sda"]):
                bus_pins.setdefault(pin, part)
    for part in ids.values():
        if "scl" in part.pins:
            continue
        for pin in part.pins.values():
            if pin in bus_pins:
                en, ja = _where(part)
                bus = bus_pins[pin].id
                raise CircuitError(f"{en}: GPIO{pin} carries the I2C bus of '{bus}'; "
                                   f"use another pin",
                                   f"{ja}: GPIO{pin} は「{bus}」の I2C バスです。ほかのピンを使ってください")


def _toml(text: str) -> dict[str, object]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc).splitlines()[0] if str(exc) else "not TOML"
        where = re.search(r"line (\d+), column (\d+)", message)
        ja_where = f"{where.group(1)} 行目、{where.group(2)} 文字目" if where else "場所不明"
        raise CircuitError(f"circuit.toml is not valid TOML: {message}",
                           f"circuit.toml の書き方がまちがっています（{ja_where}）: {message}") from None
    except RecursionError:
        raise CircuitError("circuit.toml nests lists or tables too deeply",
                           "circuit.toml の [ ] や { } の入れ子が深すぎます") from None


def load_circuit(text: str, spec: BoardSpec = ESP32) -> list[CircuitPart]:
    """The parts of a circuit.toml text, checked against the board ``spec``."""
    data = _toml(text)
    if not for_board(data.get("boards"), spec):
        return []
    for key in data:
        if key not in ("part", "network", "boards"):
            raise CircuitError(f"circuit.toml: unknown key '{short(key)[1:-1]}'; "
                               f"each part is a [[part]] table",
                               f"circuit.toml: 知らないキー「{short(key)[1:-1]}」です。"
                               f"部品はそれぞれ [[part]] の表に書きます")
    tables = data.get("part", [])
    if not isinstance(tables, list):
        raise CircuitError("circuit.toml: write each part as [[part]] (two brackets)",
                           "circuit.toml: 部品は [[part]]（かっこ 2 つ）で書いてください")
    if len(tables) > MAX_PARTS:
        raise CircuitError(f"circuit.toml: at most {MAX_PARTS} parts (found {len(tables)})",
                           f"circuit.toml: 部品は {MAX_PARTS} 個までです（{len(tables)} 個あります）")
    parts = [_Table(n, table, spec).build() for n, table in enumerate(tables, 1)]
    check_together(parts)
    return parts


def for_board(boards: object, spec: BoardSpec) -> bool:
    """Whether a file's ``boards = [...]`` (None: not given) includes the board ``spec``."""
    if boards is None:
        return True
    if isinstance(boards, str):
        boards = [boards]
    if not isinstance(boards, list) or not boards:
        raise CircuitError("circuit.toml: boards must be a list of board names, such as "
                           "boards = [\"microbit\"]",
                           "circuit.toml: boards はボード名のリストにしてください（例: "
                           "boards = [\"microbit\"]）")
    families = {s.family for s in all_specs()}
    wanted = set()
    for word in boards:
        name = word.strip().lower() if isinstance(word, str) else ""
        if name in families:
            wanted.add(name)
            continue
        try:
            wanted.add(spec_for(name).id)
        except UnknownBoard as exc:
            hint = f" (did you mean \"{exc.suggestion}\"?)" if exc.suggestion else ""
            raise CircuitError(f"circuit.toml: boards names an unknown board {short(word)}"
                               f"{hint}",
                               f"circuit.toml: boards に知らないボード {short(word)} が"
                               f"あります{hint}") from None
    return spec.id in wanted or spec.family in wanted


def circuit_networks(text: str) -> list[AccessPoint] | None:
    """The Wi-Fi networks in the air that a circuit.toml describes (``[[network]]``), or
    None when it describes none."""
    data = _toml(text)
    return parse_networks(data["network"]) if "network" in data else None


def read_circuit(path, spec: BoardSpec = ESP32) -> list[CircuitPart]:  # type: ignore[no-untyped-def]
    """``load_circuit`` on a file; a file that cannot be read is a CircuitError too."""
    try:
        with open(path, "rb") as handle:
            text = handle.read(1_000_001).decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CircuitError(f"cannot read {path}: {exc.__class__.__name__}",
                           f"{path} を読めません: {exc.__class__.__name__}") from None
    return load_circuit(text, spec)


def attach_circuit(board, parts: Iterable[Part]) -> None:  # type: ignore[no-untyped-def]
    """Wire ``parts`` to a board with a breadboard (after the parts it already has: ids and
    I2C addresses are checked against those too, and the pins against this board)."""
    parts = list(parts)
    for part in parts:
        for role, pin in part.pins.items():
            if pin not in wirable(board.spec):
                en, ja = _where(part)
                label = pin_label(pin, board.spec)
                raise CircuitError(f"{en}: {label} ({role}) is not a pin of the {board.spec.name.en}",
                                   f"{ja}: {label}（{role}）は {board.spec.name.ja} のピンではありません")
    check_together([*board.circuit, *parts])
    for part in parts:
        board.add_part(part)
