"""The class on the server: its code, its pupils (by nickname), their boards, the class radio.

No accounts and no real names: a pupil is a nickname in a class, and a browser that joined holds
a random session token (a cookie) for it. Everything a pupil asks for goes through the pupil the
token names, so no request can reach another pupil's programs or board.
"""

from __future__ import annotations

import hmac
import logging
import secrets
import threading
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..simulator.boards import spec_for
from .boards import ClassRadio, PupilBoard
from .lessons import lesson_files, lesson_kind
from .pages import BoardPages
from .store import WorkStore, clean_nickname

MAX_PUPILS = 60
IDLE_S = 15 * 60  # a board with no page open for this long is closed (its work is saved)
FAILED_JOINS_PER_MINUTE = 10  # wrong class codes from one address before it must wait
TOKEN_BYTES = 24
PUPIL_COOKIE = "terakoya_pupil"
log = logging.getLogger("terakoya.serve")


@dataclass(eq=False)
class Pupil:
    nickname: str
    program: str = "blank"  # what is open in the editor
    board: PupilBoard | None = None
    sockets: set = field(default_factory=set)  # the pupil's open pages (their send functions)
    joined_at: float = field(default_factory=time.time)
    criteria: dict[str, dict] = field(default_factory=dict)  # program -> its lesson test
    testing: set[str] = field(default_factory=set)  # programs whose lesson test is running
    left_at: float | None = None  # when the pupil's last page closed
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def connected(self) -> bool:
        return bool(self.sockets)

    def broadcast(self, batch: list[dict]) -> None:
        """To every page the pupil has open (each send function queues it for its socket)."""
        for send in list(self.sockets):
            send(batch)


class Classroom:
    """One class: who joined, their boards, and what the teacher switched on."""

    def __init__(self, code: str, data: Path, lang: str | None = None,
                 checker: Callable[[Path, str], list] | None = None):
        self.code = code
        self.teacher_key = secrets.token_urlsafe(12)
        self.lang = lang  # None: each pupil's browser language
        self.store = WorkStore(data, code)
        self.radio = ClassRadio()
        self.checker = checker
        self.pages = BoardPages("127.0.0.1", PUPIL_COOKIE, self._owner)  # boards' web pages
        self.find_ports: Callable[[], list[str]] | None = None  # the USB boards (tests: fakes)
        self.open_board: Callable | None = None
        self.pupils: dict[str, Pupil] = {}
        self._tokens: dict[str, str] = {}  # session token -> nickname
        self._teacher_tokens: set[str] = set()
        self._failures: dict[str, list[float]] = {}
        self._lock = threading.Lock()
        self._broker = None  # the class's MQTT broker (EmbeddedBroker), when an ESP32 runs
        self._broker_address: tuple[str, int] | None = None

    # -- who may come in ---------------------------------------------------------------------
    def code_is(self, typed: str) -> bool:
        """The class code, however typed (full-width digits from a Japanese keyboard too)."""
        typed = unicodedata.normalize("NFKC", typed).strip()
        return hmac.compare_digest(typed.encode(), self.code.encode())

    def too_many_tries(self, address: str) -> bool:
        now = time.monotonic()
        recent = [t for t in self._failures.get(address, []) if now - t < 60]
        self._failures[address] = recent
        return len(recent) >= FAILED_JOINS_PER_MINUTE

    def failed(self, address: str) -> None:
        self._failures.setdefault(address, []).append(time.monotonic())

    def join(self, code: str, nickname: str, address: str) -> tuple[str | None, str | None]:
        """(session token, None), or (None, the key of the plain reason why not)."""
        if self.too_many_tries(address):
            return None, "too_many_tries"
        if not self.code_is(code):
            self.failed(address)
            return None, "wrong_code"
        name = clean_nickname(nickname)
        if name is None:
            return None, "bad_nickname"
        with self._lock:
            pupil = self.pupils.get(name)
            if pupil is not None and pupil.connected:
                return None, "nickname_in_use"
            if pupil is None:
                if len(self.pupils) >= MAX_PUPILS:
                    return None, "class_full"
                self.pupils[name] = Pupil(name)
            token = secrets.token_urlsafe(TOKEN_BYTES)
            self._tokens[token] = name
        return token, None

    def _owner(self, token: str) -> str | None:
        pupil = self.pupil_for(token)
        return pupil.nickname if pupil is not None else None

    def pupil_for(self, token: str | None) -> Pupil | None:
        name = self._tokens.get(token or "")
        return self.pupils.get(name) if name is not None else None

    def teacher_login(self, key: str) -> str | None:
        if not hmac.compare_digest(key.encode(), self.teacher_key.encode()):
            return None
        token = secrets.token_urlsafe(TOKEN_BYTES)
        self._teacher_tokens.add(token)
        return token

    def is_teacher(self, token: str | None) -> bool:
        return bool(token) and token in self._teacher_tokens

    # -- boards --------------------------------------------------------------------------------
    def board_of(self, pupil: Pupil, lang: str) -> PupilBoard:
        """The pupil's one board (made the first time), running their open program."""
        with pupil.lock:  # one Run at a time per pupil: an old board ends first
            return self._board_of(pupil, lang)

    def _board_of(self, pupil: Pupil, lang: str) -> PupilBoard:
        folder = self.store.program_folder(pupil.nickname, pupil.program)
        self.store.add_files(pupil.nickname, pupil.program, lesson_files(pupil.program))
        kind = lesson_kind(pupil.program)
        board = pupil.board
        if board is not None and (board.path != folder or board.lang != lang):
            self.radio.leave(board)
            board.close()
            board = None
        if board is None:
            broker = self.broker() if spec_for(kind).breadboard else None
            board = PupilBoard(folder, lang, pupil.broadcast, kind=kind, radio=self.radio,
                               checker=self.checker, broker=broker)
            pupil.board = board
        return board

    def broker(self) -> tuple[str, int] | None:
        """The class's MQTT broker, one for every ESP32 board (started when first needed), so
        pupils' boards and the class's phones talk to each other as on a real network."""
        if self._broker_address is None:
            from ..simulator.runner.broker import BrokerError, EmbeddedBroker

            try:
                self._broker = EmbeddedBroker("127.0.0.1", 0)
                self._broker_address = tuple(self._broker.start())  # type: ignore[assignment]
            except (BrokerError, OSError) as problem:
                log.warning("the class's MQTT broker did not start (%s)", problem)
                self._broker = None
                return None
        return self._broker_address

    def stop_all(self) -> int:
        stopped = 0
        for pupil in list(self.pupils.values()):
            if pupil.board is not None and pupil.board.running:
                pupil.board.submit("stop")
                stopped += 1
        return stopped

    def sweep(self, now: float, idle_s: float = IDLE_S) -> int:
        """Close the boards of pupils whose pages have been gone for ``idle_s`` (a tablet put
        away with its program running); their work stays saved."""
        closed = 0
        for pupil in list(self.pupils.values()):
            board = pupil.board
            if board is not None and not pupil.connected and pupil.left_at is not None and \
                    now - pupil.left_at >= idle_s:
                pupil.board = None
                self.radio.leave(board)
                board.close()
                closed += 1
        return closed

    def close(self) -> None:
        for pupil in list(self.pupils.values()):
            if pupil.board is not None:
                pupil.board.close()
                pupil.board = None
        if self._broker is not None:
            self._broker.stop()
            self._broker = None

    def snapshot(self) -> list[dict]:
        """What the teacher's page shows, one row per pupil."""
        rows = []
        for pupil in sorted(self.pupils.values(), key=lambda p: p.nickname):
            board = pupil.board
            rows.append({"nickname": pupil.nickname, "connected": pupil.connected,
                         "program": pupil.program,
                         "state": board.state if board is not None else "idle",
                         "explanation": board.explanation if board is not None else "",
                         "error": board.error if board is not None else "",
                         "criteria": _criteria(pupil.criteria.get(pupil.program))})
        return rows


def _criteria(found: dict | None) -> dict | None:
    """How many of the open lesson's "I can" statements its tests found met."""
    if found is None:
        return None
    return {"met": found["met"], "tested": found["met"] + found["not_yet"],
            "teacher": found["teacher"]}
