"""power, machine and neopixel on the virtual clock, as the firmware has them."""

import pytest
from helpers import output, run
from terakoya.simulator.model.events import StopKind
from terakoya.simulator.model.neopixel import NeoPixelsShown, decode


def last_line(text: str) -> str:
    return text.splitlines()[-1]


# -- power -----------------------------------------------------------------------------------
def test_power_off_ends_the_program_and_darkens_the_display():
    board = run("""
        from microbit import *
        import power
        display.show(Image.HEART)
        run_every(lambda: print('tick'), ms=100)
        sleep(250)
        power.off()
        print('never')
    """)
    assert board.end_kind == StopKind.POWER_OFF
    assert board.serial_output == "tick\ntick\n"
    assert board.display_image() == "00000:00000:00000:00000:00000"


def test_deep_sleep_for_a_time():
    text = output("""
        import power
        from microbit import running_time
        power.deep_sleep(1500)
        print(running_time())
        power.deep_sleep(ms=0)
        print(running_time())
        power.deep_sleep(200, None, False)
        print(running_time())
    """)
    assert text == "1500\n1500\n1700\n"


def test_deep_sleep_wakes_on_a_button_or_a_touched_pin(sim):
    board = sim.add_board(source="""
import power
from microbit import *
power.deep_sleep(wake_on=button_b)
print('b', running_time())
power.deep_sleep(10000, wake_on=(pin1, button_a))
print('pin1', running_time())
power.deep_sleep(10000, wake_on=[button_a])
print('timeout', running_time())
""")
    sim.run(300)
    board.press("A")  # not a wake source yet
    sim.run(300)
    board.press("B")
    sim.run(400)
    board.touch("pin1")
    sim.run(12_000)
    assert board.serial_output == "b 600\npin1 1000\ntimeout 11000\n"


def test_deep_sleep_wakes_when_serial_data_arrives(sim):
    board = sim.add_board(source="import power\nfrom microbit import *\n"
                                 "power.deep_sleep(5000)\nprint(running_time())\n")
    sim.run(700)
    board.serial_input("x")
    sim.run(100)
    assert board.serial_output == "700\n"


def test_a_button_held_down_wakes_at_once(sim):
    board = sim.add_board(source="import power\nfrom microbit import *\nsleep(100)\n"
                                 "power.deep_sleep(5000, button_a)\nprint(running_time())\n")
    board.press("A", hold_ms=500)
    sim.run(300)
    assert board.serial_output == "100\n"


def test_deep_sleep_runs_run_every_callbacks_by_default():
    text = output("""
        import power
        from microbit import *
        @run_every(ms=300)
        def tick():
            print('tick', running_time())
        power.deep_sleep(1000)
        print('awake', running_time())
    """)
    assert text.splitlines() == ["tick 300", "tick 600", "tick 900", "awake 1000"]


def test_deep_sleep_without_run_every_skips_the_runs_and_keeps_the_timing():
    text = output("""
        import power
        from microbit import *
        @run_every(ms=300)
        def tick():
            print('tick', running_time())
        power.deep_sleep(1000, run_every=False)
        print('awake', running_time())
        sleep(500)
    """)
    assert text.splitlines() == ["awake 1000", "tick 1200", "tick 1500"]


@pytest.mark.parametrize("call, error", [
    ("power.deep_sleep(1.5)", "TypeError: can't convert float to int"),
    ("power.deep_sleep(2**40)", "OverflowError: overflow converting long int to machine word"),
    ("power.deep_sleep(wake_on=5)", "ValueError: expecting a pin or button"),
    ("power.deep_sleep(wake_on=(button_a, 'b'))", "ValueError: expecting a pin or button"),
    ("power.deep_sleep(wake_on=pin_logo)", "ValueError: expecting a pin or button"),
    ("power.deep_sleep(10, seconds=1)", "TypeError: extra keyword arguments given"),
    ("power.deep_sleep(10, ms=10)", "TypeError: extra keyword arguments given"),
    ("power.deep_sleep(1, None, True, 4)", "TypeError: extra positional arguments given"),
    ("power.off(1)", "TypeError: function takes 0 positional arguments but 1 were given"),
])
def test_power_errors(call, error):
    assert last_line(output(f"import power\nfrom microbit import *\n{call}\n")) == error


# -- machine ---------------------------------------------------------------------------------
def test_unique_id_is_stable_and_differs_between_boards(sim):
    source = "import machine\nprint(machine.unique_id(), machine.mem32[0x10000060])\n"
    first, second = (sim.add_board(source=source) for _ in range(2))
    again = sim.add_board(source=source)
    sim.run(100)
    assert first.serial_output != second.serial_output
    uid = eval(first.serial_output.split(" ")[0])
    assert isinstance(uid, bytes) and len(uid) == 8
    word = int(first.serial_output.split(" ")[1])
    assert word % 2**32 == int.from_bytes(uid[:4], "little")
    assert output(source) == first.serial_output  # board 1 of another run
    assert again.serial_output not in (first.serial_output, second.serial_output)


def test_machine_basics():
    text = output("""
        import machine
        print(machine.freq(), machine.mem8, machine.mem16, machine.mem32)
        s = machine.disable_irq()
        print(s, machine.disable_irq())
        machine.enable_irq(s)
        print(machine.disable_irq())
        print(sorted(n for n in dir(machine) if not n.startswith('_')))
    """)
    assert text.splitlines() == [
        "64000000 <8-bit memory> <16-bit memory> <32-bit memory>", "0 1", "0",
        "['disable_irq', 'enable_irq', 'freq', 'mem16', 'mem32', 'mem8', 'reset', "
        "'time_pulse_us', 'unique_id']"]


def test_machine_reset_restarts_the_program(sim):
    board = sim.add_board(source="import machine\nprint('boot')\nmachine.reset()\n")
    sim.run(120)
    assert board.serial_output == "boot\nboot\nboot\n"


@pytest.mark.parametrize("call, error", [
    ("machine.mem32[0x10000062]", "ValueError: address 10000062 is not aligned to 4 bytes"),
    ("machine.mem16[-1]", "ValueError: address ffffffff is not aligned to 2 bytes"),
    ("machine.mem8[1.0]", "TypeError: can't convert float to int"),
    ("machine.time_pulse_us(5, 1)", "TypeError: expecting a pin"),
    ("machine.time_pulse_us(pin_logo, 1)", "TypeError: expecting a pin"),
    ("machine.time_pulse_us(pin0)", "TypeError: function missing 1 required positional arguments"),
    ("machine.time_pulse_us(pin0, 1, 10, 4)", "TypeError: function expected at most 3 arguments, got 4"),
    ("machine.time_pulse_us(pin0, 1, timeout_us=10)", "TypeError: function doesn't take keyword arguments"),
    ("machine.enable_irq(0.5)", "TypeError: can't convert float to int"),
])
def test_machine_errors(call, error):
    assert last_line(output(f"import machine\nfrom microbit import *\n{call}\n")) == error


def test_other_memory_is_not_simulated():
    text = output("import machine\nmachine.mem32[0x50000504] = 1\n")
    assert "writing memory at 0x50000504 works on a real micro:bit" in last_line(text)
    text = output("import machine\nprint(machine.mem32[0x20000000])\n")
    assert "reading memory at 0x20000000 works on a real micro:bit" in last_line(text)


def test_time_pulse_us_on_a_pin_nothing_drives_times_out():
    text = output("""
        import machine
        from microbit import *
        t = running_time()
        print(machine.time_pulse_us(pin8, 1), running_time() - t)
        print(machine.time_pulse_us(pin8, 0, 2000), machine.time_pulse_us(pin8, 1, 0))
        print(running_time() - t)
    """)
    # a pulse that never starts: -2; one that never ends: -1
    assert text.splitlines() == ["-2 1000", "-1 -2", "1002"]


def test_time_pulse_us_measures_a_button_press(sim):
    board = sim.add_board(source="""
import machine
from microbit import *
print(machine.time_pulse_us(pin5, 0, 5_000_000))
""")
    sim.run(300)
    board.press("A", hold_ms=240)
    sim.run(500)
    assert board.serial_output == "240000\n"


# -- neopixel --------------------------------------------------------------------------------
def shown(board):
    return [e for e in board.events if isinstance(e, NeoPixelsShown)]


def test_neopixel_stores_colours_in_wire_order_and_shows_them():
    board = run("""
        from microbit import *
        import neopixel
        np = neopixel.NeoPixel(pin0, 3)
        np[0] = (255, 0, 0)
        np[1] = [300, -1, 7]
        np[-1] = (1, 2, 3)
        print(np[0], np[1], np[2], len(np), np.buf)
        np.show()
        np.fill((0, 0, 9))
        np.write()
        np.clear()
        print(np[0])
    """)
    assert board.serial_output.splitlines() == [
        "(255, 0, 0) (44, 255, 7) (1, 2, 3) 3 "
        "bytearray(b'\\x00\\xff\\x00\\xff,\\x07\\x02\\x01\\x03')",
        "(0, 0, 0)"]
    assert [e.colours for e in shown(board)] == [
        ((255, 0, 0), (44, 255, 7), (1, 2, 3)), ((0, 0, 9),) * 3, ((0, 0, 0),) * 3]
    assert {e.pin for e in shown(board)} == {"pin0"}
    assert board.model.neopixels.colours("pin0") == ((0, 0, 0),) * 3


def test_rgbw_strips_have_four_values_a_pixel():
    board = run("""
        from microbit import *
        import neopixel
        np = neopixel.NeoPixel(pin1, 2, bpp=4)
        np[1] = (1, 2, 3, 4)
        print(np[1], np.buf)
        np.show()
    """)
    assert board.serial_output == "(1, 2, 3, 4) bytearray(b'\\x00\\x00\\x00\\x00\\x02\\x01\\x03\\x04')\n"
    assert shown(board)[0].colours == ((0, 0, 0, 0), (1, 2, 3, 4))


def test_sending_to_a_long_strip_takes_time():
    text = output("""
        from microbit import *
        import neopixel
        np = neopixel.NeoPixel(pin2, 300)
        t = running_time()
        np.show()
        print(running_time() - t)
    """)
    assert text == "9\n"  # 900 bytes at 800 kbit/s


@pytest.mark.parametrize("lines, error", [
    ("np = neopixel.NeoPixel(pin0, 3)\nnp[3] = (1, 2, 3)", "IndexError: bytearray index out of range"),
    ("np = neopixel.NeoPixel(pin0, 3)\nnp[0] = (1, 2)", "IndexError: tuple index out of range"),
    ("np = neopixel.NeoPixel(pin0, 3)\nnp[0] = (1.0, 2, 3)", "TypeError: can't convert float to int"),
    ("np = neopixel.NeoPixel(pin0, 3)\nnp[0.5] = (1, 2, 3)", "TypeError: bytearray indices must be integers, not float"),
    ("np = neopixel.NeoPixel(pin0, 2.5)", "TypeError: 'float' object isn't iterable"),
    ("np = neopixel.NeoPixel(pin0, -1)", "MemoryError: memory allocation failed, allocating 4294967293 bytes"),
    ("np = neopixel.NeoPixel(7, 3)\nnp.show()", "TypeError: expecting a pin"),
    ("np = neopixel.NeoPixel(pin_logo, 3)\nnp.show()", "TypeError: expecting a pin"),
    ("np = neopixel.NeoPixel(pin0, 3, 5)\nnp[0] = (1, 2, 3, 4, 5)", "IndexError: tuple index out of range"),
])
def test_neopixel_errors_as_the_frozen_module_gives_them(lines, error):
    assert last_line(output(f"from microbit import *\nimport neopixel\n{lines}\n")) == error


def test_decoding_wire_bytes():
    assert decode(b"\x01\x02\x03\x04\x05\x06\x07") == ((2, 1, 3), (5, 4, 6))
    assert decode(b"\x01\x02\x03\x04", 4) == ((2, 1, 3, 4),)


def test_typed_characters_of_several_bytes_reach_the_board_a_byte_at_a_time():
    """The firmware's readline keeps printable ASCII only (32-126): Japanese typed into
    input() is dropped there as on the board, and the next line is read whole."""
    from terakoya.simulator.runner.session import Simulation

    with Simulation() as sim:
        board = sim.add_board(source="a = input()\nb = input()\nprint(repr(a), repr(b))\n")
        sim.run(100)
        board.serial_input("ゆいA\nok\n")
        sim.run(500)
        assert board.serial_output.splitlines()[-1] == "'A' 'ok'"
