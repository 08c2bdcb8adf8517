"""The ESP32's frozen modules (simulator/boards/esp32/frozen): json, re, heapq, platform,
framebuf, neopixel, dht, onewire, ds18x20, ntptime and asyncio, run on the ESP32 engine
(MicroPython 1.23 as ESP32_GENERIC) on the virtual clock.  Every expected line is what the
v1.23.0 firmware prints for the same program.
"""

from __future__ import annotations

import textwrap

import pytest
from terakoya.simulator.runner.session import Simulation


def run(source: str, ms: float = 60_000) -> list[str]:
    """Run ``source`` as main.py on one ESP32 board until it ends; its output lines."""
    with Simulation(seed=1) as sim:
        board = sim.add_board(source=textwrap.dedent(source), kind="esp32")
        sim.run_until_done(ms)
        if board.running:
            sim.stop()
    return board.serial_output.splitlines()


def host_has(module: str, name: str) -> bool:
    return run(f"""
        try:
            import {module}
            print(hasattr({module}, '{name}'))
        except ImportError:
            print(False)
    """) == ["True"]


# --- json ----------------------------------------------------------------------------------


def test_json_dumps_writes_what_the_firmware_writes():
    assert run("""
        import json
        print(json.dumps({"a": [1, 2.5, None, True, False]}))
        print(json.dumps([0.1, 1/3, 1e20, -0.0]))
        print(json.dumps({1: 'x"y\\n\\t\\\\', None: 2}))
        print(json.dumps((1,)), json.dumps(b'ab'), json.dumps('\\x01'))
        print(json.dumps({'a': [1, 2]}, separators=(',', ':')))
    """) == ['{"a": [1, 2.5, null, true, false]}',
             '[0.1, 0.3333333, 1e+20, -0.0]',
             '{"null": 2, "1": "x\\"y\\n\\t\\\\"}',
             '[1] "ab" "\\u0001"',
             '{"a":[1,2]}']


def test_json_dump_and_load_use_streams():
    assert run("""
        import json, io
        s = io.StringIO()
        json.dump([1, {"k": "v"}], s)
        print(s.getvalue())
        print(json.load(io.StringIO('{"n": -12, "f": 2.5e1, "s": "caf\\\\u00e9"}')))
    """) == ['[1, {"k": "v"}]', "{'n': -12, 's': 'caf\\xe9', 'f': 25.0}"]


def test_json_loads_is_as_forgiving_and_as_strict_as_the_firmware():
    assert run("""
        import json
        print(json.loads('[1, 2'), json.loads(b' 7 '), json.loads('{"a" "b"}'))
        print(json.loads('[1,,2]'), json.loads('"x\\\\/y"'))
        for bad in ('', '[1]x', 'nul', '{[1]: 2}', ']', '"abc', 'tru', '{"a": 1}}'):
            try:
                json.loads(bad)
            except ValueError as e:
                print('ValueError:', e)
        try:
            json.loads('1-2')
        except ValueError as e:
            print('ValueError:', e)
    """) == ["[1, 2] 7 {'a': 'b'}", "[1, 2] x/y"] + [
        "ValueError: syntax error in JSON"] * 8 + [
        "ValueError: invalid syntax for integer with base 10"]


# --- re ------------------------------------------------------------------------------------


def test_re_the_patterns_students_write():
    assert run(r"""
        import re
        print(re.search(r'\d+', 'temp 23 C').group(0))
        print(re.compile(',').split('a,b,,c'), re.compile(',').split('a,b,c', 1))
        print(re.sub(r'(\d+)', r'<\1>', 'a1b22'), re.sub('a', 'x', 'aaa', 2))
        print(re.sub(r'\d', lambda m: str(int(m.group(0)) * 2), 'a1b2'))
        m = re.match(r'(\w+)@(\w+)\.com', 'joe@example.com')
        print(m, m.groups(), m.group(2), m.span(2), m.start(1), m.end(0))
        print(re.match('(a)|b', 'b').groups(), re.match(r'\s*(\S+)', '  hi there').group(1))
        print(re.match('[a-c]+', 'abcd').group(0), re.match('[^a-c]+', 'xyzab').group(0))
        print(re.match(r'[\d.]+', '3.14x').group(0), re.match('a*?b', 'aaab').group(0))
        print(re.match('(a|ab)(c|bcd)(d*)', 'abcd').groups())
        print(re.search('^b', 'ab'), re.search('b$', 'ab\n'), re.match('a{2}', 'a{2}').group(0))
        print(re.match('(a+?)(a*)', 'aaa').groups(), re.match('x??y', 'xy').group(0))
        print(re.sub(r'\g<1>', 'z', 'a'), re.sub('(b)', r'[\g<1>]', 'abc'))
        print(re.compile('b').search('abcb', 2).span(), re.compile('b').match('ab', 1))
        print(re.sub('x*', '-', 'abc'), re.search('b+', 'a' * 200 + 'bbb').span())
    """) == ["23", "['a', 'b', '', 'c'] ['a', 'b,c']", "a<1>b<22> xxa", "a2b4",
             "<match num=3> ('joe', 'example') example (4, 11) 0 15",
             "(None,) hi", "abc xyz", "3.14 aaab", "('a', 'bcd', '')",
             "None None a{2}", "('a', 'aa') xy", "a a[b]c", "(3, 4) <match num=1>",
             "abc (200, 203)"]


def test_re_reports_what_it_cannot_do_as_the_firmware_does():
    lines = run(r"""
        import re
        for bad in ('*a', '(abc', 'abc)', '(?P<n>x)', 'a**', '\\', '^*', 'a|*'):
            try:
                re.compile(bad)
                print('compiled', bad)
            except ValueError as e:
                print('ValueError:', e)
        try:
            re.compile('(a)').split('bab')
        except NotImplementedError as e:
            print('NotImplementedError:', e)
        print(hasattr(re, 'fullmatch'), hasattr(re, 'split'), hasattr(re, 'findall'))
        try:
            re.sub('a', 'b', 'aa', count=1)
        except TypeError as e:
            print('TypeError:', e)
        try:
            re.match('a', 'a').group(3)
        except IndexError as e:
            print('IndexError:', e)
    """)
    assert lines == ["ValueError: error in regex"] * 8 + [
        "NotImplementedError: splitting with sub-captures", "False False False",
        "TypeError: function doesn't take keyword arguments", "IndexError: 3"]


# --- heapq and platform --------------------------------------------------------------------


def test_heapq_keeps_the_firmwares_heap_layout():
    assert run("""
        import heapq
        h = []
        for v in (5, 3, 8, 1, 9, 2):
            heapq.heappush(h, v)
        print(h)
        print([heapq.heappop(h) for _ in range(6)])
        x = [9, 7, 5, 3, 1, 8]
        heapq.heapify(x)
        print(x)
        for bad in ((), []):
            try:
                heapq.heappop(bad)
            except (TypeError, IndexError) as e:
                print(type(e).__name__, e)
    """) == ["[1, 3, 2, 5, 9, 8]", "[1, 2, 3, 5, 8, 9]", "[1, 3, 5, 9, 7, 8]",
             "TypeError heap must be a list", "IndexError empty heap"]


def test_platform_gives_the_firmwares_strings():
    assert run("""
        import platform
        print(platform.platform())
        print(platform.libc_ver(), platform.python_compiler())
    """) == ["MicroPython-1.23.0-xtensa-IDFv5.0.4-with-newlib4.1.0",
             "('newlib', '4.1.0') GCC 11.2.0"]


# --- framebuf ------------------------------------------------------------------------------


def test_framebuf_draws_into_the_callers_bytearray():
    lines = run("""
        import framebuf
        buf = bytearray(128 * 64 // 8)
        fb = framebuf.FrameBuffer(buf, 128, 64, framebuf.MONO_VLSB)
        fb.fill(1)
        print(buf[0], buf[1023], min(buf))
        fb.fill(0)
        fb.text('Hi', 0, 0, 1)
        print(list(buf[0:16]))
        fb.text('A', 0, 4)
        print(list(buf[0:8]), list(buf[128:136]))
        fb.fill(0)
        fb.hline(2, 9, 3, 1)
        print(buf[128:134])
        fb.rect(0, 16, 5, 4, 1)
        print([[fb.pixel(x, y) for x in range(5)] for y in range(16, 20)])
        fb.rect(10, 16, 3, 3, 1, True)
        print(buf[256 + 10:256 + 13], fb.pixel(200, 0))
    """)
    assert lines == [
        "255 255 255",
        "[0, 127, 127, 8, 8, 127, 127, 0, 0, 0, 0, 125, 125, 0, 0, 0]",
        "[0, 255, 255, 184, 184, 255, 255, 0] [0, 7, 7, 0, 0, 7, 7, 0]",
        "bytearray(b'\\x00\\x00\\x02\\x02\\x02\\x00')",
        "[[1, 1, 1, 1, 1], [1, 0, 0, 0, 1], [1, 0, 0, 0, 1], [1, 1, 1, 1, 1]]",
        "bytearray(b'\\x07\\x07\\x07') None"]


def test_framebuf_lines_and_shapes_pixel_by_pixel():
    lines = run("""
        import framebuf, array
        fb = framebuf.FrameBuffer(bytearray(16 * 16), 16, 16, framebuf.GS8)
        def show():
            for y in range(16):
                row = ''.join('#' if fb.pixel(x, y) else '.' for x in range(16))
                if '#' in row:
                    print(y, row)
        fb.line(0, 0, 6, 3, 7)
        show(); print('-')
        fb.fill(0)
        fb.ellipse(7, 7, 4, 2, 1)
        show(); print('-')
        fb.fill(0)
        fb.poly(1, 1, array.array('h', [0, 0, 4, 0, 2, 3]), 1, True)
        show(); print(fb.pixel(0, 0), fb.pixel(1, 1))
    """)
    assert lines == [
        "0 #...............", "1 .##.............", "2 ...##...........",
        "3 .....##.........", "-",
        "5 .....#####......", "6 ....#.....#.....", "7 ...#.......#....",
        "8 ....#.....#.....", "9 .....#####......", "-",
        "1 .#####..........", "2 ..###...........", "3 ..###...........",
        "4 ...#............", "0 1"]


def test_framebuf_other_formats_scroll_and_blit():
    assert run("""
        import framebuf
        b = bytearray(4 * 2 * 2)
        f = framebuf.FrameBuffer(b, 4, 2, framebuf.RGB565)
        f.pixel(1, 0, 0xF800)
        print(list(b[0:4]), f.pixel(1, 0))
        h = bytearray(4)
        fh = framebuf.FrameBuffer(h, 16, 2, framebuf.MONO_HLSB)
        fh.hline(1, 0, 10, 1)
        print(list(h))
        g = bytearray(4)
        fg = framebuf.FrameBuffer(g, 4, 2, framebuf.GS4_HMSB)
        fg.pixel(0, 0, 3); fg.pixel(1, 0, 12); fg.fill_rect(0, 1, 3, 1, 5)
        print(list(g))
        s = bytearray(8)
        fs = framebuf.FrameBuffer(s, 8, 8, framebuf.MONO_VLSB)
        fs.pixel(0, 0, 1)
        fs.scroll(2, 1)
        print(list(s))
        src = framebuf.FrameBuffer(bytearray(2), 2, 2, framebuf.MONO_HMSB)
        src.pixel(0, 0, 1); src.pixel(1, 1, 1)
        fs.fill(0)
        fs.blit(src, 3, 3)
        print(list(s))
        try:
            framebuf.FrameBuffer(bytearray(10), 128, 64, framebuf.MONO_VLSB)
        except ValueError as e:
            print('ValueError:', e)
        try:
            framebuf.FrameBuffer(bytearray(10), 2, 2, 9)
        except ValueError as e:
            print('ValueError:', e)
    """) == ["[0, 0, 0, 248] 63488", "[127, 224, 0, 0]", "[60, 0, 85, 80]",
             "[1, 0, 2, 0, 0, 0, 0, 0]", "[0, 0, 0, 8, 16, 0, 0, 0]",
             "ValueError: buffer too small", "ValueError: invalid format"]


def test_framebuf_fill_of_a_display_buffer_is_cheap():
    lines = run("""
        import framebuf, time
        buf = bytearray(1024)
        fb = framebuf.FrameBuffer(buf, 128, 64, framebuf.MONO_VLSB)
        t = time.ticks_us()
        for i in range(10):
            fb.fill(i & 1)
        print(time.ticks_diff(time.ticks_us(), t) < 20000)
    """)
    assert lines == ["True"]


# --- the hardware drivers ------------------------------------------------------------------


def test_driver_modules_import_and_keep_their_constants():
    assert run("""
        import onewire, ds18x20, ntptime, dht
        print(onewire.OneWire.SKIP_ROM, onewire.OneWire.MATCH_ROM, onewire.OneWire.SEARCH_ROM)
        print(issubclass(onewire.OneWireError, Exception), ntptime.host, ntptime.timeout)
        print(dht.DHT22.__name__, ds18x20.DS18X20.__name__)
    """) == ["204 85 240", "True pool.ntp.org 1", "DHT22 DS18X20"]


def test_neopixel_buffer_order_and_write():
    if not host_has("machine", "bitstream"):
        pytest.skip("the host's machine.bitstream is not there yet")
    assert run("""
        import machine, neopixel
        np = neopixel.NeoPixel(machine.Pin(4), 3)
        np[0] = (255, 10, 0)
        np[2] = (1, 2, 3)
        print(len(np), np[0], list(np.buf), np.timing)
        np.fill((0, 0, 9))
        print(list(np.buf))
        np.write()
        w = neopixel.NeoPixel(machine.Pin(5), 1, bpp=4, timing=0)
        w[0] = (1, 2, 3, 4)
        print(list(w.buf), w.timing)
    """) == ["3 (255, 10, 0) [10, 255, 0, 0, 0, 0, 2, 1, 3] (400, 850, 800, 450)",
             "[0, 0, 9, 0, 0, 9, 0, 0, 9]", "[2, 1, 3, 4] (800, 1700, 1600, 900)"]


def test_dht_without_a_sensor_times_out_as_on_the_board():
    if not host_has("esp", "dht_readinto"):
        pytest.skip("the host's esp.dht_readinto is not there yet")
    assert run("""
        import dht, machine
        d = dht.DHT22(machine.Pin(15))
        try:
            d.measure()
        except OSError as e:
            print('OSError', e.errno)
    """) == ["OSError 116"]


def test_onewire_scan_on_an_empty_bus():
    if not host_has("_onewire", "reset"):
        pytest.skip("the host's _onewire.reset is not there yet")
    assert run("""
        import onewire, ds18x20, machine
        ow = onewire.OneWire(machine.Pin(4))
        print(ow.reset(), ow.scan(), ow.crc8(b'\\x00'))
        ds = ds18x20.DS18X20(ow)
        print(ds.scan())
        try:
            ds.convert_temp()
        except onewire.OneWireError:
            print('OneWireError')
    """) == ["False [] 0", "[]", "OneWireError"]


# --- asyncio -------------------------------------------------------------------------------


def test_asyncio_tasks_share_the_virtual_clock():
    assert run("""
        import asyncio, time
        t0 = time.ticks_ms()
        def now():
            return time.ticks_diff(time.ticks_ms(), t0) // 100
        async def blink(name, n, ms):
            for i in range(n):
                print(name, i, now())
                await asyncio.sleep_ms(ms)
            return name
        async def slow():
            await asyncio.sleep(5)
        async def main():
            t = asyncio.create_task(blink('b', 2, 300))
            print(await asyncio.gather(blink('a', 3, 200), t))
            try:
                await asyncio.wait_for(slow(), 0.5)
            except asyncio.TimeoutError:
                print('timeout', now())
            ev = asyncio.Event()
            async def waiter():
                await ev.wait()
                print('event', now())
            asyncio.create_task(waiter())
            await asyncio.sleep(0.1)
            ev.set()
            lock = asyncio.Lock()
            async with lock:
                print('locked', lock.locked())
            await asyncio.sleep(0)
            return 42
        print(asyncio.run(main()))
        import uasyncio
        print(uasyncio.run is asyncio.run)
    """) == ["b 0 0", "a 0 0", "a 1 2", "b 1 3", "a 2 4", "['a', 'b']", "timeout 11",
             "locked True", "event 12", "42", "True"]


def test_asyncio_cancel_and_errors():
    assert run("""
        import asyncio
        async def forever():
            try:
                while True:
                    await asyncio.sleep_ms(10)
            except asyncio.CancelledError:
                print('cancelled')
                raise
        async def boom():
            raise ValueError('bad')
        async def main():
            t = asyncio.create_task(forever())
            await asyncio.sleep_ms(50)
            print(t.cancel(), t.done)
            await asyncio.sleep_ms(0)
            print(t.done, t.cancel())
            print(await asyncio.gather(boom(), return_exceptions=True))
            try:
                await boom()
            except ValueError as e:
                print('caught', e)
        asyncio.run(main())
    """) == ["True False", "cancelled", "True False", "[ValueError('bad',)]", "caught bad"]
