"""The ESP32's network on the real engine: Wi-Fi (the port's status codes, reconnects, the
air from [[network]] tables, a board's own access point), sockets between boards and to
the classroom server (allowed and refused), select, ntptime, and a board's web page
visited from the host."""

from __future__ import annotations

import contextlib
import socket
import textwrap
import threading
import time
import urllib.request

import pytest
from helpers import JOIN_WIFI
from hypothesis import given, settings
from hypothesis import strategies as st
from terakoya.simulator.model.clock import RealtimePacer
from terakoya.simulator.model.events import NetworkChanged
from terakoya.simulator.model.network import NetworkConfigError, parse_networks
from terakoya.simulator.runner.scenario import ScenarioError, parse_scenario, schedule_scenario
from terakoya.simulator.runner.session import Simulation

JOIN = JOIN_WIFI


def source(text: str) -> str:
    """A test's program: JOIN, then its own lines (indented like the test)."""
    if text.startswith(JOIN):
        return JOIN + textwrap.dedent(text[len(JOIN):])
    return textwrap.dedent(text)


def out(board) -> list[str]:
    return board.serial_output.strip().splitlines()


def boards(*sources: str, ms: int = 5000, circuit: str | None = None, scenario: str = ""):
    sim = Simulation(seed=1)
    sim.network.epoch_s = 1_767_225_600  # 2026-01-01 00:00 UTC
    made = [sim.add_board(source=source(s), kind="esp32", circuit=circuit, start=False)
            for s in sources]
    if scenario:
        schedule_scenario(sim, parse_scenario(scenario, ["esp32"] * len(made)))
    for board in made:
        board.program.start()
    sim.run(ms)
    return sim, made


def test_joining_takes_virtual_time_and_gives_an_address():
    sim, (board,) = boards("""
        import network, time
        w = network.WLAN(network.STA_IF)
        print(w.status(), w.active())
        w.active(True)
        w.connect('classroom', 'terakoya')
        t = time.ticks_ms()
        print(w.status() == network.STAT_CONNECTING)
        while not w.isconnected():
            time.sleep_ms(10)
        print(w.status() == network.STAT_GOT_IP, 1500 <= time.ticks_diff(time.ticks_ms(), t) <= 1800)
        print(w.ifconfig())
        print(w.config('ssid'), w.status('rssi'), len(w.config('mac')), network.hostname())
        w.disconnect()
        print(w.isconnected(), w.status(), w.ifconfig()[0])  # 8: ESP-IDF's ASSOC_LEAVE
    """)
    sim.close()
    assert out(board) == ["1000 False", "True", "True True",
                          "('192.168.10.100', '255.255.255.0', '192.168.10.1', '192.168.10.1')",
                          "classroom -55 6 mpy-esp32", "False 8 0.0.0.0"]


def test_a_wrong_password_keeps_connecting_as_the_port_does_until_reconnects_run_out():
    sim, (board,) = boards("""
        import network, time
        w = network.WLAN(network.STA_IF)
        w.active(True)
        w.connect('classroom', 'wrong-password')
        time.sleep(5)
        print(w.status() == network.STAT_CONNECTING, w.isconnected(), w.config('reconnects'))
        w.config(reconnects=2)
        w.connect('classroom', 'wrong-password')
        time.sleep(5)
        print(w.status() == network.STAT_WRONG_PASSWORD, w.config('reconnects'))
        w.config(reconnects=0)
        w.connect('nobody-home', 'whatever1')
        time.sleep(4)
        print(w.status() == network.STAT_NO_AP_FOUND)
    """, ms=20_000)
    notes = [e for e in board.events if isinstance(e, NetworkChanged)]
    sim.close()
    assert out(board) == ["True False -1", "True 2", "True"]
    assert [(n.what, n.name) for n in notes][:1] == [("wifi_failed", "classroom")]


def test_the_air_comes_from_network_tables_and_scan_lists_it():
    circuit = """
        [[network]]
        ssid = "lab"
        password = "secret-lab"
        rssi = -70
        channel = 11

        [[network]]
        ssid = "guest"
    """
    sim, (board,) = boards("""
        import network, time
        w = network.WLAN(network.STA_IF)
        w.active(True)
        for ssid, bssid, channel, rssi, security, hidden in w.scan():
            print(ssid, len(bssid), channel, rssi, security, hidden)
        w.connect('guest')
        while not w.isconnected():
            time.sleep_ms(50)
        print(w.ifconfig()[0])
    """, circuit=textwrap.dedent(circuit))
    sim.close()
    assert out(board) == ["b'lab' 6 11 -70 3 False", "b'guest' 6 6 -55 0 False", "192.168.11.100"]


def test_bad_network_tables_say_what_is_wrong_in_both_languages():
    with pytest.raises(NetworkConfigError) as caught:
        parse_networks([{"ssid": "x", "password": "short"}])
    assert "8 to 63" in caught.value.en and "8〜63" in caught.value.ja
    with pytest.raises(NetworkConfigError):
        parse_networks([{"ssid": "x", "rssi": 5}])
    with pytest.raises(NetworkConfigError):
        parse_networks([{"name": "x"}])
    with pytest.raises(ScenarioError):
        parse_scenario('[[at]]\nms = 1\nwifi_down = 3\n', ["esp32"])


def test_a_scenario_drops_and_restores_the_network():
    scenario = """
        [[at]]
        ms = 3000
        wifi_down = "classroom"

        [[at]]
        ms = 6000
        wifi_up = "classroom"
    """
    sim, (board,) = boards(JOIN + """
        print('up', time.ticks_ms() // 1000)
        while w.isconnected():
            time.sleep_ms(50)
        print('lost', time.ticks_ms() // 1000, w.status() == network.STAT_CONNECTING)
        while not w.isconnected():
            time.sleep_ms(50)
        print('back', time.ticks_ms() // 1000)
    """, ms=12_000, scenario=textwrap.dedent(scenario))
    sim.close()
    assert out(board) == ["up 1", "lost 3 True", "back 7"]  # a try at 6 s finds it


def test_tcp_between_two_boards_and_the_errors_of_what_is_not_there():
    server = JOIN + """
        s = socket.socket()
        s.bind(('0.0.0.0', 8080))
        s.listen(1)
        s.settimeout(0)
        try:
            s.accept()
        except OSError as e:
            print('accept', e)
        s.settimeout(None)
        c, addr = s.accept()
        print('from', addr[0])
        print(c.readline())
        c.write(b'pong\\n')
        c.close()
    """
    client = JOIN + """
        time.sleep_ms(500)
        addr = socket.getaddrinfo('192.168.10.100', 8080)[0][-1]
        s = socket.socket()
        s.connect(addr)
        s.write(b'ping\\n')
        print(s.readline(), s.recv(10))
        for target in (('192.168.10.100', 81), ('192.168.10.77', 80), ('8.8.8.8', 53)):
            try:
                socket.socket().connect(target)
            except OSError as e:
                print(e)
        try:
            socket.getaddrinfo('example.com', 80)
        except OSError as e:
            print(e)
        s2 = socket.socket()
        try:
            s2.recv(1)
        except OSError as e:
            print(e)
    """
    sim, (a, b) = boards(server, client)
    notes = [(e.what, e.name) for e in b.events if isinstance(e, NetworkChanged)]
    sim.close()
    assert out(a) == ["accept [Errno 11] EAGAIN", "from 192.168.10.101", "b'ping\\n'"]
    assert out(b) == ["b'pong\\n' b''", "[Errno 111] ECONNREFUSED", "[Errno 118] EHOSTUNREACH",
                      "[Errno 118] EHOSTUNREACH", "-202", "[Errno 128] ENOTCONN"]
    assert ("outside_name", "example.com") in notes and ("outside_address", "8.8.8.8") in notes


def test_timeouts_select_and_poll_over_sockets():
    server = JOIN + """
        import select
        s = socket.socket()
        s.bind(('', 80))
        s.listen(2)
        p = select.poll()
        p.register(s, select.POLLIN)
        print('idle', p.poll(100))
        ready = p.poll(5000)
        print('ready', len(ready), ready[0][1] == select.POLLIN)
        c, _ = s.accept()
        c.settimeout(0.2)
        try:
            c.recv(10)
        except OSError as e:
            print(e)
        r, w_, x = select.select([c], [], [], 5)
        print(len(r), c.recv(10))
    """
    client = JOIN + """
        time.sleep(1)
        s = socket.socket()
        s.connect(('192.168.10.100', 80))
        time.sleep(1)
        s.send(b'late')
        time.sleep(1)
    """
    sim, (a, _) = boards(server, client, ms=8000)
    sim.close()
    assert out(a) == ["idle []", "ready 1 True", "[Errno 116] ETIMEDOUT", "1 b'late'"]


def test_udp_between_boards_and_broadcast():
    receiver = JOIN + """
        u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        u.bind(('0.0.0.0', 5000))
        for _ in range(2):
            data, sender = u.recvfrom(64)
            print(data, sender[0])
    """
    sender = JOIN + """
        time.sleep_ms(300)
        u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        u.sendto(b'direct', ('192.168.10.100', 5000))
        u.sendto(b'everyone', ('192.168.10.255', 5000))
    """
    sim, (a, _) = boards(receiver, sender)
    sim.close()
    assert out(a) == ["b'direct' 192.168.10.101", "b'everyone' 192.168.10.101"]


def test_ntptime_sets_the_rtc_from_the_simulations_clock():
    sim, (board,) = boards(JOIN + """
        import ntptime
        print(time.localtime()[0])
        ntptime.settime()
        print(time.localtime()[:5])
    """)
    sim.close()
    assert out(board) == ["2000", "(2026, 1, 1, 0, 0)"]


def test_a_boards_access_point_gives_it_192_168_4_1_and_another_board_joins():
    ap = """
        import network, socket, time
        ap = network.WLAN(network.AP_IF)
        ap.config(essid='bot-1', key='robot-pass', security=network.AUTH_WPA2_PSK)
        ap.active(True)
        print(ap.ifconfig()[0], ap.config('essid'))
        s = socket.socket()
        s.bind(('', 80))
        s.listen(1)
        c, addr = s.accept()
        print('visitor', addr[0], ap.isconnected(), len(ap.status('stations')))
        c.send(b'hi from the bot')
        c.close()
    """
    station = """
        import network, socket, time
        w = network.WLAN(network.STA_IF)
        w.active(True)
        time.sleep_ms(100)
        print([n[0] for n in w.scan()])
        w.connect('bot-1', 'robot-pass')
        while not w.isconnected():
            time.sleep_ms(50)
        print(w.ifconfig())
        s = socket.socket()
        s.connect(('192.168.4.1', 80))
        print(s.recv(100))
    """
    sim, (a, b) = boards(ap, station)
    sim.close()
    assert out(a) == ["192.168.4.1 bot-1", "visitor 192.168.4.2 True 1"]
    assert out(b) == ["[b'classroom', b'bot-1']",
                      "('192.168.4.2', '255.255.255.0', '192.168.4.1', '0.0.0.0')",
                      "b'hi from the bot'"]


PAGE = JOIN + """
    s = socket.socket()
    s.bind(('', 80))
    s.listen(2)
    led = 'off'
    while True:
        c, _ = s.accept()
        request = c.recv(1024)
        if b'GET /on' in request:
            led = 'on'
        c.send(b'HTTP/1.0 200 OK\\r\\nContent-Type: text/html\\r\\n\\r\\n')
        c.send(('<h1>LED is ' + led + '</h1>').encode())
        c.close()
"""


@contextlib.contextmanager
def in_real_time(program: str):
    """A board running ``program`` in real time on a thread (so a client on the host can
    visit it); stopped and closed afterwards."""
    sim = Simulation(seed=1)
    board = sim.add_board(source=source(program), kind="esp32")
    sim.pacer = RealtimePacer(speed=1.0)
    runner = threading.Thread(target=sim.run, args=(30_000,), daemon=True)
    runner.start()
    try:
        deadline = time.monotonic() + 20
        while not board.model.net.published and time.monotonic() < deadline:
            time.sleep(0.05)
        yield sim, board
    finally:
        sim.request_stop()
        runner.join(10)
        sim.close()


def test_a_boards_web_server_is_published_to_the_host_in_real_time():
    with in_real_time(PAGE) as (_, board):
        url = board.model.net.published[80]
        assert url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(url, timeout=10) as page:
            assert page.read() == b"<h1>LED is off</h1>"
        with urllib.request.urlopen(url + "on", timeout=10) as page:
            assert page.read() == b"<h1>LED is on</h1>"
    notes = [e for e in board.events if isinstance(e, NetworkChanged) and e.what == "published"]
    assert notes and notes[0].name == url


def test_stream_writes_take_a_count_and_an_offset_and_reads_wait_for_all():
    sim, (a, b) = boards(JOIN + """
        s = socket.socket(); s.bind(('', 80)); s.listen(1)
        c, _ = s.accept()
        c.setblocking(False)
        print(c.read(4), c.readline())
        c.setblocking(True)
        print(c.read(7))
    """, JOIN + """
        time.sleep_ms(300)
        s = socket.socket(); s.connect(('192.168.10.100', 80))
        time.sleep(1)
        print(s.write(b'abcdef', 2), s.write(b'abcdef', 3, 2), s.write('xyz'))
    """)
    sim.close()
    assert out(a) == ["None None", "b'abdexyz'"]
    assert out(b) == ["2 2 3"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.dictionaries(st.sampled_from(["ssid", "password", "rssi", "channel",
                                                 "hidden", "name"]),
                                st.one_of(st.text(max_size=70), st.integers(-200, 200),
                                          st.booleans(), st.none())), max_size=4))
def test_any_network_table_is_used_or_refused_in_plain_words(tables):
    try:
        points = parse_networks(tables)
    except NetworkConfigError as problem:
        assert problem.en and problem.ja
        return
    assert [p.ssid for p in points] == [t["ssid"] for t in tables]


@settings(max_examples=100, deadline=None)
@given(st.binary(min_size=48, max_size=48), st.floats(0, 4e9))
def test_the_ntp_answer_tells_the_simulations_wall_time(query, epoch):
    from terakoya.simulator.model.clock import Scheduler
    from terakoya.simulator.model.network import NTP_EPOCH_OFFSET, Network

    network = Network(Scheduler())
    network.epoch_s = epoch
    answer = network.ntp_answer(query)
    seconds = int.from_bytes(answer[40:44], "big")
    assert len(answer) == 48 and answer[24:32] == query[40:48]
    assert seconds == int(epoch + NTP_EPOCH_OFFSET) & 0xFFFFFFFF


SLOW_PAGE = JOIN + """
    s = socket.socket()
    s.bind(('', 80))
    s.listen(1)
    while True:
        c, _ = s.accept()
        c.recv(1024)
        time.sleep_ms(300)
        c.send(b'HTTP/1.0 200 OK\\r\\n\\r\\nslow but sure')
        c.close()
"""


def _ask(port: int, half_close: bool = False) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as visitor:
        visitor.sendall(b"GET / HTTP/1.0\r\n\r\n")
        if half_close:
            visitor.shutdown(socket.SHUT_WR)
        answer = b""
        while chunk := visitor.recv(4096):
            answer += chunk
    return answer


def test_visitors_that_half_close_or_find_the_backlog_full_still_get_the_page():
    with in_real_time(SLOW_PAGE) as (sim, board):
        port = int(board.model.net.published[80].rsplit(":", 1)[1].strip("/"))
        assert _ask(port, half_close=True).endswith(b"slow but sure")
        answers: list[bytes] = []
        visitors = [threading.Thread(target=lambda: answers.append(_ask(port)))
                    for _ in range(4)]
        for visitor in visitors:
            visitor.start()
            time.sleep(0.02)
        for visitor in visitors:
            visitor.join(15)
        assert len(answers) == 4 and all(a.endswith(b"slow but sure") for a in answers)
    assert sim._embedded_broker is None  # a web page never starts the MQTT broker


def test_a_lesson_server_on_the_classroom_server_answers_the_boards_requests():
    from terakoya.simulator.runner.lesson_server import Answer, HttpService

    sim = Simulation(seed=1)
    service = HttpService({"/weather": lambda request: Answer.json({"city": "奈良",
                                                                    "temp": 12.5}),
                           "/oops": lambda request: 1 / 0})
    sim.network.serve(80, service)
    board = sim.add_board(source=source(JOIN + """
        import requests
        r = requests.get('http://terakoya.local/weather')
        print(r.status_code, r.json()['temp'], r.json()['city'])
        print(requests.get('http://terakoya.local/nothing').status_code)
        print(requests.post('http://terakoya.local/oops', json={'a': 1}).status_code)
        try:
            requests.get('http://terakoya.local:8080/')
        except OSError as e:
            print(e)
    """), kind="esp32")
    sim.run(5000)
    sim.close()
    assert out(board) == ["200 12.5 奈良", "404", "500", "[Errno 111] ECONNREFUSED"]
    assert [r.path for r in service.log] == ["/weather", "/nothing", "/oops"]
    assert service.log[2].body == b'{"a": 1}'
