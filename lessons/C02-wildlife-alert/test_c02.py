"""C02 獣害おしらせ: the field unit (the pupil's program) beeps and sends one MQTT alert per
animal visit, however long the animal stays, and sends a heartbeat so the house unit shows
when the field unit has gone quiet. The micro:bit variant (microbit/) does the same by radio.

The broker is the simulation's own; the alerts are counted by listening to it as any
computer in the club could (``MqttTap``)."""

from __future__ import annotations

import time
from pathlib import Path

from terakoya.simulator import Simulation
from terakoya.simulator.model.events import StopKind, ValueChanged
from terakoya.simulator.runner.lab import MqttTap, RadioTap

from terakoya.curriculum.learner_tests import criterion, program

HERE = Path(__file__).parent
PROGRAM = program(HERE)
CIRCUIT = (HERE / "circuit.toml").read_text(encoding="utf-8")
MICROBIT = HERE / "microbit"
QUESTION = "09990:00090:00900:00000:00900"


def house_program() -> Path:
    """The house unit beside the pupil's program (theirs, if they changed it), else ours."""
    mine = (PROGRAM if PROGRAM.is_dir() else PROGRAM.parent) / "house.py"
    return mine if mine.is_file() else HERE / "house.py"


def watch(sim: Simulation, board, part_value: str) -> list[tuple[int, object]]:
    """Every value ``part_value`` (such as ``bz.tone``) takes on ``board``, with its time."""
    seen: list[tuple[int, object]] = []

    def record(event: object) -> None:
        if isinstance(event, ValueChanged) and event.id == part_value:
            seen.append((sim.now_ms, event.value))
    board.model.bus.subscribe(record)
    return seen


def alerts(tap: MqttTap, expect: int = 0) -> list[str]:
    """The alerts the club's broker passed on; waits (real time, briefly: the broker is a
    real one) until there are ``expect`` of them, if that many are expected."""
    deadline = time.monotonic() + 2.0
    while True:
        found = [topic for topic, _ in tap.messages() if topic.endswith("/alert")]
        if len(found) >= expect or time.monotonic() > deadline:
            time.sleep(0.2)  # and any more still on their way
            return [topic for topic, _ in tap.messages() if topic.endswith("/alert")]
        time.sleep(0.05)


def animal(sim: Simulation, field, *moves: tuple[int, int]) -> None:
    """The PIR feels movement: each (start ms from now, how long in ms)."""
    start = sim.now_ms
    for at, length in moves:
        sim.run(start + at - sim.now_ms)
        field.set("pir1.motion", 1)
        sim.run(length)
        field.set("pir1.motion", 0)


def field_board(sim: Simulation):
    field = sim.add_board(PROGRAM, kind="esp32", circuit=CIRCUIT)
    return field


@criterion(1)
def test_an_animal_makes_it_beep_and_send_an_alert():
    with Simulation(seed=1) as sim:
        tap = MqttTap(sim)
        try:
            field = field_board(sim)
            tone = watch(sim, field, "bz.tone")
            sim.run(5000)
            assert not alerts(tap), "an alert was sent with no animal there"
            moved_at = sim.now_ms
            animal(sim, field, (0, 1500))
            sim.run(3000)
            heard = alerts(tap, expect=1)
        finally:
            tap.close()
        assert field.error is None, f"the program stopped: {field.error}"
        assert any(t >= moved_at and value for t, value in tone), \
            "the buzzer should sound when the PIR feels movement"
        assert heard, "no alert reached the club's broker: publish to club/<NAME>/alert"


@criterion(2)
def test_one_visit_gives_one_alert_and_a_new_visit_another():
    with Simulation(seed=1) as sim:
        tap = MqttTap(sim)
        try:
            field = field_board(sim)
            sim.run(5000)
            # a boar roots about for 25 s: the PIR's output drops between its movements
            animal(sim, field, (0, 1000), (8000, 1000), (20000, 1500))
            sim.run(10_000)
            during = len(alerts(tap, expect=1))
            sim.run(110_000)  # two quiet minutes
            animal(sim, field, (0, 1000))
            sim.run(5000)
            after = len(alerts(tap, expect=during + 1))
        finally:
            tap.close()
        assert field.error is None, f"the program stopped: {field.error}"
        assert during == 1, (f"one visit sent {during} alerts: send one, then wait until the "
                             "animal has been gone for a while")
        assert after == 2, "an animal coming back two minutes later is a new visit: alert again"


@criterion(3)
def test_the_house_shows_when_the_field_unit_goes_quiet():
    with Simulation(seed=1) as sim:
        field = field_board(sim)
        house = sim.add_board(house_program(), kind="esp32", circuit=CIRCUIT)
        link = watch(sim, house, "link.brightness")
        sim.run(20_000)
        assert any(value for _, value in link), (
            "the house unit never heard a heartbeat: publish club/<NAME>/heartbeat every 10 s")
        sim.run(70_000)
        first_on = next(t for t, value in link if value)
        assert all(value for t, value in link if t > first_on), (
            "the house unit said the field unit was quiet while it was running: send the "
            "heartbeat every 10 s, whatever else happens")
        field.program.stop(StopKind.STOPPED)          # a flat battery
        sim.run(40_000)
        assert link and not link[-1][1], \
            "40 s after the field unit stopped, the house unit should show it is quiet"
        assert "NO HEARTBEAT" in house.serial_output
        assert house.error is None, f"the house unit stopped: {house.error}"


def test_microbit_variant_alerts_once_and_shows_a_silent_field_unit():
    with Simulation(seed=1) as sim:
        air = RadioTap(sim)
        field = sim.add_board(MICROBIT / "field.py")
        house = sim.add_board(MICROBIT / "house.py")
        sim.run(12_000)
        calm = house.display_image()
        assert calm not in (QUESTION, ""), "heartbeats arrive: the house shows a small heart"
        for _ in range(3):                             # one visit, three movements
            field.set("pin0", 1023)
            sim.run(1000)
            field.set("pin0", 0)
            sim.run(4000)
        angry = house.display_image()
        assert angry != calm, "an animal changes the house's picture"
        house.press("A")
        sim.run(1000)
        assert house.display_image() == calm, "button A clears the alert"
        assert air.messages().count("animal") == 1, "one visit, one radio alert"
        assert air.messages().count("alive") >= 2, "a heartbeat every 10 s"
        field.program.stop(StopKind.STOPPED)
        sim.run(40_000)
        assert house.display_image() == QUESTION, "no heartbeat for 35 s: a question mark"
        assert field.error is None and house.error is None
