"""L04 keep MQTT from prying eyes: two linked lamps talk through the class's broker; any
computer on the network (lab.MqttTap) reads every message, makes one up, or sends one again."""

from __future__ import annotations

import re
from pathlib import Path

from terakoya.simulator import Simulation
from terakoya.simulator.model.events import ValueChanged
from terakoya.simulator.runner.lab import MqttCapture, MqttTap

from terakoya.curriculum.learner_tests import criterion, program

HERE = Path(__file__).parent
PROGRAM = program(HERE)
CIRCUIT = (HERE / "circuit.toml").read_text(encoding="utf-8")
WAIT_DARK_MS = 120_000  # the lamps go out again well within this (10 s in the lesson)


def start(sim: Simulation):
    lamps = [sim.add_board(PROGRAM, kind="esp32", circuit=CIRCUIT) for _ in range(2)]
    sim.run(3000)  # Wi-Fi (1.6 s), then the broker
    for board in lamps:
        assert board.error is None, board.serial_output
    return lamps


def lit(board) -> bool:
    values = [e.value for e in board.events
              if isinstance(e, ValueChanged) and e.id == "lamp.brightness"]
    return bool(values) and values[-1] > 0.5


def wait_dark(sim: Simulation, lamps) -> None:
    waited = 0
    while any(lit(b) for b in lamps) and waited < WAIT_DARK_MS:
        sim.run(500)
        waited += 500
    assert not any(lit(b) for b in lamps), "the lamps never go out again"


def press(sim: Simulation, tap: MqttTap, board) -> MqttCapture:
    """Press the button on ``board``; the message it sent through the broker."""
    heard = len(tap.captures)
    board.press("btn1")
    sim.run(1000)
    new = tap.captures[heard:]
    assert new, "pressing the button sent nothing to the broker"
    return new[-1]


def lights_up(sim: Simulation, lamps, send) -> bool:
    send()
    sim.run(1000)
    return any(lit(b) for b in lamps)


def changed_copies(text: str) -> list[str]:
    """A real message with one of its numbers made bigger: what someone without the secret
    makes of it (the next number, or another sender)."""
    copies = []
    for found in re.finditer(r"\d+", text):
        for step in (1, 100):
            copies.append(text[:found.start()] + str(int(found.group()) + step)
                          + text[found.end():])
    return copies


@criterion(1)
def test_pressing_one_button_lights_both_lamps_for_a_while():
    with Simulation(seed=1) as sim, MqttTap(sim) as tap:
        lamps = start(sim)
        assert not any(lit(b) for b in lamps)
        for pressed in lamps:
            press(sim, tap, pressed)
            assert all(lit(b) for b in lamps), "both lamps should light"
            wait_dark(sim, lamps)


@criterion(2)
def test_a_made_up_or_changed_message_does_not_light_the_lamps():
    with Simulation(seed=1) as sim, MqttTap(sim) as tap:
        lamps = start(sim)
        real = press(sim, tap, lamps[0])
        wait_dark(sim, lamps)
        text = real.text if isinstance(real.text, str) else ""
        fakes = ["on", "ON", "1", "toggle", *changed_copies(text)]
        for fake in dict.fromkeys(fakes):
            assert not lights_up(sim, lamps, lambda f=fake: tap.forge(real.topic, f)), \
                f"a message someone made up lit the lamps: {fake!r}"
        press(sim, tap, lamps[1])
        assert all(lit(b) for b in lamps), "after the fakes, a real press must still work"


@criterion(3)
def test_a_recorded_message_sent_again_does_not_light_the_lamps():
    with Simulation(seed=1) as sim, MqttTap(sim) as tap:
        lamps = start(sim)
        first = press(sim, tap, lamps[0])
        wait_dark(sim, lamps)
        press(sim, tap, lamps[0])
        wait_dark(sim, lamps)
        for capture in (tap.captures[-1], first):
            index = tap.captures.index(capture)
            assert not lights_up(sim, lamps, lambda i=index: tap.replay(i)), \
                f"a recorded message sent again lit the lamps: {capture.text!r}"
        press(sim, tap, lamps[1])
        assert all(lit(b) for b in lamps), "after the replays, a real press must still work"
