"""The ESP32's ``machine`` module on the real engine (MicroPython 1.23 as ESP32_GENERIC):
pins, PWM, ADC, I2C with parts, timers through the board's scheduler, RTC, WDT, sleeps and
resets. Time is virtual: nothing here sleeps for real."""

from __future__ import annotations

import textwrap

import pytest
from terakoya.simulator.board_modules.esp32.chip import set_touched
from terakoya.simulator.model.parts import Part
from terakoya.simulator.runner.session import SimBoard, Simulation


def run(source: str, ms: float = 10_000, parts: tuple[Part, ...] = (),
        files: dict[str, str] | None = None, setup=None) -> SimBoard:
    with Simulation(seed=1) as sim:
        board = sim.add_board(source=textwrap.dedent(source), kind="esp32", files=files,
                              start=False)
        for part in parts:
            board.model.add_part(part)
        if setup is not None:
            setup(board.model)
        board.program.start()
        sim.run_until_done(ms)
        if board.running:
            sim.stop()
    return board


def lines(board: SimBoard) -> list[str]:
    return board.serial_output.splitlines()


class FakeI2c(Part):
    """An I2C device with eight registers (a write sets the register pointer first)."""

    def __init__(self, address: int = 0x3C, scl: int = 22, sda: int = 21):
        super().__init__("dev1", {"scl": scl, "sda": sda}, {})
        self.address = address
        self.registers = bytearray(range(0x10, 0x18))
        self.pointer = 0
        self.written: list[bytes] = []

    def i2c_write(self, data: bytes) -> None:
        self.written.append(bytes(data))
        if data:
            self.pointer = data[0] % 8
            for i, byte in enumerate(data[1:]):
                self.registers[(self.pointer + i) % 8] = byte

    def i2c_read(self, count: int) -> bytes:
        return bytes(self.registers[(self.pointer + i) % 8] for i in range(count))


class Echo(Part):
    def __init__(self):
        super().__init__("echo1", {"echo": 5}, {})

    def pulse_us(self, level: int) -> int | None:
        return 580 if level == 1 else None


class Strip(Part):
    def __init__(self):
        super().__init__("np1", {"pin": 27}, {})
        self.data = b""

    def bitstream(self, data: bytes) -> None:
        self.data = data


def test_pin_repr_modes_and_errors():
    board = run("""
        from machine import Pin
        p = Pin(2, Pin.OUT)
        print(p, p is Pin(2), Pin.IN, Pin.OUT, Pin.OPEN_DRAIN, Pin.PULL_UP, Pin.PULL_DOWN)
        print(Pin.IRQ_RISING, Pin.IRQ_FALLING)
        p.on(); print(p.value(), p())
        p.off(); print(p.value())
        p(1); p.toggle(); print(p())
        q = Pin(4, Pin.IN, Pin.PULL_UP); print(q.value())
        q.init(pull=Pin.PULL_DOWN); print(q.value())
        for bad in (20, 40, -1):
            try:
                Pin(bad)
            except ValueError as e:
                print('ValueError:', e)
        try:
            Pin(34, Pin.OUT)
        except ValueError as e:
            print('ValueError:', e)
        print(Pin(34, Pin.IN))
    """)
    assert lines(board) == [
        "Pin(2) True 1 3 7 2 1", "1 2", "1 1", "0", "0", "1", "0",
        "ValueError: invalid pin", "ValueError: invalid pin", "ValueError: invalid pin",
        "ValueError: pin can only be input", "Pin(34)"]


def test_flash_pins_are_not_simulated():
    board = run("from machine import Pin\nPin(6, Pin.OUT)\n")
    assert "NotSimulatedError" in board.serial_output.splitlines()[-1]
    assert "flash" in board.serial_output


def test_pin_irq_handler_gets_the_pin_through_the_scheduler():
    board = run("""
        from machine import Pin
        import time
        seen = []
        button = Pin(0, Pin.IN, Pin.PULL_UP)
        button.irq(lambda p: seen.append((p, p.value())), Pin.IRQ_FALLING)
        time.sleep_ms(500)
        print(seen)
    """, setup=lambda b: b.scheduler.call_later(100_000, lambda: b.press("BOOT", True)))
    assert lines(board) == ["[(Pin(0), 0)]"]


def test_an_error_in_an_irq_handler_prints_and_the_program_goes_on():
    board = run("""
        from machine import Timer
        import time
        t = Timer(0)
        t.init(period=100, mode=Timer.ONE_SHOT, callback=lambda t: 1 / 0)
        time.sleep_ms(300)
        print('still here')
    """)
    out = board.serial_output
    assert "ZeroDivisionError: divide by zero" in out
    assert out.endswith("still here\n")
    assert board.end_kind == "ended"


def test_timer_periodic_and_one_shot():
    board = run("""
        from machine import Timer
        import time
        ticks = []
        t = Timer(1)
        t.init(period=100, mode=Timer.PERIODIC, callback=lambda t: ticks.append(time.ticks_ms()))
        print(t)
        time.sleep_ms(1050)
        t.deinit()
        print(len(ticks))
        once = []
        Timer(2).init(period=50, mode=Timer.ONE_SHOT, callback=lambda t: once.append(t))
        time.sleep_ms(300)
        print(once)
    """)
    out = lines(board)
    assert out[0] == "Timer(1, mode=PERIODIC, period=100)"
    assert out[1] == "10"
    assert out[2] == "[Timer(2, mode=ONE_SHOT, period=50)]"


def test_pwm_defaults_repr_ranges_and_the_pin():
    holder = {}
    board = run("""
        from machine import Pin, PWM
        p = PWM(Pin(2))
        print(p)
        p.duty_u16(1001); print(p, p.duty_u16())
        p.duty(1023); print(p.duty())
        p.freq(1000); print(p.freq(), p)
        p.duty_ns(250000); print(p)
        for call in (lambda: p.duty_u16(70000), lambda: p.duty(2000), lambda: p.freq(0),
                     lambda: PWM(Pin(4), freq=100, duty=1, duty_u16=2)):
            try:
                call()
            except ValueError as e:
                print('ValueError:', e)
        p.deinit(); print(p)
        try:
            p.duty()
        except RuntimeError as e:
            print('RuntimeError:', e)
        try:
            PWM(Pin(35))
        except OSError as e:
            print('OSError:', e)
        q = PWM(Pin(5), freq=50, duty_u16=4915)
    """, setup=lambda b: holder.update(board=b))
    assert lines(board) == [
        "PWM(Pin(2), freq=5000, duty=512)",
        "PWM(Pin(2), freq=5000, duty_u16=1000) 1000",
        "1023",
        "998 PWM(Pin(2), freq=998, duty=1023)",  # what the LEDC divider gives
        "PWM(Pin(2), freq=998, duty_ns=250004)",
        "ValueError: duty_u16 must be from 0 to 65535",
        "ValueError: duty must be from 0 to 1023",
        "ValueError: frequency must be from 1Hz to 40MHz",
        "ValueError: only one of parameters 'duty', 'duty_u16' or 'duty_ns' is allowed",
        "PWM(Pin(2))",
        "RuntimeError: PWM is inactive",
        "OSError: (-258, 'ESP_ERR_INVALID_ARG')",
    ]
    pwm = holder["board"].gpio.state(5).pwm
    assert pwm.freq_hz == 50 and pwm.pulse_us == pytest.approx(1500, abs=2)


def test_adc_reads_the_voltage_at_the_pin_by_attenuation():
    board = run("""
        from machine import ADC, Pin
        a = ADC(Pin(34))
        print(a, a.read(), a.read_u16(), a.read_uv())
        a.atten(ADC.ATTN_11DB)
        print(a, a.read(), a.read_uv())
        a.width(ADC.WIDTH_10BIT); print(a.read())
        b = ADC(Pin(35), atten=ADC.ATTN_11DB); print(b.read())
        try:
            ADC(Pin(5))
        except ValueError as e:
            print('ValueError:', e)
    """, setup=lambda b: (b.set_value("gpio34", 1.65), b.set_value("gpio35", 3.3)))
    assert lines(board) == ["ADC(Pin(34), atten=0) 4095 65535 1100000",
                            "ADC(Pin(34), atten=3) 2048 1650000", "512", "1023",
                            "ValueError: invalid pin"]


def test_i2c_talks_to_parts_and_a_missing_address_is_enodev():
    device = FakeI2c()
    board = run("""
        from machine import I2C, SoftI2C, Pin
        i2c = I2C(0, scl=Pin(22), sda=Pin(21))
        print(i2c)
        print(I2C(1))
        print(i2c.scan())
        print(i2c.readfrom_mem(0x3c, 2, 3))
        i2c.writeto_mem(0x3c, 4, b'\\xaa\\xbb')
        buf = bytearray(2)
        i2c.readfrom_mem_into(0x3c, 4, buf); print(buf)
        print(i2c.writeto(0x3c, b'\\x01'), i2c.readfrom(0x3c, 1))
        soft = SoftI2C(scl=Pin(22), sda=Pin(21))
        print(soft, soft.scan())
        soft.start(); print(soft.write(bytes([0x3c << 1, 6]))); soft.stop()
        soft.start(); soft.write(bytes([0x3c << 1 | 1])); b = bytearray(1); soft.readinto(b)
        soft.stop(); print(b)
        try:
            i2c.readfrom(0x50, 1)
        except OSError as e:
            print(e)
        try:
            I2C(2)
        except ValueError as e:
            print(e)
        i2c.writeto(0x50, b'x')
    """, parts=(device,))
    assert lines(board)[:11] == [
        "I2C(0, scl=22, sda=21, freq=400000, timeout=50000)",
        "I2C(1, scl=25, sda=26, freq=400000, timeout=50000)",
        "[60]", "b'\\x12\\x13\\x14'", "bytearray(b'\\xaa\\xbb')", "1 b'\\x11'",
        "SoftI2C(scl=22, sda=21, freq=500000) [60]", "2", "bytearray(b'\\x16')",
        "[Errno 19] ENODEV", "I2C(2) doesn't exist"]
    assert lines(board)[-1] == "OSError: [Errno 19] ENODEV"
    assert device.written[1] == b"\x04\xaa\xbb"


def test_spi_reads_a_floating_miso_and_uart0_is_the_serial_line():
    board = run("""
        from machine import SPI, SoftSPI, UART, Pin
        s = SPI(1); print(s)
        print(s.read(2))
        buf = bytearray(2); s.write_readinto(b'ab', buf); print(buf)
        print(SoftSPI(sck=Pin(18), mosi=Pin(23), miso=Pin(19)).read(1))
        u = UART(0); u.write('hello\\n')
        print(UART(2).read())
    """)
    assert lines(board) == [
        "SPI(id=1, baudrate=500000, polarity=0, phase=0, bits=8, firstbit=0, sck=14, mosi=13, "
        "miso=12)", "b'\\xff\\xff'", "bytearray(b'\\xff\\xff')", "b'\\xff'", "hello", "None"]


def test_time_pulse_us_bitstream_and_touch():
    strip = Strip()
    board = run("""
        from machine import Pin, time_pulse_us, bitstream, TouchPad
        print(time_pulse_us(Pin(5), 1, 30000))
        print(time_pulse_us(Pin(4, Pin.IN, Pin.PULL_DOWN), 1, 1000))
        bitstream(Pin(27, Pin.OUT), 0, (400, 850, 800, 450), b'\\x01\\x02\\x03')
        t = TouchPad(Pin(4)); print(t.read() > 400)
        print(TouchPad(Pin(2)).read())
        try:
            TouchPad(Pin(5))
        except ValueError as e:
            print(e)
    """, parts=(Echo(), strip), setup=lambda b: set_touched(b, 2, True))
    assert lines(board) == ["580", "-2", "True", "80", "invalid pin for touchpad"]
    assert strip.data == b"\x01\x02\x03"


def test_rtc_counts_from_2000_and_can_be_set():
    board = run("""
        from machine import RTC
        import time
        r = RTC()
        print(r.datetime())
        r.datetime((2026, 12, 7, 0, 9, 30, 0, 0))
        time.sleep(2)
        print(r.datetime()[:7])
        r.memory(b'kept'); print(r.memory())
    """)
    out = lines(board)
    assert out[0].startswith("(2000, 1, 1, 5, 0, 0, 0,")
    assert out[1:] == ["(2026, 12, 7, 0, 9, 30, 2)", "b'kept'"]


def test_machine_functions():
    board = run("""
        import machine
        print(machine.freq())
        machine.freq(240000000); print(machine.freq())
        try:
            machine.freq(100000000)
        except ValueError as e:
            print(e)
        print(len(machine.unique_id()), machine.reset_cause() == machine.PWRON_RESET)
        print(machine.wake_reason())
        s = machine.disable_irq(); machine.enable_irq(s)
        machine.lightsleep(100)
        print(machine.wake_reason() == machine.TIMER_WAKE)
        machine.mem32[0x3ff44004]
    """)
    out = lines(board)
    assert out[:6] == ["160000000", "240000000",
                       "frequency must be 20MHz, 40MHz, 80Mhz, 160MHz or 240MHz",
                       "6 True", "0", "True"]
    assert out[-1].startswith("NotSimulatedError:")


def test_deepsleep_restarts_the_board_with_deepsleep_reset():
    board = run("""
        import machine, time
        if machine.reset_cause() == machine.DEEPSLEEP_RESET:
            print('woke', machine.wake_reason() == machine.TIMER_WAKE, time.ticks_ms() < 100)
        else:
            print('sleeping')
            machine.deepsleep(2000)
    """, ms=5000)
    assert lines(board) == ["sleeping", "woke True True"]


def test_machine_reset_and_a_starved_watchdog():
    board = run("""
        import machine, time
        cause = machine.reset_cause()
        print(cause)
        if cause == machine.PWRON_RESET:
            machine.reset()
        elif cause == machine.SOFT_RESET:
            w = machine.WDT(timeout=1000)
            for i in range(3):
                time.sleep_ms(500); w.feed()
            print('fed')
            time.sleep_ms(3000)
            print('not reached')
    """, ms=10_000)
    assert lines(board) == ["1", "5", "fed", "3"]


def test_interrupts_that_come_together_all_run_before_the_sleep_goes_on():
    """The core runs one Python callback per mp_handle_pending: the engine's delay loop runs
    them all before waiting again, as the firmware's loop does on its next tick."""
    from terakoya.simulator.runner.session import Simulation

    circuit = ('[[part]]\nid = "b1"\ntype = "button"\npin = 4\nbounce = true\n'
               '[[part]]\nid = "b2"\ntype = "button"\npin = 16\nbounce = true\n')
    source = ("from machine import Pin\nimport time\nseen = []\n"
              "def h(p):\n    seen.append(time.ticks_ms())\n"
              "for n in (4, 16):\n    Pin(n, Pin.IN, Pin.PULL_UP).irq(h, Pin.IRQ_FALLING | "
              "Pin.IRQ_RISING)\ntime.sleep_ms(250)\nprint(len(seen), max(seen))\n")
    with Simulation() as sim:
        board = sim.add_board(source=source, kind="esp32", circuit=circuit)
        sim.scheduler.call_at(200_000, lambda: (board.set("b1.pressed", 1),
                                                board.set("b2.pressed", 1)))
        sim.run(1000)
        count, latest = (int(n) for n in board.serial_output.split())
    assert count >= 4 and latest <= 201
