"""Servers Terakoya runs for a lesson on the classroom server (``terakoya.local``), inside
the simulated network: a small HTTP/1.0 server answering from Python functions, so a lesson
can give boards a "weather service" or a "school notice board" with no internet.

    sim.network.serve(80, HttpService({"/weather": lambda request: Answer.json({...})}))
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field

from ..model.network import Stream

MAX_REQUEST = 64 * 1024
REASONS = {200: "OK", 400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed",
           413: "Payload Too Large", 500: "Internal Server Error"}


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: bytes


@dataclass(frozen=True)
class Answer:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/plain; charset=utf-8"

    @staticmethod
    def json(value: object, status: int = 200) -> Answer:
        return Answer(status, json.dumps(value, ensure_ascii=False).encode(),
                      "application/json")

    @staticmethod
    def text(words: str, status: int = 200) -> Answer:
        return Answer(status, words.encode())

    def bytes(self) -> bytes:
        head = (f"HTTP/1.0 {self.status} {REASONS.get(self.status, 'OK')}\r\n"
                f"Content-Type: {self.content_type}\r\nContent-Length: {len(self.body)}\r\n"
                "Connection: close\r\n\r\n")
        return head.encode() + self.body


@dataclass
class HttpService:
    """Routes (path -> function of a Request giving an Answer); one request a connection."""

    routes: dict[str, Callable[[Request], Answer]]
    log: list[Request] = field(default_factory=list)

    def __call__(self, stream: Stream) -> None:
        stream.on_data = self._on_data

    def _on_data(self, stream: Stream) -> None:
        request = _parse(bytes(stream.inbox))
        if request is None and not stream.eof and len(stream.inbox) <= MAX_REQUEST:
            return  # not all of it yet
        stream.on_data = None
        stream.send(self.answer(request).bytes())
        stream.close()

    def answer(self, request: Request | str | None) -> Answer:
        if not isinstance(request, Request):
            return Answer.text("bad request", 413 if request == "big" else 400)
        self.log.append(request)
        route = self.routes.get(request.path)
        if route is None:
            return Answer.text("not found", 404)
        try:
            return route(request)
        except Exception:  # a lesson's function failed: the board gets a 500, not a hang
            return Answer.text("server error", 500)


def _parse(data: bytes) -> Request | str | None:
    """A whole request, None while it is still arriving, or "big"/"bad"."""
    if len(data) > MAX_REQUEST:
        return "big"
    head, found, rest = data.partition(b"\r\n\r\n")
    if not found:
        return None
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split()
    if len(parts) < 2:
        return "bad"
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0") or 0) if \
        headers.get("content-length", "0").isdigit() else 0
    if len(rest) < length:
        return None
    path, _, query = parts[1].partition("?")
    return Request(parts[0].upper(), path, query, headers, rest[:length])


__all__ = ["Answer", "HttpService", "Request"]
