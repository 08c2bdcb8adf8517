"""The classroom MQTT broker (simulator/runner/broker.py), our small MQTT client, the live page
and ``terakoya broker``. Every test uses free ports on 127.0.0.1; nothing leaves this computer.
"""

from __future__ import annotations

import http.client
import json
import os
import queue
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from terakoya.simulator.runner.broker import (
    Address,
    BrokerError,
    BrokerWatcher,
    EmbeddedBroker,
    PortInUse,
    WatchState,
    broker_reachable,
    parse_broker_address,
)
from terakoya.simulator.runner.mqtt_client import (
    CONNACK,
    CONNECT,
    PUBACK,
    PUBCOMP,
    PUBREC,
    PUBREL,
    MqttClient,
    Publish,
    Will,
    connect_packet,
    packet,
    publish_packet,
    split_packet,
)

from terakoya.broker_page import BrokerPage
from terakoya.cli import main

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def eventually(check, timeout: float = 3.0) -> bool:
    """Wait (for sockets and the broker's loop) until ``check()`` is true."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.01)
    return check()


@pytest.fixture
def broker():
    with EmbeddedBroker() as running:
        yield running


def client(broker: EmbeddedBroker, name: str | None = None, **options) -> MqttClient:
    return MqttClient(*broker.address, client_id=name, **options).connect()


# -- the embedded broker ----------------------------------------------------------------------
def test_the_broker_starts_fast_on_a_free_port_and_stops_cleanly_more_than_once():
    import amqtt.broker  # noqa: F401 (imported once beforehand: the start is what is timed)

    broker = EmbeddedBroker(port=0)
    began = time.perf_counter()
    host, port = broker.start()
    started = time.perf_counter() - began
    assert (host, port != 0) == ("127.0.0.1", True)
    assert broker_reachable(host, port)
    with client(broker, "board"):
        began = time.perf_counter()
        broker.stop()
        stopped = time.perf_counter() - began
    broker.stop()  # again: nothing happens
    assert started < 1.0 and stopped < 1.0, (started, stopped)
    assert not broker_reachable(host, port, timeout=0.5)


def test_a_busy_port_is_a_plain_error_in_english_and_japanese():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(PortInUse) as caught:
            EmbeddedBroker(port=port).start()
    assert f"Port {port} is already in use" in caught.value.text("en")
    assert f"ポート {port}" in caught.value.text("ja")
    assert "\n" not in caught.value.en + caught.value.ja


def test_two_clients_publish_and_subscribe_at_qos_0_and_1(broker):
    with client(broker, "phone") as listener, client(broker, "board") as board:
        assert listener.subscribe("class/#", qos=1) == [1]
        board.publish("class/temp", "21.5", qos=0)
        board.publish("class/temp", "22", qos=1)  # returns once the broker sent PUBACK
        first, second = listener.messages.get(timeout=2), listener.messages.get(timeout=2)
    assert (first.topic, first.payload, second.payload) == ("class/temp", b"21.5", b"22")
    assert second.qos == 1 and second.packet_id  # our client answered it with a PUBACK


def test_a_retained_message_reaches_a_late_subscriber(broker):
    with client(broker, "board") as board:
        board.publish("class/door", "open", qos=1, retain=True)
    with client(broker, "late") as late:
        late.subscribe("class/door")
        message = late.messages.get(timeout=2)
    assert (message.payload, message.retain) == (b"open", True)


def test_a_client_gets_the_retained_messages_of_its_own_subscriptions_only(broker):
    """amqtt alone sends a new client every retained message matching anyone's filter."""
    with client(broker, "board") as board, client(broker, "watcher") as watcher:
        watcher.subscribe("room/#")
        board.publish("room/door", "open", qos=1, retain=True)
        assert watcher.messages.get(timeout=2).payload == b"open"
        with client(broker, "other") as other:
            other.subscribe("garden/#")
            other.publish("garden/ping", "1", qos=1)  # a round trip after the subscribe
            assert other.messages.get(timeout=2).topic == "garden/ping"
            assert other.messages.empty()


def test_the_last_will_goes_out_when_a_client_drops_not_when_it_says_goodbye(broker):
    will = Will("class/status", b"offline", qos=1)
    with client(broker, "teacher") as teacher:
        teacher.subscribe("class/#")
        polite = client(broker, "polite", will=will)
        polite.disconnect()
        assert eventually(lambda: "polite" not in [c.client_id for c in broker.clients()])
        with client(broker, "marker") as marker:
            marker.publish("class/marker", "after the goodbye", qos=1)
        assert teacher.messages.get(timeout=2).topic == "class/marker"  # and no will before it
        client(broker, "board", will=will).drop()  # as a board losing power
        message = teacher.messages.get(timeout=2)
    assert (message.topic, message.payload) == ("class/status", b"offline")


def test_a_second_client_with_the_same_name_takes_over_and_the_first_is_disconnected(broker):
    # MQTT 3.1.1 [MQTT-3.1.4-2]: three boards running one program with one client name
    # must not all stay connected (the first two are disconnected, as on mosquitto)
    first = socket.create_connection(broker.address, timeout=3)
    first.sendall(connect_packet("station", 60))
    assert first.recv(4)[0] >> 4 == CONNACK
    with client(broker, "station") as second:
        first.settimeout(3)
        assert first.recv(16) == b""  # closed by the broker
        second.publish("class/still-here", "yes", qos=1)  # the newcomer works on
        assert [c.client_id for c in broker.clients()] == ["station"]
    first.close()


def test_keep_alive_pings_are_answered_and_the_client_stays_connected(broker):
    with client(broker, "sleepy", keepalive=1) as sleepy:  # a ping every half second
        assert sleepy.wait_for_pings(2, timeout=3)
        assert sleepy.connected
        assert "sleepy" in [c.client_id for c in broker.clients()]


def test_the_client_acknowledges_qos_1_and_completes_qos_2_by_the_book():
    """Against a broker played by the test: every byte our client sends is checked."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        received: queue.Queue[Publish] = queue.Queue()
        mqtt = MqttClient("127.0.0.1", server.getsockname()[1], on_message=received.put,
                          keepalive=0)
        connecting = threading.Thread(target=mqtt.connect)
        connecting.start()
        server.settimeout(3)
        peer, _ = server.accept()
        with peer:
            peer.settimeout(3)  # a packet our client should send and does not: a failure
            buffer = bytearray()

            def next_packet():
                while (found := split_packet(buffer)) is None:
                    buffer.extend(peer.recv(4096))
                return found

            assert next_packet()[0] == CONNECT
            peer.sendall(packet(CONNACK, 0, b"\x00\x00"))
            connecting.join(2)
            peer.sendall(publish_packet(Publish("a/b", b"one", 1, False, 7)))
            assert next_packet() == (PUBACK, 0, struct.pack("!H", 7))
            peer.sendall(publish_packet(Publish("a/b", b"two", 2, False, 8)))
            assert next_packet() == (PUBREC, 0, struct.pack("!H", 8))
            peer.sendall(packet(PUBREL, 2, struct.pack("!H", 8)))
            assert next_packet() == (PUBCOMP, 0, struct.pack("!H", 8))
            mqtt.disconnect()
    assert [received.get(timeout=1).payload for _ in range(2)] == [b"one", b"two"]


# -- addresses typed by people, and a broker that is not there ---------------------------------
@pytest.mark.parametrize("text, expected", [
    ("192.168.1.20:1883", ("192.168.1.20", 1883)),
    ("localhost", ("localhost", 1883)),
    (" mqtt://raspberrypi.local:1884/ ", ("raspberrypi.local", 1884)),
    ("[::1]:1883", ("::1", 1883)),
])
def test_broker_addresses_people_write(text, expected):
    assert parse_broker_address(text) == Address(*expected)


@pytest.mark.parametrize("text, words", [
    ("", "HOST:PORT"), (":1883", "HOST:PORT"), ("my pc:1883", "HOST:PORT"),
    ("pi:abc", "from 1 to 65535"), ("pi:0", "from 1 to 65535"), ("pi:70000", "from 1 to 65535"),
])
def test_a_wrong_broker_address_is_one_plain_line(text, words):
    with pytest.raises(BrokerError) as caught:
        parse_broker_address(text)
    assert words in caught.value.en and "\n" not in caught.value.en
    assert caught.value.ja and "\n" not in caught.value.ja


def test_no_broker_there_is_one_plain_line_in_each_language():
    port = free_port()  # nothing listens on it
    found = broker_reachable("127.0.0.1", port, timeout=1)
    assert not found
    assert found.text("en") == (f"No MQTT broker is running at 127.0.0.1:{port}: start one "
                                "(terakoya broker), or check the port number (MQTT usually "
                                "uses 1883).")
    assert "MQTT ブローカーが動いていません" in found.text("ja")


def test_something_that_is_not_a_broker_is_told_apart():
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        answering = threading.Thread(target=lambda: _answer_http(server), daemon=True)
        answering.start()
        found = broker_reachable("127.0.0.1", server.getsockname()[1], timeout=1)
    assert not found and "is not an MQTT broker" in found.text("en")
    assert "MQTT ブローカーではありません" in found.text("ja")


def _answer_http(server: socket.socket) -> None:
    peer, _ = server.accept()
    with peer:
        peer.sendall(b"HTTP/1.0 400 Bad Request\r\n\r\n")


# -- what the watcher records -------------------------------------------------------------------
def test_the_watch_state_keeps_text_hex_times_and_a_bounded_history_of_numbers():
    state = WatchState(history=50, max_topics=3)
    for value in range(200):
        state.record(Publish("room/temp", str(value).encode()), when=1000.0 + value)
    state.record(Publish("room/raw", b"\x00\xff\x10"), when=2000.0)
    state.record(Publish("room/name", "たろう".encode()), when=2001.0)
    topics = {t["topic"]: t for t in state.snapshot()["topics"]}
    temp = topics["room/temp"]
    assert (temp["last"], temp["count"], len(temp["numbers"])) == ("199", 200, 50)
    assert temp["numbers"][-1] == [1199.0, 199.0] and temp["time"] == 1199.0
    assert (topics["room/raw"]["last"], topics["room/raw"]["binary"]) == ("00 ff 10", True)
    assert topics["room/name"]["last"] == "たろう" and topics["room/name"]["numbers"] == []
    state.record(Publish("room/new", b"x"))  # a fourth topic: the quietest one makes room
    assert [t["topic"] for t in state.snapshot()["topics"]] == [
        "room/name", "room/new", "room/raw"]


def test_the_watcher_sees_messages_and_names_clients_but_not_itself(broker):
    with BrokerWatcher(*broker.address, clients=broker.clients) as watcher, \
            client(broker, "esp32-1") as board:
        seq = watcher.state.seq
        board.publish("class/light", "300", qos=1)
        assert watcher.wait(seq, timeout=2) > seq
        found = watcher.snapshot()
    assert found["connected"] and found["clients"]["source"] == "broker"
    assert [c["id"] for c in found["clients"]["list"]] == ["esp32-1"]
    assert found["topics"][0]["topic"] == "class/light"
    assert found["topics"][0]["numbers"][0][1] == 300.0


def test_the_watcher_says_when_its_broker_goes_away_and_comes_back():
    first = EmbeddedBroker()
    host, port = first.start()
    with BrokerWatcher(host, port, retry_s=0.05) as watcher:
        first.stop()
        assert eventually(lambda: not watcher.state.connected)
        assert watcher.snapshot()["problem"]["en"].startswith("Lost the connection")
        with EmbeddedBroker(port=port):  # the same port again
            assert eventually(lambda: watcher.state.connected)
            assert watcher.snapshot()["problem"] is None


# -- the live page ----------------------------------------------------------------------------
def _get(url: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url, timeout=3) as reply:
            return reply.status, reply.headers["Content-Type"], reply.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read().decode("utf-8")


def _next_event(reply: http.client.HTTPResponse) -> dict:
    while True:
        line = reply.fp.readline().decode("utf-8")
        assert line, "the event stream ended"
        if line.startswith("data: "):
            return json.loads(line[6:])


def test_the_page_the_json_and_the_event_stream_show_messages_and_numbers(broker):
    with BrokerWatcher(*broker.address, clients=broker.clients) as watcher, \
            BrokerPage(watcher, "ja", "127.0.0.1、ポート 1883") as page, \
            client(broker, "esp32-taro") as board:
        seq = watcher.state.seq
        for value in ("20", "21.5"):
            board.publish("room/temp", value, qos=1)
        board.publish("room/<script>", "<b>hi</b>", qos=1)
        assert eventually(lambda: watcher.state.seq >= seq + 3)
        base = f"http://127.0.0.1:{page.port}"
        status, kind, html = _get(base + "/")
        assert (status, kind) == (200, "text/html; charset=utf-8")
        assert '<html lang="ja">' in html and 'aria-live="polite"' in html
        assert "room/<wbr>temp" in html and "21.5" in html and "esp32-taro" in html
        assert "<svg" in html and "2 こ の数" in html  # the chart, described in words
        assert "room/<wbr>&lt;script&gt;" in html
        assert "<b>hi</b>" not in html and "&lt;b&gt;hi&lt;/b&gt;" in html
        status, kind, text = _get(base + "/api/state")
        state = json.loads(text)
        temp = next(t for t in state["topics"] if t["topic"] == "room/temp")
        assert [v for _, v in temp["numbers"]] == [20.0, 21.5]
        assert state["clients"]["list"][0]["id"] == "esp32-taro"
        stream = http.client.HTTPConnection("127.0.0.1", page.port, timeout=3)
        stream.request("GET", f"/events?after={state['seq']}")
        reply = stream.getresponse()
        assert reply.getheader("Content-Type").startswith("text/event-stream")
        first = _next_event(reply)
        assert "21.5" in first["parts"]["topics"] and first["news"] == []
        board.publish("room/temp", "23.25", qos=1)
        later = _next_event(reply)
        assert "23.25" in later["parts"]["topics"]
        assert [m["text"] for m in later["news"]] == ["room/temp: 23.25"]
        stream.close()
        assert _get(base + "/nothing")[0] == 404


def test_the_page_escapes_what_boards_send():
    from terakoya.broker_page import render_page

    state = WatchState()
    state.record(Publish("x/</script><script>alert(1)//", b"<img src=x onerror=alert(1)>"))
    snapshot = state.snapshot() | {"clients": {"source": "broker", "count": 0, "list": []}}
    html = render_page(snapshot, "en", "127.0.0.1, port 1883", "nonce")
    assert "<img" not in html and "alert(1)</script>" not in html
    assert html.count("<script") == 2  # the page's own two


# -- terakoya broker --------------------------------------------------------------------------
def _start(*args: str) -> tuple[subprocess.Popen, str]:
    child = subprocess.Popen([sys.executable, "-m", "terakoya", "broker", "--lang", "en", *args],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             cwd=ROOT)
    said = ""
    while "Ctrl-C" not in said:
        line = child.stdout.readline()
        if not line:
            child.kill()
            pytest.fail(f"terakoya broker ended early: {said}{child.stderr.read()}")
        said += line
    return child, said


def _stop(child: subprocess.Popen) -> tuple[str, str]:
    try:
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=5)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == 0, err
    return out, err


def test_terakoya_broker_prints_the_addresses_serves_and_stops_on_ctrl_c():
    child, said = _start("--port", "0", "--web-port", "0")
    try:
        port = int(re.search(r"Boards and apps connect to:  127\.0\.0\.1, port (\d+)",
                             said).group(1))
        url = re.search(r"The live page:  (http://127\.0\.0\.1:\d+/)", said).group(1)
        assert "add --lan" not in said and "start it with --lan" in said
        with MqttClient("127.0.0.1", port, client_id="esp32-1").connect() as board:
            board.publish("class/hello", "こんにちは", qos=1)
            assert eventually(lambda: "こんにちは" in _get(url + "api/state")[2])
    finally:
        out, err = _stop(child)
    assert out == "The MQTT broker has stopped.\n" and err == ""


def test_terakoya_broker_shows_a_broker_that_already_runs_on_its_port(broker):
    port = broker.address.port
    child, said = _start("--port", str(port), "--web-port", "0")
    out, err = _stop(child)
    assert said.startswith(f"Showing the MQTT broker at 127.0.0.1:{port}.\n"
                           f"Another MQTT broker is already running on port {port}")
    assert out == f"Stopped showing 127.0.0.1:{port}; that broker goes on running.\n"
    assert broker_reachable(*broker.address)  # still running


def test_terakoya_broker_says_plainly_what_is_wrong(capsys):
    assert main(["--lang", "en", "broker", "--port", "70000"]) == 2
    assert capsys.readouterr().err == ("terakoya: --port must be a whole number from 1 to "
                                       "65535 (0: any free port); you gave 70000.\n")
    assert main(["--lang", "en", "broker", "--broker", "pi:abc"]) == 2
    assert "The port in 'pi:abc' must be" in capsys.readouterr().err
    port = free_port()
    assert main(["--lang", "ja", "broker", "--broker", f"127.0.0.1:{port}"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "MQTT ブローカーが動いていません" in err


def test_a_port_taken_by_something_else_is_not_swapped_silently(capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        threading.Thread(target=lambda: _answer_http(taken), daemon=True).start()
        port = taken.getsockname()[1]
        assert main(["--lang", "en", "broker", "--port", str(port), "--web-port", "0"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"terakoya: Port {port} is already used by another program")
    assert f"terakoya broker --port {port + 1}" in err and err.count("\n") == 1


# -- a real mosquitto, when this computer has one -----------------------------------------------
MOSQUITTO = shutil.which("mosquitto") or next(
    (p for p in ("/usr/sbin/mosquitto", "/usr/local/sbin/mosquitto") if os.access(p, os.X_OK)),
    None)


@pytest.fixture
def mosquitto(tmp_path):
    if MOSQUITTO is None:
        pytest.skip("mosquitto is not installed (.ci/run installs it)")
    port = free_port()
    config = tmp_path / "mosquitto.conf"
    config.write_text(f"listener {port} 127.0.0.1\nallow_anonymous true\nsys_interval 1\n"
                      "persistence false\n", encoding="utf-8")
    child = subprocess.Popen([MOSQUITTO, "-c", str(config)], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    try:
        assert eventually(lambda: broker_reachable("127.0.0.1", port, timeout=0.2), 5)
        yield Address("127.0.0.1", port)
    finally:
        child.terminate()
        child.wait(5)


def test_the_watcher_against_a_real_mosquitto(mosquitto):
    with BrokerWatcher(*mosquitto) as watcher, \
            MqttClient(*mosquitto, client_id="esp32-1").connect() as board:
        seq = watcher.state.seq
        board.publish("class/temp", "19.5", qos=1)
        board.publish("class/raw", b"\x01\x02", qos=0)
        assert eventually(lambda: len(watcher.state.topics) == 2)
        assert watcher.wait(seq, 0) > seq
        # $SYS/broker/clients/connected, renewed every second here: the board (not the watcher)
        assert eventually(lambda: watcher.snapshot()["clients"]["count"] == 1, 3)
        found = watcher.snapshot()
    topics = {t["topic"]: t for t in found["topics"]}
    assert topics["class/temp"]["numbers"][0][1] == 19.5
    assert topics["class/raw"]["last"] == "01 02"
    assert found["clients"] == {"source": "$SYS", "count": 1, "list": None}


def test_with_lan_the_addresses_told_are_the_network_ones():
    import argparse

    from terakoya.simulator.runner.broker import lan_address

    from terakoya.broker_command import Source, _ready_lines

    found = lan_address()  # asks the system which interface it would use; sends nothing
    assert found is None or (found.count(".") == 3 and not found.startswith("127."))
    args = argparse.Namespace(lan=True)
    source = Source(Address("127.0.0.1", 1883), Address("192.168.1.20", 1883), broker=object())
    lines = _ready_lines(args, source, "192.168.1.20, port 1883", "http://127.0.0.1:8080/",
                         "192.168.1.20", [], "en")
    assert lines == [
        "Terakoya's MQTT broker is running.",
        "  Boards and apps connect to:  192.168.1.20, port 1883",
        "  The live page:  http://127.0.0.1:8080/  (on phones and other computers: "
        "http://192.168.1.20:8080/)",
        "Phones and boards on this network can connect, with no password.",
        "Press Ctrl-C here to stop.",
    ]
    no_network = _ready_lines(args, source, "127.0.0.1, port 1883", "http://127.0.0.1:8080/",
                              None, [], "ja")
    assert "ネットワークのアドレスがありません" in no_network[3]
