"""Wokwi's diagram.json to circuit.toml: what comes over, what is named as left out, and
never a traceback on any JSON."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from terakoya.simulator.model.circuit import CircuitError, load_circuit
from terakoya.simulator.model.wokwi import MAPPERS, diagram_to_circuit


def diagram(parts, connections, board="board-esp32-devkit-c-v4"):
    return json.dumps({"version": 1, "author": "t", "editor": "wokwi",
                       "parts": [{"type": board, "id": "esp", "top": 0, "left": 0, "attrs": {}},
                                 *parts], "connections": connections})


def by_id(text: str) -> dict:
    return {p.id: p for p in load_circuit(text)}


def test_a_class_project_comes_over():
    parts = [
        {"type": "wokwi-led", "id": "led1", "attrs": {"color": "green"}},
        {"type": "wokwi-resistor", "id": "r1", "attrs": {"value": "220"}},
        {"type": "wokwi-pushbutton", "id": "btn1", "attrs": {"bounce": "0"}},
        {"type": "wokwi-potentiometer", "id": "pot1", "attrs": {"value": "1023"}},
        {"type": "wokwi-dht22", "id": "dht1", "attrs": {"temperature": "31.5", "humidity": "70"}},
        {"type": "wokwi-hc-sr04", "id": "ultra", "attrs": {"distance": "123"}},
        {"type": "board-ssd1306", "id": "oled1", "attrs": {"i2cAddress": "0x3d"}},
        {"type": "wokwi-neopixel-matrix", "id": "m", "attrs": {"rows": "4", "cols": "5",
                                                                "matrixLayout": "serpentine"}},
        {"type": "wokwi-servo", "id": "servo1", "attrs": {}},
        {"type": "wokwi-pir-motion-sensor", "id": "pir1", "attrs": {"delayTime": "3"}},
        {"type": "wokwi-photoresistor-sensor", "id": "ldr1", "attrs": {"lux": "200"}},
        {"type": "wokwi-buzzer", "id": "bz1", "attrs": {}},
    ]
    wires = [["esp:TX", "$serialMonitor:RX", "", []], ["led1:A", "r1:1", "green", ["v10"]],
             ["r1:2", "esp:2", "", []], ["led1:C", "esp:GND.1", "black", []],
             ["btn1:1.l", "esp:13", "", []], ["btn1:2.r", "esp:3V3", "", []],
             ["pot1:SIG", "esp:VP", "", []], ["dht1:SDA", "esp:15", "", []],
             ["ultra:TRIG", "esp:5", "", []], ["ultra:ECHO", "esp:18", "", []],
             ["oled1:SCL", "esp:22", "", []], ["oled1:SDA", "esp:21", "", []],
             ["m:DIN", "esp:27", "", []], ["servo1:PWM", "esp:26", "", []],
             ["pir1:OUT", "esp:35", "", []], ["ldr1:AO", "esp:34", "", []],
             ["bz1:2", "esp:25", "", []], ["bz1:1", "esp:GND.2", "", []]]
    text = diagram_to_circuit(diagram(parts, wires))
    got = by_id(text)
    assert got["led1"].pins == {"pin": 2} and got["led1"].options["color"] == "green"
    assert got["btn1"].options["to"] == "3v3" and got["btn1"].options["bounce"] is False
    assert got["pot1"].pins == {"pin": 36} and got["pot1"].values["position"] == 1.0
    assert got["dht1"].values == {"temperature": 31.5, "humidity": 70.0, "connected": 1}
    assert got["ultra"].pins == {"trig": 5, "echo": 18} and got["ultra"].values["distance"] == 123
    assert got["oled1"].address == 0x3D
    assert got["m"].options["count"] == 20 and got["m"].options["serpentine"] is True
    assert got["pir1"].options["hold_s"] == 3.0 and got["ldr1"].values["lux"] == 200
    assert got["bz1"].pins == {"pin": 25} and got["servo1"].pins == {"pin": 26}
    assert "r1 (wokwi-resistor)" in text.split("[[part]]")[0]


def test_devkit_v1_pin_names_and_active_low_led():
    parts = [{"type": "wokwi-led", "id": "led1"}, {"type": "wokwi-led", "id": "led2"}]
    wires = [["led1:A", "esp:D4", "", []], ["led1:C", "esp:GND.1", "", []],
             ["led2:A", "esp:3V3", "", []], ["led2:C", "esp:D23", "", []]]
    got = by_id(diagram_to_circuit(diagram(parts, wires, "wokwi-esp32-devkit-v1")))
    assert got["led1"].pins == {"pin": 4}
    assert got["led2"].pins == {"pin": 23} and got["led2"].options["active"] == "low"


def test_parts_left_out_are_named_with_the_reason():
    parts = [{"type": "wokwi-mpu6050", "id": "imu"},
             {"type": "wokwi-led", "id": "floating"},
             {"type": "wokwi-led-ring", "id": "ring", "attrs": {"pixels": "12"}},
             {"type": "wokwi-servo", "id": "bad id!"}]
    wires = [["ring:DIN", "esp:VN", "", []], ["bad id!:PWM", "esp:4", "", []]]
    text = diagram_to_circuit(diagram(parts, wires))
    header = text.split("[[part]]")[0]
    assert "imu (wokwi-mpu6050): Terakoya has no such part yet" in header
    assert "floating (wokwi-led): not wired to a GPIO pin" in header
    assert "ring (wokwi-led-ring)" in header and "GPIO39 is input only" in header
    assert list(by_id(text)) == ["bad_id_"]


@pytest.mark.parametrize("text,what", [
    ("{", "not valid JSON"), ("[]", "not a Wokwi diagram"),
    ('{"parts": 3}', "not a Wokwi diagram"),
    ('{"parts": [], "connections": []}', "no ESP32 board"),
    ("[" * 100000 + "]" * 100000, "not valid JSON"),
])
def test_bad_diagrams_are_a_circuit_error(text, what):
    with pytest.raises(CircuitError) as info:
        diagram_to_circuit(text)
    assert what in info.value.en and "\n" not in info.value.en and info.value.ja


# -- never a traceback, and what comes out always loads -----------------------------
PIN_NAMES = ["A", "C", "SIG", "DIN", "SDA", "SCL", "TRIG", "ECHO", "PWM", "OUT", "AO", "1.l",
             "2.r", "1", "2", "R", "G", "B", "COM", "DQ", "IN"]
BOARD_PINS = ["D2", "2", "GPIO4", "TX", "VP", "34", "D39", "GND.1", "3V3", "5V", "22", "21",
              "6", "EN", "x"]
ids = st.sampled_from(["a", "b", "led1", "esp", "1", "é", ""])
attrs = st.dictionaries(st.sampled_from(["value", "pixels", "rows", "cols", "i2cAddress",
                                         "temperature", "distance", "lux", "delayTime", "color"]),
                        st.text(max_size=6) | st.integers().map(str) | st.floats().map(str),
                        max_size=3)
part = st.fixed_dictionaries({"id": ids, "type": st.sampled_from([*MAPPERS, "wokwi-resistor",
                                                                  "x", "board-esp32-devkit-c-v4"]),
                              "attrs": attrs | st.none() | st.integers()})
endpoint = st.builds(lambda p, n: f"{p}:{n}", ids, st.sampled_from(PIN_NAMES + BOARD_PINS))
wire = st.lists(endpoint | st.integers() | st.none(), min_size=0, max_size=4)


@settings(max_examples=300, deadline=None)
@given(st.lists(part, max_size=8), st.lists(wire, max_size=12))
def test_any_diagram_gives_loadable_toml_or_a_circuit_error(parts, connections):
    text = json.dumps({"parts": [{"type": "board-esp32-devkit-c-v4", "id": "esp"}, *parts],
                       "connections": connections})
    try:
        out = diagram_to_circuit(text)
    except CircuitError as exc:
        assert "\n" not in exc.en
        return
    load_circuit(out)  # what the importer writes always loads


json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
                           lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(st.sampled_from(["parts", "connections", "id", "type",
                                                              "attrs", "x"]), inner, max_size=3),
                           max_leaves=10)


@settings(max_examples=300, deadline=None)
@given(json_values | st.text(max_size=50))
def test_any_json_never_raises_anything_else(value):
    text = value if isinstance(value, str) else json.dumps(value)
    try:
        load_circuit(diagram_to_circuit(text))
    except CircuitError:
        pass
