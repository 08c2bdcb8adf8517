"""MQTT between simulated ESP32 boards (the firmware's umqtt) and clients outside the
simulation, through Terakoya's embedded broker and through a real mosquitto when one is
installed: QoS 0 and 1, retained messages, last will, keep-alive, 10 boards at once."""

from __future__ import annotations

import shutil
import socket
import subprocess
import textwrap
import time

import pytest
from helpers import JOIN_WIFI
from terakoya.simulator.runner.mqtt_client import MqttClient
from terakoya.simulator.runner.session import Simulation

JOIN = JOIN_WIFI + "from umqtt.simple import MQTTClient\n"
LISTEN = JOIN + """
heard = []
def on_message(topic, msg):
    print(topic.decode(), msg.decode())
c = MQTTClient(NAME, 'terakoya.local', keepalive=KEEPALIVE)
c.set_callback(on_message)
c.connect()
c.subscribe(TOPIC, 1)
while True:
    c.wait_msg()
"""


def program(body: str, **names: object) -> str:
    head = "".join(f"{key} = {value!r}\n" for key, value in names.items())
    return head + JOIN + textwrap.dedent(body) if not body.startswith(JOIN) else head + body


def lines(board) -> list[str]:
    return board.serial_output.strip().splitlines()


def listener(sim: Simulation, name: str, topic: str, keepalive: int = 0):
    return sim.add_board(source=program(LISTEN, NAME=name, TOPIC=topic, KEEPALIVE=keepalive),
                         kind="esp32")


def test_two_boards_publish_and_subscribe_at_qos_0_and_1():
    with Simulation(seed=1) as sim:
        hearer = listener(sim, "hearer", "class/#")
        talker = sim.add_board(source=program("""
            c = MQTTClient('talker', 'broker.local')
            c.connect()
            time.sleep(1)
            c.publish(b'class/temp', b'21.5')
            c.publish('class/light', 'on', qos=1)
            print('sent')
            c.disconnect()
        """), kind="esp32")
        sim.run(5000)
        assert lines(talker) == ["sent"]
        assert lines(hearer) == ["class/temp 21.5", "class/light on"]


def test_a_retained_message_reaches_a_board_that_subscribes_later():
    with Simulation(seed=1) as sim:
        sim.add_board(source=program("""
            c = MQTTClient('keeper', 'terakoya.local')
            c.connect()
            c.publish(b'room/state', b'open', retain=True)
            c.disconnect()
        """), kind="esp32")
        late = sim.add_board(source=program("""
            time.sleep(3)
            c = MQTTClient('late', 'terakoya.local')
            c.set_callback(lambda t, m: print('retained', t.decode(), m.decode()))
            c.connect()
            c.subscribe(b'room/state')
            c.wait_msg()
        """), kind="esp32")
        sim.run(6000)
        assert lines(late) == ["retained room/state open"]


def test_the_last_will_is_sent_when_a_board_stops_without_saying_goodbye():
    with Simulation(seed=1) as sim:
        hearer = listener(sim, "hearer", "alive/#")
        sim.add_board(source=program("""
            c = MQTTClient('sensor', 'terakoya.local', keepalive=2)
            c.set_last_will(b'alive/sensor', b'gone')
            c.connect()
            time.sleep_ms(200)
            raise RuntimeError('the battery ran out')
        """), kind="esp32")
        sim.run(3000)
        sim.boards[1].model.net.power_off()  # the board's connection drops
        sim.run(3000)
        assert lines(hearer) == ["alive/sensor gone"]


def test_keep_alive_pings_keep_a_quiet_board_connected():
    with Simulation(seed=1) as sim:
        board = sim.add_board(source=program("""
            c = MQTTClient('pinger', 'terakoya.local', keepalive=2)
            c.connect()
            for _ in range(5):
                time.sleep(1)
                c.ping()
                print(c.wait_msg())
        """), kind="esp32")
        sim.run(8000)
        assert lines(board) == ["None"] * 5


def test_ten_boards_publish_and_one_hears_them_all():
    with Simulation(seed=1) as sim:
        hearer = listener(sim, "teacher", "class/+/count")
        for number in range(1, 11):
            sim.add_board(source=program("""
                c = MQTTClient('board%d' % N, 'terakoya.local')
                c.connect()
                time.sleep_ms(300 + 10 * N)
                c.publish(b'class/%d/count' % N, b'%d' % (N * N), qos=1)
            """, N=number), kind="esp32")
        sim.run(5000)
        heard = sorted(lines(hearer), key=lambda line: int(line.split("/")[1]))
        assert heard == [f"class/{n}/count {n * n}" for n in range(1, 11)]


def test_a_client_outside_the_simulation_hears_the_boards_and_talks_to_them():
    with Simulation(seed=1) as sim:
        host, port = sim.broker()
        hearer = listener(sim, "hearer", "to-board/#")
        sim.add_board(source=program("""
            c = MQTTClient('talker', 'terakoya.local')
            c.connect()
            time.sleep(2)
            c.publish(b'from-board/hello', b'hi phone', retain=True)
        """), kind="esp32")
        sim.run(5000)
        with MqttClient(host, port, client_id="phone") as phone:
            phone.subscribe("from-board/#")
            message = phone.messages.get(timeout=5.0)  # the retained message
            assert (message.topic, message.payload) == ("from-board/hello", b"hi phone")
            phone.publish("to-board/led", "on", qos=1)
            sim.gateway.catch_up()
            sim.run(500)
        assert lines(hearer) == ["to-board/led on"]


def test_the_broker_being_down_is_refused_on_the_board_and_said_plainly():
    free = socket.socket()
    free.bind(("127.0.0.1", 0))
    port = free.getsockname()[1]
    free.close()
    with Simulation(seed=1, broker=("127.0.0.1", port)) as sim:
        board = sim.add_board(source=program("""
            c = MQTTClient('lonely', 'terakoya.local')
            try:
                c.connect()
            except OSError as e:
                print(e)
        """), kind="esp32")
        sim.run(4000)
        assert lines(board) == ["[Errno 111] ECONNREFUSED"]
        assert any(getattr(e, "what", "") == "broker_down" for e in board.events)


@pytest.fixture
def mosquitto(tmp_path):
    binary = shutil.which("mosquitto") or (
        "/usr/sbin/mosquitto" if shutil.os.path.exists("/usr/sbin/mosquitto") else None)
    if binary is None:
        pytest.skip("mosquitto is not installed (CI installs it)")
    free = socket.socket()
    free.bind(("127.0.0.1", 0))
    port = free.getsockname()[1]
    free.close()
    config = tmp_path / "mosquitto.conf"
    config.write_text(f"listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\n")
    process = subprocess.Popen([binary, "-c", str(config)], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    try:
        yield ("127.0.0.1", port)
    finally:
        process.terminate()
        process.wait(5)


def test_boards_share_a_mosquitto_broker_the_class_already_runs(mosquitto):
    with Simulation(seed=1, broker=mosquitto) as sim:
        hearer = listener(sim, "hearer", "lab/#")
        sim.add_board(source=program("""
            c = MQTTClient('talker', 'terakoya.local')
            c.connect()
            time.sleep(1)
            c.publish(b'lab/temp', b'19', qos=1)
            c.publish(b'lab/keep', b'yes', retain=True)
        """), kind="esp32")
        sim.run(4000)
        assert lines(hearer) == ["lab/temp 19", "lab/keep yes"]
