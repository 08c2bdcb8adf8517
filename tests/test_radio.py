"""The radio module: boards talking to each other as V2 firmware boards do (modradio.c)."""

import textwrap

import pytest
from helpers import output
from terakoya.simulator.model.radio import (
    RAMP_US,
    RATE_1MBIT,
    RATE_2MBIT,
    RadioDropped,
    RadioReceived,
    RadioSent,
    airtime_us,
)
from terakoya.simulator.runner.scenario import parse_scenario, schedule_scenario
from terakoya.simulator.runner.session import Simulation


def boards(*sources: str, ms: float = 2000) -> list:
    """Run one board per source in one simulation until all end; return the boards."""
    with Simulation(seed=1) as sim:
        result = [sim.add_board(source=textwrap.dedent(s)) for s in sources]
        sim.run_until_done(ms)
    return result


SENDER = """
    import radio
    from microbit import *
    {setup}
    sleep(10)
    for message in {messages!r}:
        radio.send(message)
"""
READER = """
    import radio
    from microbit import *
    {setup}
    sleep(100)
    got = []
    while True:
        m = radio.receive()
        if m is None:
            break
        got.append(m)
    print(got)
"""


def sender(messages, setup: str = "") -> str:
    return textwrap.dedent(SENDER.format(messages=list(messages), setup=setup))


def reader(setup: str = "") -> str:
    return textwrap.dedent(READER.format(setup=setup))


def test_a_message_goes_to_the_other_board_and_not_back_to_the_sender():
    a, b = boards(sender(["hello"]) + "print(radio.receive())", reader())
    assert a.serial_output == "None\n"
    assert b.serial_output == "['hello']\n"
    assert [e.data for e in a.events if isinstance(e, RadioSent)] == [b"\x01\x00\x01hello"]
    assert [(e.data, e.sender) for e in b.events if isinstance(e, RadioReceived)] == \
        [(b"\x01\x00\x01hello", 1)]


def test_every_board_hears_every_other_board_in_the_order_they_sent():
    source = """
        import radio
        from microbit import *
        radio.config(queue=20)
        sleep({delay})
        radio.send('{name}')
        sleep(200)
        heard = []
        while True:
            m = radio.receive()
            if m is None:
                break
            heard.append(m)
        print(''.join(heard))
    """
    names = "ABCDE"
    result = boards(*(source.format(name=n, delay=50 - 10 * i) for i, n in enumerate(names)))
    for board, name in zip(result, names):
        assert board.serial_output == "".join(n for n in "EDCBA" if n != name) + "\n"


def test_thirty_boards_in_one_class():
    source = """
        import radio
        from microbit import *
        radio.config(group=7, queue=60)
        sleep(5)
        radio.send(str({n}))
        sleep(100)
        count = 0
        while radio.receive() is not None:
            count += 1
        print(count)
    """
    result = boards(*(source.format(n=n) for n in range(30)))
    assert {b.serial_output for b in result} == {"29\n"}


@pytest.mark.parametrize("setup_a, setup_b, heard", [
    ("radio.config(group=1)", "radio.config(group=1)", True),
    ("radio.config(group=1)", "radio.config(group=2)", False),
    ("radio.config(channel=10)", "", False),
    ("radio.config(channel=83, group=255)", "radio.config(group=255, channel=83)", True),
    ("radio.config(address=0x12345678)", "", False),
    ("radio.config(address=0x12345678)", "radio.config(address=0x12345678)", True),
    ("radio.config(data_rate=radio.RATE_2MBIT)", "", False),
    ("radio.config(data_rate=radio.RATE_2MBIT)", "radio.config(data_rate=radio.RATE_2MBIT)", True),
    ("radio.config(data_rate=2)", "radio.config(data_rate=2)", True),
    ("radio.config(power=0, length=100, queue=10)", "", True),
])
def test_only_boards_tuned_alike_hear_each_other(setup_a, setup_b, heard):
    _, b = boards(sender(["hi"], setup_a), reader(setup_b))
    assert b.serial_output == ("['hi']\n" if heard else "[]\n")


def test_changing_the_group_while_on_takes_effect_at_once():
    _, b = boards(sender(["one"]) + "sleep(200)\nradio.send('two')\n",
                  reader() + "radio.config(group=3)\nsleep(300)\nprint(radio.receive())\n")
    assert b.serial_output == "['one']\nNone\n"


def test_the_queue_is_a_byte_budget_and_drops_what_does_not_fit():
    # defaults: (32 + 6) * 3 = 114 bytes; 'mN' with its header is 5 bytes + 6 per packet
    messages = [f"m{i}" for i in range(15)]
    _, b = boards(sender(messages), reader())
    assert b.serial_output == repr(messages[:10]) + "\n"
    dropped = [e for e in b.events if isinstance(e, RadioDropped)]
    assert [(e.data, e.reason) for e in dropped] == \
        [(b"\x01\x00\x01" + m.encode(), "queue full") for m in messages[10:]]


def test_a_queue_of_one_still_holds_several_short_messages():
    _, b = boards(sender(["a", "b", "c", "d", "e"]), reader("radio.config(queue=1)"))
    assert b.serial_output == "['a', 'b', 'c']\n"  # 38 bytes, 10 a packet: three, not one


def test_full_length_packets_fill_the_queue_exactly():
    long = ["x" * 29 + str(i) for i in range(5)]  # 3 + 30 bytes, cut to 32
    _, b = boards(sender(long), reader())
    assert b.serial_output == repr([m[:29] for m in long[:3]]) + "\n"


def test_reading_makes_room_again():
    _, b = boards(sender([f"m{i}" for i in range(12)]) + "sleep(100)\nradio.send('late')\n",
                  reader() + "sleep(200)\nprint(radio.receive())\n")
    assert b.serial_output.splitlines()[-1] == "late"


def test_messages_longer_than_length_are_cut_by_sender_and_receiver():
    _, b = boards(sender(["x" * 40]) + "radio.send_bytes(bytes(range(40)))\n"
                  "radio.config(length=251)\nradio.send_bytes(bytes(range(20)))\n",
                  reader().replace("receive()", "receive_bytes()"))
    assert b.serial_output == repr([b"\x01\x00\x01" + b"x" * 29, bytes(range(32)),
                                    bytes(range(20))]) + "\n"
    _, b = boards(sender(["y" * 20]), reader("radio.config(length=10)"))
    assert b.serial_output == "['yyyyyyy']\n"  # 10 bytes: the header and 7 letters


def test_send_bytes_and_the_ways_to_read_bytes():
    source = sender([]) + textwrap.dedent("""
        import array
        radio.send_bytes(b'abc')
        radio.send_bytes(bytearray(b'defgh'))
        radio.send_bytes(memoryview(b'ij'))
        radio.send_bytes('ké')
        radio.send_bytes(array.array('h', [1, 2]))
        radio.send(b'raw')
    """)
    reading = """
        import radio, array
        from microbit import *
        sleep(100)
        print(radio.receive_bytes())
        buf = bytearray(3)
        print(radio.receive_bytes_into(buf), buf)
        arr = array.array('b', [0, 0, 0, 0])
        print(radio.receive_bytes_into(arr), list(arr))
        print(radio.receive_full()[0])
        print(radio.receive_bytes())
        print(radio.receive())
        print(radio.receive_bytes_into(bytearray(2)))
    """
    _, b = boards(source, reading)
    assert b.serial_output.splitlines() == [
        "b'abc'", "5 bytearray(b'def')", "2 [105, 106, 0, 0]", "b'k\\xc3\\xa9'",
        "b'\\x01\\x00\\x02\\x00'", "raw", "None"]


@pytest.mark.parametrize("call, line", [
    ("radio.send(5)", "TypeError: can't convert 'int' object to str implicitly"),
    ("radio.send(bytearray(b'x'))", "TypeError: can't convert 'bytearray' object to str implicitly"),
    ("radio.send_bytes(5)", "TypeError: object with buffer protocol required"),
    ("radio.receive_bytes_into(b'xx')", "TypeError: object with buffer protocol required"),
    ("radio.receive_bytes_into(5)", "TypeError: object with buffer protocol required"),
])
def test_bad_arguments(call, line):
    assert output(f"import radio\n{call}\n").splitlines()[-1] == line


def test_receive_on_a_packet_without_the_text_header_raises_and_drops_it():
    _, b = boards(sender([]) + "radio.send_bytes(b'\\x01\\x00')\nradio.send('ok')\n",
                  """
                  import radio
                  from microbit import *
                  sleep(100)
                  try:
                      radio.receive()
                  except ValueError as e:
                      print(e)
                  print(radio.receive())
                  """)
    assert b.serial_output == "received packet is not a string\nok\n"


def test_receive_full_gives_rssi_and_the_receivers_ticks_when_it_arrived():
    source = sender([], "radio.config(power={power})") + textwrap.dedent("""
        import time
        t = time.ticks_us()
        radio.send_bytes(b'abc')
        print(t)
    """)
    reading = "import radio\nfrom microbit import *\nsleep(100)\nprint(radio.receive_full())\n"
    assert RAMP_US + airtime_us(3, RATE_1MBIT) == 130 + 96
    overheads = set()
    for power, rssi in ((6, -45), (0, -75), (7, -41)):
        a, b = boards(source.format(power=power), reading)
        sent = int(a.serial_output)
        data, strength, stamp = eval(b.serial_output)
        assert (data, strength) == (b"abc", rssi)
        # the packet arrives the transmitter's ramp-up and its airtime after send_bytes ran;
        # before that the sender's clock moved only by the instructions from ticks_us() to
        # the call and the call itself (a host call: 2 us on the core engine)
        overheads.add(stamp - sent - (RAMP_US + airtime_us(3, RATE_1MBIT)))
    assert len(overheads) == 1 and 2 <= overheads.pop() < 20


def test_send_takes_the_time_the_packet_needs():
    text = output("""
        import radio, time
        t = time.ticks_us()
        radio.send_bytes(bytes(32))
        print(time.ticks_diff(time.ticks_us(), t))
        radio.config(data_rate=radio.RATE_2MBIT)
        t = time.ticks_us()
        radio.send_bytes(bytes(32))
        print(time.ticks_diff(time.ticks_us(), t))
    """)
    # each send takes two ramp-ups (to transmit, back to listening) and the airtime of its
    # 32 bytes: 8 us a byte at 1 Mbit/s (preamble 1 byte), 4 us at 2 Mbit/s (preamble 2);
    # the rest is the same few instructions and one host call around each send (the two
    # may differ by 1 us, as the board's clock rounds half-microsecond instructions)
    slow, fast = map(int, text.split())
    assert 2 * RAMP_US == 260
    slow_extra = slow - (260 + airtime_us(32, RATE_1MBIT))
    fast_extra = fast - (260 + airtime_us(32, RATE_2MBIT))
    assert airtime_us(32, RATE_1MBIT) == 8 * 41 and airtime_us(32, RATE_2MBIT) == 4 * 42
    assert 2 <= slow_extra < 20 and abs(slow_extra - fast_extra) <= 1


@pytest.mark.parametrize("call, line", [
    ("radio.config(5)", "TypeError: arguments must be keywords"),
    ("radio.config(length=0)", "ValueError: value out of range for argument 'length'"),
    ("radio.config(length=252)", "ValueError: value out of range for argument 'length'"),
    ("radio.config(queue=0)", "ValueError: value out of range for argument 'queue'"),
    ("radio.config(queue=255)", "ValueError: value out of range for argument 'queue'"),
    ("radio.config(channel=-1)", "ValueError: value out of range for argument 'channel'"),
    ("radio.config(channel=84)", "ValueError: value out of range for argument 'channel'"),
    ("radio.config(power=8)", "ValueError: value out of range for argument 'power'"),
    ("radio.config(power=-1)", "ValueError: value out of range for argument 'power'"),
    ("radio.config(data_rate=3)", "ValueError: value out of range for argument 'data_rate'"),
    ("radio.config(group=256)", "ValueError: value out of range for argument 'group'"),
    ("radio.config(group=-1)", "ValueError: value out of range for argument 'group'"),
    ("radio.config(colour=1)", "ValueError: unknown argument 'colour'"),
    ("radio.config(colour=1.5)", "TypeError: can't convert float to int"),
    ("radio.config(group='1')", "TypeError: can't convert str to int"),
    ("radio.config(length=5, group=300)", "ValueError: value out of range for argument 'group'"),
    ("radio.RATE_250KBIT", "AttributeError: 'module' object has no attribute 'RATE_250KBIT'"),
])
def test_config_errors_as_the_firmware_words_them(call, line):
    assert output(f"import radio\n{call}\n").splitlines()[-1] == line


def test_config_accepts_the_edges_and_32_bit_truncated_values():
    text = output("""
        import radio
        radio.config(length=251, queue=254, channel=0, power=7, group=255, address=-1,
                     data_rate=radio.RATE_1MBIT)
        radio.config(length=True, channel=2**32 + 83)
        print(radio.RATE_1MBIT, radio.RATE_2MBIT)
    """)
    assert text == "0 1\n"


def test_a_rejected_config_changes_nothing():
    _, b = boards(sender(["hi"]),
                  "import radio\ntry:\n    radio.config(group=5, channel=100)\n"
                  "except ValueError:\n    pass\n" + textwrap.dedent(READER.format(setup="")))
    assert b.serial_output == "['hi']\n"


@pytest.mark.parametrize("call", ["radio.send('x')", "radio.send_bytes(b'x')", "radio.receive()",
                                  "radio.receive_bytes()", "radio.receive_full()",
                                  "radio.receive_bytes_into(bytearray(4))"])
def test_the_radio_off_raises_radio_is_not_enabled(call):
    text = output(f"import radio\nradio.off()\n{call}\n")
    assert text.splitlines()[-1] == "ValueError: radio is not enabled"


def test_import_turns_the_radio_on_and_off_radios_hear_nothing():
    _, quiet, listening = boards(
        sender(["a"]) + "sleep(100)\nradio.send('b')\n",
        "import radio\nfrom microbit import *\nradio.off()\nsleep(50)\nradio.on()\n"
        "sleep(100)\nprint(radio.receive(), radio.receive())\n",
        "import radio\nfrom microbit import *\nsleep(300)\nprint(radio.receive())\n")
    assert quiet.serial_output == "b None\n"
    assert listening.serial_output == "a\n"


def test_turning_on_again_or_resizing_empties_the_queue():
    _, b = boards(sender(["a", "b", "c"]),
                  "import radio\nfrom microbit import *\nsleep(100)\nprint(radio.receive())\n"
                  "radio.on()\nprint(radio.receive())\n")
    assert b.serial_output == "a\nNone\n"
    _, b = boards(sender(["a", "b"]),
                  "import radio\nfrom microbit import *\nsleep(100)\nradio.config(group=0)\n"
                  "print(radio.receive())\nradio.config(queue=4)\nprint(radio.receive())\n")
    assert b.serial_output == "a\nNone\n"


def test_reset_restores_the_defaults_for_the_next_on_only():
    _, b = boards(sender(["zero"]) + "radio.config(group=5)\nradio.send('five')\nsleep(200)\n"
                  "radio.config(group=0)\nradio.send('zero again')\n",
                  "import radio\nfrom microbit import *\nradio.config(group=5)\nradio.reset()\n"
                  "sleep(100)\nprint(radio.receive(), radio.receive())\nradio.on()\nsleep(200)\n"
                  "print(radio.receive())\n")
    assert b.serial_output == "five None\nzero again\n"  # still group 5 until on()


def test_a_board_reset_turns_the_radio_off_with_the_defaults(sim):
    board = sim.add_board(source="import radio\nradio.config(group=9)\n")
    sim.run_until_done(100)
    radio = board.model.radio
    assert radio.enabled and radio.group == 9
    board.model.reset_state()
    assert not radio.enabled and radio.group == 0


def test_a_scenario_radio_message_arrives_on_the_current_group():
    scenario = '[[at]]\nms = 200\nradio = "vote A"\n\n[[at]]\nms = 300\nradio = "vote B"\n'
    with Simulation() as sim:
        board = sim.add_board(source=textwrap.dedent("""
            import radio
            from microbit import *
            radio.config(group=42)
            sleep(250)
            print(radio.receive())
            radio.off()
            sleep(100)
        """))
        schedule_scenario(sim, parse_scenario(scenario))
        sim.run_until_done(1000)
    assert board.serial_output == "vote A\n"
    assert [e.reason for e in board.events if isinstance(e, RadioDropped)] == ["radio off"]


def test_test_packets_arrive_with_the_boards_clock(sim):
    board = sim.add_board(source="import radio\nfrom microbit import *\nsleep(100)\n"
                                 "print(radio.receive_full())\n")
    assert board.radio_receive("early") is False  # not imported yet: the radio is off
    sim.run(50)
    assert board.radio_receive(b"raw") is True
    sim.run_until_done(200)
    assert board.serial_output == "(b'raw', -45, 50000)\n"
