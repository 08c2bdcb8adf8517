"""The log module: MY_DATA's CSV exactly as MicroBitLog writes it, on the virtual clock."""

import textwrap

import pytest
from helpers import output, run
from hypothesis import given
from hypothesis import strategies as st
from terakoya.simulator.model.datalog import (
    CAPACITY_BYTES,
    LogDeleted,
    LogFull,
    LogHeadingsChanged,
    LogRowAdded,
    clean,
    timestamp_text,
)


def csv(source: str, ms: float = 10_000) -> str:
    return run(source, ms).model.datalog.to_csv()


def test_labels_then_rows_with_seconds_by_default():
    board = run("""
        import log
        from microbit import *
        log.set_labels('temp', 'light')
        sleep(1500)
        log.add(temp=21, light=127)
        sleep(1234)
        log.add({'temp': 22})
    """)
    assert board.model.datalog.to_csv() == \
        "Time (seconds),temp,light\n1.50,21,127\n2.73,22,\n"
    assert board.model.datalog.headings == ["Time (seconds)", "temp", "light"]
    assert board.model.datalog.rows() == [["1.50", "21", "127"], ["2.73", "22", ""]]


@pytest.mark.parametrize("unit, heading, value", [
    ("log.MILLISECONDS", "Time (milliseconds)", "90500"),
    ("log.SECONDS", "Time (seconds)", "90.50"),
    ("log.MINUTES", "Time (minutes)", "1.50"),
    ("log.HOURS", "Time (hours)", "0.02"),
    ("log.DAYS", "Time (days)", "0.00"),
    ("1000", "Time ()", "0.90"),  # any int is taken: ms // 1000, shown as if centi-units
])
def test_timestamp_units(unit, heading, value):
    text = csv(f"import log\nfrom microbit import *\nlog.set_labels('x', timestamp={unit})\n"
               "sleep(90500)\nlog.add(x=1)\n", ms=100_000)
    assert text == f"{heading},x\n{value},1\n"


def test_no_timestamp_column_with_none_or_without_set_labels():
    assert csv("import log\nlog.set_labels('a', timestamp=None)\nlog.add(a=1)\n") == "a\n1\n"
    assert csv("import log\nlog.add(a=1, b='two')\n") == "a,b\n1,two\n"


def test_timestamps_are_cut_down_not_rounded():
    assert [timestamp_text(ms, 10) for ms in (0, 9, 10, 999, 1000, 59_999)] == \
        ["0.00", "0.00", "0.01", "0.99", "1.00", "59.99"]
    assert timestamp_text(89_999, 600) == "1.49"
    assert timestamp_text(1234, 1) == "1234"
    assert timestamp_text(12_345_678_901_234, 1) == "12345678901234"


@given(st.integers(0, 10**10 - 1))
def test_seconds_timestamps_are_centiseconds_with_two_decimals(ms):
    centis = ms // 10
    assert timestamp_text(ms, 10) == f"{centis // 100}.{centis % 100:02d}"


def test_new_labels_extend_the_header_and_write_it_again():
    board = run("""
        import log
        log.set_labels('a', timestamp=None)
        log.add(a=1)
        log.add(b=2, a=3)
        log.set_labels('a', 'c', timestamp=None)
        log.add(c=4)
    """)
    datalog = board.model.datalog
    assert datalog.to_csv() == "a\n1\na,b\n3,2\na,b,c\n,,4\n"
    assert datalog.rows() == [["1", "", ""], ["3", "2", ""], ["", "", "4"]]
    headings = [e.headings for e in board.events if isinstance(e, LogHeadingsChanged)]
    assert headings == [("a",), ("a", "b"), ("a", "b", "c")]
    rows = [e.values for e in board.events if isinstance(e, LogRowAdded)]
    assert rows == [("1",), ("3", "2"), ("", "", "4")]


def test_the_timestamp_goes_first_if_chosen_before_anything_is_written():
    text = csv("import log\nlog.set_labels(timestamp=log.MILLISECONDS)\nlog.set_labels('a')\n"
               "log.add(a=1)\n")
    assert text == "Time (seconds),a\n0.00,1\n"


def test_a_timestamp_chosen_after_data_is_an_extra_column_at_the_end():
    text = csv("import log\nfrom microbit import *\nlog.add(a=1)\nsleep(2000)\n"
               "log.set_labels(timestamp=log.MILLISECONDS)\nlog.add(a=2)\n")
    assert text == "a\n1\na,Time (milliseconds)\n2,2000\n"


def test_values_become_text_as_str_does_on_the_board():
    text = csv("""
        import log
        log.set_labels('i', 'f', 'third', 'b', 's', 'raw', timestamp=None)
        log.add(i=-7, f=0.1, third=1/3, b=True, s='hi there', raw=b'by')
        log.add(f=1e20, s='')
    """)
    assert text == ("i,f,third,b,s,raw\n-7,0.1,0.3333333,True,hi there,by\n"
                    ",1e+20,,,,\n")


def test_separators_and_the_html_comment_end_are_replaced():
    text = csv("import log\nlog.add({'a,b': 'x\\ty,z\\n', 'c': 'end-->here'})\n")
    assert text == "a_b,c\nx_y_z_,end___here\n"


@given(st.text())
def test_cleaned_text_has_no_separators_and_keeps_its_length(text):
    cleaned = clean(text)
    assert len(cleaned) == len(text)
    assert not any(c in cleaned for c in ",\t\n") and "-->" not in cleaned


@pytest.mark.parametrize("call, line", [
    ("log.add(1)", "ValueError: expecting a dict"),
    ("log.add([('a', 1)])", "ValueError: expecting a dict"),
    ("log.add({}, {})", "ValueError: too many arguments"),
    ("log.add(a=None)", "TypeError: can't convert 'NoneType' object to str implicitly"),
    ("log.add(a=[1])", "TypeError: can't convert 'list' object to str implicitly"),
    ("log.add({1: 2})", "TypeError: can't convert 'int' object to str implicitly"),
    ("log.set_labels(1)", "TypeError: can't convert 'int' object to str implicitly"),
    ("log.set_labels('a', timestamp=1.5)", "TypeError: can't convert float to int"),
    ("log.set_labels('a', timestamp=2**40)",
     "OverflowError: overflow converting long int to machine word"),
    ("log.set_labels('a', stamp=1)", "TypeError: unexpected keyword argument 'stamp'"),
    ("log.delete(True, 2)", "TypeError: extra positional arguments given"),
    ("log.set_mirroring()", "TypeError: function missing 1 required positional arguments"),
])
def test_errors_as_the_firmware_words_them(call, line):
    assert output(f"import log\n{call}\n").splitlines()[-1] == line


def test_a_dict_given_wins_over_keywords():
    assert csv("import log\nlog.add({'a': 1}, b=2)\n") == "a\n1\n"


def test_mirroring_prints_each_line_written():
    text = output("""
        import log
        log.set_labels('a', timestamp=None)
        log.add(a=1)
        log.set_mirroring(True)
        log.add(a=2, b=3)
        log.set_mirroring(False)
        log.add(a=4)
        print('done')
    """)
    assert text == "a,b\n2,3\ndone\n"


def test_a_full_log_raises_oserror_28_and_keeps_what_fitted():
    board = run("""
        import log
        for i in range(200):
            try:
                log.add(a='x' * 1000)
            except OSError as e:
                print(i, e, e.args)
                break
        log.add(a='y')
    """)
    datalog = board.model.datalog
    rows = (CAPACITY_BYTES - len("a\n")) // len("x" * 1000 + "\n")
    # ENOSPC is in the v2.1.2 firmware's errno list (MICROPY_PY_UERRNO_LIST in its
    # mpconfigport.h), so the board prints the error with its name
    assert board.serial_output.splitlines()[:2] == [f"{rows} [Errno 28] ENOSPC (28,)",
                                                    "Traceback (most recent call last):"]
    assert board.serial_output.splitlines()[-1] == "OSError: [Errno 28] ENOSPC"
    assert len(datalog.rows()) == rows + 1  # the short row still fits, but the log is full
    assert datalog.is_full and len(datalog.to_csv().encode()) <= CAPACITY_BYTES
    assert [type(e) for e in board.events if isinstance(e, LogFull)] == [LogFull]


def test_delete_empties_the_log_but_keeps_the_unit_and_mirroring():
    board = run("""
        import log
        log.set_mirroring(True)
        log.set_labels('a', timestamp=log.MILLISECONDS)
        log.add(a=1)
        log.delete()
        log.add(b=2)
    """)
    assert board.model.datalog.to_csv() == "Time (milliseconds),b\n0,2\n"
    assert board.serial_output == "Time (milliseconds),a\n0,1\nTime (milliseconds),b\n0,2\n"
    assert any(isinstance(e, LogDeleted) for e in board.events)


def test_delete_full_also_empties_the_log():
    assert csv("import log\nlog.add(a=1)\nlog.delete(True)\nlog.add(b=2)\n") == "b\n2\n"


def test_the_log_survives_reset_and_the_clock_restarts(sim):
    board = sim.add_board(source=textwrap.dedent("""
        import log, microbit
        log.set_labels('n')
        microbit.sleep(20)
        log.add(n=1)
        microbit.reset()
    """))
    sim.run(200)
    assert board.model.datalog.to_csv() == "Time (seconds),n\n" + "0.02,1\n" * 3


def test_after_reset_mirroring_is_off_and_no_unit_is_chosen(sim):
    board = sim.add_board(source="import log\nlog.set_mirroring(True)\nlog.add(a=1)\n")
    sim.run_until_done(100)
    datalog = board.model.datalog
    assert board.serial_output == "a\n1\n" and datalog.mirroring
    datalog.reset()  # what a board reset does to the log
    assert datalog.mirroring is False and datalog.timestamp == 0
    assert datalog.headings == ["a"] and datalog.to_csv() == "a\n1\n"
