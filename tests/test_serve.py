"""terakoya serve: the routes, the pupil's socket, security and saving (Starlette's TestClient).

Boards run on the real engine in real time (a served board follows the wall clock), so the
socket tests wait for what the board does with a deadline, never a fixed sleep.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("starlette")
pytest.importorskip("httpx")

from starlette.testclient import TestClient  # noqa: E402

from terakoya.serve.app import PUPIL_COOKIE, TEACHER_COOKIE, create_app  # noqa: E402
from terakoya.serve.classroom import Classroom  # noqa: E402
from terakoya.serve.store import MAX_PROGRAM_BYTES, WorkStore, clean_nickname  # noqa: E402

CODE = "4321"
ROOT = Path(__file__).resolve().parents[1]
HEART = "from microbit import *\ndisplay.show(Image.HEART)\nprint('hi')\n"
BUTTON = ("from microbit import *\nprint('ready')\nwhile True:\n    if button_a.was_pressed():\n"
          "        print('A!')\n        display.show(Image.YES)\n    sleep(20)\n")


@pytest.fixture
def classroom(tmp_path):
    room = Classroom(CODE, tmp_path, "en")
    yield room
    room.close()


@pytest.fixture
def app(classroom):
    return create_app(classroom, "http://192.0.2.1:8000/")


def joined(app, nickname="hikari") -> TestClient:
    client = TestClient(app)
    answer = client.post("/join", data={"code": CODE, "nickname": nickname},
                         follow_redirects=False)
    assert answer.status_code == 303, answer.text
    return client


class Reader:
    """A pupil's socket, read in the background: every item it sent, in order. The test
    client's receive has no timeout; a helper thread does the reading (and ends when the
    socket closes), so a test waits with a deadline."""

    def __init__(self, socket):
        self.socket = socket
        self.items: list[dict] = []
        self._changed = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        try:
            while True:
                message = self.socket.receive_json()
                with self._changed:
                    self.items += message.get("items", [message])
                    self._changed.notify_all()
        except Exception:  # the socket closed
            return

    def send(self, message: dict) -> None:
        self.socket.send_json(message)

    def wait_for(self, test, since: int = 0, timeout: float = 15.0) -> dict:
        """The first item from ``since`` on for which ``test`` is true."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = next((i for i in self.items[since:] if test(i)), None)
                if found is not None:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"not seen in {timeout} s: {self.items[-5:]}")
                self._changed.wait(left)


@contextlib.contextmanager
def page(client):
    with client.websocket_connect("/ws") as socket:
        yield Reader(socket)


# -- joining and the class code ---------------------------------------------------------------------
def test_the_join_page_asks_for_the_class_code_and_a_nickname(app):
    page = TestClient(app).get("/")
    assert page.status_code == 200
    assert 'name="code"' in page.text and 'name="nickname"' in page.text
    assert "Content-Security-Policy" in page.headers


def test_the_class_code_typed_with_full_width_digits_works(app):
    answer = TestClient(app).post("/join", data={"code": " ４３２１ ", "nickname": "hikari"},
                                  follow_redirects=False)
    assert answer.status_code == 303


def test_a_wrong_class_code_lets_nobody_in(app):
    client = TestClient(app)
    answer = client.post("/join", data={"code": "9999", "nickname": "hikari"},
                         follow_redirects=False)
    assert answer.status_code == 403
    assert "class code" in answer.text
    assert PUPIL_COOKIE not in client.cookies
    assert client.get("/pupil", follow_redirects=False).status_code == 303
    assert client.get("/api/state").status_code == 401
    assert client.get("/api/program/blank").status_code == 401
    assert client.get("/download/blank.py").status_code == 401


def test_guessing_class_codes_is_slowed_down(app):
    client = TestClient(app)
    codes = [client.post("/join", data={"code": f"{n:04d}", "nickname": "x"}).status_code
             for n in range(12)]
    assert codes[:10] == [403] * 10 and codes[-1] == 429
    # even the right code waits now, from that address
    assert client.post("/join", data={"code": CODE, "nickname": "x"}).status_code == 429


@pytest.mark.parametrize("nickname", ["", "a" * 17, "../etc", "<b>", "x/y", "a\x00b"])
def test_a_nickname_that_is_no_nickname_is_refused(app, nickname):
    answer = TestClient(app).post("/join", data={"code": CODE, "nickname": nickname})
    assert answer.status_code == 400


def test_nicknames_in_any_script_are_kept_as_typed():
    assert clean_nickname("ひかり") == "ひかり"
    assert clean_nickname("ＡＢＣ１") == "ABC1"  # full-width letters from a Japanese keyboard
    assert clean_nickname("  ken  2 ") == "ken 2"
    assert clean_nickname("a.b") is None


def test_a_nickname_in_use_by_an_open_page_cannot_be_taken(app):
    first = joined(app, "sora")
    with first.websocket_connect("/ws"):
        answer = TestClient(app).post("/join", data={"code": CODE, "nickname": "sora"})
        assert answer.status_code == 409
    # the page closed: the same pupil can come back (a new tablet, a cleared browser)
    joined(app, "sora")


def test_the_teacher_page_needs_the_teachers_key(app, classroom):
    client = TestClient(app)
    assert client.get("/teacher").status_code == 403
    assert client.get("/teacher?key=wrong").status_code == 403
    assert client.get("/api/class").status_code == 403
    pupil = joined(app)
    assert pupil.get("/teacher").status_code == 403  # a pupil's cookie is no teacher's
    answer = client.get(f"/teacher?key={classroom.teacher_key}")
    assert answer.status_code == 200 and TEACHER_COOKIE in client.cookies
    assert CODE in answer.text and "http://192.0.2.1:8000/" in answer.text
    assert "data:image/svg+xml" in answer.text  # the QR code, made here
    assert client.get("/api/class").json()["pupils"][0]["nickname"] == "hikari"
    pupil.put("/api/program/blank", content="print('help me')\n")
    assert client.get("/teacher/program?pupil=hikari").text == "print('help me')\n"
    assert client.get("/teacher/program?pupil=nobody").status_code == 404
    assert pupil.get("/teacher/program?pupil=hikari").status_code == 403


# -- a pupil's work ---------------------------------------------------------------------------------
def test_a_pupil_gets_a_lesson_starter_then_keeps_their_own_copy(app, classroom):
    client = joined(app)
    state = client.get("/api/state").json()
    assert state["nickname"] == "hikari" and any(x["id"] == "E03" for x in state["lessons"])
    starter = client.get("/api/program/E03").json()["text"]
    assert "microbit" in starter
    assert client.put("/api/program/E03", content="print('mine')\n").status_code == 200
    assert client.get("/api/program/E03").json()["text"] == "print('mine')\n"
    assert client.get("/download/E03.py").text == "print('mine')\n"
    saved = classroom.store.path("hikari", "E03")
    assert saved.read_text() == "print('mine')\n"
    assert not list(saved.parent.glob(".*.tmp"))  # written through a temporary name


def test_one_pupil_cannot_reach_anothers_work(app, classroom):
    aoi = joined(app, "aoi")
    aoi.put("/api/program/blank", content="print('aoi only')\n")
    ren = joined(app, "ren")
    assert "aoi only" not in ren.get("/api/program/blank").text
    assert "aoi only" not in ren.get("/download/blank.py").text
    # names are never paths
    for name in ("..%2Faoi", "../blank", "%2E%2E", "blank.py", "e03"):
        assert ren.get(f"/api/program/{name}").status_code in (404, 405)
    assert classroom.store.load("aoi", "blank") == "print('aoi only')\n"


def test_an_oversized_program_is_refused_and_the_saved_one_kept(app, classroom):
    client = joined(app)
    client.put("/api/program/blank", content="print(1)\n")
    answer = client.put("/api/program/blank", content="#" * (MAX_PROGRAM_BYTES + 1))
    assert answer.status_code == 413
    huge = client.put("/api/program/blank", content="#" * (MAX_PROGRAM_BYTES * 3))
    assert huge.status_code == 413
    assert classroom.store.load("hikari", "blank") == "print(1)\n"


def test_saving_is_atomic_and_folders_come_from_no_input(tmp_path):
    store = WorkStore(tmp_path, "12AB")
    path = store.save("../../x", "blank", "print(1)\n")
    assert path.is_relative_to(tmp_path / "serve")
    assert ".." not in path.relative_to(tmp_path).parts
    store.save("../../x", "blank", "print(2)\n")
    assert store.load("../../x", "blank") == "print(2)\n"
    assert sorted(p.name for p in path.parent.iterdir()) == ["main.py"]  # no half file left


def test_a_hex_for_a_real_microbit(app):
    client = joined(app)
    client.put("/api/program/blank", content=HEART)
    answer = client.get("/download/blank.hex")
    assert answer.status_code == 200
    assert answer.text.startswith(":") and len(answer.text) > 100_000  # MicroPython and the file


# -- the socket: run, press, see ------------------------------------------------------------------
def test_run_shows_the_leds_and_the_serial_line_then_button_a(app):
    with page(joined(app)) as pupil:
        pupil.send({"t": "open", "program": "blank"})
        pupil.send({"t": "run", "program": "blank", "text": BUTTON})
        pupil.wait_for(lambda i: i["t"] == "serial" and "ready" in i["text"])
        controls = pupil.wait_for(lambda i: i["t"] == "started")["controls"]
        assert {"button_a", "button_b", "touch_logo", "temperature"} <= {c["id"] for c in controls}
        pressed = len(pupil.items)
        pupil.send({"t": "hold", "id": "button_a", "down": True})
        pupil.wait_for(lambda i: i["t"] == "values" and i["values"].get("button_a") is True)
        pupil.send({"t": "hold", "id": "button_a", "down": False})
        pupil.wait_for(lambda i: i["t"] == "serial" and "A!" in i["text"], pressed)
        tick = pupil.wait_for(lambda i: i["t"] == "display" and i["rows"][1][4] == 9, pressed)
        assert "tick" in tick["words"]  # the LED picture in words, for a screen reader


def test_an_error_comes_with_its_plain_explanation(app, classroom):
    with page(joined(app)) as pupil:
        pupil.send({"t": "run", "program": "blank",
                    "text": "from microbit import *\ndisplay.scrol('hi')\n"})
        error = pupil.wait_for(lambda i: i["t"] == "error")
        assert "AttributeError" in error["error"] and "scroll" in error["explanation"]
    row = classroom.snapshot()[0]
    assert row["state"] in ("running", "error") and "scroll" in row["explanation"]


def test_findings_of_terakoya_check_come_beside_the_code(tmp_path):
    from terakoya.host_tools.check.run import check_paths

    from terakoya.serve_command import checker

    room = Classroom(CODE, tmp_path, "en", checker=checker(check_paths))
    try:
        with page(joined(create_app(room))) as pupil:
            pupil.send({"t": "run", "program": "blank",
                        "text": "from microbit import *\nwhile True:\n    pass\n"})
            found = pupil.wait_for(lambda i: i["t"] == "findings", timeout=30)["findings"]
            assert found and found[0]["line"] == 2
            assert "/" not in found[0]["text"]  # no server path shown
    finally:
        room.close()


def test_a_looping_program_does_not_block_another_pupil(app):
    with page(joined(app, "busy")) as busy, page(joined(app, "calm")) as calm, \
            page(joined(app, "loud")) as loud:
        busy.send({"t": "run", "program": "blank", "text": "while True:\n    pass\n"})
        busy.wait_for(lambda i: i["t"] == "started")
        loud.send({"t": "run", "program": "blank", "text": "while True:\n    print('x' * 200)\n"})
        loud.wait_for(lambda i: i["t"] == "serial" and "xxx" in i["text"])  # as fast as the
        # board's 115200-baud line goes
        calm.send({"t": "run", "program": "blank", "text": HEART})
        calm.wait_for(lambda i: i["t"] == "serial" and "hi" in i["text"])
        assert max(len(i["text"]) for i in loud.items if i["t"] == "serial") <= 8100
        busy.send({"t": "stop"})  # and the looping board stops when asked
        busy.wait_for(lambda i: i["t"] == "ended" and i["kind"] == "stopped")


def test_a_tablet_gone_mid_press_lets_go_and_the_server_goes_on(app, classroom):
    client = joined(app)
    with page(client) as pupil:
        pupil.send({"t": "run", "program": "blank", "text": BUTTON})
        pupil.wait_for(lambda i: i["t"] == "serial" and "ready" in i["text"])
        pupil.send({"t": "hold", "id": "button_a", "down": True})
        pupil.wait_for(lambda i: i["t"] == "values" and i["values"].get("button_a") is True)
    board = classroom.pupils["hikari"].board
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and board._held:
        time.sleep(0.05)
    assert not board._held and board.running  # released; the board runs on for the pupil
    with page(client) as pupil:  # the page opened again: the board as it is now
        assert pupil.wait_for(lambda i: i["t"] == "started")["state"] == "running"
        pupil.wait_for(lambda i: i["t"] == "display")


def test_malformed_and_oversized_socket_messages_do_no_harm(app):
    with page(joined(app)) as pupil:
        pupil.socket.send_text("not json")
        pupil.socket.send_text(json.dumps([1, 2]))
        pupil.send({"t": "hold", "id": "../../x", "down": True})
        pupil.send({"t": "set", "id": "temperature", "value": "hot"})
        pupil.send({"t": "open", "program": "../x"})
        assert pupil.wait_for(lambda i: i["t"] == "problem")["key"] == "bad_program_name"
        since = len(pupil.items)
        pupil.send({"t": "save", "program": "blank", "text": "#" * (MAX_PROGRAM_BYTES + 1)})
        assert pupil.wait_for(lambda i: i["t"] == "problem", since)["key"] == "too_big"
        pupil.send({"t": "run", "program": "blank", "text": HEART})  # and it still works
        pupil.wait_for(lambda i: i["t"] == "serial" and "hi" in i["text"])


def test_a_socket_needs_a_pupils_cookie_and_this_sites_origin(app):
    from starlette.websockets import WebSocketDisconnect

    with pytest.raises(WebSocketDisconnect):
        with TestClient(app).websocket_connect("/ws") as socket:
            socket.receive_json()
    client = joined(app)
    with pytest.raises(WebSocketDisconnect):
        with client.websocket_connect("/ws", headers={"origin": "http://evil.example"}) as s:
            s.receive_json()


# -- the teacher ------------------------------------------------------------------------------------
def test_the_teacher_sees_who_runs_and_stops_every_board(app, classroom):
    teacher = TestClient(app)
    teacher.get(f"/teacher?key={classroom.teacher_key}")
    pupil = joined(app)
    with page(pupil) as socket, teacher.websocket_connect("/ws/teacher") as watch:
        socket.send({"t": "run", "program": "blank", "text": BUTTON})
        socket.wait_for(lambda i: i["t"] == "started")
        deadline = time.monotonic() + 10
        rows = []
        while time.monotonic() < deadline:
            rows = watch.receive_json()["pupils"]
            if rows and rows[0]["state"] == "running":
                break
        assert rows[0]["nickname"] == "hikari" and rows[0]["connected"]
        assert rows[0]["state"] == "running"
        watch.send_json({"t": "stop_all"})
        socket.wait_for(lambda i: i["t"] == "teacher_stopped")
        socket.wait_for(lambda i: i["t"] == "ended" and i["kind"] == "stopped")


def test_the_teachers_switch_puts_every_board_in_one_radio_space(app, classroom):
    teacher = TestClient(app)
    teacher.get(f"/teacher?key={classroom.teacher_key}")
    sender = "import radio\nfrom microbit import sleep\nradio.on()\nradio.config(group=3)\nprint('on')\n" \
             "while True:\n    radio.send('vote')\n    sleep(100)\n"
    receiver = "import radio\nfrom microbit import sleep\nradio.on()\nradio.config(group=3)\n" \
               "print('on')\nwhile True:\n    m = radio.receive()\n    if m:\n" \
               "        print('got', m)\n    sleep(20)\n"
    with page(joined(app, "aoi")) as aoi, page(joined(app, "ren")) as ren, \
            teacher.websocket_connect("/ws/teacher") as watch:
        ren.send({"t": "run", "program": "blank", "text": receiver})
        aoi.send({"t": "run", "program": "blank", "text": sender})
        aoi.wait_for(lambda i: i["t"] == "serial" and "on" in i["text"])
        ren.wait_for(lambda i: i["t"] == "serial" and "on" in i["text"])
        time.sleep(0.5)  # the class radio is off: each board hears only itself
        assert not any("got" in i.get("text", "") for i in ren.items)
        since = len(ren.items)
        watch.send_json({"t": "radio", "on": True})
        assert ren.wait_for(lambda i: i["t"] == "radio", since)["on"] is True
        ren.wait_for(lambda i: i["t"] == "serial" and "got vote" in i["text"])


def test_a_lesson_program_checked_with_the_lessons_tests(app, classroom):
    """terakoya lessons test on the pupil's own copy: the "I can" lines for the pupil, the
    count for the teacher."""
    with page(joined(app)) as pupil:
        pupil.send({"t": "open", "program": "E03"})
        starter = pupil.wait_for(lambda i: i["t"] == "program")["text"]
        pupil.send({"t": "lesson_test", "program": "E03", "text": starter})
        pupil.wait_for(lambda i: i["t"] == "lesson_testing")
        found = pupil.wait_for(lambda i: i["t"] == "lesson_test", timeout=60)
        assert found["program"] == "E03" and found["not_yet"] >= 1 and found["lines"]
        pupil.send({"t": "lesson_test", "program": "blank", "text": "print(1)\n"})
        assert pupil.wait_for(lambda i: i["t"] == "problem")["key"] == "no_lesson_tests"
    row = classroom.snapshot()[0]
    assert row["criteria"]["tested"] == found["met"] + found["not_yet"]


def test_a_board_whose_page_is_long_gone_is_closed_and_the_work_kept(app, classroom):
    client = joined(app)
    with page(client) as pupil:
        pupil.send({"t": "run", "program": "blank", "text": BUTTON})
        pupil.wait_for(lambda i: i["t"] == "serial" and "ready" in i["text"])
    hikari = classroom.pupils["hikari"]
    assert classroom.sweep(hikari.left_at + 60) == 0  # a minute away: it runs on
    assert hikari.board is not None and hikari.board.running
    assert classroom.sweep(hikari.left_at + 3600) == 1
    assert hikari.board is None and classroom.store.load("hikari", "blank") == BUTTON
    with page(client) as pupil:  # back: the saved program, and Run works again
        pupil.send({"t": "open", "program": "blank"})
        assert pupil.wait_for(lambda i: i["t"] == "program")["text"] == BUTTON
        pupil.send({"t": "run", "program": "blank"})
        pupil.wait_for(lambda i: i["t"] == "serial" and "ready" in i["text"])


def test_the_teacher_copies_a_pupils_program_to_the_board_on_usb(app, classroom):
    from test_deploy import FakeBoard

    board = FakeBoard()
    teacher = TestClient(app)
    teacher.get(f"/teacher?key={classroom.teacher_key}")
    joined(app).put("/api/program/blank", content=HEART)
    with teacher.websocket_connect("/ws/teacher") as watch:
        classroom.find_ports = lambda: []
        watch.send_json({"t": "deploy", "pupil": "hikari"})
        said = [watch.receive_json() for _ in range(3)]
        told = [m for m in said if m["t"] == "said" and "done" in m]
        assert told and not told[0]["done"] and "No micro:bit" in told[0]["text"]
        classroom.find_ports = lambda: ["/dev/ttyACM0"]
        classroom.open_board = lambda port: board
        watch.send_json({"t": "deploy", "pupil": "hikari"})
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            message = watch.receive_json()
            if message["t"] == "said" and "done" in message:
                break
        assert message["done"] and "/dev/ttyACM0" in message["text"]
    assert board.files["main.py"] == HEART.encode()


@pytest.mark.parametrize("argv, words", [
    (["serve", "--code", "ab"], "4 to 12 letters or digits"),
    (["serve", "--code", "12 34"], "4 to 12 letters or digits"),
    (["serve", "--port", "0"], "between 1 and 65535"),
])
def test_serve_usage_problems_are_one_plain_line(argv, words, capsys):
    from terakoya.cli import main

    assert main(["--lang", "en", *argv]) == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err and err.count("\n") == 1


def test_pause_and_slower_speeds_as_the_window_has(app, classroom):
    with page(joined(app)) as pupil:
        pupil.send({"t": "run", "program": "blank", "text": BUTTON})
        pupil.wait_for(lambda i: i["t"] == "serial" and "ready" in i["text"])
        since = len(pupil.items)
        pupil.send({"t": "speed", "speed": 0.25})
        pupil.send({"t": "speed", "speed": 7})  # not a speed the window has: unchanged
        pupil.send({"t": "pause", "on": True})
        assert pupil.wait_for(lambda i: i["t"] == "paused", since)["on"] is True
        speeds = [i["speed"] for i in pupil.items[since:] if i["t"] == "speed"]
        assert speeds == [0.25, 0.25]
        controller = classroom.pupils["hikari"].board._ctl
        assert controller.paused and controller.speed == 0.25
        pupil.send({"t": "pause", "on": False})
        assert pupil.wait_for(lambda i: i["t"] == "paused" and not i["on"], since)


def test_sounds_reach_the_page_with_their_captions(app):
    program = ("from microbit import *\nimport speech\naudio.play(Sound.GIGGLE)\n"
               "speech.say('hello')\nmusic.play(['C4:4'])\n")
    with page(joined(app)) as pupil:
        pupil.send({"t": "run", "program": "blank", "text": program.replace(
            "from microbit import *\n", "from microbit import *\nimport music\n")})
        assert pupil.wait_for(lambda i: i["t"] == "effect")["parts"][0]["f0"] > 0
        assert pupil.wait_for(lambda i: i["t"] == "say")["text"] == "hello"
        assert round(pupil.wait_for(lambda i: i["t"] == "tone" and i["hz"] > 0)["hz"]) == 262
        captions = [i["text"] for i in pupil.items if i["t"] == "caption"]
        assert "sound: giggle" in captions and "says: hello" in captions


def test_an_esp32_lesson_runs_with_its_circuit_and_shows_its_parts(app, classroom):
    solution = (ROOT / "lessons" / "C01-greenhouse-watch" / "solution.py").read_text()
    with page(joined(app)) as pupil:
        pupil.send({"t": "open", "program": "C01"})
        pupil.wait_for(lambda i: i["t"] == "program")
        pupil.send({"t": "run", "program": "C01", "text": solution})
        started = pupil.wait_for(lambda i: i["t"] == "started")
        assert started["board"] == "esp32"
        assert "dht1.temperature" in {c["id"] for c in started["controls"]}
        since = len(pupil.items)
        pupil.send({"t": "set", "id": "dht1.temperature", "value": 35})
        pupil.wait_for(lambda i: i["t"] == "values" and
                       any(k.startswith("vent.") for k in i["values"]), since, timeout=20)
    folder = classroom.store.program_folder("hikari", "C01")
    assert sorted(p.name for p in folder.iterdir()) == ["circuit.toml", "main.py"]
    answer = joined(app, "ken").get("/download/C01.hex")  # a .hex is for a micro:bit
    assert answer.status_code == 404 and "terakoya deploy" in answer.json()["text"]


def test_an_esp32_joining_the_classroom_wifi_is_told_in_words(app):
    program = ("import network, time\nw = network.WLAN(network.STA_IF)\nw.active(True)\n"
               "w.connect('classroom', 'terakoya')\nwhile not w.isconnected():\n"
               "    time.sleep(0.1)\nprint('wifi ok')\n")
    with page(joined(app)) as pupil:
        pupil.send({"t": "run", "program": "C03", "text": program})
        note = pupil.wait_for(lambda i: i["t"] == "note")
        assert "Wi-Fi" in note["text"] and "classroom" in note["text"]
        pupil.wait_for(lambda i: i["t"] == "serial" and "wifi ok" in i["text"])


def test_a_fault_in_the_simulator_stops_that_board_only_and_is_said_plainly(app, classroom,
                                                                             monkeypatch):
    from terakoya.simulator.ui.controller import Controller

    with page(joined(app)) as pupil:
        pupil.send({"t": "run", "program": "blank", "text": BUTTON})
        pupil.wait_for(lambda i: i["t"] == "serial" and "ready" in i["text"])

        def broken(self, wall_ms):
            raise RuntimeError("simulated fault")

        monkeypatch.setattr(Controller, "tick", broken)
        ended = pupil.wait_for(lambda i: i["t"] == "ended")
        assert ended["kind"] == "error" and ended["problem"] == "server"
        monkeypatch.undo()
        since = len(pupil.items)
        pupil.send({"t": "run", "program": "blank"})  # Run again: it works
        pupil.wait_for(lambda i: i["t"] == "serial" and "ready" in i["text"], since)


def test_pages_in_the_browsers_language_unless_the_class_sets_one(tmp_path):
    room = Classroom(CODE, tmp_path, None)
    try:
        client = TestClient(create_app(room))
        page_ja = client.get("/", headers={"accept-language": "ja-JP,ja;q=0.9,en;q=0.8"})
        assert 'lang="ja"' in page_ja.text and "クラスコード" in page_ja.text
        assert "<ruby>" in page_ja.text  # readings for furigana mode
        page_en = client.get("/", headers={"accept-language": "en-GB"})
        assert 'lang="en"' in page_en.text and "Class code" in page_en.text
        wrong = client.post("/join", data={"code": "0000", "nickname": "x"},
                            headers={"accept-language": "ja"})
        assert "クラスコードが ちがいます" in wrong.text
    finally:
        room.close()
    fixed = Classroom(CODE, tmp_path, "ja")
    try:
        page = TestClient(create_app(fixed)).get("/", headers={"accept-language": "en"})
        assert 'lang="ja"' in page.text
    finally:
        fixed.close()


def test_leds_flashing_faster_than_three_times_a_second_are_held_steady(app, classroom):
    blink = ("from microbit import *\nwhile True:\n    display.show(Image('99999:' * 4 + '99999'))"
             "\n    sleep(50)\n    display.clear()\n    sleep(50)\n")
    with page(joined(app)) as pupil:
        pupil.send({"t": "run", "program": "blank", "text": blink})
        assert pupil.wait_for(lambda i: i["t"] == "flashing")["on"] is True
        since = len(pupil.items)
        simulation = classroom.pupils["hikari"].board._ctl.sim
        later = simulation.now_ms + 1000  # a second of blinking (ten blinks) on the board
        deadline = time.monotonic() + 10
        while simulation.now_ms < later and time.monotonic() < deadline:
            time.sleep(0.05)
        assert simulation.now_ms >= later
        shown = [i for i in pupil.items[since:] if i["t"] == "display"]
        assert shown == []  # held steady: no blink drawn
        pupil.send({"t": "stop"})


def test_a_boards_own_web_page_opens_for_its_pupil_only(app):
    import urllib.error
    import urllib.request

    program = (ROOT / "examples" / "iot" / "led_page" / "main.py").read_text()
    client = joined(app)
    with page(client) as pupil:
        pupil.send({"t": "run", "program": "C03", "text": program})
        url = pupil.wait_for(lambda i: i["t"] == "page", timeout=20)["url"]
        assert url.startswith("http://testserver:")  # the host the pupil's page came from
        url = url.replace("testserver", "127.0.0.1")
        token = client.cookies[PUPIL_COOKIE]
        mine = urllib.request.Request(url, headers={"Cookie": f"{PUPIL_COOKIE}={token}"})
        with urllib.request.urlopen(mine, timeout=10) as answer:
            assert "LED: OFF" in answer.read().decode()
        toggle = urllib.request.Request(url + "toggle",
                                        headers={"Cookie": f"{PUPIL_COOKIE}={token}"})
        with urllib.request.urlopen(toggle, timeout=10) as answer:  # its own links work
            assert "LED: ON" in answer.read().decode()
        other = joined(app, "ren").cookies[PUPIL_COOKIE]
        for headers in ({}, {"Cookie": f"{PUPIL_COOKIE}={other}"}):
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10)
            assert refused.value.code == 403


def test_every_japanese_word_of_the_pages_has_its_reading_beyond_grade_two():
    """Furigana mode shows readings for every kanji a second-grader has not learned yet (the
    lessons' own checker, by the 学年別漢字配当表)."""
    from terakoya.curriculum.furigana import unread_kanji
    from terakoya.serve.words import WORDS

    assert {key: unread_kanji(ja, 2) for key, (_, ja) in WORDS.items()
            if unread_kanji(ja, 2)} == {}
