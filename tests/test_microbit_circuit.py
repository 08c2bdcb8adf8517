"""Parts of a circuit.toml on a micro:bit's edge connector: switches and buttons read as the
micro:bit's pins read them (pulls, resistive touch), a resistor card as an analog value, a
servo's angle and a motor's speed from write_analog, music on a buzzer, the board's own
buttons and touch still working, the file's pin names and refusals, and the window's and the
text mode's controls for the parts. Virtual time only."""

from __future__ import annotations

import io

import pytest
from terakoya.simulator import Simulation
from terakoya.simulator.boards.microbit import MICROBIT
from terakoya.simulator.model.circuit import CircuitError, load_circuit
from terakoya.simulator.runner.scenario import parse_scenario
from terakoya.simulator.ui.controller import Controller, build_controls
from terakoya.simulator.ui.text_mode import TextMode

SWITCHES = """
[[part]]
id = "sw1"
type = "switch"
pin = 0

[[part]]
id = "sw2"
type = "switch"
pin = "P2"
"""


def run(source: str, circuit: str, ms: int = 0, actions=()):  # type: ignore[no-untyped-def]
    """Run ``source`` with ``circuit``; ``actions``: (ms, function of the board) in order."""
    sim = Simulation(seed=1)
    board = sim.add_board(source=source, kind="microbit", circuit=circuit)
    for at, act in actions:
        sim.run(ms=at - sim.now_ms)
        act(board)
    sim.run_until_done(max_ms=ms or 10_000)
    return sim, board


def lines(board) -> list[str]:  # type: ignore[no-untyped-def]
    return board.serial_output.split()


# -- inputs ---------------------------------------------------------------------------------
def test_a_switch_to_gnd_is_touched_on_pins_0_and_2_as_on_the_board():
    source = ("from microbit import *\n"
              "for _ in range(4):\n"
              "    print(int(pin0.is_touched()), int(pin2.is_touched()))\n"
              "    sleep(100)\n")
    sim, board = run(source, SWITCHES, actions=[
        (50, lambda b: b.press("sw1", hold_ms=100)), (250, lambda b: b.press("SW2", hold_ms=100))])
    with sim:
        assert board.error is None
        assert lines(board) == ["0", "0", "1", "0", "0", "0", "0", "1"]


def test_read_digital_follows_the_pull_a_switch_to_gnd_needs_pull_up():
    source = ("from microbit import *\n"
              "print(pin0.read_digital())\n"          # pressed, chip's pull-down: 0
              "sleep(200)\n"
              "print(pin0.read_digital())\n"          # let go, pull-down: still 0
              "pin0.set_pull(pin0.PULL_UP)\n"
              "print(pin0.read_digital())\n"          # let go, pull-up: 1
              "sleep(200)\n"
              "print(pin0.read_digital())\n")         # pressed: 0
    sim, board = run(source, SWITCHES, actions=[
        (0, lambda b: b.set("sw1", 1)), (100, lambda b: b.set("sw1", 0)),
        (300, lambda b: b.set("sw1.pressed", True))])
    with sim:
        assert board.error is None
        assert lines(board) == ["0", "0", "1", "0"]


def test_a_switch_to_3v_reads_1_with_the_default_pull_down():
    circuit = '[[part]]\nid = "big"\ntype = "button"\nto = "3v3"\npin = 1\n'
    source = ("from microbit import *\n"
              "print(pin1.read_digital())\nsleep(200)\nprint(pin1.read_digital())\n")
    sim, board = run(source, circuit, actions=[(100, lambda b: b.press("big", hold_ms=500))])
    with sim:
        assert lines(board) == ["0", "1"]


def test_a_reed_switch_stays_where_it_is_put_and_is_set_not_held():
    circuit = '[[part]]\nid = "door"\ntype = "reed-switch"\npin = 1\nclosed = 1\n'
    source = ("from microbit import *\npin1.set_pull(pin1.PULL_UP)\n"
              "for _ in range(3):\n    print(pin1.read_digital())\n    sleep(100)\n")
    sim, board = run(source, circuit, actions=[(50, lambda b: b.set("door", 0)),
                                               (150, lambda b: b.set("door.closed", True))])
    with sim:
        assert lines(board) == ["0", "1", "0"]
        controls = {c.id: c.kind for c in build_controls([board.model]) if "door" in c.id}
        assert controls == {"door.closed": "slider"}


def test_a_resistor_card_reads_as_the_divider_gives_it():
    circuit = ('[[part]]\nid = "card"\ntype = "resistor"\npin = 1\nconnected = 0\n')
    source = ("from microbit import *\n"
              "for _ in range(6):\n    print(pin1.read_analog())\n    sleep(100)\n")
    cards = [(50, lambda b: b.set("card", 1)), (150, lambda b: b.set("card.kohm", 4.7)),
             (250, lambda b: b.set("card", 15)), (350, lambda b: b.set("card", 47)),
             (450, lambda b: b.set("card.connected", 0))]
    sim, board = run(source, circuit, actions=cards)
    with sim:
        assert board.error is None
        assert lines(board) == ["0", "930", "696", "409", "179", "0"]
        assert board.model.last_values["card.connected"] == 0


def test_a_potentiometer_reads_0_to_1023_and_needs_an_analog_pin():
    circuit = '[[part]]\nid = "knob"\ntype = "pot"\npin = 2\nposition = 0.25\n'
    source = "from microbit import *\nprint(pin2.read_analog())\n"
    sim, board = run(source, circuit)
    with sim:
        assert lines(board) == [str(round(0.25 * 1023))]
    with pytest.raises(CircuitError) as caught:
        load_circuit(circuit.replace("pin = 2", "pin = 8"), MICROBIT)
    assert "P8" in caught.value.en and "0, 1, 2, 3, 4, 10" in caught.value.en


def test_the_boards_own_buttons_and_touch_still_work_beside_parts():
    source = ("from microbit import *\n"
              "sleep(300)\n"
              "print(button_a.get_presses(), int(pin_logo.is_touched()), int(pin0.is_touched()))\n")
    sim, board = run(source, SWITCHES, actions=[
        (50, lambda b: b.press("A")), (200, lambda b: b.touch("logo", hold_ms=200)),
        (210, lambda b: b.touch("pin0", hold_ms=200))])
    with sim:
        assert lines(board) == ["1", "1", "1"]


# -- outputs --------------------------------------------------------------------------------
def test_a_servo_takes_its_angle_from_the_pulse_in_a_20_ms_period():
    circuit = '[[part]]\nid = "arm"\ntype = "servo"\npin = 1\n'
    source = ("from microbit import *\n"
              "for value in (26, 128, 77):\n"      # 0.51 ms, 2.50 ms, 1.51 ms of 20 ms
              "    pin1.write_analog(value)\n    sleep(100)\n")
    sim, board = run(source, circuit)
    with sim:
        angles = [e.value for e in board.events if getattr(e, "id", "") == "arm.angle"]
        assert angles == [0.7, 180.0, 90.5]


def test_a_vibration_motor_follows_write_analog_and_write_digital():
    circuit = '[[part]]\nid = "buzz"\ntype = "vibration-motor"\npin = 1\n'
    source = ("from microbit import *\n"
              "pin1.set_analog_period(1)\npin1.write_analog(700)\nsleep(150)\n"
              "pin1.write_digital(0)\nsleep(100)\npin1.write_digital(1)\n")
    sim, board = run(source, circuit)
    with sim:
        felt = [(e.id, e.value) for e in board.events if getattr(e, "id", "").startswith("buzz")]
        assert board.model.last_values["buzz.on"] is True  # still (program ended high)
        assert felt == [("buzz.on", True), ("buzz.speed", round(700 / 1023, 4)),
                        ("buzz.on", False), ("buzz.speed", 0.0),
                        ("buzz.on", True), ("buzz.speed", 1.0)]


def test_an_led_on_a_pin_and_a_buzzer_on_pin_0_hearing_music():
    circuit = ('[[part]]\nid = "lamp"\ntype = "led"\npin = 8\n\n'
               '[[part]]\nid = "bz"\ntype = "buzzer"\npin = 0\n')
    source = ("from microbit import *\nimport music\n"
              "pin8.write_digital(1)\nsleep(50)\npin8.write_analog(512)\n"
              "music.pitch(440, 200)\nsleep(100)\n")
    sim, board = run(source, circuit)
    with sim:
        seen = [(e.id, e.value) for e in board.events if getattr(e, "id", "")[:3] in ("lam", "bz.")]
        assert ("lamp.brightness", 1.0) in seen and ("lamp.brightness", round(512 / 1023, 4)) in seen
        tones = [v for k, v in seen if k == "bz.tone"]
        assert len(tones) == 2 and 440 <= tones[0] <= 441 and tones[-1] == 0


def test_a_ws2812_strip_shows_what_the_neopixel_module_sends():
    circuit = '[[part]]\nid = "ring"\ntype = "neopixel"\npin = 1\ncount = 3\n'
    source = ("from microbit import *\nimport neopixel\n"
              "np = neopixel.NeoPixel(pin1, 3)\nnp[1] = (255, 10, 0)\nnp.show()\n")
    sim, board = run(source, circuit)
    with sim:
        assert board.model.last_values["ring.pixels"] == ((0, 0, 0), (255, 10, 0), (0, 0, 0))


def test_parts_stay_wired_across_a_reset():
    source = ("from microbit import *\nsleep(100)\n"
              "pin0.set_pull(pin0.PULL_UP)\nprint(pin0.read_digital())\nsleep(1000)\n")
    sim, board = run(source, SWITCHES, ms=300, actions=[(0, lambda b: b.set("sw1", 1))])
    with sim:
        board.model.reset_state()
        assert board.model.part("sw1").values["pressed"] == 1
        assert board.model.pins.parts_volts("pin0") == 0.0
        assert lines(board) == ["0"]


# -- the file -------------------------------------------------------------------------------
@pytest.mark.parametrize("written", ["1", '"1"', '"P1"', '"p1"', '"pin1"'])
def test_a_pin_is_written_as_a_number_or_its_name_on_the_board(written):
    parts = load_circuit(f'[[part]]\nid = "s"\ntype = "switch"\npin = {written}\n', MICROBIT)
    assert parts[0].pins == {"pin": 1}


@pytest.mark.parametrize("written", ["17", "18", "21", '"GPIO40"', '"logo"', "-1"])
def test_pins_off_the_edge_connector_are_refused_with_the_usable_ones(written):
    with pytest.raises(CircuitError) as caught:
        load_circuit(f'[[part]]\nid = "s"\ntype = "switch"\npin = {written}\n', MICROBIT)
    assert "micro:bit" in caught.value.en
    assert caught.value.en.endswith("(its pins: 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, "
                                    "14, 15, 16, 19, 20)")
    assert caught.value.ja


def test_a_part_on_the_i2c_pins_meets_them_in_i2c_mode_as_on_the_board():
    circuit = '[[part]]\nid = "s"\ntype = "switch"\npin = 19\n'
    sim, board = run("from microbit import *\npin19.read_digital()\n", circuit)
    with sim:
        assert board.error is not None and "Pin 19 in i2c mode" in board.error


def test_a_circuit_for_other_boards_describes_nothing_on_this_one():
    atom = 'boards = ["atom-matrix"]\n[[part]]\nid = "btn_b"\ntype = "button"\npin = 19\n'
    assert load_circuit(atom, MICROBIT) == []
    both = atom.replace('["atom-matrix"]', '["ESP32", "micro:bit"]')
    assert [p.id for p in load_circuit(both, MICROBIT)] == ["btn_b"]
    with pytest.raises(CircuitError) as caught:
        load_circuit(atom.replace("atom-matrix", "microbot"), MICROBIT)
    assert "microbot" in caught.value.en and "microbit" in caught.value.en


def test_a_part_the_microbits_firmware_cannot_use_is_refused_by_name():
    with pytest.raises(CircuitError) as caught:
        load_circuit('[[part]]\nid = "dht1"\ntype = "dht22"\npin = 1\n', MICROBIT)
    assert "dht22" in caught.value.en and "no driver" in caught.value.en
    assert "servo" in caught.value.en and "dht22" in caught.value.ja


@pytest.mark.parametrize("name", ["pin1", "A", "logo", "light_level"])
def test_an_id_that_is_the_boards_own_name_is_refused(name):
    with pytest.raises(CircuitError) as caught:
        load_circuit(f'[[part]]\nid = "{name}"\ntype = "switch"\npin = 1\n', MICROBIT)
    assert name in caught.value.en and "another id" in caught.value.en


def test_a_lesson_folder_with_a_circuit_is_wired_and_checked(tmp_path, capsys):
    from terakoya.cli import main

    (tmp_path / "main.py").write_text("from microbit import *\nprint(pin1.read_analog())\n",
                                      encoding="utf-8")
    (tmp_path / "circuit.toml").write_text('[[part]]\nid = "card"\ntype = "resistor-card"\n'
                                           'pin = "P1"\nkohm = 15\n', encoding="utf-8")
    with Simulation(seed=1) as sim:
        board = sim.add_board(tmp_path, kind="microbit")
        sim.run_until_done(max_ms=2000)
        assert lines(board) == ["409"]
    assert main(["circuit", "check", str(tmp_path), "--board", "microbit"]) == 0
    assert "micro:bit" in capsys.readouterr().out


def test_a_scenario_presses_and_sets_the_parts_of_a_microbit():
    parts = load_circuit(SWITCHES + '[[part]]\nid = "card"\ntype = "resistor"\npin = 1\n',
                         MICROBIT)
    text = ('[[at]]\nms = 100\npress = "sw1"\n\n[[at]]\nms = 200\nset = { card = 4.7 }\n\n'
            '[[at]]\nms = 300\nset = { card = { connected = 0 }, pin0 = 600 }\n')
    actions = parse_scenario(text, boards=["microbit"], circuits=[parts])
    assert [a.kind for a in actions] == ["press", "set", "set"]
    source = ("from microbit import *\nsleep(120)\nprint(int(pin0.is_touched()))\n"
              "sleep(100)\nprint(pin1.read_analog())\nsleep(100)\nprint(pin1.read_analog())\n")
    with Simulation(seed=1) as sim:
        board = sim.add_board(source=source, kind="microbit", circuit=SWITCHES +
                              '[[part]]\nid = "card"\ntype = "resistor"\npin = 1\n')
        for action in actions:
            sim.run(ms=action.ms - sim.now_ms)
            action.apply(board)
        sim.run_until_done(max_ms=2000)
        assert lines(board) == ["1", "696", "0"]


# -- the window and the text mode ------------------------------------------------------------
def test_the_window_has_a_control_for_each_part_beside_the_boards_own():
    with Simulation(seed=1) as sim:
        board = sim.add_board(source="pass\n", kind="microbit", circuit=SWITCHES +
                              '[[part]]\nid = "card"\ntype = "resistor"\npin = 1\n')
        ids = [c.id for c in build_controls([board.model])]
    assert {"button_a", "touch_logo", "pin0", "press_sw1", "press_sw2", "card.kohm",
            "card.connected"} <= set(ids)


def test_the_text_mode_presses_a_switch_and_sets_a_card(tmp_path):
    (tmp_path / "main.py").write_text(
        "from microbit import *\n"
        "while True:\n"
        "    if pin0.is_touched():\n        print('switch')\n        sleep(500)\n"
        "    if pin1.read_analog() > 600:\n        print('card', pin1.read_analog())\n"
        "        sleep(500)\n"
        "    sleep(20)\n", encoding="utf-8")
    (tmp_path / "circuit.toml").write_text(
        SWITCHES + '[[part]]\nid = "card"\ntype = "resistor"\npin = 1\nconnected = 0\n',
        encoding="utf-8")
    ctl = Controller(paths=[tmp_path / "main.py"], lang="en", board="microbit",
                     run_checks=False)
    ctl.load()
    out = io.StringIO()
    tm = TextMode(ctl, out, "en")
    try:
        ctl.sim.run(200)
        tm.command("press sw1")
        ctl.sim.run(300)
        tm.command("set card.kohm 1")
        ctl.sim.run(600)
        tm.command("set card.connected 0")
        ctl.sim.run(200)
        printed = ctl.boards[0].serial_output.splitlines()
    finally:
        ctl.close()
    assert printed == ["switch", "card 930"]
    assert "no such" not in out.getvalue().lower()
