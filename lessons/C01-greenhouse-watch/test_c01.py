"""C01 ハウスの見張り番: the vent (servo) opens and the fan runs at 30 °C or hotter, they close
at 27 °C or cooler, ±0.5 °C of noise never makes them flap, and a DHT22 that misses readings
(a loose wire) does not stop the board.

"Cooling" is read from the fan (on or off); the vent must stand at a clearly different angle
while cooling than while not (any two angles the pupil chose for open and shut)."""

from __future__ import annotations

import random
from pathlib import Path

from terakoya.simulator import Simulation
from terakoya.simulator.model.events import ValueChanged

from terakoya.curriculum.learner_tests import criterion, program

HERE = Path(__file__).parent
PROGRAM = program(HERE)
CIRCUIT = (HERE / "circuit.toml").read_text(encoding="utf-8")
REACT_MS = 5000  # a reading every 2 s or so, and one retry: the change must come within 5 s


class Greenhouse:
    """The pupil's program on an ESP32 with the lesson's circuit; every fan and vent change
    with its virtual time."""

    def __init__(self, sim: Simulation, temperature: float = 25.0):
        self.sim = sim
        self.board = sim.add_board(PROGRAM, kind="esp32",
                                   circuit=CIRCUIT, start=False)
        self.changes: list[tuple[int, str, object]] = []
        self.board.model.bus.subscribe(self._record)
        self.set(temperature)
        self.board.program.start()

    def _record(self, event: object) -> None:
        if isinstance(event, ValueChanged) and event.id in ("fan1.on", "vent.angle"):
            self.changes.append((self.sim.now_ms, event.id, event.value))

    def set(self, temperature: float) -> None:
        self.board.set("dht1.temperature", round(temperature, 1))

    def last(self, what: str, before_ms: int | None = None) -> object:
        found = [v for t, i, v in self.changes if i == what and
                 (before_ms is None or t <= before_ms)]
        return found[-1] if found else None

    def cooling(self) -> bool:
        return bool(self.last("fan1.on"))

    def fan_switches(self, since_ms: int) -> int:
        values = [bool(v) for t, i, v in self.changes if i == "fan1.on"]
        times = [t for t, i, v in self.changes if i == "fan1.on"]
        return sum(1 for n in range(1, len(values))
                   if times[n] > since_ms and values[n] != values[n - 1])

    def noise(self, middle: float, seconds: int, seed: int) -> None:
        """The temperature wanders within ±0.5 °C of ``middle``, a new value every second."""
        wander = random.Random(seed)
        for _ in range(seconds):
            self.set(middle + wander.uniform(-0.5, 0.5))
            self.sim.run(1000)

    def ok(self) -> None:
        assert self.board.error is None, f"the program stopped: {self.board.error}"


def warm_until_cooling(house: Greenhouse) -> None:
    house.set(32)
    house.sim.run(REACT_MS)
    assert house.cooling(), "at 32 °C the fan should run"


@criterion(1)
def test_the_vent_opens_and_the_fan_runs_at_30_degrees():
    with Simulation(seed=1) as sim:
        house = Greenhouse(sim, 25.0)
        sim.run(4000)
        closed_angle = house.last("vent.angle")
        assert closed_angle is not None, "the vent servo gets no pulses: set its angle at start"
        assert not house.cooling(), "at 25 °C the fan should be off"
        house.set(29.0)
        sim.run(6000)
        assert not house.cooling(), "at 29 °C it is not hot enough yet: keep the fan off"
        house.set(30.0)
        sim.run(REACT_MS)
        assert house.cooling(), "at 30 °C the fan should run (within 5 seconds)"
        open_angle = house.last("vent.angle")
        assert abs(float(open_angle) - float(closed_angle)) >= 30, (
            f"the vent should open: it stands at {open_angle}° (shut: {closed_angle}°)")
        house.ok()


@criterion(2)
def test_it_closes_at_27_degrees_and_waits_in_between():
    with Simulation(seed=1) as sim:
        house = Greenhouse(sim, 25.0)
        sim.run(3000)
        closed_angle = house.last("vent.angle")
        warm_until_cooling(house)
        house.set(28.5)
        sim.run(8000)
        assert house.cooling(), "at 28.5 °C (between 27 and 30) an open vent stays open"
        house.set(27.0)
        sim.run(REACT_MS)
        assert not house.cooling(), "at 27 °C the fan should stop (within 5 seconds)"
        assert abs(float(house.last("vent.angle")) - float(closed_angle)) < 5, \
            "at 27 °C the vent should be shut again"
        house.set(28.5)
        sim.run(8000)
        assert not house.cooling(), "at 28.5 °C a shut vent stays shut"
        house.ok()


@criterion(2)
def test_noise_around_30_and_27_does_not_make_it_flap():
    with Simulation(seed=1) as sim:
        house = Greenhouse(sim, 29.0)
        sim.run(3000)
        start = sim.now_ms
        house.noise(30.0, 40, seed=1)
        assert house.fan_switches(start) <= 1, (
            "with the temperature wobbling around 30 °C the fan switched "
            f"{house.fan_switches(start)} times: it should switch once and stay")
        warm_until_cooling(house)
        start = sim.now_ms
        house.noise(27.0, 40, seed=2)
        assert house.fan_switches(start) <= 1, (
            "with the temperature wobbling around 27 °C the fan switched "
            f"{house.fan_switches(start)} times: it should switch once and stay")
        house.ok()


@criterion(3)
def test_a_sensor_that_misses_readings_does_not_stop_the_board():
    with Simulation(seed=1) as sim:
        house = Greenhouse(sim, 25.0)
        sim.run(3000)
        warm_until_cooling(house)
        house.board.set("dht1.connected", 0)  # a loose wire: every reading times out
        sim.run(8000)
        house.ok()
        assert house.board.running, "the program ended when the sensor stopped answering"
        assert house.cooling(), "a missed reading is not a cool greenhouse: keep the vent open"
        house.board.set("dht1.connected", 1)  # the wire is pushed back in
        house.set(26.0)
        sim.run(8000)
        assert not house.cooling(), "once the sensor answers again, 26 °C should close the vent"
        house.ok()


@criterion(3)
def test_a_sensor_not_answering_at_the_start_does_not_stop_the_board():
    with Simulation(seed=1) as sim:
        house = Greenhouse(sim, 32.0)
        house.board.set("dht1.connected", 0)  # plugged in wrongly when the board starts
        sim.run(6000)
        house.ok()
        assert not house.cooling(), "with no reading at all the fan should not start"
        house.board.set("dht1.connected", 1)  # fixed: 32 °C can now be read
        sim.run(8000)
        house.ok()
        assert house.cooling(), "once the sensor answers, 32 °C should open the vent"
