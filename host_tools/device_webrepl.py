"""A simulated board as a WebREPL: MicroPython's REPL over a WebSocket on 127.0.0.1, as
the firmware's ``webrepl`` module and ``extmod/modwebrepl.c`` serve it on a board's Wi-Fi.

What a client sees, as on a board:
- the WebSocket handshake (RFC 6455); a plain web page instead, for a browser;
- the text frame ``Password: ``; the password typed back (text, ending in CR or LF);
  ``\\r\\nWebREPL connected\\r\\n>>> `` or ``\\r\\nAccess denied\\r\\n`` and the end;
- then the board's serial line as text frames both ways (each frame whole UTF-8);
- binary frames carry webrepl's file transfers, a request of 82 bytes (``<2sBBQLH64s``:
  ``WA``, the operation, a byte, an offset, a size, the name's length, the name) answered
  with ``WB`` and a 16-bit status (0: fine). PUT_FILE (1): the data follows, and a second
  ``WB`` status when it is written. GET_FILE (2): for each byte the client sends, a frame
  with a 16-bit length and that many bytes of the file; length 0 ends, then ``WB`` status.
  GET_VER (3): three bytes, the MicroPython version. These are what Thonny's WebREPL
  back-end and ``webrepl_cli.py`` use; a request that fails (no such file or folder, the
  board full) is status 1 here, where a board would end the session.
"""

from __future__ import annotations

import base64
import hashlib
import struct

from .device import CoreDevice
from .device_net import SocketServer

GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"  # RFC 6455's, for Sec-WebSocket-Accept
PASSWORD_PROMPT = b"Password: "
CONNECTED = b"\r\nWebREPL connected\r\n>>> "
DENIED = b"\r\nAccess denied\r\n"
REQUEST = struct.Struct("<2sBBQLH64s")
PUT_FILE, GET_FILE, GET_VER = 1, 2, 3
CHUNK = 256  # the bytes of a file in one GET_FILE frame
TEXT, BINARY, CLOSE, PING, PONG = 1, 2, 8, 9, 10
MAX_REQUEST = 16 * 1024  # an HTTP request longer than this is no WebSocket client's
MAX_FRAME = 1 << 24
PAGE = (b"<!doctype html><meta charset=utf-8><title>Terakoya WebREPL</title>"
        b"<p>This is a simulated board's WebREPL. Connect to it from Thonny: "
        b"Tools &gt; Options &gt; Interpreter, MicroPython (WebREPL).")


def accept_key(key: bytes) -> bytes:
    return base64.b64encode(hashlib.sha1(key.strip() + GUID).digest())


def frame(opcode: int, payload: bytes) -> bytes:
    """A server's frame (final, unmasked)."""
    size = len(payload)
    if size < 126:
        head = struct.pack("!BB", 0x80 | opcode, size)
    elif size < 1 << 16:
        head = struct.pack("!BBH", 0x80 | opcode, 126, size)
    else:
        head = struct.pack("!BBQ", 0x80 | opcode, 127, size)
    return head + payload


def parse_frame(data: bytes | bytearray) -> tuple[int, bytes, int] | None:
    """The first whole frame in ``data``: (opcode, unmasked payload, bytes it took), or None
    while it is not all here. ValueError for a frame no client would send."""
    if len(data) < 2:
        return None
    opcode, size, at = data[0] & 0x0F, data[1] & 0x7F, 2
    if size == 126:
        if len(data) < 4:
            return None
        size, at = struct.unpack_from("!H", data, 2)[0], 4
    elif size == 127:
        if len(data) < 10:
            return None
        size, at = struct.unpack_from("!Q", data, 2)[0], 10
    if size > MAX_FRAME:
        raise ValueError("frame too large")
    mask = b""
    if data[1] & 0x80:
        mask, at = bytes(data[at:at + 4]), at + 4
    if len(data) < at + size or len(mask) not in (0, 4):
        return None
    payload = bytes(data[at:at + size])
    if mask and size:
        key = (mask * (size // 4 + 1))[:size]
        payload = (int.from_bytes(payload, "big") ^ int.from_bytes(key, "big")).to_bytes(
            size, "big")
    return opcode, payload, at + size


def whole_utf8(data: bytes) -> int:
    """How many bytes of ``data`` end on a whole UTF-8 character (at most 3 are held back)."""
    for back in range(1, min(4, len(data)) + 1):
        byte = data[-back]
        if byte < 0x80:
            return len(data)
        if byte >= 0xC0:  # a lead byte: is its character complete?
            need = 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
            return len(data) if back >= need else len(data) - back
    return len(data)


class WebReplServer(SocketServer):
    """The board's line as a WebREPL (see the module's text)."""

    SCHEME = "ws"
    TAKES_OVER = True

    def __init__(self, device: CoreDevice, speed: float = 1.0, baud: int | None = None,
                 port: int = 0, tries: int = 1, password: str = ""):
        super().__init__(device, speed, baud, port, tries)
        self.address += "/"
        self.password = password
        self.version = tuple(int(n) for n in device.model.spec.core.version.split("."))
        self._connected()

    def _connected(self) -> None:
        self.state = "http"
        self.raw = bytearray()  # what came in and is not handled yet
        self.typed = b""  # the password, as it is typed
        self.tail = b""  # the start of a UTF-8 character for the next text frame
        self.kind = TEXT  # the kind of the message a continuation frame continues
        self.transfer = FileTransfer(self)

    # -- in ----------------------------------------------------------------------------
    def _decode(self, raw: bytes) -> bytes:
        self.raw += raw
        board = bytearray()
        try:
            if self.state == "http":
                self._handshake()
            while self.state in ("password", "repl"):
                found = parse_frame(self.raw)
                if found is None:
                    break
                opcode, payload, used = found
                del self.raw[:used]
                board += self._message(opcode, payload)
        except ValueError:
            self.state = "closing"
        if self.state == "closing":
            self._flush()
            self._drop()
        return bytes(board)

    def _handshake(self) -> None:
        end = self.raw.find(b"\r\n\r\n")
        if end < 0:
            if len(self.raw) > MAX_REQUEST:
                raise ValueError("not a WebSocket request")
            return
        request = bytes(self.raw[:end]).decode("latin-1")
        del self.raw[:end + 4]
        headers = {}
        for line in request.split("\r\n")[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        key = headers.get("sec-websocket-key")
        if key is None:  # a web browser: a page that says what this is
            self.outbox += (b"HTTP/1.0 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                            b"Content-Length: %d\r\n\r\n" % len(PAGE) + PAGE)
            self.state = "closing"
            return
        self.outbox += (b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                        b"Connection: Upgrade\r\nSec-WebSocket-Accept: "
                        + accept_key(key.encode("latin-1")) + b"\r\n\r\n")
        self.outbox += frame(TEXT, PASSWORD_PROMPT)
        self.state = "password"

    def _message(self, opcode: int, payload: bytes) -> bytes:
        """One frame from the client; what of it goes to the board's line."""
        if opcode == CLOSE:
            self.outbox += frame(CLOSE, payload[:2])
            self.state = "closing"
            return b""
        if opcode == PING:
            self.outbox += frame(PONG, payload)
            return b""
        if opcode in (TEXT, BINARY):
            self.kind = opcode
        elif opcode != 0:
            return b""  # a pong, or nothing a client sends
        if self.state == "password":
            self._password(payload)
            return b""
        if self.kind == BINARY:
            self.transfer.take(payload)
            return b""
        return payload

    def _password(self, typed: bytes) -> None:
        """Characters until CR or LF, then the answer (what follows the line is dropped)."""
        for byte in typed:
            if byte in b"\r\n":
                if self.typed.decode("utf-8", "replace") == self.password:
                    self.outbox += frame(TEXT, CONNECTED)
                    self.state = "repl"
                else:
                    self.outbox += frame(TEXT, DENIED)
                    self.state = "closing"
                return
            self.typed += bytes([byte])

    # -- out ---------------------------------------------------------------------------
    def _encode(self, data: bytes) -> bytes:
        if self.state != "repl":
            return b""  # nobody has logged in: the board's output is not shown
        data = self.tail + data
        whole = whole_utf8(data)
        text, self.tail = data[:whole], data[whole:]
        if not text:
            return b""
        return frame(TEXT, text.decode("utf-8", "replace").encode("utf-8"))

    def send_binary(self, payload: bytes) -> None:
        self.outbox += frame(BINARY, payload)


class FileTransfer:
    """webrepl's file transfers on the board's files (see the module's text)."""

    def __init__(self, server: WebReplServer):
        self.server = server
        self.buffer = bytearray()
        self.operation = 0
        self.name = ""
        self.remaining = 0
        self.data = bytearray()

    def take(self, payload: bytes) -> None:
        self.buffer += payload
        while self.buffer:
            if self.operation == PUT_FILE:
                self._put_data()
            elif self.operation == GET_FILE:
                del self.buffer[:1]  # the client is ready for the next piece
                self._get_next()
            elif len(self.buffer) >= REQUEST.size:
                self._request(bytes(self.buffer[:REQUEST.size]))
                del self.buffer[:REQUEST.size]
            else:
                return

    def _answer(self, status: int) -> None:
        self.server.send_binary(b"WB" + struct.pack("<H", status))

    def _request(self, record: bytes) -> None:
        signature, operation, _, _, size, name_length, name = REQUEST.unpack(record)
        if signature != b"WA":
            self.buffer.clear()  # not a request: wait for the next one
            return
        self.name = name[:name_length].decode("utf-8", "replace")
        if operation == GET_VER:
            self.server.send_binary(bytes(self.server.version[:3]).ljust(3, b"\0"))
        elif operation == PUT_FILE:
            self.operation, self.remaining, self.data = PUT_FILE, size, bytearray()
            self._answer(0)
            if size == 0:
                self._put_data()
        elif operation == GET_FILE:
            try:
                self.data = bytearray(self.server.device.read_file(self.name))
            except OSError:
                self._answer(1)
                return
            self.operation = GET_FILE
            self._answer(0)

    def _put_data(self) -> None:
        piece = self.buffer[:self.remaining]
        del self.buffer[:len(piece)]
        self.data += piece
        self.remaining -= len(piece)
        if self.remaining == 0:
            self.operation = 0
            try:
                self.server.device.write_file(self.name, bytes(self.data))
            except OSError:
                self._answer(1)
                return
            self._answer(0)

    def _get_next(self) -> None:
        piece = bytes(self.data[:CHUNK])
        del self.data[:CHUNK]
        self.server.send_binary(struct.pack("<H", len(piece)) + piece)
        if not piece:
            self.operation = 0
            self._answer(0)
