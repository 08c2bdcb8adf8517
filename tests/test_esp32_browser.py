"""Issue 14, "Web pages": a simulated ESP32's web page in a real browser.

The board runs a lesson's socket web server on its real MicroPython core; the simulation
publishes it on a 127.0.0.1 port and keeps pace with the wall clock (``RealtimePacer``),
and Debian's headless Chromium loads it, driven over the Chrome DevTools Protocol
(tests/browser_helpers.py). Two lessons:

- "LED on/off": the browser presses the page's button; the LED on GPIO2 turns on (and off
  again), and the page the board sends back says so;
- "sensor page": the page shows the DHT22's temperature; the test warms the room, and a
  reload shows the new value.

The board programs are written as a good lesson's are: they read the request's whole head,
answer ``/favicon.ico`` (which Chromium asks for after a page) with a 404, give up on a
connection that says nothing for 3 s, and close every connection (HTTP/1.0, ``Connection:
close``), so the single-threaded server is never left waiting on the browser's keep-alive.
"""

from __future__ import annotations

import queue
import textwrap
import threading
import time
from collections.abc import Callable, Iterator

import pytest
from browser_helpers import Chromium, Page, find_chromium
from terakoya.simulator.model.clock import RealtimePacer
from terakoya.simulator.model.events import ValueChanged
from terakoya.simulator.runner.session import SimBoard, Simulation

CHROMIUM = find_chromium()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no Chromium (/usr/bin/chromium or chromium on PATH): the "
    "browser tests need Debian's chromium package, which CI installs through .ci/run")

CHUNK_MS = 20  # the simulation runs in steps this long; the test's actions go in between
WAIT_S = 10.0  # the longest wait for any one step (the whole file takes a few seconds)

SERVER = """
import network, socket, time
from machine import Pin

wlan = network.WLAN(network.STA_IF)
wlan.active(True)
wlan.connect('classroom', 'terakoya')
while not wlan.isconnected():
    time.sleep_ms(100)


def read_request(c):
    # the head of the request may come in more than one piece: read to its blank line
    request = b''
    while b'\\r\\n\\r\\n' not in request and len(request) < 4096:
        part = c.recv(512)
        if not part:
            break
        request += part
    words = request.split(b' ')
    return words[1].decode() if len(words) > 2 else ''


def serve(answer):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(('', 80))
    s.listen(2)
    print('Open http://' + wlan.ifconfig()[0] + '/')
    while True:
        c, addr = s.accept()
        try:
            c.settimeout(3)
            path = read_request(c)
            if not path:
                pass  # the browser gave up on this connection before it asked for anything
            elif path == '/favicon.ico':
                c.sendall(b'HTTP/1.0 404 Not Found\\r\\nConnection: close\\r\\n\\r\\n')
            else:
                print('GET', path)
                c.sendall(b'HTTP/1.0 200 OK\\r\\nContent-Type: text/html; charset=utf-8\\r\\n'
                          b'Connection: close\\r\\n\\r\\n')
                c.sendall(answer(path).encode())
        except OSError as e:
            print('connection lost:', e)
        finally:
            c.close()
"""

LED_PAGE = SERVER + """
led = Pin(2, Pin.OUT)


def answer(path):
    if path == '/on':
        led.value(1)
    elif path == '/off':
        led.value(0)
    on = led.value()
    return ('<!DOCTYPE html><html><head><title>ESP32 LED</title></head><body>'
            '<h1>LED is ' + ('ON' if on else 'OFF') + '</h1>'
            '<a href="/' + ('off' if on else 'on') + '">'
            '<button>Turn ' + ('OFF' if on else 'ON') + '</button></a>'
            '</body></html>')


serve(answer)
"""

LED_CIRCUIT = """
[[part]]
id = "led1"
type = "led"
pin = 2
"""

SENSOR_PAGE = SERVER + """
import dht
sensor = dht.DHT22(Pin(4))


def answer(path):
    sensor.measure()
    return ('<!DOCTYPE html><html><head><title>Classroom</title></head><body>'
            '<h1>Classroom air</h1>'
            '<p id="temperature">%.1f &deg;C</p><p id="humidity">%.1f %%</p>'
            '</body></html>') % (sensor.temperature(), sensor.humidity())


serve(answer)
"""

SENSOR_CIRCUIT = """
[[part]]
id = "dht1"
type = "dht22"
pin = 4
temperature = 21.5
humidity = 40
"""


class LiveBoard:
    """One ESP32 running ``source`` in real time on a thread of its own. The test's
    actions on the board (``do``) run on that thread, between steps of the clock."""

    def __init__(self, source: str, circuit: str):
        self.sim = Simulation(seed=1)
        try:
            self.board: SimBoard = self.sim.add_board(source=textwrap.dedent(source),
                                                      kind="esp32", circuit=circuit)
        except BaseException:
            self.sim.close()
            raise
        self.sim.pacer = RealtimePacer(speed=1.0)
        self.jobs: queue.Queue[tuple[Callable[[], object], queue.Queue]] = queue.Queue()
        self.failure: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="simulation", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            while not self.sim.stop_requested:
                self.sim.run(CHUNK_MS)
                while not self.jobs.empty():
                    job, answer = self.jobs.get()
                    try:
                        answer.put((True, job()))
                    except Exception as error:  # handed to the test's thread
                        answer.put((False, error))
        except BaseException as error:
            self.failure = error

    def do(self, job: Callable[[], object]) -> object:
        answer: queue.Queue = queue.Queue()
        self.jobs.put((job, answer))
        try:
            ok, value = answer.get(timeout=WAIT_S)
        except queue.Empty:
            raise AssertionError(f"the simulation did not get to the test's action "
                                 f"({self.failure!r})") from None
        if not ok:
            raise value
        return value

    def url(self) -> str:
        """The board's page as the host's browser reaches it (once the board listens)."""
        deadline = time.monotonic() + WAIT_S
        while time.monotonic() < deadline:
            url = self.do(lambda: self.board.model.net.published.get(80))
            if url:
                return str(url)
            assert self.board.running, self.board.serial_output
            time.sleep(0.05)
        raise AssertionError(f"the board never listened: {self.board.serial_output!r}")

    def close(self) -> None:
        self.sim.request_stop()
        self.thread.join(WAIT_S)
        self.sim.close()
        assert not self.thread.is_alive(), "the simulation's thread did not end"
        assert self.failure is None, self.failure


@pytest.fixture(scope="module")
def browser() -> Iterator[Chromium]:
    chromium = Chromium(CHROMIUM)
    try:
        yield chromium
    finally:
        chromium.close()


@pytest.fixture
def page(browser: Chromium) -> Iterator[Page]:
    tab = browser.new_page()
    try:
        yield tab
    finally:
        try:
            tab.close()
        except Exception:
            pass


def led_brightness(board: SimBoard) -> object:
    """How bright the LED part is, 0 to 1: the last change it published (none yet: it is
    as it was wired, dark)."""
    values = [e.value for e in board.events
              if isinstance(e, ValueChanged) and e.id == "led1.brightness"]
    return values[-1] if values else 0.0


def shows(text: str) -> str:
    return f"document.body && document.body.innerText.includes({text!r})"


def test_pressing_the_pages_button_turns_the_boards_led_on_and_off(page: Page):
    live = LiveBoard(LED_PAGE, LED_CIRCUIT)
    try:
        board = live.board
        page.navigate(live.url(), WAIT_S)
        page.wait_for(shows("LED is OFF"), WAIT_S)
        assert page.evaluate("document.querySelector('button').innerText") == "Turn ON"
        assert live.do(lambda: led_brightness(board)) == 0.0

        page.evaluate("document.querySelector('button').click()")
        page.wait_for(shows("LED is ON"), WAIT_S)
        assert live.do(lambda: led_brightness(board)) == 1.0
        assert live.do(lambda: board.model.gpio.state(2).out_level) == 1
        assert page.evaluate("location.pathname") == "/on"

        page.evaluate("document.querySelector('button').click()")  # now "Turn OFF"
        page.wait_for(shows("LED is OFF"), WAIT_S)
        assert live.do(lambda: led_brightness(board)) == 0.0
        assert live.do(lambda: board.model.gpio.state(2).out_level) == 0
        assert board.running and board.error is None
        pages = [line for line in board.serial_output.splitlines() if line.startswith("GET ")]
        assert pages == ["GET /", "GET /on", "GET /off"]
        assert "connection lost" not in board.serial_output
    finally:
        live.close()


def test_the_sensor_page_shows_the_temperature_the_test_sets(page: Page):
    live = LiveBoard(SENSOR_PAGE, SENSOR_CIRCUIT)
    try:
        board = live.board
        page.navigate(live.url(), WAIT_S)
        page.wait_for(shows("21.5 °C"), WAIT_S)
        assert page.evaluate("document.getElementById('humidity').innerText") == "40.0 %"

        live.do(lambda: board.set("dht1.temperature", 27.3))
        assert page.text().count("°C") == 1 and "21.5 °C" in page.text()  # until reloaded
        page.reload(WAIT_S)
        page.wait_for(shows("27.3 °C"), WAIT_S)
        assert "21.5" not in page.text()

        live.do(lambda: board.set("dht1.temperature", -4.2))  # a winter morning
        page.reload(WAIT_S)
        page.wait_for(shows("-4.2 °C"), WAIT_S)
        assert board.running and board.error is None
        assert "connection lost" not in board.serial_output
    finally:
        live.close()
