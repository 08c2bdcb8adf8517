"""The board's files: open(), file objects, os, the storage limit, import of written files."""

import pytest
from helpers import output, run
from hypothesis import given, settings
from hypothesis import strategies as st
from terakoya.simulator.board_modules.os_module import build_open, build_os
from terakoya.simulator.model.clock import Scheduler
from terakoya.simulator.model.filesystem import (
    CHUNKS,
    FileRemoved,
    FileWritten,
    chunks_for,
    chunks_in_file_system,
    max_file_size,
)
from terakoya.simulator.model.microbit import MicrobitBoard


def last_line(text: str) -> str:
    return text.splitlines()[-1]


@pytest.fixture
def board():
    """A board with no program: open() and os work without the program's thread."""
    return MicrobitBoard(Scheduler())


# -- reading and writing ------------------------------------------------------------------
def test_text_round_trip_with_and_without_with():
    text = output("""
        with open('data.txt', 'w') as f:
            print(f.write('hello\\nwörld\\n'), f.name(), f.writable())
        f = open('data.txt')
        print(repr(f.readline()), repr(f.read()), repr(f.read()), f.writable())
        f.close()
        print(repr(open('data.txt', 'r').read(7)))
    """)
    # objstrunicode.c (uni_print_quoted): the board's repr escapes every character outside
    # ASCII 32..126, so 'ö' shows as \xf6 (CPython's repr would print 'wörld' as is)
    assert text.splitlines() == ["13 data.txt True", "'hello\\n' 'w\\xf6rld\\n' '' False",
                                 "'hello\\nw'"]


def test_binary_mode_gives_bytes_and_text_mode_str():
    text = output("""
        f = open('raw.bin', 'wb')
        print(type(f).__name__, f.write(b'\\x00\\xffab'), f.write(bytearray(b'c')), f.write('é'))
        f.close()
        print(open('raw.bin', 'rb').read(), type(open('raw.bin').read()).__name__)
        g = open('t.txt', 'wt')
        print(type(g).__name__, g.write(b'bytes in text mode'))
        g.close()
        print(open('t.txt').read())
    """)
    assert text.splitlines() == ["FileIO 4 1 2", "b'\\x00\\xffabc\\xc3\\xa9' str",
                                 "TextIO 18", "bytes in text mode"]


def test_text_read_counts_characters_and_readline_counts_bytes():
    text = output("""
        with open('u.txt', 'w') as f:
            f.write('aéb\\nzz')
        f = open('u.txt')
        print(repr(f.read(2)), repr(f.readline(2)), repr(f.readline()), repr(f.read(5)))
    """)
    # the board's repr escapes 'é' as \xe9 (objstrunicode.c; CPython would print it as is)
    assert text == "'a\\xe9' 'b\\n' 'zz' ''\n"


def test_readinto_and_write_with_offset_and_length():
    text = output("""
        with open('w.bin', 'wb') as f:
            print(f.write(b'0123456789', 4), f.write(b'abcdef', 2, 3), f.write(b'xy', 5, 9))
        buf = bytearray(5)
        f = open('w.bin', 'rb')
        print(f.readinto(buf), bytes(buf))
        print(f.readinto(buf, 1), bytes(buf))
        print(f.readinto(buf), bytes(buf), f.readinto(buf))
    """)
    assert text.splitlines() == ["4 3 0", "5 b'0123c'", "1 b'd123c'", "1 b'e123c' 0"]


def test_write_needs_a_buffer_and_readinto_a_writable_one():
    assert last_line(output("open('a', 'w').write(5)")) == \
        "TypeError: object with buffer protocol required"
    assert last_line(output("f = open('a', 'w')\nf.close()\nopen('a').readinto(b'12')")) == \
        "TypeError: object with buffer protocol required"


@pytest.mark.parametrize("mode, kind", [
    ("", "TextIO False"), ("r", "TextIO False"), ("t", "TextIO False"), ("b", "FileIO False"),
    ("rb", "FileIO False"), ("br", "FileIO False"), ("rt", "TextIO False"),
    ("w", "TextIO True"), ("wb", "FileIO True"), ("bw", "FileIO True"), ("wt", "TextIO True"),
    ("tw", "TextIO True")])
def test_the_modes_the_firmware_accepts(mode, kind):
    text = output(f"""
        open('f.txt', 'w').close()
        f = open('f.txt', {mode!r})
        print(type(f).__name__, f.writable())
    """)
    assert text == kind + "\n"


@pytest.mark.parametrize("mode", ["a", "w+", "r+", "rw", "x", "rr", "bt", "wbb", "U", "rb+"])
def test_other_modes_are_illegal(mode):
    assert last_line(output(f"open('f.txt', {mode!r})")) == "ValueError: illegal mode"


def test_mode_given_as_keyword_is_ignored_as_on_the_board():
    text = output("""
        f = open('new.txt', mode='w')
    """)
    assert text.splitlines()[-2:] == ['  File "main.py", line 2, in <module>',
                                      "OSError: [Errno 2] ENOENT"]


def test_errors_of_file_objects():
    text = output("""
        f = open('a.txt', 'w')
        for source in ("f.read()", "open('a.txt').write('x')", "open('nope.txt')"):
            try:
                exec(source)
            except OSError as e:
                print(e.args)
        f.close()
        for source in ("f.write('x')", "f.read()", "f.readline()"):
            try:
                exec(source)
            except ValueError as e:
                print(e)
        print(f.name(), f.close())
        for line in open('a.txt'):
            pass
    """)
    assert text.splitlines() == [
        "(9,)", "(9,)", "(2,)", "I/O operation on closed file",
        "I/O operation on closed file", "I/O operation on closed file", "a.txt None",
        "Traceback (most recent call last):", '  File "main.py", line 15, in <module>',
        "TypeError: 'TextIO' object isn't iterable"]


def test_open_needs_a_name_that_is_str_or_bytes():
    assert last_line(output("open()")) == \
        "TypeError: function missing 1 required positional arguments"
    assert last_line(output("open(5)")) == \
        "TypeError: can't convert 'int' object to str implicitly"
    assert output("open(b'b.txt', b'w').write('x')\nimport os\nprint(os.listdir())") == \
        "['main.py', 'b.txt']\n"


def test_a_handle_to_a_replaced_or_removed_file_is_bad():
    text = output("""
        import os
        open('x.txt', 'w').close()
        old = open('x.txt')
        writer = open('x.txt', 'w')
        other = open('x.txt', 'w')
        for source in ("old.read()", "writer.write('1')", "os.remove('x.txt')",
                       "other.write('2')"):
            try:
                exec(source)
            except OSError as e:
                print(source, e.args[0])
    """)
    assert text.splitlines() == ["old.read() 9", "writer.write('1') 9", "other.write('2') 9"]


# -- os -------------------------------------------------------------------------------------
def test_os_listdir_size_stat_remove_ilistdir():
    text = output("""
        import os
        with open('one.txt', 'w') as f:
            f.write('12345')
        print(os.listdir(), os.size('one.txt'), os.stat('one.txt'))
        print(list(os.ilistdir()))
        os.remove('one.txt')
        print(os.listdir())
        os.size('one.txt')
    """)
    assert text.splitlines() == [
        "['main.py', 'one.txt'] 5 (32768, 0, 0, 0, 0, 0, 5, 0, 0, 0)",
        "[('main.py', 32768, 0), ('one.txt', 32768, 0)]",
        "['main.py']",
        "Traceback (most recent call last):", '  File "main.py", line 9, in <module>',
        "OSError: [Errno 2] ENOENT"]
    assert last_line(output("import os\nos.remove('nope')")) == "OSError: [Errno 2] ENOENT"


def test_os_uname_is_the_real_v2_1_2():
    text = output("""
        import os
        u = os.uname()
        print(u)
        print(u.sysname, u.release, u[4], len(u), isinstance(u, tuple))
        print(sorted(n for n in dir(os) if not n.startswith('_')))
    """)
    assert text.splitlines() == [
        "(sysname='microbit', nodename='microbit', release='2.1.2', "
        "version='micro:bit v2.1.2+0697c6d on 2023-10-30; MicroPython v1.18 on 2023-10-30', "
        "machine='micro:bit with nRF52833')",
        # objattrtuple.c: os.uname() is an attrtuple, a type of its own named 'tuple' with no
        # base type, so isinstance(u, tuple) is False on the board (True in CPython)
        "microbit 2.1.2 micro:bit with nRF52833 5 False",
        "['ilistdir', 'listdir', 'remove', 'size', 'stat', 'uname']"]


# -- limits ---------------------------------------------------------------------------------
def test_the_filesystem_has_160_chunks_of_126_bytes():
    assert chunks_in_file_system() == CHUNKS == 160
    assert chunks_in_file_system(0x69000, 0x6E000) == 128  # an earlier 20 KiB layout
    assert chunks_for("a.txt", 0) == 1
    assert chunks_for("a.txt", 126 - 2 - 5 - 1) == 1
    assert chunks_for("a.txt", 126 - 2 - 5) == 2  # a full chunk takes the next one at once
    assert max_file_size("data.txt") == 160 * 126 - 1 - 2 - 8 == 20149


def test_filling_the_filesystem_raises_enospc_and_deletes_the_file():
    board = run("""
        import os
        f = open('big.txt', 'w')
        written = 0
        try:
            while True:
                written += f.write('x' * 100)
        except OSError as e:
            print('full after', written, e.args)
        print(os.listdir())
        f.write('more')
    """)
    main_py = len(board.model.files["main.py"])
    free_for_big = (CHUNKS - chunks_for("main.py", main_py)) * 126 - 1 - 2 - 7
    lines = board.serial_output.splitlines()
    assert lines[0] == f"full after {free_for_big // 100 * 100} (28,)"
    assert lines[1] == "['main.py']"
    assert lines[-1] == "ValueError: I/O operation on closed file"


def test_a_full_filesystem_refuses_new_files(board):
    open_ = build_open(board)
    with open_("a" * 120, "w") as f:
        f.write(b"x" * max_file_size("a" * 120))
    assert board.fs.free_chunks() == 0
    with pytest.raises(OSError) as caught:
        open_("b.txt", "w")
    assert caught.value.args == (28,)
    with open_("a" * 120, "w") as f:  # rewriting frees the old file first
        f.write("small")  # the 122-byte header leaves 4 bytes in the first chunk
    assert board.fs.free_chunks() == CHUNKS - 2


def test_file_names_up_to_120_bytes(board):
    open_ = build_open(board)
    open_("n" * 120, "w").close()
    with pytest.raises(OSError) as caught:
        open_("n" * 121, "w")
    assert caught.value.args == (2,)
    assert board.files == {"n" * 120: b""}
    with pytest.raises(OSError):
        open_("é" * 61, "w")  # 122 bytes


def test_a_file_never_closed_reads_short_and_has_an_odd_size():
    text = output("""
        import os
        f = open('log.txt', 'w')
        f.write('x' * 200)
        print(os.size('log.txt'), len(open('log.txt').read()))
        g = open('short.txt', 'w')
        g.write('abc')
        print(os.size('short.txt'), repr(open('short.txt').read()))
        f.close()
        print(os.size('log.txt'), len(open('log.txt').read()))
    """)
    # 'log.txt': 126 - 2 - 7 = 117 bytes fill the first chunk; the end offset is unset (255)
    assert text.splitlines() == ["372 117", "244 ''", "200 200"]


# -- the program's own files ----------------------------------------------------------------
def test_a_written_module_can_be_imported():
    text = output("""
        with open('helper.py', 'w') as f:
            f.write('def twice(x):\\n    return 2 * x\\n')
        import helper
        print(helper.twice(21))
        with open('broken.py', 'w') as f:
            f.write('1/0\\n')
        import broken
    """)
    assert text.splitlines()[0] == "42"
    assert text.splitlines()[-3:] == ['  File "main.py", line 8, in <module>',
                                      '  File "broken.py", line 1, in <module>',
                                      "ZeroDivisionError: divide by zero"]


def test_a_module_written_but_never_closed_imports_empty():
    text = output("""
        open('half.py', 'w').write('x = 1\\n')
        import half
        print(hasattr(half, 'x'))
    """)
    assert text == "False\n"


def test_files_given_with_the_program_can_be_read_and_survive_a_reset(sim):
    board = sim.add_board(source="""
import os
from microbit import reset
n = int(open('count.txt').read())
print('run', n)
with open('count.txt', 'w') as f:
    f.write(str(n + 1))
if n < 2:
    reset()
""", files={"count.txt": "0"})
    sim.run(1000)
    assert board.serial_output == "run 0\nrun 1\nrun 2\n"
    assert board.model.files["count.txt"] == b"3"


def test_events_tell_what_happened_to_the_files(board):
    events = []
    board.bus.subscribe(events.append)
    open_ = build_open(board)
    os = build_os(board)
    with open_("e.txt", "w") as f:
        f.write("hi")
        f.write("x" * 130)  # fills the first chunk: its 119 bytes can be read now
    os.remove("e.txt")
    assert [e for e in events if isinstance(e, (FileWritten, FileRemoved))] == [
        FileWritten(1, "e.txt", 0, False), FileWritten(1, "e.txt", 119, False),
        FileWritten(1, "e.txt", 132, True), FileRemoved(1, "e.txt")]


# -- round trips ------------------------------------------------------------------------------
@settings(max_examples=60, deadline=None)
@given(st.lists(st.binary(max_size=300), max_size=8))
def test_binary_writes_read_back_whole(parts):
    board = MicrobitBoard(Scheduler())
    open_ = build_open(board)
    with open_("data.bin", "wb") as f:
        assert [f.write(part) for part in parts] == [len(part) for part in parts]
    expected = b"".join(parts)
    assert open_("data.bin", "rb").read() == expected
    assert build_os(board).size("data.bin") == len(expected)
    assert board.fs.used_chunks() == chunks_for("data.bin", len(expected))


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400), st.integers(min_value=1, max_value=50))
def test_text_reads_in_pieces_give_the_text_back(text, piece):
    board = MicrobitBoard(Scheduler())
    open_ = build_open(board)
    with open_("t.txt", "w") as f:
        f.write(text)
    f = open_("t.txt")
    pieces = []
    while chunk := f.read(piece):
        assert len(chunk) <= piece
        pieces.append(chunk)
    assert "".join(pieces) == text
    lines = []
    g = open_("t.txt")
    while line := g.readline():
        lines.append(line)
    assert "".join(lines) == text
