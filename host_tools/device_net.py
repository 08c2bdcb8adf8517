"""A simulated board served on 127.0.0.1, for computers without pseudo-terminals (Windows)
and for tools that connect over the network: RFC 2217 (a serial port over Telnet, which
mpremote and pyserial open as ``rfc2217://127.0.0.1:PORT``) and WebREPL (MicroPython's REPL
over a WebSocket, Thonny's "MicroPython (WebREPL)" back-end; ``device_webrepl``).

Both carry the same line as ``device.PtyServer``: the board's own REPL, paced as its serial
line. One host at a time, as a serial port is one program's: RFC 2217 refuses a second
connection while one is open; WebREPL lets a new connection take the line over (Thonny opens
a new one after a soft reset without closing the old, as a real board's soft reset closes it).
"""

from __future__ import annotations

import socket
from typing import Any

from .device import CoreDevice, LineServer

HOST = "127.0.0.1"
MAX_INBOX = 4096  # bytes from the host held for the board; beyond it, TCP holds them
MAX_OUTBOX = 64 * 1024  # bytes for the host not yet taken by TCP; beyond it, the board waits


class PortInUse(OSError):
    """The TCP port asked for is taken (by another board, another program)."""

    def __init__(self, port: int):
        super().__init__(f"port {port} is in use")
        self.port = port


def listen(port: int, tries: int = 1) -> socket.socket:
    """A listening socket on 127.0.0.1 at ``port`` (0: any free one), or at one of the next
    ``tries - 1`` ports when it is taken; ``PortInUse`` if none is free."""
    for candidate in range(port, port + max(1, tries)):
        try:
            listener = socket.create_server((HOST, candidate))
        except OSError:
            continue
        listener.setblocking(False)
        return listener
    raise PortInUse(port)


class SocketServer(LineServer):
    """The board's line to one TCP client; a subclass speaks the protocol on top of it."""

    SCHEME = ""
    TAKES_OVER = False  # a new connection replaces the open one (else it is refused)

    def __init__(self, device: CoreDevice, speed: float = 1.0, baud: int | None = None,
                 port: int = 0, tries: int = 1):
        super().__init__(device, speed, baud)
        self.listener = listen(port, tries)
        self.port = self.listener.getsockname()[1]
        self.address = f"{self.SCHEME}://{HOST}:{self.port}"
        self.client: socket.socket | None = None
        self.inbox = bytearray()  # decoded bytes from the host, for the board
        self.outbox = bytearray()  # encoded bytes for the host
        self.connections = 0

    # -- what a protocol does -------------------------------------------------------------
    def _connected(self) -> None:
        """A new client: start its protocol (greet it, negotiate)."""

    def _decode(self, raw: bytes) -> bytes:
        """What the client sent -> the bytes for the board's line (protocol bytes taken out)."""
        return raw

    def _encode(self, data: bytes) -> bytes:
        """The board's bytes -> what goes to the client."""
        return data

    # -- the seam -------------------------------------------------------------------------
    def _host_fds(self, may_read: bool, may_write: bool) -> tuple[list[Any], list[Any]]:
        reading: list[Any] = [self.listener]
        if self.client is not None and may_read:
            reading.append(self.client)
        writing = [self.client] if self.client is not None and self.outbox else []
        return reading, writing

    def _host_waiting(self) -> bool:
        return bool(self.inbox)

    def _read_host(self, most: int) -> bytes:
        self._accept()
        client = self.client
        if client is not None and len(self.inbox) < most:
            try:
                raw = client.recv(4096)
            except (BlockingIOError, InterruptedError):
                raw = None
            except OSError:
                raw = b""
            if raw == b"":
                self._drop()
            elif raw:
                self.inbox += self._decode(raw)
        self._flush()
        data = bytes(self.inbox[:most])
        del self.inbox[:most]
        return data

    def _write_host(self, data: bytes) -> int | None:
        self._accept()
        if self.client is None:
            return len(data)  # nobody listens: the bytes go nowhere, as on an open port
        if len(self.outbox) > MAX_OUTBOX:
            self._flush()
            return None
        self.outbox += self._encode(data)
        self._flush()
        return len(data)

    def _close_host(self) -> None:
        self._drop()
        self.listener.close()

    # -- the connection -------------------------------------------------------------------
    def _accept(self) -> None:
        try:
            new, _ = self.listener.accept()
        except (BlockingIOError, InterruptedError, OSError):
            return
        if self.client is not None and not self.TAKES_OVER:
            new.close()  # the port is busy, as a serial port open in another program
            return
        self._drop()
        new.setblocking(False)
        new.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.client = new
        self.connections += 1
        self._connected()
        self._flush()

    def _drop(self) -> None:
        if self.client is not None:
            self._flush()
            try:
                self.client.close()
            except OSError:
                pass
        self.client = None
        self.inbox.clear()
        self.outbox.clear()

    def _flush(self) -> None:
        """Send what waits for the client, as much as TCP takes now."""
        while self.client is not None and self.outbox:
            try:
                sent = self.client.send(self.outbox)
            except (BlockingIOError, InterruptedError):
                return
            except OSError:
                self.client.close()
                self.client = None
                self.outbox.clear()
                return
            del self.outbox[:sent]

    def _send(self) -> None:
        self._flush()
        super()._send()


class _LineSettings:
    """What an RFC 2217 client may set on "the serial port": kept and answered, and
    otherwise without effect (the line keeps its own speed; DTR and RTS reset nothing)."""

    def __init__(self, server: Rfc2217Server):
        self.server = server
        self.baudrate, self.bytesize, self.parity, self.stopbits = 115200, 8, "N", 1
        self.xonxoff = self.rtscts = self.break_condition = False
        self.dtr = self.rts = True
        self.cts = self.dsr = True
        self.ri = self.cd = False

    def reset_input_buffer(self) -> None:
        self.server.device.output.clear()  # what the board sent that is not passed on yet

    def reset_output_buffer(self) -> None:
        self.server.inbox.clear()


class _Outbox:
    def __init__(self, server: SocketServer):
        self.server = server

    def write(self, data: bytes) -> None:
        self.server.outbox += data


class Rfc2217Server(SocketServer):
    """RFC 2217 (Telnet with the COM-PORT option): pyserial's own server side,
    ``serial.rfc2217.PortManager``, filters the Telnet commands out and answers them; the
    data is escaped as Telnet wants (0xFF doubled)."""

    SCHEME = "rfc2217"

    def __init__(self, device: CoreDevice, speed: float = 1.0, baud: int | None = None,
                 port: int = 0, tries: int = 1):
        super().__init__(device, speed, baud, port, tries)
        self.manager: Any = None

    def _connected(self) -> None:
        from serial.rfc2217 import PortManager

        self.manager = PortManager(_LineSettings(self), _Outbox(self))

    def _decode(self, raw: bytes) -> bytes:
        return b"".join(self.manager.filter(raw))

    def _encode(self, data: bytes) -> bytes:
        return data.replace(b"\xff", b"\xff\xff")  # as PortManager.escape, in one step
