"""Scenario files: the fixed format, and a clear message for every mistake."""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from terakoya.simulator.runner.scenario import ScenarioError, parse_scenario, schedule_scenario
from terakoya.simulator.runner.session import Simulation

FULL = """
[[at]]
ms = 100
press = "A"
hold_ms = 200

[[at]]
ms = 50
board = 2
set = { temperature = 30, light_level = 10, sound_level = 200, accelerometer = [0, 512, -1024], compass_heading = 90, pin0 = 1023, pin1 = 0, pin2 = 511 }

[[at]]
ms = 300
gesture = "face down"

[[at]]
ms = 400
touch = "logo"

[[at]]
ms = 500
serial_input = "hello\\n"

[[at]]
ms = 600
radio = "vote A"
"""


def test_a_full_scenario_parses_in_time_order():
    actions = parse_scenario(FULL, boards=2)
    assert [a.kind for a in actions] == ["set", "press", "gesture", "touch", "serial_input", "radio"]
    assert actions[0].board == 2 and actions[1].hold_ms == 200 and actions[3].hold_ms == 50


def test_a_scenario_drives_the_boards():
    with Simulation() as sim:
        sim.add_board(source="pass", start=False)
        second = sim.add_board(source="pass", start=False)
        schedule_scenario(sim, parse_scenario(FULL, boards=2))
        sim.run(1000)
    assert second.model.value("temperature") == 30
    assert second.model.value("accelerometer_y") == 512
    assert sim.boards[0].model.buttons["A"].presses == 1
    assert sim.boards[0].model.gesture_history == ["face down"]
    assert sim.boards[0].model.touches["logo"] == 1
    assert sim.boards[0].model.serial_in == "hello\r"


@pytest.mark.parametrize("text, needle", [
    ("[[at]]\nms = 1\nprss = 'A'\n", "key 'prss': unknown key"),
    ("[[at]]\npress = 'A'\n", "key 'ms'"),
    ("[[at]]\nms = -5\npress = 'A'\n", "key 'ms': must be a number of milliseconds"),
    ("[[at]]\nms = 1\npress = 'C'\n", "key 'press': must be one of"),
    ("[[at]]\nms = 1\npress = 'A'\ngesture = 'shake'\n", "exactly one action"),
    ("[[at]]\nms = 1\nboard = 3\npress = 'A'\n", "key 'board': must be a board number from 1 to 1"),
    ("[[at]]\nms = 1\nset = { temperature = 99 }\n", "key 'set.temperature': temperature must be from -5 to 50"),
    ("[[at]]\nms = 1\nset = { pin0 = 2000 }\n", "key 'set.pin0'"),
    ("[[at]]\nms = 1\nset = { accelerometer = [1, 2] }\n", "must be [x, y, z]"),
    ("[[at]]\nms = 1\nset = { humidity = 3 }\n", "key 'set.humidity': unknown sensor"),
    ("[[at]]\nms = 1\ngesture = 'wave'\n", "key 'gesture'"),
    ("[[at]]\nms = 1\ntouch = 'pin3'\n", "key 'touch'"),
    ("[[at]]\nms = 1\nradio = 5\n", "key 'radio': must be text"),
    ("[[at]]\nms = 1\ngesture = 'shake'\nhold_ms = 5\n", "key 'hold_ms': only goes with press or touch"),
    ("[at]\nms = 1\n", "[[at]] tables"),
    ("[[event]]\nms = 1\n", "unknown top-level key 'event'"),
    ("[[at]\n", "not valid TOML"),
])
def test_mistakes_are_named_by_table_and_key(text, needle):
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(text, boards=1)
    assert needle in caught.value.en
    assert caught.value.ja  # every message also exists in Japanese


def test_messages_name_the_table_number():
    with pytest.raises(ScenarioError, match="table 2"):
        parse_scenario("[[at]]\nms = 1\npress = 'A'\n[[at]]\nms = 2\npress = 'X'\n")


values = st.one_of(st.integers(-3000, 3000), st.sampled_from([1.5, -0.5, float("nan"), float("inf")]),
                   st.sampled_from(["A", "B", "logo", "shake", "x"]), st.booleans(),
                   st.lists(st.integers(-3000, 3000), max_size=4),
                   st.fixed_dictionaries({"temperature": st.integers(-10, 60)}))
keys = st.sampled_from(["ms", "board", "press", "set", "gesture", "touch", "serial_input",
                        "radio", "hold_ms", "other"])


@given(st.lists(st.dictionaries(keys, values, max_size=4), max_size=4))
def test_any_table_is_either_accepted_or_refused_with_a_scenario_error(tables):
    lines = []
    for table in tables:
        lines.append("[[at]]")
        for key, value in table.items():
            lines.append(f"{key} = {_toml(value)}")
    try:
        actions = parse_scenario("\n".join(lines) + "\n", boards=2)
    except ScenarioError as exc:
        assert exc.en and exc.ja
    else:
        assert len(actions) == len(tables)
        assert all(a.ms >= 0 and 1 <= a.board <= 2 for a in actions)


def _toml(value):
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_toml(v)}" for k, v in value.items()) + " }"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value != value:
            return "nan"
        if value in (float("inf"), float("-inf")):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    return json.dumps(value)
