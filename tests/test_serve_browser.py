"""terakoya serve in a real browser (headless Chromium over CDP): a pupil joins, types a
program into the editor, runs it, presses button A with the mouse and sees the LEDs and the
serial line; two pupils (two browser profiles) share the class radio once the teacher
switches it on. Skipped without Chromium (CI installs it)."""

from __future__ import annotations

import json
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_helpers import Chromium, Page, find_chromium

CHROMIUM = find_chromium()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no Chromium (/usr/bin/chromium or chromium on PATH): the "
    "browser tests need Debian's chromium package, which CI installs through .ci/run")
uvicorn = pytest.importorskip("uvicorn")

CODE = "7531"
BUTTON = """from microbit import *
print('ready')
while True:
    if button_a.was_pressed():
        print('A pressed')
        display.show(Image.YES)
    sleep(20)
"""
SENDER = """from microbit import *
import radio
radio.on()
radio.config(group=5)
print('ready')
while True:
    if button_a.was_pressed():
        radio.send('yes')
        print('sent')
    sleep(20)
"""
RECEIVER = """from microbit import *
import radio
radio.on()
radio.config(group=5)
print('listening')
while True:
    message = radio.receive()
    if message:
        print('got', message)
        display.show(Image.HAPPY)
    sleep(20)
"""


class Server:
    """``terakoya serve``'s app on a free port, in this process (as the command runs it)."""

    def __init__(self, lang: str | None = "en") -> None:
        from terakoya.serve.app import create_app
        from terakoya.serve.classroom import Classroom

        self.folder = tempfile.TemporaryDirectory()
        self.classroom = Classroom(CODE, Path(self.folder.name), lang)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/"
        config = uvicorn.Config(create_app(self.classroom, self.url), host="127.0.0.1",
                                port=self.port, log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started and time.monotonic() < deadline:
            time.sleep(0.05)

    def close(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)
        self.classroom.close()
        self.folder.cleanup()


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    running = Server()
    try:
        yield running
    finally:
        running.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Chromium]:
    chromium = Chromium(CHROMIUM)
    try:
        yield chromium
    finally:
        chromium.close()


def profile_page(browser: Chromium) -> Page:
    """A tab in a browser profile of its own (its own cookies: another pupil's tablet)."""
    context = browser.call("Target.createBrowserContext")["browserContextId"]
    target = browser.call("Target.createTarget", {"url": "about:blank",
                                                  "browserContextId": context})["targetId"]
    session = browser.call("Target.attachToTarget", {"targetId": target,
                                                     "flatten": True})["sessionId"]
    page = Page(browser, session, target)
    page.call("Page.enable")
    page.call("Runtime.enable")
    page.call("Emulation.setDeviceMetricsOverride", {"width": 1366, "height": 768,
                                                     "deviceScaleFactor": 1, "mobile": False})
    return page


def join(page: Page, server: Server, nickname: str) -> None:
    page.navigate(server.url)
    page.evaluate(f"document.getElementById('code').value = {json.dumps(CODE)};"
                  f"document.getElementById('nickname').value = {json.dumps(nickname)};"
                  "document.querySelector('form').submit()")
    page.wait_for("location.pathname === '/pupil' && document.body.dataset.program")


def type_program(page: Page, text: str) -> None:
    """Type into the editor as a keyboard would (the editor's own input handling)."""
    page.evaluate("editor.setText(''); document.querySelector('.cm-content').focus()")
    page.call("Input.insertText", {"text": text})
    page.wait_for(f"editor.text().trim() === {json.dumps(text.strip())}")


def mouse(page: Page, element_id: str, kind: str) -> None:
    box = page.evaluate(f"(() => {{ const r = document.getElementById({json.dumps(element_id)})"
                        ".getBoundingClientRect(); return [r.x + r.width / 2, "
                        "r.y + r.height / 2]; })()")
    page.call("Input.dispatchMouseEvent", {"type": kind, "x": box[0], "y": box[1],
                                           "button": "left", "clickCount": 1})


def press_a(page: Page) -> None:
    mouse(page, "control-button_a", "mousePressed")
    page.wait_for("document.getElementById('control-button_a').getAttribute('aria-pressed') "
                  "=== 'true'")
    time.sleep(0.1)  # held a moment, as a finger does (the board runs in real time)
    mouse(page, "control-button_a", "mouseReleased")


def console(page: Page) -> str:
    return str(page.evaluate("document.getElementById('console').textContent"))


def test_a_pupil_types_runs_presses_a_and_sees_leds_and_serial(browser, server):
    page = profile_page(browser)
    try:
        join(page, server, "hikari")
        type_program(page, BUTTON)
        page.evaluate("document.getElementById('run').click()")
        page.wait_for("document.getElementById('console').textContent.includes('ready')")
        press_a(page)
        page.wait_for("document.getElementById('console').textContent.includes('A pressed')")
        # the tick: row 2, column 5 lit, and said in words for a screen reader
        page.wait_for("document.querySelectorAll('.led')[9].dataset.level === '9'")
        page.wait_for("document.getElementById('leds').getAttribute('aria-label')"
                      ".includes('tick')")
        assert server.classroom.store.load("hikari", "blank").strip() == BUTTON.strip()
        # and from the keyboard: Space on the focused button holds it down until released
        page.evaluate("document.getElementById('control-button_a').focus()")
        page.call("Input.dispatchKeyEvent", {"type": "keyDown", "key": " ", "code": "Space",
                                             "windowsVirtualKeyCode": 32})
        page.wait_for("document.getElementById('control-button_a')"
                      ".getAttribute('aria-pressed') === 'true'")
        time.sleep(0.1)
        page.call("Input.dispatchKeyEvent", {"type": "keyUp", "key": " ", "code": "Space",
                                             "windowsVirtualKeyCode": 32})
        page.wait_for("document.getElementById('console').textContent"
                      ".split('A pressed').length === 3")
        # and by touch, as on an iPad: a finger held on the button, then lifted
        page.call("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 1})
        box = page.evaluate("(() => { const r = document.getElementById('control-button_a')"
                            ".getBoundingClientRect(); return [r.x + r.width / 2, "
                            "r.y + r.height / 2]; })()")
        point = [{"x": box[0], "y": box[1]}]
        page.call("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": point})
        page.wait_for("document.getElementById('control-button_a')"
                      ".getAttribute('aria-pressed') === 'true'")
        time.sleep(0.1)
        page.call("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
        page.wait_for("document.getElementById('console').textContent"
                      ".split('A pressed').length === 4")
    finally:
        page.close()


def test_two_pupils_share_the_class_radio(browser, server):
    sender, receiver = profile_page(browser), profile_page(browser)
    try:
        server.classroom.radio.on = True  # the teacher's switch (its socket: test_serve.py)
        join(sender, server, "sora")
        join(receiver, server, "ren")
        type_program(receiver, RECEIVER)
        receiver.evaluate("document.getElementById('run').click()")
        receiver.wait_for("document.getElementById('console').textContent"
                          ".includes('listening')")
        type_program(sender, SENDER)
        sender.evaluate("document.getElementById('run').click()")
        sender.wait_for("document.getElementById('console').textContent.includes('ready')")
        press_a(sender)
        sender.wait_for("document.getElementById('console').textContent.includes('sent')")
        receiver.wait_for("document.getElementById('console').textContent.includes('got yes')")
    finally:
        server.classroom.radio.on = False
        sender.close()
        receiver.close()


def test_work_typed_just_before_the_page_went_away_is_not_lost(browser, server):
    page = profile_page(browser)
    try:
        join(page, server, "mio")
        type_program(page, "print('mine')\n")
        page.reload()  # at once: before the page's next save would have gone
        page.wait_for("document.body.dataset.program")
        page.wait_for("editor.text().includes(\"print('mine')\")")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and \
                "mine" not in (server.classroom.store.load("mio", "blank") or ""):
            time.sleep(0.05)
        assert server.classroom.store.load("mio", "blank").strip() == "print('mine')"
    finally:
        page.close()


NAMELESS = """(() => {
  const name = (el) => (el.getAttribute('aria-label') || (el.getAttribute('aria-labelledby')
    ? document.getElementById(el.getAttribute('aria-labelledby')).textContent : '') ||
    (el.labels && el.labels.length ?
    el.labels[0].textContent : '') || el.textContent || el.title || '').trim();
  return [...document.querySelectorAll('button, input, select, a[href], [tabindex]')]
    .filter((el) => !el.hidden && el.offsetParent !== null && !el.closest('.cm-editor'))
    .filter((el) => !name(el)).map((el) => el.outerHTML.slice(0, 80));
})()"""


def test_every_control_has_a_name_and_the_page_has_its_language(browser, server):
    page = profile_page(browser)
    try:
        join(page, server, "yui")
        page.evaluate("document.getElementById('run').click()")
        page.wait_for("document.querySelectorAll('#controls input').length > 5")
        assert page.evaluate(NAMELESS) == []
        assert page.evaluate("document.documentElement.lang") == "en"
        # the editor is labelled for a screen reader, and the board's regions are live
        assert page.evaluate("document.querySelector('.cm-content').getAttribute('aria-label')")
        assert page.evaluate("document.getElementById('console').getAttribute('role')") == "log"
        assert page.evaluate("document.getElementById('picture').getAttribute('aria-live')")
        # buttons to press and hold are at least 44 CSS pixels (touch targets, WCAG 2.5.5)
        sizes = page.evaluate("[...document.querySelectorAll('button.hold')].map((b) => "
                              "Math.min(b.offsetWidth, b.offsetHeight))")
        assert sizes and min(sizes) >= 44
    finally:
        page.close()


@pytest.mark.parametrize("width", [342, 800])  # 1366 px at 400 % zoom; a 10-inch tablet
def test_the_page_reflows_without_sideways_scrolling(browser, server, width):
    page = profile_page(browser)
    try:
        join(page, server, f"w{width}")
        page.evaluate("document.getElementById('run').click()")
        page.wait_for("document.querySelectorAll('#controls input').length > 5")
        page.call("Emulation.setDeviceMetricsOverride", {"width": width, "height": 700,
                                                         "deviceScaleFactor": 1,
                                                         "mobile": False})
        page.wait_for("window.innerWidth === " + str(width))
        wide, shown = page.evaluate("[document.documentElement.scrollWidth, "
                                    "document.documentElement.clientWidth]")
        assert wide <= shown
    finally:
        page.close()


def test_the_data_log_fills_its_table_and_chart(browser, server):
    page = profile_page(browser)
    try:
        join(page, server, "rin")
        type_program(page, "from microbit import *\nimport log\nlog.set_labels('t', 'light')\n"
                           "for n in range(3):\n    log.add(t=n, light=10 * n)\n    sleep(100)\n")
        page.evaluate("document.getElementById('run').click()")
        page.wait_for("document.querySelectorAll('#log tbody tr').length === 3")
        assert page.evaluate("document.getElementById('log-box').open")
        words = str(page.wait_for("document.getElementById('chart-words').textContent"))
        assert "light: 0 – 20 (20)" in words  # the chart in words too
    finally:
        page.close()


def test_a_program_too_long_is_said_on_the_page_and_not_sent(browser, server):
    page = profile_page(browser)
    try:
        join(page, server, "long")
        page.evaluate("editor.setText('#' + 'x'.repeat(70000)); "
                      "document.getElementById('run').click()")
        page.wait_for("document.getElementById('saved').textContent.includes('too long')")
        assert page.evaluate("socket.readyState === WebSocket.OPEN")  # still connected
        assert server.classroom.store.load("long", "blank") is None
    finally:
        page.close()
