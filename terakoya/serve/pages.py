"""A board's own web page (an ESP32 serving one, as in the web-server lessons), opened from the
pupil's own device.

The simulator publishes such a page on a 127.0.0.1 port of the server's computer, which a
pupil's Chromebook cannot reach. Each published page therefore gets a port of its own on the
address the classroom pages are served on; a connection to it is let through only with the
session cookie of the pupil whose board it is (a browser sends a site's cookies to its other
ports too), and then its bytes go to the board's page and back. A port of its own keeps the
page's own links (``/toggle``) working as on the real board.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from http.cookies import CookieError, SimpleCookie
from urllib.parse import urlsplit

HEAD_LIMIT = 16 * 1024
HEAD_WAIT_S = 10.0
PAGES_PER_PUPIL = 4
log = logging.getLogger("terakoya.serve")


class BoardPages:
    """The ports that lead to pupils' boards' pages (owner, door) -> a listening server."""

    def __init__(self, bind_host: str, cookie: str, owner_of) -> None:  # type: ignore[no-untyped-def]
        self.bind_host, self.cookie, self.owner_of = bind_host, cookie, owner_of
        self._servers: dict[tuple[str, str], asyncio.Server] = {}

    async def open(self, nickname: str, door: str) -> int:
        """The port on which ``nickname``'s browser reaches the page published at ``door``."""
        key = (nickname, door)
        if key not in self._servers:
            mine = [k for k in self._servers if k[0] == nickname]
            for old in mine[:max(0, len(mine) - PAGES_PER_PUPIL + 1)]:  # a Run's old pages
                self._servers.pop(old).close()
            target = urlsplit(door)
            self._servers[key] = await asyncio.start_server(
                lambda r, w: self._visit(r, w, nickname, target.hostname, target.port),
                self.bind_host, 0)
        return self._servers[key].sockets[0].getsockname()[1]

    def close(self) -> None:
        for server in self._servers.values():
            server.close()
        self._servers.clear()

    async def _visit(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                     nickname: str, host: str | None, port: int | None) -> None:
        try:
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), HEAD_WAIT_S)
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError,
                ConnectionError):
            writer.close()
            return
        if len(head) > HEAD_LIMIT or self._who(head) != nickname:
            await _answer(writer, b"403 Forbidden", "This is another pupil's board's page, or "
                          "you have not joined the class on this device.\n"
                          "ほかの人の ボードの ページか、この 端末では まだ クラスに 入って "
                          "いません。\n")
            return
        try:
            board_r, board_w = await asyncio.open_connection(host, port)
        except OSError:
            await _answer(writer, b"502 Bad Gateway", "The board's page is gone (the program "
                          "stopped or ran again).\nボードの ページは もう ありません"
                          "（プログラムが 止まったか、もう一度 実行されました）。\n")
            return
        board_w.write(head)
        await asyncio.gather(_pipe(reader, board_w), _pipe(board_r, writer))

    def _who(self, head: bytes) -> str | None:
        for line in head.decode("latin-1").split("\r\n")[1:]:
            name, _, value = line.partition(":")
            if name.strip().lower() == "cookie":
                try:
                    jar = SimpleCookie(value.strip())
                except CookieError:
                    return None
                if self.cookie in jar:
                    return self.owner_of(jar[self.cookie].value)
        return None


async def _answer(writer: asyncio.StreamWriter, status: bytes, text: str) -> None:
    body = text.encode("utf-8")
    writer.write(b"HTTP/1.0 " + status + b"\r\nContent-Type: text/plain; charset=utf-8\r\n"
                 b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
    with contextlib.suppress(ConnectionError):
        await writer.drain()
    writer.close()


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except ConnectionError:
        pass
    finally:
        with contextlib.suppress(Exception):
            writer.close()
