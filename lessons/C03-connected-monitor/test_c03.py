"""C03 つながる温湿度モニター: the board joins the club's Wi-Fi, answers ``/data`` with the
BME280's readings as JSON, tells the club's broker its readings over MQTT, survives strange
requests, and reaches nothing outside the club's network.

Requests come from the classroom server's side of the simulated Wi-Fi (what a browser on the
club's laptop would send), in virtual time; the broker is the simulation's own."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

from terakoya.simulator import Simulation
from terakoya.simulator.model.events import NetworkChanged
from terakoya.simulator.model.network import NetError
from terakoya.simulator.runner.lab import MqttTap

from terakoya.curriculum.learner_tests import criterion, program

HERE = Path(__file__).parent
PROGRAM = program(HERE)
CIRCUIT = (HERE / "circuit.toml").read_text(encoding="utf-8")
DRIVER = (HERE / "bme280.py").read_text(encoding="utf-8")
ROOM = {"temperature": 22.5, "humidity": 45.0, "pressure": 1012.0}
WARM = {"temperature": 27.3, "humidity": 61.0, "pressure": 1003.0}


def start(sim: Simulation):
    board = sim.add_board(PROGRAM, kind="esp32",
                          circuit=CIRCUIT, files={"bme280.py": DRIVER})
    sim.run(4000)  # joining the Wi-Fi takes about 2 s
    assert board.error is None, f"the program stopped: {board.error}"
    assert board.model.net.sta.ip, "the board did not join the Wi-Fi 'classroom'"
    return board


def ask(sim: Simulation, board, request: bytes, wait_ms: int = 4000) -> bytes:
    """Send ``request`` to the board's port 80 and give back what it answers (until it
    closes the connection, or ``wait_ms`` virtual ms)."""
    got = bytearray()
    ended = []

    def hear(stream) -> None:
        got.extend(stream.take(65536))
        if stream.eof:
            ended.append(True)

    try:
        stream = sim.network.open_client(board.model.net.sta.ip, 80, hear)
    except NetError:
        raise AssertionError("the board's web page does not answer any more (did the program "
                             f"stop? {board.error or 'no error'})") from None
    if request:
        stream.send(request)
    waited = 0
    while not ended and waited < wait_ms:
        sim.run(50)
        waited += 50
    stream.close()
    return bytes(got)


def get(sim: Simulation, board, path: str) -> tuple[str, bytes]:
    answer = ask(sim, board, f"GET {path} HTTP/1.1\r\nHost: monitor\r\n\r\n".encode())
    head, _, body = answer.partition(b"\r\n\r\n")
    return head.decode("latin-1").split("\r\n")[0], body


def data(sim: Simulation, board) -> dict:
    status, body = get(sim, board, "/data")
    assert " 200" in status, f"/data should answer 200 OK, it answered {status!r}"
    try:
        return json.loads(body)
    except ValueError:
        raise AssertionError(f"/data should answer JSON, it answered {body[:80]!r}") from None


def set_room(board, values: dict) -> None:
    for key, value in values.items():
        board.set(f"bme.{key}", value)


def near(value: object, wanted: float, within: float) -> bool:
    try:
        return abs(float(value) - wanted) <= within  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


@criterion(1)
def test_data_answers_the_readings_as_json():
    with Simulation(seed=1) as sim:
        board = start(sim)
        set_room(board, ROOM)
        sim.run(11_000)
        first = data(sim, board)
        assert near(first.get("temperature"), 22.5, 0.3), f"temperature in {first}"
        assert near(first.get("humidity"), 45, 1.5), f"humidity in {first}"
        set_room(board, WARM)
        sim.run(21_000)  # at least one new measurement, whatever the pupil's pace
        second = data(sim, board)
        assert near(second.get("temperature"), 27.3, 0.3), \
            f"/data should follow the room: after warming to 27.3 °C it gave {second}"
        status, page = get(sim, board, "/")
        assert " 200" in status and page, "the page for people (/) should still be there"
        assert board.error is None


@criterion(2)
def test_the_readings_go_to_the_club_broker():
    with Simulation(seed=1) as sim:
        tap = MqttTap(sim)
        try:
            board = start(sim)
            set_room(board, WARM)
            sim.run(25_000)
            deadline = time.monotonic() + 2.0   # the broker is real: its last messages
            heard = tap.messages()               # may still be on their way to the tap
            while not any(_says_temperature(t, x, 27.3) for t, x in heard) \
                    and time.monotonic() < deadline:
                time.sleep(0.05)
                heard = tap.messages()
        finally:
            tap.close()
        assert heard, "nothing reached the club's broker: connect to terakoya.local and publish"
        assert any(_says_temperature(topic, text, 27.3) for topic, text in heard), (
            "no message carried the temperature 27.3: publish it on a topic with "
            f"'temperature' in it (heard: {heard[:3]})")
        assert board.error is None


def _says_temperature(topic: str, text: object, wanted: float) -> bool:
    if not isinstance(text, str):
        return False
    if "temperature" in topic and near(text, wanted, 0.3):
        return True
    try:
        found = json.loads(text)
    except ValueError:
        return False
    return isinstance(found, dict) and near(found.get("temperature"), wanted, 0.3)


@criterion(3)
def test_strange_requests_do_not_stop_the_board():
    with Simulation(seed=1) as sim:
        board = start(sim)
        ask(sim, board, b"", wait_ms=5000)                    # connects, says nothing
        ask(sim, board, b"hello\r\n\r\n")                     # not HTTP at all
        ask(sim, board, b"GET\r\n\r\n")                       # no path
        ask(sim, board, b"\x00\xff\xfe" * 100)                # noise
        ask(sim, board, b"GET /" + b"a" * 3000 + b" HTTP/1.1\r\n\r\n")  # far too long
        status, _ = get(sim, board, "/no-such-page")
        assert board.error is None, f"a strange request stopped the board: {board.error}"
        assert board.running, "the board's program ended after a strange request"
        assert " 404" in status, f"an unknown page should answer 404 Not Found, not {status!r}"
        assert "temperature" in data(sim, board), "after strange requests /data should work"


@criterion(4)
def test_nothing_leaves_the_club_network():
    with Simulation(seed=1) as sim:
        board = start(sim)
        sim.run(25_000)
        status, page = get(sim, board, "/")
        outside = [e for e in board.events if isinstance(e, NetworkChanged)
                   and e.what in ("outside_name", "outside_address")]
        assert not outside, ("the board tried to reach the internet: "
                             f"{', '.join(e.name for e in outside)}")
        fetched = re.findall(rb"""(?:src|href|fetch\()\s*=?\s*["']?((?:https?:)?//[^"' >)]+)""",
                             page, re.IGNORECASE)
        assert not fetched, ("the page makes the browser fetch from another site: "
                             f"{fetched[0].decode(errors='replace')}")
        assert board.error is None
