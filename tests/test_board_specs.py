"""A board is data: every layer reads its specification, so a new board is a new spec (and
the files it points to), with no edit of the runner, the scenario reader or the window."""

import dataclasses

import pytest
from terakoya.simulator.boards import all_specs, board_ids, spec_for
from terakoya.simulator.boards.microbit import MICROBIT
from terakoya.simulator.boards.spec import ButtonSpec, Words
from terakoya.simulator.runner.scenario import ScenarioError, parse_scenario, schedule_scenario
from terakoya.simulator.runner.session import Simulation
from terakoya.simulator.ui.controller import build_controls

# A made-up third board: the micro:bit's model and modules (which need its sensors), its own
# name, scenario keys and one button.
CLONE = dataclasses.replace(
    MICROBIT, id="calliope-like", name=Words("Clone board", "クローンボード"),
    scenario_keys=tuple(k for k in MICROBIT.scenario_keys if k.key == "temperature"),
    buttons=(ButtonSpec("A", 5, Words("Button A", "ボタン A")),), touch=(), aliases=())


def test_a_new_board_runs_takes_scenarios_and_gets_its_controls_from_its_spec():
    actions = parse_scenario('[[at]]\nms = 10\nset = { temperature = 30 }\n'
                             '[[at]]\nms = 20\npress = "A"\n', boards=[CLONE])
    with Simulation() as sim:
        board = sim.add_board(source="from microbit import *\nsleep(50)\n"
                                     "print(temperature(), button_a.was_pressed())\n",
                              kind=CLONE)
        schedule_scenario(sim, actions)
        sim.run_until_done(1000)
        assert board.serial_output == "30 True\n"
        controls = [c.id for c in build_controls([board.model])]
    assert "temperature" in controls and "button_a" in controls
    assert "button_b" not in controls and "touch_logo" not in controls
    with pytest.raises(ScenarioError, match="light_level"):
        parse_scenario('[[at]]\nms = 1\nset = { light_level = 9 }\n', boards=[CLONE])


def test_ids_are_one_word_and_every_spec_is_complete():
    assert board_ids() == ("microbit", "esp32", "atom-matrix", "esp32-s3")
    for spec in all_specs():
        assert spec.id.replace("-", "").isalnum() and spec.name.en and spec.name.ja
        assert spec_for(spec.id.upper()) is spec
        for alias in spec.aliases:
            assert spec_for(alias) is spec
        keys = {s.id for s in spec.sensors}
        assert all(set(k.sensors) <= keys for k in spec.scenario_keys)
