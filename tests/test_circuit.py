"""circuit.toml: parts checked and built; every mistake is one line naming the part."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from terakoya.simulator.boards.esp32 import ATOM_MATRIX, ESP32
from terakoya.simulator.model.circuit import PART_TYPES, CircuitError, attach_circuit, load_circuit
from terakoya.simulator.model.clock import Scheduler
from terakoya.simulator.model.esp32 import Esp32Board


def error(text: str, spec=ESP32) -> CircuitError:
    with pytest.raises(CircuitError) as info:
        load_circuit(text, spec)
    exc = info.value
    assert "\n" not in exc.en and "\n" not in exc.ja and exc.ja != exc.en
    return exc


def test_parts_build_with_defaults_and_start_values():
    parts = load_circuit("""
[[part]]
id = "led1"
type = "LED"
pin = "GPIO2"

[[part]]
id = "sonar"
type = "hc-sr04"
pins = { trig = 5, echo = "18" }
distance = 42

[[part]]
id = "oled"
type = "oled"
scl = 22
sda = 21
address = 0x3D
""")
    led, sonar, oled = parts
    assert led.pins == {"pin": 2} and led.options == {"color": "red", "active": "high"}
    assert sonar.pins == {"trig": 5, "echo": 18} and sonar.values["distance"] == 42
    assert oled.type_name == "ssd1306" and oled.address == 0x3D
    assert load_circuit("") == []


@pytest.mark.parametrize("text,en_part", [
    ('[[part]]\nid = "a"\ntype = "leed"\npin = 2', 'did you mean "led"'),
    ('[[part]]\nid = "a"\ntype = "led"\npin = 6', "is not a pin of the ESP32-DevKitC"),
    ('[[part]]\nid = "a"\ntype = "led"\npin = 34', "GPIO34 is input only"),
    ('[[part]]\nid = "a"\ntype = "servo"\npin = 39', "input only"),
    ('[[part]]\nid = "a"\ntype = "potentiometer"\npin = 5', "cannot measure voltages"),
    ('[[part]]\nid = "a"\ntype = "led"\npin = 2\n[[part]]\nid = "a"\ntype = "led"\npin = 4',
     "used twice"),
    ('[[part]]\nid = "a"\ntype = "bme280"\nscl = 22\nsda = 21\n'
     '[[part]]\nid = "b"\ntype = "bme280"\nscl = 22\nsda = 21', "0x76 on this bus is taken by 'a'"),
    ('[[part]]\nid = "a"\ntype = "hc-sr04"\ntrig = 5', "needs its echo pin"),
    ('[[part]]\nid = "a"\ntype = "led"', "needs its pin"),
    ('[[part]]\nid = "a"\ntype = "led"\npin = 2\ncolour = "red"', "unknown option 'colour'"),
    ('[[part]]\nid = "a"\ntype = "ws2812"\npin = 2\ncount = 0', "'count' must be a whole number"),
    ('[[part]]\nid = "a"\ntype = "dht11"\npin = 2\ntemperature = 80', "'temperature' must be"),
    ('[[part]]\nid = "a"\ntype = "ssd1306"\nscl = 22\nsda = 21\naddress = 0x50', "'address'"),
    ('[[part]]\nid = "a"\ntype = "button"\npin = 2\nbounce = "yes"', "true or false"),
    ('[[part]]\nid = "1x"\ntype = "led"\npin = 2', "id must start with a letter"),
    ('[[part]]\ntype = "led"\npin = 2', "needs an id"),
    ('[[part]]\nid = "a"\npin = 2', "needs a type"),
    ('[[part]]\nid = "a"\ntype = "led"\npin = 2\npins = { pin = 4 }', "given twice"),
    ('[[part]]\nid = "a"\ntype = "ssd1306"\nscl = 22\nsda = 22', "one GPIO for two"),
    ('[[part]]\nid = "o"\ntype = "ssd1306"\nscl = 22\nsda = 21\n'
     '[[part]]\nid = "l"\ntype = "led"\npin = 21', "carries the I2C bus of 'o'"),
    ("[part]\nid = 1", "[[part]] (two brackets)"),
    ("parts = 3", "unknown key 'parts'"),
    ("[[part]\n", "not valid TOML"),
    ("x = " + "[" * 2000 + "]" * 2000, "too deeply"),
])
def test_mistakes_are_one_line_naming_the_part(text, en_part):
    assert en_part in error(text).en


def test_japanese_names_the_part_too():
    exc = error('[[part]]\nid = "led1"\ntype = "led"\npin = 34')
    assert exc.text("ja").startswith("部品「led1」（led）") and "入力専用" in exc.ja
    assert exc.text("en").startswith("part 'led1' (led)")


def test_pins_depend_on_the_board():
    assert load_circuit('[[part]]\nid = "a"\ntype = "led"\npin = 5')
    assert "not a pin of the M5Stack ATOM Matrix" in error(
        '[[part]]\nid = "a"\ntype = "led"\npin = 5', ATOM_MATRIX).en


def test_attach_checks_against_the_parts_already_there():
    board = Esp32Board(Scheduler())
    attach_circuit(board, load_circuit('[[part]]\nid = "imu"\ntype = "mpu6886"\nscl = 22\nsda = 21'))
    with pytest.raises(CircuitError, match="0x68"):
        attach_circuit(board, load_circuit('[[part]]\nid = "imu2"\ntype = "mpu6886"\nscl = 22\nsda = 21'))
    with pytest.raises(CircuitError, match="used twice"):
        attach_circuit(board, load_circuit('[[part]]\nid = "imu"\ntype = "led"\npin = 2'))
    assert [p.id for p in board.circuit] == ["imu"]


def test_every_type_builds_and_attaches():
    free = {"pin": 32, "scl": 22, "sda": 21, "trig": 5, "echo": 18, "r": 4, "g": 16, "b": 17}
    for name, cls in PART_TYPES.items():
        roles = "\n".join(f"{role} = {free[role]}" for role in cls.roles)
        board = Esp32Board(Scheduler())
        attach_circuit(board, load_circuit(f'[[part]]\nid = "p"\ntype = "{name}"\n{roles}\n'))
        assert board.part("p").type_name == name


# -- never a traceback -------------------------------------------------------------------
toml_values = st.recursive(
    st.none() | st.booleans() | st.integers(-2**70, 2**70) | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=8)
KEYS = ["id", "type", "pin", "pins", "scl", "sda", "trig", "echo", "r", "g", "b", "address",
        "count", "bounce", "to", "temperature", "position", "common", "x"]


def toml_literal(value) -> str:
    if value is None:
        return '"none"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value).replace("inf", "inf").replace("nan", "nan")
    if isinstance(value, str):
        return '"' + value.encode("unicode_escape").decode().replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[" + ", ".join(toml_literal(v) for v in value) + "]"
    return "{" + ", ".join(f'"{k}" = {toml_literal(v)}' for k, v in value.items()) + "}"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.dictionaries(st.sampled_from(KEYS), toml_values | st.sampled_from(
    [*PART_TYPES, 2, 21, 22, 34, "GPIO4", 0x3C]), max_size=8), max_size=4))
def test_any_tables_give_parts_or_a_circuit_error(tables):
    text = "".join("[[part]]\n" + "".join(f"{k} = {toml_literal(v)}\n" for k, v in t.items())
                   for t in tables)
    try:
        load_circuit(text)
    except CircuitError as exc:
        assert "\n" not in exc.en and "\n" not in exc.ja


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_text_gives_parts_or_a_circuit_error(text):
    try:
        load_circuit(text)
    except CircuitError as exc:
        assert "\n" not in exc.en and "\n" not in exc.ja
