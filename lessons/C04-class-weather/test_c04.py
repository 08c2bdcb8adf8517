"""C04 みんなの気象台: one program on every board of the class; each board publishes its
temperature, humidity and pressure as plain numbers on topics of its own
(``weather/<name>/<quantity>``), so the class broker's page charts every station; and a
station goes on publishing after the Wi-Fi has dropped out for a while.

What the page charts is checked with the page's own watcher (``BrokerWatcher``): a topic is
charted when its messages are numbers."""

from __future__ import annotations

import time
from pathlib import Path

from terakoya.simulator import Simulation
from terakoya.simulator.runner.broker import BrokerWatcher

from terakoya.curriculum.learner_tests import criterion, program

HERE = Path(__file__).parent
PROGRAM = program(HERE)
CIRCUIT = (HERE / "circuit.toml").read_text(encoding="utf-8")
DRIVER = (HERE / "bme280.py").read_text(encoding="utf-8")
QUANTITIES = ("temperature", "humidity", "pressure")
ROOMS = ({"temperature": 21.0, "humidity": 40, "pressure": 1010},
         {"temperature": 26.5, "humidity": 65, "pressure": 1005},
         {"temperature": 18.4, "humidity": 50, "pressure": 1015})


def station(sim: Simulation, room: dict):
    board = sim.add_board(PROGRAM, kind="esp32", circuit=CIRCUIT, files={"bme280.py": DRIVER})
    for key, value in room.items():
        board.set(f"bme.{key}", value)
    return board


def charts(watcher: BrokerWatcher, enough=lambda found: False) -> dict[str, list[float]]:
    """Each topic the page would chart, with its numbers (waiting briefly, in real time,
    for the broker's last messages to reach the watcher)."""
    deadline = time.monotonic() + 2.0
    while True:
        found = {t["topic"]: [v for _, v in t["numbers"]]
                 for t in watcher.snapshot()["topics"] if t["numbers"]}
        if enough(found) or time.monotonic() > deadline:
            return found
        time.sleep(0.05)


def stations_in(found: dict[str, list[float]], quantity: str) -> dict[str, list[float]]:
    """station name -> its numbers for ``quantity`` (topics weather/<name>/<quantity>)."""
    out = {}
    for topic, numbers in found.items():
        words = topic.split("/")
        if len(words) == 3 and words[0] == "weather" and words[2] == quantity:
            out[words[1]] = numbers
    return out


@criterion(1)
def test_a_station_publishes_three_numbers_the_page_can_chart():
    with Simulation(seed=1) as sim, BrokerWatcher(*sim.broker()) as watcher:
        board = station(sim, ROOMS[1])
        sim.run(70_000)
        found = charts(watcher, lambda f: all(
            len(next(iter(stations_in(f, q).values()), [])) >= 3 for q in QUANTITIES))
        assert board.error is None, f"the program stopped: {board.error}"
        for quantity, wanted in ROOMS[1].items():
            mine = stations_in(found, quantity)
            assert mine, (f"no numbers on weather/<name>/{quantity}: publish each reading as "
                          f"a plain number, such as {wanted} (topics seen: {sorted(found)})")
            numbers = next(iter(mine.values()))
            assert abs(numbers[-1] - wanted) <= 1.0, f"{quantity}: {numbers[-1]}, not {wanted}"
            assert len(numbers) >= 3, (f"{quantity} was sent {len(numbers)} times in 70 s: "
                                       "send every 30 s or more often")


@criterion(2)
def test_the_same_program_on_three_boards_makes_three_stations():
    with Simulation(seed=1) as sim, BrokerWatcher(*sim.broker()) as watcher:
        boards = [station(sim, room) for room in ROOMS]
        sim.run(70_000)
        found = charts(watcher, lambda f: len(stations_in(f, "temperature")) >= 3)
        for board in boards:
            assert board.error is None, f"board {board.number} stopped: {board.error}"
        names = stations_in(found, "temperature")
        assert len(names) == 3, (
            f"three boards with the same program made {len(names)} station(s) "
            f"({', '.join(names) or 'none'}): make the name from machine.unique_id()")
        last = sorted(round(numbers[-1], 1) for numbers in names.values())
        assert last == sorted(room["temperature"] for room in ROOMS), \
            f"each station should send its own room's temperature: {names}"


@criterion(3)
def test_a_station_goes_on_after_the_wifi_drops_out():
    with Simulation(seed=1) as sim, BrokerWatcher(*sim.broker()) as watcher:
        board = station(sim, ROOMS[0])
        sim.run(40_000)
        sim.network.set_up("classroom", False)     # the router is switched off...
        sim.run(45_000)
        sim.network.set_up("classroom", True)      # ...and on again
        back = sim.now_ms
        board.set("bme.temperature", 24.2)          # so what comes later is new
        sim.run(75_000)
        found = charts(watcher, lambda f: 24.2 in next(iter(
            stations_in(f, "temperature").values()), []))
        assert board.error is None, f"the program stopped when the Wi-Fi went: {board.error}"
        numbers = next(iter(stations_in(found, "temperature").values()), [])
        assert 24.2 in numbers, (
            f"nothing new arrived in the {(sim.now_ms - back) // 1000} s after the Wi-Fi came "
            "back: connect to the broker again when publishing fails")
