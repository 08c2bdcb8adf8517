"""Tools for the security-awareness lessons: an attack and its fix, shown inside the
simulation only (nothing here reaches a real board, a real network or the internet).

- ``guess_passwords``: the classroom server tries passwords on a board's login page, one
  HTTP request per try, on the virtual clock; a ``GuessReport`` says what happened, in one
  plain sentence for a child or a resident (``report.text("ja")``).
- ``RadioTap``: hears every micro:bit radio packet of the simulation; replays one, or sends
  a made-up one, as a stranger's micro:bit would.
- ``MqttTap``: listens to every message on the class's MQTT broker; replays one, or sends
  a made-up one, as any computer on the classroom network could.

How the guesser judges an answer (``judge``):

1. HTTP 403 or 429 is a lockout (the page refuses to go on).
2. With ``success="..."``: a success when the status is below 400 and the text is in the
   page; anything else is a wrong password.
3. Otherwise a redirect (3xx) is a success, unless it sends you back to the login page; a
   2xx page is a success unless it shows a refusal: ``failure="..."`` if given, else the
   password box again (``name="password"``) or a common refusal word (wrong, incorrect,
   invalid, denied, failed, まちがい, 間違, 違います, 失敗, ...). Any other status is wrong.

A page that answers without a status line (a child's first server) counts as 200.

A lockout is also: the board refusing the connection (its program stopped listening), no
whole answer within ``timeout_ms`` or the connection closed without one (the board stopped
answering), or the board leaving the network. By default the guesser stops there.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from types import SimpleNamespace
from typing import TYPE_CHECKING, cast
from urllib.parse import urlencode, urlsplit

from ..model.clock import US_PER_MS, Timer
from ..model.network import ECONNREFUSED, NetError, NetHost, Network, Stream
from ..model.radio import MAX_CHANNEL, RadioConfig
from ..model.sensors import PlainError
from .broker import PRIVATE_TOPICS
from .mqtt_client import BrokerError, MqttClient, Publish

if TYPE_CHECKING:
    from ..model.radio import Radio
    from .session import SimBoard, Simulation

# The 100 most common passwords, as the yearly public lists of leaked passwords give them
# (SplashData's "worst passwords" lists 2011-2019 and NordPass's "most common passwords"
# lists 2019-2023), most common first. Plain data, written down for the lessons.
COMMON_PASSWORDS = [
    "123456", "123456789", "12345678", "password", "qwerty", "12345", "1234567", "111111",
    "123123", "1234567890", "1234", "abc123", "000000", "iloveyou", "password1", "admin",
    "qwerty123", "1q2w3e4r", "654321", "666666", "987654321", "123321", "qwertyuiop",
    "7777777", "1qaz2wsx", "123qwe", "121212", "sunshine", "princess", "welcome",
    "football", "monkey", "dragon", "master", "letmein", "login", "starwars", "passw0rd",
    "solo", "zaq1zaq1", "1q2w3e4r5t", "555555", "lovely", "888888", "159753", "charlie",
    "aa123456", "donald", "freedom", "whatever", "trustno1", "hello", "shadow", "baseball",
    "ashley", "bailey", "michael", "superman", "ninja", "mustang", "access", "flower",
    "hottie", "loveme", "azerty", "1111", "112233", "11111111", "123123123", "12345678910",
    "999999", "1234qwer", "11111", "147258369", "1111111", "password123", "Password",
    "P@ssw0rd", "qwe123", "qazwsx", "google", "123abc", "5201314", "102030", "123654",
    "jordan", "hunter", "soccer", "batman", "pokemon", "asdfghjkl", "zxcvbnm", "asdfgh",
    "a123456", "123456a", "qwerty1", "987654", "Aa123456", "abcd1234", "admin123",
]

LOCKOUT_STATUSES = (403, 429)
REFUSAL_WORDS = ("wrong", "incorrect", "invalid", "denied", "failed", "try again", "not allowed",
                 "まちが", "間違", "ちがいます", "違います", "失敗", "ダメ", "だめ")
STEP_MS = 10  # the guesser lets the simulation run this long at a time
MAX_ANSWER = 65536  # more of a page than this is not read
RADIO_STRING_HEADER = b"\x01\x00\x01"  # what radio.send() puts before a text message
ECHO_WAIT_S = 2.0  # how long a forged MQTT message may take to come back from the broker


class LabError(PlainError):
    """A lesson tool cannot be used as asked: ``en``/``ja`` say why, and what to do."""


# -- the password guesser ---------------------------------------------------------------
@dataclass(frozen=True)
class Attempt:
    """One try: the password, the page's HTTP status (None: no answer, or no status line),
    what it meant (``found``, ``wrong``, or a lockout kind) and when it ended (ms)."""

    password: str
    status: int | None
    outcome: str
    at_ms: int


LOCKOUTS = {  # lockout kind -> (English, Japanese) words for the report
    "locked": ("the board started refusing", "閉め出されました"),
    "refused": ("the board stopped taking connections", "閉め出されました"),
    "silent": ("the board stopped answering", "ボードが答えなくなりました"),
    "gone": ("the board left the network", "ボードがネットワークからいなくなりました"),
}


@dataclass
class GuessReport:
    """What a password guesser found. ``lockout``: None, or how the board stopped the
    guesser (``locked``: HTTP 403/429; ``refused``: connection refused; ``silent``: no
    answer; ``gone``: the board left the network); ``locked_after``: the wrong tries
    before that."""

    found: str | None
    tries: int
    time_ms: int
    lockout: str | None = None
    locked_after: int | None = None
    attempts: list[Attempt] = field(default_factory=list)

    @property
    def locked_out(self) -> bool:
        return self.lockout is not None

    def text(self, lang: str = "ja") -> str:
        """One plain sentence (two with a lockout) for a child or a resident."""
        return self._ja() if lang == "ja" else self._en()

    def _ja(self) -> str:
        seconds = f"{self.time_ms / 1000:.1f}"
        if self.found is not None:
            return (f"{self.tries} 回目でパスワード「{self.found}」が見つかりました"
                    f"（{seconds} 秒）。")
        tried = f"{self.tries} 回ためしても入れませんでした"
        if self.lockout is None:
            return f"{tried}（{seconds} 秒）。"
        words = LOCKOUTS[self.lockout][1]
        if not self.locked_after:
            return f"{tried}。最初から{words}。"
        return f"{tried}。{self.locked_after} 回まちがえたところで{words}。"

    def _en(self) -> str:
        seconds = f"{self.time_ms / 1000:.1f} seconds"
        if self.found is not None:
            return f'The password "{self.found}" was found on try {self.tries} ({seconds}).'
        tried = f"Tried {_count(self.tries, 'password')} and could not get in"
        if self.lockout is None:
            return f"{tried} ({seconds})."
        words = LOCKOUTS[self.lockout][0]
        if not self.locked_after:
            return f"{tried}: from the first try, {words}."
        return f"{tried}: after {_count(self.locked_after, 'wrong try', 'wrong tries')}, {words}."


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


@dataclass(frozen=True)
class Answer:
    """A board's answer to one request."""

    status: int | None
    headers: dict[str, str]
    body: bytes


def parse_answer(data: bytes, ended: bool) -> Answer | None:
    """The board's answer once it is whole (None: wait for more). Whole means: the
    connection ended, or the body is as long as its Content-Length says."""
    if not data.startswith(b"HTTP/"):
        return Answer(None, {}, data) if ended and data else None
    head, sep, body = data.partition(b"\r\n\r\n")
    if not sep:
        head, sep, body = data.partition(b"\n\n")
    if not sep and not ended:
        return None
    lines = head.decode("latin-1").splitlines()
    found = re.match(r"HTTP/\d(?:\.\d)?\s+(\d{3})", lines[0])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = headers.get("content-length", "")
    if not ended and not (length.isdigit() and len(body) >= int(length)):
        return None
    return Answer(int(found.group(1)) if found else None, headers, body)


@dataclass(frozen=True)
class LoginForm:
    """How the login page is asked, and how its answer is judged (see the module's rules)."""

    path: str = "/login"
    field: str = "password"
    method: str = "POST"
    user_field: str | None = None
    user: str | None = None
    success: str | None = None
    failure: str | None = None

    def request(self, host: str, password: str) -> bytes:
        fields = {self.user_field: self.user or "admin"} if self.user_field else {}
        fields[self.field] = password
        query = urlencode(fields)
        if self.method == "GET":
            joint = "&" if "?" in self.path else "?"
            return (f"GET {self.path}{joint}{query} HTTP/1.0\r\nHost: {host}\r\n"
                    "Connection: close\r\n\r\n").encode()
        body = query.encode()
        return (f"POST {self.path} HTTP/1.0\r\nHost: {host}\r\n"
                "Content-Type: application/x-www-form-urlencoded\r\n"
                f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode() + body

    def judge(self, answer: Answer) -> str:
        """``found``, ``wrong`` or ``locked``."""
        status = 200 if answer.status is None else answer.status
        if status in LOCKOUT_STATUSES:
            return "locked"
        if self.success is not None:
            return "found" if status < 400 and self.success.encode() in answer.body else "wrong"
        if 300 <= status < 400:
            back = urlsplit(answer.headers.get("location", "")).path == urlsplit(self.path).path
            return "wrong" if back else "found"
        if 200 <= status < 300 and not self.refuses(answer.body):
            return "found"
        return "wrong"

    def refuses(self, body: bytes) -> bool:
        if self.failure is not None:
            return self.failure.encode() in body
        lowered = body.lower()
        box = [f'name="{self.field}"', f"name='{self.field}'", f"name={self.field}"]
        return any(w.encode() in lowered for w in (*box, *REFUSAL_WORDS))


Connector = Callable[[Callable[[Stream], None]], Stream]


def _board(sim: Simulation, board: int | SimBoard) -> SimBoard:
    if not isinstance(board, int):
        return board
    if not 1 <= board <= len(sim.boards):
        raise LabError(f"There is no board {board} in this simulation.",
                       f"このシミュレーションにボード {board} はありません。")
    return sim.boards[board - 1]


def _connector(sim: Simulation, board: SimBoard, port: int,
               wifi_password: str | None) -> tuple[str, Connector]:
    """The board's address, and how to open a connection to it on ``port``."""
    net: NetHost | None = getattr(board.model, "net", None)
    if net is None:
        raise LabError(f"Board {board.number} has no Wi-Fi: use an ESP32 board.",
                       f"ボード {board.number} には Wi-Fi がありません。"
                       "ESP32 のボードを使ってください。")
    point = net.sta.ap
    if point is not None and point.owner is None:  # on the classroom network
        ip, ssid = net.sta.ip, point.ssid
        return ip, lambda on_data: sim.network.open_client(ip, port, on_data, ssid=ssid)
    if net.ap is not None:  # its own access point: the guesser joins it as a visitor
        if net.ap.password and wifi_password != net.ap.password:
            raise LabError(
                f"Board {board.number}'s access point '{net.ap.ssid}' has a Wi-Fi password: "
                "without it (wifi_password=...) nobody can even reach the login page.",
                f"ボード {board.number} のアクセスポイント「{net.ap.ssid}」には Wi-Fi の"
                "パスワードがあります。それを知らなければログインページにも届きません"
                "（wifi_password=...）。")
        return net.ap.gateway, lambda on_data: visit_access_point(sim.network, net, port, on_data)
    raise LabError(
        f"Board {board.number} is not on the classroom network yet: let the simulation run a "
        "little longer (joining Wi-Fi takes about 2 seconds), or check its program joins.",
        f"ボード {board.number} はまだ教室のネットワークにつながっていません。シミュレーションを"
        "もう少し進めるか（Wi-Fi への接続には約 2 秒かかります）、プログラムを確かめてください。")


def visit_access_point(network: Network, host: NetHost, port: int,
                       on_data: Callable[[Stream], None]) -> Stream:
    """A connection to a board in AP mode from a visitor already joined to its access point
    (as ``Network.open_client`` does for the classroom network, which cannot reach it).
    The visitor is not listed among the access point's stations."""
    point = host.ap
    assert point is not None
    listener = host.listeners.get(port)
    if listener is None:
        raise NetError(ECONNREFUSED)
    visitor = (f"{point.prefix}.200", 40000 + len(host.streams))
    mine = Stream(network, None, visitor, (point.gateway, port))
    theirs = Stream(network, host, (point.gateway, port), visitor)
    mine.peer, theirs.peer, mine.on_data = theirs, mine, on_data
    if not listener.offer(theirs):
        raise NetError(ECONNREFUSED)
    host.streams.add(theirs)
    return mine


class Guesser:
    """Tries the passwords one after another, driven by the scheduler's callbacks: a try
    starts, its answer (or its time-out) ends it, the next starts ``pause_us`` later."""

    def __init__(self, sim: Simulation, host: str, connect: Connector, form: LoginForm,
                 passwords: Sequence[str], pause_us: int, timeout_us: int,
                 stop_at_lockout: bool):
        self.sim, self.host, self.connect, self.form = sim, host, connect, form
        self.passwords, self.pause_us, self.timeout_us = list(passwords), pause_us, timeout_us
        self.stop_at_lockout = stop_at_lockout
        self.started_us = self.ended_us = sim.scheduler.now_us
        self.attempts: list[Attempt] = []
        self.found: str | None = None
        self.lockout: str | None = None
        self.locked_after: int | None = None
        self.done = not self.passwords
        self._stream: Stream | None = None
        self._data = bytearray()
        self._timer: Timer | None = None

    def next_try(self) -> None:
        password = self.passwords[len(self.attempts)]
        self._data = bytearray()
        try:
            self._stream = self.connect(self._on_data)
        except NetError as error:
            if not self.attempts:
                raise _no_page(self.host, error.errno) from None
            self._end(password, None, "refused" if error.errno == ECONNREFUSED else "gone")
            return
        self._stream.send(self.form.request(self.host, password))
        self._timer = self.sim.scheduler.call_later(self.timeout_us, self._timed_out)

    def _on_data(self, stream: Stream) -> None:
        if stream is not self._stream:
            return  # a try already over
        if len(self._data) < MAX_ANSWER:
            self._data += stream.take(MAX_ANSWER)
        else:
            stream.take(MAX_ANSWER)
        answer = parse_answer(bytes(self._data), stream.eof)
        if answer is not None:
            self._answered(answer)
        elif stream.eof:
            self._end(self._password(), None, "silent")  # hung up without a word

    def _timed_out(self) -> None:
        answer = parse_answer(bytes(self._data), True)
        if answer is None:
            self._end(self._password(), None, "silent")
        else:
            self._answered(answer)

    def _answered(self, answer: Answer) -> None:
        self._end(self._password(), answer.status, self.form.judge(answer))

    def _password(self) -> str:
        return self.passwords[len(self.attempts)]

    def _end(self, password: str, status: int | None, outcome: str) -> None:
        """One try is over: note it, then stop or go on to the next."""
        scheduler = self.sim.scheduler
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._stream is not None:
            self._stream.close()
            self._stream = None
        self.ended_us = scheduler.now_us
        wrong = sum(1 for a in self.attempts if a.outcome == "wrong")
        self.attempts.append(Attempt(password, status, outcome,
                                     (self.ended_us - self.started_us) // US_PER_MS))
        if outcome == "found":
            self.found, self.done = password, True
            return
        if outcome in LOCKOUTS and self.lockout is None:
            self.lockout, self.locked_after = outcome, wrong
            self.done = self.stop_at_lockout
        if len(self.attempts) >= len(self.passwords):
            self.done = True
        if not self.done:
            scheduler.call_later(self.pause_us, self.next_try)

    def report(self) -> GuessReport:
        return GuessReport(self.found, len(self.attempts),
                           (self.ended_us - self.started_us) // US_PER_MS, self.lockout,
                           self.locked_after, list(self.attempts))


def _no_page(host: str, errno: int) -> LabError:
    if errno == ECONNREFUSED:
        return LabError(f"Nothing answers at {host} on that port: is the board's web page "
                        "running, and on this port?",
                        f"{host} のそのポートでは何も答えません。ボードのウェブページは動いて"
                        "いますか？ポート番号は合っていますか？")
    return LabError(f"{host} cannot be reached from the classroom server.",
                    f"教室のサーバーから {host} に届きません。")


def guess_passwords(sim: Simulation, board: int | SimBoard = 1, port: int = 80,
                    path: str = "/login", field: str = "password",
                    passwords: Sequence[str] = COMMON_PASSWORDS, user_field: str | None = None,
                    user: str | None = None, pause_ms: float = 100, *, method: str = "POST",
                    success: str | None = None, failure: str | None = None,
                    timeout_ms: float = 3000, stop_at_lockout: bool = True,
                    wifi_password: str | None = None) -> GuessReport:
    """Try ``passwords`` on a board's login page, one request each, ``pause_ms`` apart (all
    virtual time), until one gets in or the board locks the guesser out (the module's
    docstring gives the rules). ``method``: "POST" sends a form (``field=...``), "GET" puts
    it in the address (``path?field=...``). ``user_field``/``user``: a user name sent too
    ("admin" if only the field is given). A board in AP mode is visited as if joined to its
    access point (``wifi_password`` if it has one). Raises LabError when the page cannot
    be reached at all. Call it where the simulation is run: it runs the simulation (in steps
    of ``STEP_MS``) until the guessing is over."""
    if method not in ("POST", "GET"):
        raise LabError('method is "POST" or "GET".', 'method は "POST" か "GET" です。')
    target = _board(sim, board)
    host, connect = _connector(sim, target, port, wifi_password)
    form = LoginForm(path, field, method, user_field, user, success, failure)
    guesser = Guesser(sim, host, connect, form, passwords, int(pause_ms * US_PER_MS),
                      int(timeout_ms * US_PER_MS), stop_at_lockout)
    if not guesser.done:
        guesser.next_try()  # the first try now: a page not there is the caller's to hear
    while not guesser.done and not sim.stop_requested:
        sim.run(STEP_MS)
    return guesser.report()


# -- the radio eavesdropper --------------------------------------------------------------
@dataclass(frozen=True)
class RadioCapture:
    """One packet in the air: who sent it (board number; None for a tap's own), when
    (virtual µs), its bytes, and the sender's tuning (``config``)."""

    board: int | None
    time_us: int
    data: bytes
    config: RadioConfig

    @property
    def time_ms(self) -> int:
        return self.time_us // US_PER_MS

    @property
    def channel(self) -> int:
        return self.config.channel

    @property
    def group(self) -> int:
        return self.config.group

    @property
    def address(self) -> int:
        return self.config.address

    @property
    def text(self) -> str | None:
        """The message, if the packet is one ``radio.send`` sent (a string)."""
        if not self.data.startswith(RADIO_STRING_HEADER):
            return None
        try:
            return self.data[len(RADIO_STRING_HEADER):].decode("utf-8")
        except UnicodeDecodeError:
            return None


class RadioTap:
    """Hears every packet sent in a simulation's radio space (from when it is made), and
    sends packets of its own as a stranger's micro:bit would (no board's number on them).

    It hooks in by wrapping the space's ``transmit`` on that one object: the air works as
    before for every board; ``close()`` takes the hook out again."""

    def __init__(self, sim: Simulation):
        self.space = sim.radio_space
        self.scheduler = sim.scheduler
        self.packets: list[RadioCapture] = []
        self.listening = True
        self._inner = self.space.transmit
        self.space.transmit = self._hear  # type: ignore[method-assign]
        # a radio of no board: RadioSpace needs its scheduler, and gives its number (None)
        stranger = SimpleNamespace(board=SimpleNamespace(scheduler=sim.scheduler, number=None))
        self._stranger = cast("Radio", cast(object, stranger))

    def _hear(self, sender: Radio, data: bytes, active: RadioConfig) -> None:
        if self.listening:
            self.packets.append(RadioCapture(sender.board.number, self.scheduler.now_us,
                                             bytes(data), active))
        self._inner(sender, data, active)

    def messages(self) -> list[str | bytes]:
        """Each packet heard, in order: its text for a string, else its bytes."""
        return [p.text if p.text is not None else p.data for p in self.packets]

    def replay(self, index: int, *, group: int | None = None,
               channel: int | None = None) -> RadioCapture:
        """Send packet ``index`` again now, with its own tuning (or another group or
        channel), as a stranger; returns what was sent."""
        if not -len(self.packets) <= index < len(self.packets):
            count = len(self.packets)
            raise LabError(f"There is no packet {index}: the tap heard {count}.",
                           f"{index} 番の電波はありません。聞こえたのは {count} 個です。")
        packet = self.packets[index]
        config = _tuned(packet.config, group, channel)
        return self._send(packet.data, config)

    def forge(self, text: str | bytes, *, group: int = 0, channel: int = 7,
              address: int = RadioConfig.address, power: int = 6) -> RadioCapture:
        """Send a made-up message now (a string as ``radio.send`` sends it; bytes as they
        are), as a stranger's micro:bit on that group and channel."""
        data = RADIO_STRING_HEADER + text.encode() if isinstance(text, str) else bytes(text)
        config = _tuned(replace(RadioConfig(), address=address, power=power), group, channel)
        return self._send(data, config)

    def _send(self, data: bytes, config: RadioConfig) -> RadioCapture:
        capture = RadioCapture(None, self.scheduler.now_us, data, config)
        self.space.transmit(self._stranger, data, config)
        return capture

    def close(self) -> None:
        """Stop listening; take the hook out if no other tap was put in after it."""
        self.listening = False
        if self.space.__dict__.get("transmit") == self._hear:
            if getattr(self._inner, "__self__", None) is self.space:
                del self.space.transmit  # the space's own method again
            else:  # an earlier tap's hook
                self.space.transmit = self._inner  # type: ignore[method-assign]

    def __enter__(self) -> RadioTap:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _tuned(config: RadioConfig, group: int | None, channel: int | None) -> RadioConfig:
    group = config.group if group is None else group
    channel = config.channel if channel is None else channel
    if not 0 <= group <= 255:
        raise LabError("A radio group is a number from 0 to 255.",
                       "無線のグループは 0 から 255 までの数です。")
    if not 0 <= channel <= MAX_CHANNEL:
        raise LabError(f"A radio channel is a number from 0 to {MAX_CHANNEL}.",
                       f"無線のチャンネルは 0 から {MAX_CHANNEL} までの数です。")
    return replace(config, group=group, channel=channel)


# -- the MQTT eavesdropper -----------------------------------------------------------------
@dataclass(frozen=True)
class MqttCapture:
    """One message the broker passed on: topic, payload, whether it was a kept (retained)
    one, and the simulation's time when the tap heard it (None without a simulation)."""

    topic: str
    payload: bytes
    retain: bool
    time_ms: int | None

    @property
    def text(self) -> str | bytes:
        try:
            return self.payload.decode("utf-8")
        except UnicodeDecodeError:
            return self.payload


class MqttTap:
    """Subscribes to every topic (``#``) on the class's broker and keeps what comes, and
    sends messages of its own, as any computer on the classroom network could.

    ``target``: a Simulation (its broker, started if need be) or a broker's (host, port).
    The broker is real, so a message the tap sends reaches the boards at the virtual moment
    the simulation next brings in the broker's traffic: ``forge`` and ``replay`` wait (real
    time, briefly) until the broker has passed the message on, so that is the next step."""

    def __init__(self, target: Simulation | tuple[str, int]):
        self.sim = None if isinstance(target, tuple) else target
        host, port = target if isinstance(target, tuple) else target.broker()
        self.captures: list[MqttCapture] = []
        self._changed = threading.Condition()
        self.client = MqttClient(host, port, client_id="terakoya-lab-" + os.urandom(3).hex(),
                                 on_message=self._heard)
        self.client.connect()
        try:
            self.client.subscribe("#", qos=0)
        except ConnectionError:
            self.client.drop()
            raise _broker_gone() from None

    def _heard(self, message: Publish) -> None:
        if message.topic.startswith(PRIVATE_TOPICS):
            return  # the simulation's own clockwork, not a lesson's message
        when = None if self.sim is None else self.sim.now_ms
        with self._changed:
            self.captures.append(MqttCapture(message.topic, message.payload, message.retain,
                                             when))
            self._changed.notify_all()

    def messages(self) -> list[tuple[str, str | bytes]]:
        """Each message heard, in order: (topic, text), or the bytes when not text."""
        with self._changed:
            return [(c.topic, c.text) for c in self.captures]

    def wait_for(self, topic: str, payload: bytes | None = None, *, after: int = 0,
                 timeout_s: float = ECHO_WAIT_S) -> MqttCapture | None:
        """The first message on ``topic`` (with ``payload``, if given) from capture number
        ``after`` on, waiting up to ``timeout_s`` real seconds for it (the broker is real)."""
        def match() -> MqttCapture | None:
            return next((c for c in self.captures[after:] if c.topic == topic and
                         (payload is None or c.payload == payload)), None)
        with self._changed:
            self._changed.wait_for(lambda: match() is not None, timeout_s)
            return match()

    def forge(self, topic: str, payload: str | bytes, retain: bool = False) -> None:
        """Send a made-up message; nothing in MQTT says who sent it."""
        if not topic or topic.startswith("$") or "#" in topic or "+" in topic:
            raise LabError(f"'{topic}' cannot be sent to: a topic to send to has no # or + "
                           "and does not start with $.",
                           f"「{topic}」には送れません。送り先のトピックには # や + を使えず、"
                           "$ で始めることもできません。")
        data = payload.encode("utf-8") if isinstance(payload, str) else bytes(payload)
        with self._changed:
            before = len(self.captures)
        try:
            self.client.publish(topic, data, retain=retain)
        except (OSError, ConnectionError):
            raise _broker_gone() from None
        self.wait_for(topic, data, after=before)  # the broker has passed it on
        if self.sim is not None:
            self.sim.network.sent_outside = True  # the gateway settles before time moves on

    def replay(self, index: int) -> MqttCapture:
        """Send message ``index`` again, as it was (topic, payload, retained or not)."""
        with self._changed:
            count = len(self.captures)
            if not -count <= index < count:
                raise LabError(f"There is no message {index}: the tap heard {count}.",
                               f"{index} 番のメッセージはありません。聞こえたのは {count} 個です。")
            capture = self.captures[index]
        self.forge(capture.topic, capture.payload, capture.retain)
        return capture

    def close(self) -> None:
        self.client.disconnect()

    def __enter__(self) -> MqttTap:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _broker_gone() -> BrokerError:
    return BrokerError("The connection to the MQTT broker was lost: is the broker still "
                       "running?",
                       "MQTT ブローカーとの接続が切れました。ブローカーは動いていますか？")


__all__ = ["COMMON_PASSWORDS", "Answer", "Attempt", "GuessReport", "LabError", "LoginForm",
           "MqttCapture", "MqttTap", "RadioCapture", "RadioTap", "guess_passwords",
           "parse_answer", "visit_access_point"]
