"""The ESP32's other host modules on the real engine: os and open over LittleFS folders,
imports from /lib, esp, esp32, _onewire, network, socket, select, binascii, hashlib."""

from __future__ import annotations

from terakoya.simulator.model.parts import Part
from terakoya.simulator.model.vfs import BOOT_PY
from test_esp32_machine import lines, run


class Dht(Part):
    def __init__(self):
        super().__init__("dht1", {"pin": 4}, {})

    def dht_frame(self) -> bytes:
        return bytes([2, 88, 0, 231, 0x41])


class Ds18b20(Part):
    rom = bytes([0x28, 1, 2, 3, 4, 5, 6, 0x7B])

    def __init__(self):
        super().__init__("ds1", {"pin": 13}, {})
        self.bits: list[int] = []

    def ow_reset(self) -> bool:
        return True

    def ow_write_bit(self, bit: int) -> None:
        self.bits.append(bit)

    def ow_read_bit(self) -> int:
        return 0


def test_a_fresh_board_has_boot_py_and_folders_work():
    board = run("""
        import os
        print(os.listdir(), os.getcwd())
        os.mkdir('data')
        with open('data/log.txt', 'w') as f:
            print(f.write('one\\n'), f)
        with open('/data/log.txt', 'a') as f:
            f.write('two\\n')
        print(open('data/log.txt').readlines())
        print(list(os.ilistdir()))
        print(os.stat('data'), os.stat('data/log.txt')[6])
        os.chdir('data'); print(os.getcwd(), os.listdir())
        os.chdir('/')
        for call in (lambda: os.mkdir('data'), lambda: os.rmdir('data'),
                     lambda: open('nope.txt'), lambda: open('data'),
                     lambda: open('data/log.txt', 'x'), lambda: os.remove('missing')):
            try:
                call()
            except OSError as e:
                print(e)
        os.rename('data/log.txt', 'log.txt'); os.rmdir('data')
        print(os.listdir(), os.statvfs('/')[:3])
        f = open('log.txt', 'rb'); print(f.read(3), f.tell()); f.close()
        try:
            f.read()
        except ValueError:
            print('closed')
        print(os.uname().machine)
    """)
    assert lines(board) == [
        "['boot.py', 'main.py'] /",
        "4 <io.TextIOWrapper " + lines(board)[1].split("<io.TextIOWrapper ")[1],
        "['one\\n', 'two\\n']",
        "[('boot.py', 32768, 0, 139), ('data', 16384, 0, 0), ('main.py', 32768, 0, "
        + lines(board)[3].rsplit(", ", 1)[1],
        "(16384, 0, 0, 0, 0, 0, 0, 0, 0, 0) 8",
        "/data ['log.txt']",
        "[Errno 17] EEXIST", "39", "[Errno 2] ENOENT", "[Errno 21] EISDIR",
        "[Errno 17] EEXIST", "[Errno 2] ENOENT",
        "['boot.py', 'log.txt', 'main.py'] (4096, 4096, 512)",
        "b'one' 3", "closed", "Generic ESP32 module with ESP32"]
    assert board.model.files["boot.py"] == BOOT_PY
    assert board.model.files["log.txt"] == b"one\ntwo\n"


def test_imports_find_lib_and_packages():
    board = run("""
        import helper, tool, pkg.inner
        print(helper.X, tool.Y, pkg.inner.Z)
    """, files={"lib/helper.py": "X = 1\n", "tool.py": "Y = 2\n",
                "lib/pkg/__init__.py": "", "lib/pkg/inner.py": "Z = 3\n"})
    assert lines(board) == ["1 2 3"]


def test_esp_dht_and_esp32():
    board = run("""
        import esp, esp32
        from machine import Pin
        buf = bytearray(5)
        esp.dht_readinto(Pin(4), buf); print(list(buf))
        print(esp.flash_size(), esp.flash_user_start())
        print(esp32.raw_temperature())
        n = esp32.NVS('app'); n.set_i32('count', 7); print(n.get_i32('count'))
        n.set_blob('b', b'xyz'); b = bytearray(5); print(n.get_blob('b', b), b)
        try:
            n.get_i32('missing')
        except OSError as e:
            print(e)
        print(esp32.HEAP_DATA, len(esp32.idf_heap_info(esp32.HEAP_DATA)) > 0)
        esp.dht_readinto(Pin(5), buf)
    """, parts=(Dht(),))
    assert lines(board)[:6] == ["[2, 88, 0, 231, 65]", "4194304 2097152", "127", "7",
                                "3 bytearray(b'xyz\\x00\\x00')",
                                "(-4354, 'ESP_ERR_NVS_NOT_FOUND')"]
    assert lines(board)[-1] == "OSError: [Errno 116] ETIMEDOUT"


def test_nvs_outlives_a_reset():
    board = run("""
        import esp32, machine
        n = esp32.NVS('app')
        try:
            print(n.get_i32('boots'))
        except OSError:
            n.set_i32('boots', 1); n.commit(); machine.reset()
    """)
    assert lines(board) == ["1"]


def test_onewire_talks_to_parts():
    sensor = Ds18b20()
    board = run("""
        import _onewire
        from machine import Pin
        p = Pin(13)
        print(_onewire.reset(p), _onewire.reset(Pin(12)))
        _onewire.writebyte(p, 0xCC); print(_onewire.readbyte(p), _onewire.readbit(Pin(12)))
        print(_onewire.crc8(bytes([0x28, 1, 2, 3, 4, 5, 6])))
    """, parts=(sensor,))
    assert lines(board) == ["True False", "0 1", str(_crc_check())]
    assert sensor.bits == [0, 0, 1, 1, 0, 0, 1, 1]


def _crc_check() -> int:
    crc = 0
    for byte in bytes([0x28, 1, 2, 3, 4, 5, 6]):
        for _ in range(8):
            mix = (crc ^ byte) & 1
            crc >>= 1
            crc ^= 0x8C if mix else 0
            byte >>= 1
    return crc


def test_network_out_of_reach_of_its_network_and_sockets():
    board = run("""
        import network, socket, time
        w = network.WLAN(network.STA_IF)
        print(w.active(), w.isconnected(), w.status(), w.ifconfig())
        try:
            w.connect('home', 'secret')
        except OSError as e:
            print(e)
        w.active(True); w.config(reconnects=0); w.connect('home', 'secret')
        print(w.status() == network.STAT_CONNECTING)
        time.sleep(4)
        print(w.status() == network.STAT_NO_AP_FOUND, len(w.config('mac')))
        try:
            socket.getaddrinfo('example.com', 80)
        except OSError as e:
            print(e)
        addr = socket.getaddrinfo('10.0.0.1', 80)[0][-1]; print(addr)
        s = socket.socket()
        try:
            s.connect(addr)
        except OSError as e:
            print(e)
        s.close()
    """)
    assert lines(board) == ["False False 1000 ('0.0.0.0', '0.0.0.0', '0.0.0.0', '0.0.0.0')",
                            "Wifi Not Started", "True", "True 6", "-202", "('10.0.0.1', 80)",
                            "[Errno 118] EHOSTUNREACH"]


def test_binascii_hashlib_and_select():
    board = run("""
        import binascii, hashlib, select, sys
        print(binascii.hexlify(b'\\x01\\xab'), binascii.unhexlify('01ab'))
        print(binascii.b2a_base64(b'hi'), binascii.a2b_base64(b'aGk='), binascii.crc32(b'abc'))
        try:
            binascii.unhexlify('abc')
        except ValueError as e:
            print(e)
        h = hashlib.sha256(b'abc'); print(binascii.hexlify(h.digest())[:16])
        try:
            h.update(b'x')
        except ValueError as e:
            print(e)
        print(hasattr(h, 'hexdigest'), len(hashlib.md5(b'').digest()), len(hashlib.sha1().digest()))
        p = select.poll(); p.register(sys.stdin, select.POLLIN); print(p.poll(10))
    """)
    assert lines(board) == ["b'01ab' b'\\x01\\xab'", "b'aGk=\\n' b'hi' 891568578",
                            "odd-length string", "b'ba7816bf8f01cfea'", "hash is final",
                            "False 16 20", "[]"]
