"""umqtt.simple: a small MQTT 3.1.1 client (micropython-lib's umqtt.simple 1.4.0, frozen
into the MicroPython 1.23 ESP32 firmware).

One client object both publishes and subscribes over one blocking socket: QoS 0 and 1
(QoS 2 is refused with an AssertionError, after the packet went out), a last will, user
and password, keep-alive (the program sends ping() itself), and a TLS context given as
``ssl`` (any object with ``wrap_socket(sock, server_hostname=...)``).  Topics, messages,
client id, user and password may be str or bytes; the callback gets bytes.  (A str is
measured in characters, as on the firmware: non-ASCII text in a str makes a broken packet.)

Messages arrive only while the program calls wait_msg() (blocks) or check_msg() (returns
None at once when nothing waits); publish(qos=1) and subscribe() read packets until their
acknowledgement comes, so the callback may run inside them.
"""

import socket
import struct


class MQTTException(Exception):
    pass


# packet types (the first byte's high nibble)
_CONNACK = 0x20
_PUBLISH = 0x30
_PUBACK = 0x40
_SUBACK = 0x90
_PINGRESP = 0xD0
_MAX_REMAINING = 2097152  # a PUBLISH this client writes needs at most three length bytes


def _remaining_length(size):
    """MQTT's variable-length size field: 7 bits a byte, low bits first."""
    out = bytearray()
    while size > 0x7F:
        out.append((size & 0x7F) | 0x80)
        size >>= 7
    out.append(size)
    return out


class MQTTClient:
    def __init__(self, client_id, server, port=0, user=None, password=None, keepalive=0,
                 ssl=None):
        if port == 0:
            port = 8883 if ssl else 1883
        self.client_id = client_id
        self.sock = None
        self.server = server
        self.port = port
        self.ssl = ssl
        self.pid = 0
        self.cb = None
        self.user = user
        self.pswd = password
        self.keepalive = keepalive
        self.lw_topic = None
        self.lw_msg = None
        self.lw_qos = 0
        self.lw_retain = False

    def _send_str(self, s):
        """A string field: its length in two bytes, then its bytes."""
        self.sock.write(struct.pack('!H', len(s)))
        self.sock.write(s)

    def _recv_len(self):
        """Read a remaining-length field from the socket."""
        size = 0
        shift = 0
        while True:
            byte = self.sock.read(1)[0]
            size |= (byte & 0x7F) << shift
            if not byte & 0x80:
                return size
            shift += 7

    def set_callback(self, f):
        """f(topic, msg) is called with each message received (both bytes)."""
        self.cb = f

    def set_last_will(self, topic, msg, retain=False, qos=0):
        """What the broker publishes for this client if it vanishes; call before connect()."""
        assert 0 <= qos <= 2
        assert topic
        self.lw_topic = topic
        self.lw_msg = msg
        self.lw_qos = qos
        self.lw_retain = retain

    def _connect_flags(self, clean_session):
        flags = clean_session << 1
        if self.user:
            flags |= 0xC0
        if self.lw_topic:
            flags |= 0x04 | (self.lw_qos & 0x1) << 3 | (self.lw_qos & 0x2) << 3
            flags |= self.lw_retain << 5
        return flags

    def _connect_packet_size(self):
        size = 10 + 2 + len(self.client_id)
        if self.user:
            size += 2 + len(self.user) + 2 + len(self.pswd)
        if self.lw_topic:
            size += 2 + len(self.lw_topic) + 2 + len(self.lw_msg)
        return size

    def connect(self, clean_session=True):
        """Open the connection and log in; return the broker's session-present flag (0 or 1).

        A broker that refuses the client raises MQTTException(return code)."""
        self.sock = socket.socket()
        address = socket.getaddrinfo(self.server, self.port)[0][-1]
        self.sock.connect(address)
        if self.ssl:
            self.sock = self.ssl.wrap_socket(self.sock, server_hostname=self.server)
        size = self._connect_packet_size()
        header = bytearray(b'\x00\x04MQTT\x04\x00\x00\x00')  # protocol name, level 4
        header[7] = self._connect_flags(clean_session)
        if self.keepalive:
            assert self.keepalive < 65536
            struct.pack_into('!H', header, 8, self.keepalive)
        self.sock.write(bytes([0x10]) + _remaining_length(size))
        self.sock.write(header)
        self._send_str(self.client_id)
        if self.lw_topic:
            self._send_str(self.lw_topic)
            self._send_str(self.lw_msg)
        if self.user:
            self._send_str(self.user)
            self._send_str(self.pswd)
        reply = self.sock.read(4)
        assert reply[0] == _CONNACK and reply[1] == 0x02
        if reply[3] != 0:
            raise MQTTException(reply[3])
        return reply[2] & 1

    def disconnect(self):
        """Say goodbye (the last will is not sent) and close the socket."""
        self.sock.write(b'\xe0\x00')
        self.sock.close()

    def ping(self):
        """Send PINGREQ; its PINGRESP is read (and dropped) by wait_msg() or check_msg()."""
        self.sock.write(b'\xc0\x00')

    def publish(self, topic, msg, retain=False, qos=0):
        """Publish msg on topic; with qos=1, wait until the broker acknowledges it."""
        size = 2 + len(topic) + len(msg)
        if qos > 0:
            size += 2
        assert size < _MAX_REMAINING
        self.sock.write(bytes([_PUBLISH | qos << 1 | retain]) + _remaining_length(size))
        self._send_str(topic)
        if qos > 0:
            self.pid += 1
            pid = self.pid
            self.sock.write(struct.pack('!H', pid))
        self.sock.write(msg)
        if qos == 1:
            self._wait_puback(pid)
        elif qos == 2:
            assert 0

    def _wait_puback(self, pid):
        while True:
            if self.wait_msg() == _PUBACK:
                size = self.sock.read(1)
                assert size == b'\x02'
                acked = self.sock.read(2)
                if acked[0] << 8 | acked[1] == pid:
                    return

    def subscribe(self, topic, qos=0):
        """Subscribe to topic (wildcards allowed) and wait for the broker's SUBACK."""
        assert self.cb is not None, 'Subscribe callback is not set'
        self.pid += 1
        request = bytearray(4)
        struct.pack_into('!BBH', request, 0, 0x82, 2 + 2 + len(topic) + 1, self.pid)
        self.sock.write(request)
        self._send_str(topic)
        self.sock.write(qos.to_bytes(1, 'little'))
        while True:
            if self.wait_msg() == _SUBACK:
                reply = self.sock.read(4)
                assert reply[1] == request[2] and reply[2] == request[3]
                if reply[3] == 0x80:
                    raise MQTTException(reply[3])
                return

    def wait_msg(self):
        """Read one packet: a message goes to the callback (its packet type is returned),
        PINGRESP gives None, any other packet type is returned with its body left unread.

        None also when the socket is non-blocking and nothing waits; a closed connection
        raises OSError(-1)."""
        first = self.sock.read(1)
        self.sock.setblocking(True)
        if first is None:
            return None
        if first == b'':
            raise OSError(-1)
        if first == bytes([_PINGRESP]):
            assert self.sock.read(1)[0] == 0
            return None
        op = first[0]
        if op & 0xF0 != _PUBLISH:
            return op
        self._receive_publish(op)
        return op

    def _receive_publish(self, op):
        size = self._recv_len()
        topic_len = self.sock.read(2)
        topic_len = topic_len[0] << 8 | topic_len[1]
        topic = self.sock.read(topic_len)
        size -= topic_len + 2
        if op & 6:
            pid = self.sock.read(2)
            pid = pid[0] << 8 | pid[1]
            size -= 2
        msg = self.sock.read(size)
        self.cb(topic, msg)
        if op & 6 == 2:
            self.sock.write(struct.pack('!BBH', _PUBACK, 2, pid))
        elif op & 6 == 4:
            assert 0

    def check_msg(self):
        """As wait_msg(), but return None at once when no packet is waiting."""
        self.sock.setblocking(False)
        return self.wait_msg()
