"""Scenario files: what happens to the boards, and when, during a headless run.

A scenario is TOML with a list of ``[[at]]`` tables. Each has ``ms`` (virtual
milliseconds since the start), an optional ``board`` (from 1) and exactly one action::

    [[at]]
    ms = 500
    press = "A"          # or "B"; optional hold_ms (default 50)

    [[at]]
    ms = 1000
    set = { temperature = 30, accelerometer = [0, 0, -1024] }

Every problem is reported with the table number and the key, in English and Japanese.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..boards import DEFAULT_BOARD, BoardSpec, spec_for
from ..boards.spec import ScenarioKey
from ..model.board import make_sensor
from ..model.clock import US_PER_MS
from ..model.network import parse_networks
from ..model.sensors import PlainError, SensorValueError
from .session import SimBoard, Simulation

ACTIONS = ("press", "set", "gesture", "touch", "serial_input", "radio", "wifi_down", "wifi_up")
HOLD_ACTIONS = ("press", "touch")
DEFAULT_HOLD_MS = 50
MAX_MS = 1_000_000_000  # 11 virtual days


class ScenarioError(PlainError):
    """A scenario that cannot be used; ``en`` and ``ja`` say what is wrong and where."""


@dataclass(frozen=True)
class Action:
    ms: float
    board: int
    kind: str
    value: object
    hold_ms: float = DEFAULT_HOLD_MS

    def apply(self, board: SimBoard) -> None:
        APPLY[self.kind](board, self)


def _apply_set(board: SimBoard, action: Action) -> None:
    keys = {k.key: k for k in board.model.spec.scenario_keys}
    for key, value in action.value.items():  # type: ignore[attr-defined]
        if key not in keys:  # a part of the circuit: its first input, or a table of inputs
            for name, item in (value.items() if isinstance(value, dict) else [("", value)]):
                board.set(f"{key}.{name}" if name else key, item)
            continue
        sensors = keys[key].sensors
        for sensor_id, component in zip(sensors, value if len(sensors) > 1 else [value]):
            board.set(sensor_id, component)


APPLY: dict[str, Callable[[SimBoard, Action], None]] = {
    "press": lambda b, a: b.press(str(a.value), int(a.hold_ms)),
    "touch": lambda b, a: b.touch(str(a.value), int(a.hold_ms)),
    "set": _apply_set,
    "gesture": lambda b, a: b.gesture(str(a.value)),
    "serial_input": lambda b, a: b.serial_input(str(a.value)),
    "radio": lambda b, a: b.radio_receive(str(a.value)),
    "wifi_down": lambda b, a: b.sim.network.set_up(str(a.value), False),
    "wifi_up": lambda b, a: b.sim.network.set_up(str(a.value), True),
    "networks": lambda b, a: b.sim.network.set_points(a.value),  # type: ignore[arg-type]
}


class _Table:
    """Checks one ``[[at]]`` table, naming it in every message."""

    def __init__(self, number: int, table: object, specs: tuple[BoardSpec, ...],
                 circuits: tuple[tuple[object, ...], ...]):
        self.number = number
        self.table = table
        self.specs = specs
        self.circuits = circuits
        self.boards = len(specs)
        self.spec = specs[0]
        self.parts = circuits[0]

    def fail(self, key: str, en: str, ja: str) -> ScenarioError:
        where_en = f"[[at]] table {self.number}, key '{key}'"
        where_ja = f"{self.number} 番目の [[at]] の「{key}」"
        return ScenarioError(f"{where_en}: {en}", f"{where_ja}: {ja}")

    def parse(self) -> Action:
        if not isinstance(self.table, dict):
            raise ScenarioError(f"[[at]] table {self.number} is not a table",
                                f"{self.number} 番目の [[at]] が表になっていません")
        t = self.table
        for key in t:
            if key not in ("ms", "board", "hold_ms", *ACTIONS):
                raise self.fail(key, f"unknown key; use ms, board, hold_ms or one of {', '.join(ACTIONS)}",
                                f"知らないキーです。ms, board, hold_ms か {', '.join(ACTIONS)} のどれかを使ってください")
        ms = self._number("ms", t.get("ms"))
        board = t.get("board", 1)
        if isinstance(board, bool) or not isinstance(board, int) or not 1 <= board <= self.boards:
            raise self.fail("board", f"must be a board number from 1 to {self.boards}, not {board!r}",
                            f"1 から {self.boards} までのボード番号にしてください（{board!r} は使えません）")
        self.spec = self.specs[board - 1]
        self.parts = self.circuits[board - 1]
        kinds = [key for key in ACTIONS if key in t]
        if len(kinds) != 1:
            raise self.fail("ms", f"needs exactly one action ({', '.join(ACTIONS)}); found {len(kinds)}",
                            f"動作（{', '.join(ACTIONS)}）をちょうど 1 つ書いてください（{len(kinds)} 個あります）")
        kind = kinds[0]
        hold = DEFAULT_HOLD_MS
        if "hold_ms" in t:
            if kind not in HOLD_ACTIONS:
                raise self.fail("hold_ms", "only goes with press or touch",
                                "press か touch といっしょに使います")
            hold = self._number("hold_ms", t["hold_ms"])
        value = getattr(self, f"_check_{kind}")(t[kind])
        return Action(ms, board, kind, value, hold)

    def _check_wifi_down(self, value: object) -> str:
        return self._network_name("wifi_down", value)

    def _check_wifi_up(self, value: object) -> str:
        return self._network_name("wifi_up", value)

    def _network_name(self, key: str, value: object) -> str:
        if not isinstance(value, str) or not value:
            raise self.fail(key, f'must name a network: {key} = "classroom"',
                            f'ネットワークの名前を書いてください: {key} = "classroom"')
        return value

    def _number(self, key: str, value: object) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or \
                not math.isfinite(value) or not 0 <= value <= MAX_MS:
            raise self.fail(key, f"must be a number of milliseconds from 0 to {MAX_MS} "
                                 f"(got {value!r})",
                            f"0 から {MAX_MS} までのミリ秒の数にしてください（{value!r} は使えません）")
        return value

    def _choice(self, key: str, value: object, choices: tuple[str, ...]) -> str:
        if not choices:
            name = self.spec.name
            raise self.fail(key, f"the {name.en} has nothing to {key}",
                            f"{name.ja} には {key} できるものがありません")
        if value not in choices:
            names = ", ".join(f'"{c}"' for c in choices)
            raise self.fail(key, f"must be one of {names} (got {value!r})",
                            f"{names} のどれかにしてください（{value!r} は使えません）")
        return value  # type: ignore[return-value]

    def _check_press(self, value: object) -> str:
        buttons = [b.name for b in self.spec.buttons]
        buttons += [p.id for p in self.parts if any(i.id == "pressed" for i in p.inputs)]
        return self._choice("press", value, tuple(buttons))

    def _check_touch(self, value: object) -> str:
        return self._choice("touch", value, self.spec.touch)

    def _check_gesture(self, value: object) -> str:
        return self._choice("gesture", value, self.spec.gestures())

    def _check_text(self, key: str, value: object) -> str:
        if not isinstance(value, str):
            raise self.fail(key, f"must be text in quotes (got {value!r})",
                            f"\"\" で囲んだ文字にしてください（{value!r} は使えません）")
        return value

    def _check_serial_input(self, value: object) -> str:
        return self._check_text("serial_input", value)

    def _check_radio(self, value: object) -> str:
        return self._check_text("radio", value)

    def _check_set(self, value: object) -> dict[str, object]:
        if not isinstance(value, dict) or not value:
            raise self.fail("set", "must be a table such as { temperature = 30 }",
                            "{ temperature = 30 } のような表にしてください")
        keys = {k.key: k for k in self.spec.scenario_keys}
        parts = {p.id: p for p in self.parts if p.inputs}
        names = ", ".join([*keys, *parts]) or "-"
        for key, item in value.items():
            if key in parts:
                self._check_part(key, parts[key], item)
                continue
            if key not in keys:
                raise self.fail(f"set.{key}", f"unknown sensor; use one of {names}",
                                f"知らないセンサーです。{names} のどれかを使ってください")
            self._check_components(keys[key], item)
        return value

    def _check_part(self, key: str, part, item: object) -> None:  # type: ignore[no-untyped-def]
        """``pot1 = 0.5`` (its first input) or ``dht1 = { temperature = 30, humidity = 60 }``."""
        inputs = {i.id: i for i in part.inputs}
        given = item if isinstance(item, dict) else {part.inputs[0].id: item}
        for name, value in given.items():
            spec = inputs.get(name)
            if spec is None:
                known = ", ".join(inputs)
                raise self.fail(f"set.{key}.{name}", f"{key} has no input '{name}' (it has: {known})",
                                f"{key} に「{name}」という入力はありません（あるもの: {known}）")
            try:
                make_sensor(spec).coerce(int(value) if isinstance(value, bool) else value)
            except SensorValueError as exc:
                raise self.fail(f"set.{key}.{name}", str(exc),
                                f"{spec.minimum} から {spec.maximum} までの数にしてください"
                                f"（{value!r} は使えません）") from None

    def _check_components(self, key: ScenarioKey, item: object) -> None:
        items = [item]
        if len(key.sensors) > 1:
            if not isinstance(item, list) or len(item) != len(key.sensors):
                shape = "[" + ", ".join(s.rpartition("_")[2] for s in key.sensors) + "]"
                unit = f" in {key.unit}" if key.unit else ""
                unit_ja = f"（単位 {key.unit}）" if key.unit else ""
                raise self.fail(f"set.{key.key}", f"must be {shape}{unit} (got {item!r})",
                                f"{shape}{unit_ja}の形にしてください（{item!r} は使えません）")
            items = item
        for sensor_id, component in zip(key.sensors, items):
            spec = self.spec.sensor(sensor_id)
            assert spec is not None, sensor_id
            try:
                make_sensor(spec).coerce(component)
            except SensorValueError as exc:
                raise self.fail(f"set.{key.key}", str(exc),
                                f"{spec.minimum} から {spec.maximum} までの数にしてください"
                                f"（{component!r} は範囲外です）") from None


def parse_scenario(text: str, boards: int | Sequence[BoardSpec | str] = 1,
                   circuits: Sequence[Sequence[object]] | None = None) -> list[Action]:
    """Check a scenario's text; the actions come back in time order. ``boards``: the kinds
    of the boards it drives, in order (a number: that many micro:bits); ``circuits``: the
    parts of each board's circuit (their buttons and inputs can be pressed and set)."""
    if isinstance(boards, int):
        boards = [DEFAULT_BOARD] * boards
    specs = tuple(spec_for(b) for b in boards)
    parts = tuple(tuple(c) for c in (circuits or [()] * len(specs)))
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"not valid TOML: {exc}", f"TOML の書き方に誤りがあります: {exc}") from None
    except RecursionError:
        raise ScenarioError("lists or tables are nested too deeply",
                            "[ ] や { } の入れ子が深すぎます") from None
    for key in data:
        if key not in ("at", "network"):
            raise ScenarioError(f"unknown top-level key '{key}'; write each event as an [[at]] table"
                                " (and the Wi-Fi networks as [[network]] tables)",
                                f"「{key}」は使えません。出来事は [[at]] の表で（Wi-Fi は [[network]] "
                                "の表で）書いてください")
    tables = data.get("at", [])
    if not isinstance(tables, list):
        raise ScenarioError("'at' must be written as [[at]] tables",
                            "'at' は [[at]] の表として書いてください")
    actions = [_Table(i, table, specs, parts).parse() for i, table in enumerate(tables, start=1)]
    if "network" in data:  # the air from the start
        actions.append(Action(0, 1, "networks", parse_networks(data["network"])))
    return sorted(actions, key=lambda a: (a.ms, a.kind != "networks"))


def load_scenario(path: Path, boards: int | Sequence[BoardSpec | str] = 1,
                  circuits: Sequence[Sequence[object]] | None = None) -> list[Action]:
    return parse_scenario(path.read_text(encoding="utf-8"), boards, circuits)


def schedule_scenario(sim: Simulation, actions: list[Action]) -> None:
    """Put every action on the simulation's clock."""
    for action in actions:
        board = sim.boards[action.board - 1]
        if action.kind == "networks":  # before any program can look for them
            action.apply(board)
            continue
        sim.scheduler.call_at(int(action.ms * US_PER_MS), lambda a=action, b=board: a.apply(b))
