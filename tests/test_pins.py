"""microbit pins, i2c, spi and uart: modes, levels, PWM, touch and errors as the firmware has them."""

import pytest
from helpers import output, run
from terakoya.simulator.model.pins import PinChanged, SpiWritten, pwm_period_us


def pin_events(board, pin):
    return [(e.mode, e.value, e.period_us) for e in board.events
            if isinstance(e, PinChanged) and e.pin == pin]


# -- the pin objects -------------------------------------------------------------------------
def test_pin_types_and_what_each_can_do():
    text = output("""
        from microbit import *
        for p in (pin0, pin3, pin5, pin10, pin_logo, pin_speaker, i2c, spi, uart):
            print(p, type(p).__name__)
        print(hasattr(pin5, 'read_analog'), hasattr(pin3, 'is_touched'), hasattr(pin0, 'is_touched'))
        print(hasattr(pin_logo, 'read_digital'), hasattr(pin_logo, 'get_mode'), hasattr(pin_speaker, 'read_analog'))
        print(hasattr(pin0, 'get_analog_period_microseconds'), hasattr(pin0, 'was_touched'))
        print(pin0.PULL_UP, pin0.PULL_DOWN, pin0.NO_PULL, pin_logo.RESISTIVE, pin_logo.CAPACITIVE)
        print(uart.ODD, uart.EVEN)
    """)
    assert text.splitlines() == [
        "<MicroBitTouchPin> MicroBitTouchPin", "<MicroBitAnalogDigitalPin> MicroBitAnalogDigitalPin",
        "<MicroBitDigitalPin> MicroBitDigitalPin", "<MicroBitAnalogDigitalPin> MicroBitAnalogDigitalPin",
        "<MicroBitTouchOnlyPin> MicroBitTouchOnlyPin", "<MicroBitDigitalPin> MicroBitDigitalPin",
        "<MicroBitI2C> MicroBitI2C", "<MicroBitSPI> MicroBitSPI", "<MicroBitUART> MicroBitUART",
        "False False True", "False False False", "True False", "0 1 2 0 1", "1 0"]


def test_every_pin_starts_in_the_firmwares_mode():
    text = output("""
        from microbit import *
        pins = (pin0, pin1, pin2, pin3, pin4, pin5, pin6, pin7, pin8, pin9, pin10, pin11,
                pin12, pin13, pin14, pin15, pin16, pin19, pin20, pin_speaker)
        print(' '.join(p.get_mode() for p in pins))
    """)
    assert text == ("unused unused unused display display button display display unused unused "
                    "display button unused unused unused unused unused i2c i2c unused\n")


@pytest.mark.parametrize("call, message", [
    ("pin0.write_digital()", "TypeError: function takes 2 positional arguments but 1 were given"),
    ("pin0.write_digital(1, 2)", "TypeError: function takes 2 positional arguments but 3 were given"),
    ("pin0.write_digital(value=1)", "TypeError: function doesn't take keyword arguments"),
    ("pin0.write_digital(2)", "ValueError: value must be 0 or 1"),
    ("pin0.write_digital(-1)", "ValueError: value must be 0 or 1"),
    ("pin0.write_digital(1.0)", "TypeError: can't convert float to int"),
    ("pin0.write_digital(2 ** 40)", "OverflowError: overflow converting long int to machine word"),
    ("pin0.write_analog(1024)", "ValueError: value must be between 0 and 1023"),
    ("pin0.write_analog(1023.5)", "ValueError: value must be between 0 and 1023"),
    ("pin0.write_analog('x')", "TypeError: can't convert str to int"),
    ("pin3.write_digital(1)", "ValueError: Pin 3 in display mode"),
    ("pin10.read_analog()", "ValueError: Pin 10 in display mode"),
    ("pin5.write_digital(0)", "ValueError: Pin 5 in button mode"),
    ("pin19.read_digital()", "ValueError: Pin 19 in i2c mode"),
    ("pin0.get_pull()", "ValueError: Pin 0 in unused mode"),
    ("pin_logo.was_touched()", "AttributeError: 'MicroBitTouchOnlyPin' object has no attribute 'was_touched'"),
    ("pin5.read_analog()", "AttributeError: 'MicroBitDigitalPin' object has no attribute 'read_analog'"),
])
def test_errors_read_as_on_the_board(call, message):
    text = output(f"from microbit import *\n{call}\n")
    assert text.splitlines()[-1] == message


# -- digital ------------------------------------------------------------------------------------
def test_write_digital_is_published_for_a_window_or_lesson_check():
    board = run("""
        from microbit import *
        pin1.write_digital(1)
        sleep(100)
        pin1.write_digital(0)
        print(pin1.get_mode())
    """)
    assert board.serial_output == "write_digital\n"
    assert pin_events(board, "pin1") == [("write_digital", 1, None), ("write_digital", 0, None)]
    assert board.model.pins.output("pin1") == ("write_digital", 0, None)


def test_reading_makes_an_output_pin_an_input():
    board = run("""
        from microbit import *
        pin8.write_digital(1)
        print(pin8.read_digital(), pin8.get_mode())
    """)
    assert board.serial_output == "0 read_digital\n"
    assert pin_events(board, "pin8")[-1] == ("read_digital", None, None)


def test_a_floating_pin_reads_its_pull():
    text = output("""
        from microbit import *
        print(pin0.read_digital(), pin8.read_digital())   # pull-down
        pin0.set_pull(pin0.PULL_UP); pin8.set_pull(pin8.PULL_UP)
        print(pin0.read_digital(), pin8.read_digital())
        pin0.set_pull(pin0.NO_PULL); pin8.set_pull(pin8.NO_PULL)
        print(pin0.read_digital(), pin8.read_digital())   # pin0 has a 10 MOhm pull-up
    """)
    assert text == "0 0\n1 1\n1 0\n"


def test_get_pull_tells_what_the_firmware_remembers():
    text = output("""
        from microbit import *
        pin1.read_digital()
        print(pin1.get_pull() == pin1.PULL_UP)   # its table starts zeroed: PULL_UP
        pin2.set_pull(pin2.NO_PULL)
        print(pin2.get_mode(), pin2.get_pull())
        print(pin5.get_pull())
    """)
    assert text == "True\nread_digital 2\n0\n"


def test_read_digital_follows_an_analog_level_set_from_outside(sim):
    board = sim.add_board(source="""
from microbit import *
pin0.set_pull(pin0.PULL_UP)
while True:
    print(pin0.read_digital(), pin0.read_analog())
    sleep(100)
""")
    sim.run(ms=50)
    board.set("pin0", 800)
    sim.run(ms=100)
    board.set("pin0", 100)
    sim.run(ms=100)
    assert board.serial_output == "1 0\n1 800\n0 100\n"


def test_a_finger_pulls_a_floating_touch_pin_low(sim):
    board = sim.add_board(source="""
from microbit import *
pin1.set_pull(pin1.NO_PULL)
while True:
    print(pin1.read_digital())
    sleep(100)
""")
    sim.run(ms=50)
    board.touch("pin1", hold_ms=100)
    sim.run(ms=200)
    assert board.serial_output == "1\n0\n1\n"


def test_button_pins_read_the_buttons(sim):
    board = sim.add_board(source="""
from microbit import *
while True:
    print(pin5.read_digital(), pin11.read_digital(), pin5.get_mode())
    sleep(100)
""")
    sim.run(ms=50)
    board.press("A", hold_ms=100)
    sim.run(ms=200)
    assert board.serial_output == "1 1 button\n0 1 button\n1 1 button\n"


def test_display_off_frees_its_pins_and_on_takes_them_back():
    text = output("""
        from microbit import *
        pin9.write_digital(1)                 # not a display pin on V2
        display.off()
        print(pin3.get_mode(), pin10.read_analog(), pin4.read_digital())
        pin6.write_digital(1)
        display.on()
        print(pin6.get_mode(), pin3.get_mode(), pin9.get_mode())
    """)
    assert text == "unused 0 0\ndisplay display write_digital\n"


# -- analog (PWM) ---------------------------------------------------------------------------------
def test_write_analog_outputs_pwm_with_the_shared_period():
    board = run("""
        from microbit import *
        print(pin1.get_analog_period_microseconds())
        pin1.write_analog(511.5)
        pin2.write_analog(100)
        print(pin1.get_mode(), pin1.get_analog_period_microseconds())
        pin2.set_analog_period(10)
        print(pin1.get_analog_period_microseconds())
        pin2.set_analog_period_microseconds(300000)   # too long for the nRF52: ignored
        print(pin1.get_analog_period_microseconds())
        pin1.write_analog(0)
        print(pin1.get_mode(), pin1.get_analog_period_microseconds())
    """)
    assert board.serial_output == "-1\nwrite_analog 20000\n10000\n10000\nunused 10000\n"
    assert pin_events(board, "pin1") == [("write_analog", 512, 20000), ("write_analog", 512, 10000),
                                         ("unused", 0, 10000)]


def test_set_analog_period_starts_pwm_at_zero_without_changing_the_mode():
    board = run("""
        from microbit import *
        pin8.set_analog_period(5)
        print(pin8.get_mode(), pin8.get_analog_period_microseconds())
    """)
    assert board.serial_output == "unused 5000\n"
    assert board.model.pins.output("pin8") == ("unused", 0, 5000)


def test_a_fifth_pwm_pin_takes_the_oldest_channel():
    board = run("""
        from microbit import *
        for p in (pin0, pin1, pin2, pin8, pin12):
            p.write_analog(300)
        print(pin0.get_mode())
    """)
    assert board.serial_output == "write_analog\n"
    pins = board.model.pins
    assert pins.output("pin0") == ("write_analog", 0, None)  # its channel went to pin12
    assert [pins.output(p).value for p in ("pin1", "pin2", "pin8", "pin12")] == [300] * 4


def test_pwm_periods_round_as_the_hardware_does():
    assert [pwm_period_us(p) for p in (20000, 256, 50000, 262143, 262144, -1)] == \
        [20000, 256, 50000, 262136, None, None]


# -- touch ---------------------------------------------------------------------------------------
def test_is_touched_follows_touches_and_takes_the_pin(sim):
    board = sim.add_board(source="""
from microbit import *
pin0.write_digital(1)
while True:
    print(pin0.is_touched(), pin_logo.is_touched(), pin0.get_mode())
    sleep(100)
""")
    sim.run(ms=50)
    board.touch("logo", hold_ms=100)
    sim.run(ms=100)
    board.touch("pin0", hold_ms=100)
    sim.run(ms=200)
    assert board.serial_output == ("False False touch\nFalse True touch\nTrue False touch\n"
                                   "False False touch\n")
    assert pin_events(board, "pin0")[-1] == ("touch", None, None)


def test_set_touch_mode():
    board = run("""
        from microbit import *
        pin_logo.set_touch_mode(pin_logo.RESISTIVE)
        pin2.set_touch_mode(pin2.CAPACITIVE)
        print(pin2.get_mode())
        pin2.set_touch_mode('x')
    """)
    assert board.serial_output.splitlines()[0] == "touch"
    assert board.serial_output.splitlines()[-1] == "TypeError: can't convert str to int"
    states = board.model.pins.states
    assert (states["pin_logo"].touch_mode, states["pin2"].touch_mode) == (0, 1)


def test_a_reset_puts_every_pin_back(sim):
    board = sim.add_board(source="""
from microbit import *
display.off()
pin3.write_digital(1)
pin1.write_analog(700)
pin0.set_analog_period(3)
""")
    sim.run(ms=10)
    board.model.reset_state()
    pins = board.model.pins
    assert [pins.mode(p) for p in ("pin0", "pin1", "pin3")] == ["unused", "unused", "display"]
    assert pins.output("pin1") == ("unused", None, None)
    assert pins.pwm_period_us == 20000
    assert pin_events(board, "pin1")[-1] == ("unused", None, None)


# -- i2c -------------------------------------------------------------------------------------------
def test_i2c_on_a_bare_board():
    board = run("""
        from microbit import *
        i2c.init()
        i2c.init(400000, sda=pin20, scl=pin19)
        print(i2c.scan())
        try:
            i2c.write(0x40, bytes([1, 2]))
        except OSError as e:
            print(e.errno, e)
        i2c.read(0x40, 2)
    """)
    assert board.serial_output.splitlines() == [
        "[]", "19 [Errno 19] ENODEV", "Traceback (most recent call last):",
        '  File "main.py", line 10, in <module>', "OSError: [Errno 19] ENODEV"]


@pytest.mark.parametrize("call, message", [
    ("i2c.init(sda=pin_logo)", "TypeError: expecting a pin"),
    ("i2c.init(freq=1.5)", "TypeError: can't convert float to int"),
    ("i2c.init(1, 2, 3, 4)", "TypeError: extra positional arguments given"),
    ("i2c.init(speed=1)", "TypeError: extra keyword arguments given"),
    ("i2c.read(0x40)", "TypeError: 'n' argument required"),
    ("i2c.read(0x40, -5)", "MemoryError: memory allocation failed, allocating 4294967292 bytes"),
    ("i2c.write(0x40, 5)", "TypeError: object with buffer protocol required"),
    ("i2c.scan(1)", "TypeError: function takes 1 positional arguments but 2 were given"),
])
def test_i2c_argument_errors(call, message):
    assert output(f"from microbit import *\n{call}\n").splitlines()[-1] == message


def test_the_i2c_error_is_enodev_as_on_a_board_with_nothing_attached():
    # As on a micro:bit with nothing on its I2C bus: OSError ENODEV. The host's note ("No I2C
    # device answered ...", added with add_note) stays on the host: MicroPython 1.18 has no
    # __notes__ (a CPython 3.11 feature), so the board's error is the firmware's own.
    text = output("""
        from microbit import *
        try:
            i2c.read(0x1e, 6)
        except OSError as e:
            print(type(e).__name__, e, e.args, hasattr(e, '__notes__'))
        i2c.write(0x1e, b'x')
    """)
    assert text.splitlines() == ["OSError [Errno 19] ENODEV (19,) False",
                                 "Traceback (most recent call last):",
                                 '  File "main.py", line 7, in <module>',
                                 "OSError: [Errno 19] ENODEV"]


# -- spi -------------------------------------------------------------------------------------------
def test_spi_must_be_initialised_first():
    assert output("from microbit import *\nspi.write(b'x')\n").splitlines()[-1] == \
        "ValueError: SPI not initialised"


def test_spi_init_takes_its_pins_and_sends_bytes():
    board = run("""
        from microbit import *
        spi.init(baudrate=500000, mode=3)
        print(pin13.get_mode(), pin14.get_mode(), pin15.get_mode())
        spi.write(b'abc')
        spi.write(bytearray([1, 2]))
        print(spi.read(0))
        pin13.write_digital(1)
    """)
    lines = board.serial_output.splitlines()
    assert lines[:2] == ["spi spi spi", "b''"]
    assert lines[-1] == "ValueError: Pin 13 in spi mode"
    assert [e.data for e in board.events if isinstance(e, SpiWritten)] == [b"abc", b"\x01\x02"]


@pytest.mark.parametrize("call, message", [
    ("spi.init(1000000, 8, 0, pin13)", "TypeError: extra positional arguments given"),
    ("spi.init(sclk=pin3)", "ValueError: Pin 3 in display mode"),
    ("spi.init(bits=7)", "OSError: -1001"),
    ("spi.init(); spi.write_readinto(b'ab', bytearray(3))",
     "ValueError: write and read buffers must be the same length"),
    ("spi.init(); spi.write_readinto(b'ab', b'cd')", "TypeError: object with buffer protocol required"),
])
def test_spi_errors(call, message):
    assert output(f"from microbit import *\n{call}\n").splitlines()[-1] == message


def test_spi_cannot_read_without_a_device():
    board = run("from microbit import *\nspi.init()\nspi.read(4)\n")
    assert board.error.startswith("main.py, line 3: NotSimulatedError: spi.read() works on a real")


# -- uart ------------------------------------------------------------------------------------------
def test_uart_write_goes_to_the_usb_serial_line():
    text = output("""
        from microbit import *
        print(uart.write('caf\\xe9\\r\\n'), uart.write(b'ab\\n'), uart.write(b'xyz', 1),
              uart.write(b'xyz', 1, 5), uart.write(''))
    """)
    assert text == "caf\u00e9\nab\nxyz7 3 1 2 0\n"  # x, then yz; the \xe9 is two bytes


def test_uart_reads_what_was_typed_and_none_when_nothing_is_there(sim):
    board = sim.add_board(source="""
from microbit import *
print(uart.any(), uart.read(), uart.readline())
while not uart.any():
    sleep(10)
print(uart.read(3), uart.readline(), uart.readline())
buf = bytearray(4)
while not uart.any():
    sleep(10)
print(uart.readinto(buf), buf, uart.readinto(buf))
""")
    sim.run(ms=5)
    board.serial_input("hello\nrest")
    sim.run(ms=50)
    board.serial_input("xy")
    sim.run(ms=50)
    # Enter is CR, not a line feed: readline goes on to what is there, then gives None
    assert board.serial_output == ("False None None\nb'hel' b'lo\\rrest' None\n"
                                   "2 bytearray(b'xy\\x00\\x00') None\n")


def test_uart_read_waits_the_character_timeout_after_init():
    text = output("""
        from microbit import *
        import utime
        t = utime.ticks_us(); uart.read(); print(utime.ticks_us() - t)
        uart.init(9600)
        t = utime.ticks_us(); print(uart.read()); print(utime.ticks_us() - t)
    """)
    # nothing there: no waiting at all, not even the 2 ms character timeout -- only the
    # program's own instructions and one host call (a few microseconds on the core engine)
    first, nothing, second = text.splitlines()
    assert nothing == "None"
    assert 0 <= int(first) < 50 and 0 <= int(second) < 50


def test_uart_read_stops_after_the_timeout_once_data_ends(sim):
    board = sim.add_board(source="""
from microbit import *
import utime
uart.init(9600)
while not uart.any():
    sleep(1)
t = utime.ticks_us()
data = uart.read()
print(data, utime.ticks_us() - t)
""")
    sim.run(ms=5)
    board.serial_input("abc")
    sim.run(ms=50)
    data, elapsed = board.serial_output.split()
    assert data == "b'abc'"
    assert 2000 <= int(elapsed) < 2100  # 13000 // 9600 + 1 = 2 ms for a next byte


@pytest.mark.parametrize("call, message", [
    ("uart.init(115200, tx=pin0, rx=pin1)", "NotSimulatedError: uart.init() with tx or rx pins works on a real micro:bit"),
    ("uart.init(parity='x')", "TypeError: can't convert str to int"),
    ("uart.init(9600, 8, None, 1, pin0)", "TypeError: extra positional arguments given"),
    ("uart.init(pins=(pin0,))", "ValueError: requested length 2 but object has length 1"),
    ("uart.init(tx=5)", "TypeError: expecting a pin"),
    ("uart.write(42)", "TypeError: object with buffer protocol required"),
    ("uart.read(nbytes=2)", "TypeError: function doesn't take keyword arguments"),
    ("uart.readinto(b'abc')", "TypeError: object with buffer protocol required"),
])
def test_uart_errors(call, message):
    assert output(f"from microbit import *\n{call}\n").splitlines()[-1].startswith(message)


def test_uart_init_back_to_usb_is_fine():
    assert output("from microbit import *\nuart.init(115200, tx=None, rx=None)\nprint('ok')\n") \
        == "ok\n"
