"""The security-awareness lesson tools (simulator/runner/lab.py) on the real engine: a
password guesser against a board's login page (weak, strong with a lockout, a board that
stops listening, a board in AP mode), the micro:bit radio tapped, forged and replayed (and
a sequence number that stops the replay), and a message forged on the class's MQTT broker
reaching an ESP32 board's program."""

from __future__ import annotations

import textwrap

import pytest
from helpers import JOIN_WIFI
from terakoya.simulator.model.radio import RadioConfig
from terakoya.simulator.runner.lab import (
    COMMON_PASSWORDS,
    GuessReport,
    LabError,
    MqttTap,
    RadioTap,
    guess_passwords,
    parse_answer,
)
from terakoya.simulator.runner.session import Simulation

JOIN = JOIN_WIFI

# A login page as a student writes one: the password comes in a form (POST) or in the
# address (GET); after LOCK_AFTER wrong tries it answers 429, or (CLOSE_AFTER) it stops
# listening altogether.
PAGE = r"""
FORM = b'<form method="post" action="/login"><input type="password" name="password"></form>'

def fields_of(request):
    head = request.split(b'\r\n\r\n', 1)
    line = head[0].split(b'\r\n')[0].split(b' ')
    query = line[1].split(b'?', 1)[1] if len(line) > 1 and b'?' in line[1] else b''
    body = head[1] if len(head) > 1 else b''
    found = {}
    for part in (query + b'&' + body).split(b'&'):
        if b'=' in part:
            name, value = part.split(b'=', 1)
            found[name] = value
    return found

s = socket.socket()
s.bind(('', 80))
s.listen(2)
wrong = 0
while True:
    c, _ = s.accept()
    given = fields_of(c.recv(1024)).get(b'password')
    if LOCK_AFTER and wrong >= LOCK_AFTER:
        c.send(b'HTTP/1.0 429 Too Many Requests\r\n\r\nToo many tries: locked')
    elif given == PASSWORD:
        c.send(b'HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n<h1>Welcome!</h1>')
    else:
        wrong += 1
        c.send(b'HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n<p>Wrong password</p>' + FORM)
    c.close()
    if CLOSE_AFTER and wrong >= CLOSE_AFTER:
        s.close()
        while True:
            time.sleep(1)
"""


def login_board(sim: Simulation, password: bytes, lock_after: int = 0, close_after: int = 0,
                start: str = JOIN):
    settings = f"PASSWORD = {password!r}\nLOCK_AFTER = {lock_after}\nCLOSE_AFTER = {close_after}\n"
    board = sim.add_board(source=textwrap.dedent(start) + settings + PAGE, kind="esp32")
    sim.run(2000)  # joining the classroom Wi-Fi takes 1.6 s
    return board


def test_a_weak_password_falls_within_a_few_tries():
    with Simulation(seed=1) as sim:
        board = login_board(sim, b"123456")
        report = guess_passwords(sim, board=1)
        assert board.running
    assert (report.found, report.tries, report.locked_out) == ("123456", 1, False)
    assert report.attempts[0].status == 200 and report.time_ms < 20
    assert report.text("ja") == "1 回目でパスワード「123456」が見つかりました（0.0 秒）。"
    assert report.text("en") == 'The password "123456" was found on try 1 (0.0 seconds).'


def test_a_common_password_takes_a_few_tries_of_virtual_time_and_get_works_too():
    with Simulation(seed=1) as sim:
        login_board(sim, b"qwerty")
        report = guess_passwords(sim, method="GET", pause_ms=200)
    assert report.found == "qwerty" and report.tries == COMMON_PASSWORDS.index("qwerty") + 1
    assert [a.outcome for a in report.attempts] == ["wrong"] * 4 + ["found"]
    assert 800 <= report.time_ms < 900  # four pauses of 200 ms, a few ms for each answer
    assert report.text("ja") == "5 回目でパスワード「qwerty」が見つかりました（0.8 秒）。"


def test_a_strong_password_with_a_lockout_holds():
    with Simulation(seed=1) as sim:
        login_board(sim, b"kite-river-lamp-42", lock_after=5)
        report = guess_passwords(sim)
    assert report.found is None and report.locked_out
    assert (report.lockout, report.locked_after, report.tries) == ("locked", 5, 6)
    assert [a.status for a in report.attempts] == [200] * 5 + [429]
    assert report.text("ja") == "6 回ためしても入れませんでした。5 回まちがえたところで閉め出されました。"
    assert report.text("en") == ("Tried 6 passwords and could not get in: after 5 wrong tries, "
                                 "the board started refusing.")


def test_going_on_after_a_lockout_tries_every_password_and_gets_nowhere():
    with Simulation(seed=1) as sim:
        login_board(sim, b"kite-river-lamp-42", lock_after=5)
        report = guess_passwords(sim, pause_ms=10, stop_at_lockout=False)
    assert (report.found, report.tries, report.locked_after) == (None, 100, 5)
    assert report.text("ja") == "100 回ためしても入れませんでした。5 回まちがえたところで閉め出されました。"


def test_a_lockout_does_not_save_a_weak_password():
    with Simulation(seed=1) as sim:
        login_board(sim, b"password", lock_after=5)
        report = guess_passwords(sim)
    assert (report.found, report.tries, report.locked_out) == ("password", 4, False)


def test_a_board_that_stops_listening_is_a_lockout_and_a_page_not_there_is_a_plain_error():
    with Simulation(seed=1) as sim:
        login_board(sim, b"kite-river-lamp-42", close_after=3)
        report = guess_passwords(sim, method="GET")
        assert (report.lockout, report.locked_after, report.tries) == ("refused", 3, 4)
        with pytest.raises(LabError) as caught:
            guess_passwords(sim, port=8080)
        assert "192.168.10.100" in caught.value.en and "ポート" in caught.value.ja
        with pytest.raises(LabError):
            guess_passwords(sim, board=2)


def test_a_board_in_ap_mode_is_visited_through_its_access_point():
    open_ap = """
        import network, socket, time
        ap = network.WLAN(network.AP_IF)
        ap.config(essid='robot-7')
        ap.active(True)
    """
    locked_ap = open_ap.replace("essid='robot-7'", "essid='robot-8', key='robot-pass', "
                                "security=network.AUTH_WPA2_PSK")
    with Simulation(seed=1) as sim:
        login_board(sim, b"1234", start=open_ap)
        login_board(sim, b"1234", start=locked_ap)
        report = guess_passwords(sim, board=1)
        with pytest.raises(LabError) as caught:
            guess_passwords(sim, board=2)
        assert "robot-8" in caught.value.en
        assert guess_passwords(sim, board=2, wifi_password="robot-pass").found == "1234"
    assert report.found == "1234"


def test_the_judging_rules():
    assert parse_answer(b"HTTP/1.0 200 OK\r\nContent-Length: 5\r\n\r\nhel", False) is None
    answer = parse_answer(b"HTTP/1.1 302 Found\r\nLocation: /login?error=1\r\n\r\n", True)
    assert answer is not None and answer.status == 302
    from terakoya.simulator.runner.lab import LoginForm

    form = LoginForm()
    assert form.judge(answer) == "wrong"  # sent back to the login page
    assert form.judge(parse_answer(b"HTTP/1.0 303 See Other\r\nLocation: /\r\n\r\n", True)) == "found"
    assert form.judge(parse_answer("ようこそ！".encode(), True)) == "found"  # no status line
    assert form.judge(parse_answer("パスワードが違います".encode(), True)) == "wrong"
    assert form.judge(parse_answer(b"HTTP/1.0 403 Forbidden\r\n\r\n", True)) == "locked"
    assert LoginForm(success="secret").judge(parse_answer(b"HTTP/1.0 200 OK\r\n\r\nno", True)) == "wrong"
    assert GuessReport(None, 3, 1500).text("ja") == "3 回ためしても入れませんでした（1.5 秒）。"
    assert len(COMMON_PASSWORDS) == len(set(COMMON_PASSWORDS)) == 100


# -- radio ----------------------------------------------------------------------------------
WATCHER = """
    import radio
    from microbit import *
    radio.config(group=12)
    radio.on()
    while True:
        message = radio.receive()
        if message == 'genki':
            print('genki', running_time())
            display.show(Image.HAPPY)
        sleep(20)
"""
GRANDMA = """
    import radio
    from microbit import *
    radio.config(group=12)
    radio.on()
    for message in {messages!r}:
        sleep(100)
        radio.send(message)
"""
CAREFUL_WATCHER = """
    import radio
    from microbit import *
    radio.config(group=12)
    radio.on()
    last = 0
    while True:
        message = radio.receive()
        if message and message.startswith('genki:'):
            number = int(message[6:])
            if number > last:
                last = number
                print('ok', number)
            else:
                print('replay?', number)
        sleep(20)
"""


def micro(sim: Simulation, source: str, **values):
    return sim.add_board(source=textwrap.dedent(source).format(**values), kind="microbit")


def test_a_forged_genki_fools_a_watcher_that_trusts_any_message():
    with Simulation(seed=1) as sim, RadioTap(sim) as tap:
        watcher = micro(sim, WATCHER)
        sim.run(200)
        assert watcher.serial_output == ""
        sent = tap.forge("genki", group=12)
        sim.run(100)
        assert watcher.display_image() == "00000:09090:00000:90009:09990"  # HAPPY
    assert watcher.serial_output.split()[0] == "genki"
    assert sent.board is None and tap.messages() == ["genki"] and tap.packets[0].group == 12


def test_a_captured_message_is_heard_and_replayed_after_the_sender_stopped():
    with Simulation(seed=1) as sim, RadioTap(sim) as tap:
        grandma = micro(sim, GRANDMA, messages=["genki"])
        watcher = micro(sim, WATCHER)
        sim.run(500)
        assert not grandma.running
        heard = tap.packets[0]
        assert (heard.board, heard.channel, heard.group, heard.address, heard.text) == \
            (1, 7, 12, RadioConfig().address, "genki")
        assert 100 <= heard.time_ms < 120
        tap.replay(0)
        sim.run(100)
    lines = watcher.serial_output.splitlines()
    assert [line.split()[0] for line in lines] == ["genki", "genki"]
    assert int(lines[1].split()[1]) >= 500  # after the sender had ended
    assert [p.board for p in tap.packets] == [1, None]


def test_a_sequence_number_rejects_the_replay():
    with Simulation(seed=1) as sim, RadioTap(sim) as tap:
        micro(sim, GRANDMA, messages=["genki:1", "genki:2"])
        watcher = micro(sim, CAREFUL_WATCHER)
        sim.run(500)
        assert tap.messages() == ["genki:1", "genki:2"]
        tap.replay(0)
        sim.run(100)
    assert watcher.serial_output.splitlines() == ["ok 1", "ok 2", "replay? 1"]


def test_the_radio_tap_leaves_the_air_as_it_was():
    with Simulation(seed=1) as sim:
        space = sim.radio_space
        first, second = RadioTap(sim), RadioTap(sim)
        second.close()
        first.close()
        assert "transmit" not in space.__dict__
        with pytest.raises(LabError):
            first.replay(0)
        with pytest.raises(LabError):
            first.forge("x", group=300)


# -- MQTT -------------------------------------------------------------------------------------
DOOR = JOIN + """
from umqtt.simple import MQTTClient
def heard(topic, message):
    print(topic.decode(), message.decode(), time.ticks_ms())
c = MQTTClient('door-sensor', 'broker.local')
c.set_callback(heard)
c.connect()
c.subscribe(b'home/door')
c.publish(b'home/status', b'ready')
while True:
    c.wait_msg()
"""


def test_a_forged_mqtt_message_reaches_a_subscribing_board_at_once():
    with Simulation(seed=1) as sim, MqttTap(sim) as tap:
        board = sim.add_board(source=DOOR, kind="esp32")
        sim.run(2500)
        assert tap.wait_for("home/status") is not None
        assert ("home/status", "ready") in tap.messages()
        sent_at = sim.now_ms
        tap.forge("home/door", "open")
        sim.run(50)
        index = next(i for i, c in enumerate(tap.captures) if c.topic == "home/door")
        tap.replay(index)
        sim.run(50)
        lines = board.serial_output.splitlines()
        assert [line.rsplit(" ", 1)[0] for line in lines] == ["home/door open"] * 2
        assert sent_at <= int(lines[0].split()[-1]) <= sent_at + 15
        assert sent_at + 50 <= int(lines[1].split()[-1]) <= sent_at + 65
        with pytest.raises(LabError):
            tap.forge("home/#", "x")
