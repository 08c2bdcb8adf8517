"""terakoya flash: the hex holds MicroPython and exactly the lesson's files, copies to folders
standing in for MICROBIT drives never touch other files, and one failing drive stops no other.
"""

import errno
from pathlib import Path

import pytest
from micropython_microbit_fs import File, add_files, get_bundled_hex
from micropython_microbit_fs.hex_utils import load_hex
from terakoya.host_tools import boards
from terakoya.host_tools import flash as fl
from terakoya.host_tools.flash import FlashError, FlashResult, RecordingReporter
from universal_hex import BoardId, IndividualHex, create_uhex, is_uhex, separate_uhex

from terakoya import flash_command
from terakoya.cli import main
from terakoya.precheck import code_is_fine

ROOT = Path(__file__).resolve().parents[1]
FILES = {"main.py": b"from microbit import *\nimport helper\nhelper.hello()\n",
         "helper.py": b"from microbit import display\ndef hello():\n    display.scroll('hi')\n"}


@pytest.fixture(scope="module")
def built():
    return fl.build_hex(FILES)


def test_the_hex_is_universal_and_holds_the_files_for_v1_and_v2(built):
    assert is_uhex(built)
    assert [part.board_id for part in separate_uhex(built)] == [BoardId.V1, BoardId.V2]
    assert fl.read_back(built) == {1: FILES, 2: FILES}
    fl.verify_hex(built, FILES)


def test_the_hex_has_the_same_memory_as_the_libraries_own_way(built):
    """What add_files + create_uhex give for the whole runtimes, byte for byte per address."""
    files = [File(name, content) for name, content in FILES.items()]
    reference = create_uhex([IndividualHex(add_files(get_bundled_hex(v).content, files), BoardId[f"V{v}"])
                             for v in (1, 2)])
    for ours, theirs in zip(separate_uhex(built), separate_uhex(reference)):
        assert load_hex(ours.hex).todict() == load_hex(theirs.hex).todict()


def test_verification_notices_files_that_differ(built):
    with pytest.raises(FlashError) as info:
        fl.verify_hex(built, {**FILES, "main.py": b"print(1)\n"})
    assert info.value.key == "verify_failed"


@pytest.mark.parametrize("files, key", [
    ({"helper.py": b"x = 1\n"}, "no_main"),
    ({"main.py": b"print(1)\n", "empty.py": b""}, "empty_file"),
    ({"main.py": b"print(1)\n", "lib/x.py": b"x = 1\n"}, "bad_name"),
    ({"main.py": b"print(1)\n", "x" * 121 + ".py": b"x = 1\n"}, "bad_name"),
    ({"main.py": b"# " + b"x" * 40000 + b"\n"}, "too_big"),
])
def test_files_that_cannot_go_on_the_board_are_refused(files, key):
    with pytest.raises(FlashError) as info:
        fl.build_hex(files)
    assert info.value.key == key


def test_the_runtime_facts_are_cached_in_a_file(tmp_path, monkeypatch):
    first = fl._load_runtime(2, tmp_path)
    assert len(list(tmp_path.glob("microbit-v2-*.json"))) == 1
    import micropython_microbit_fs

    def not_again(_):
        raise AssertionError("the cache file should have been used")

    monkeypatch.setattr(micropython_microbit_fs, "get_device_info", not_again)
    assert fl._load_runtime(2, tmp_path) == first
    assert first.info["fs_start_address"] < first.info["fs_end_address"]


@pytest.mark.parametrize("version", [1, 2])
def test_the_hex_holds_every_byte_of_the_bundled_runtime_in_32_byte_records(version, tmp_path):
    import io

    import micropython_microbit_fs as mfs
    from intelhex import IntelHex
    from universal_hex import separate_uhex

    built = fl.build_hex({"main.py": b"print(1)\n"}, tmp_path)
    (part,) = [p for p in separate_uhex(built) if p.board_id == fl.BOARD_IDS[version]]
    board = IntelHex(io.StringIO(part.hex)).todict()
    bundled = IntelHex(io.StringIO(mfs.get_bundled_hex(version).content)).todict()
    bundled.pop("start_addr", None)  # a Universal Hex has no start address (its spec)
    assert {address: board.get(address) for address in bundled} == bundled
    lengths = {int(line[1:3], 16) for line in built.splitlines() if line[7:9] in ("00", "0D")}
    assert max(lengths) == 32


def test_a_damaged_cache_file_is_rebuilt(tmp_path):
    fl._load_runtime(1, tmp_path)
    (cache,) = tmp_path.glob("microbit-v1-*.json")
    cache.write_text("{not json")
    assert fl._load_runtime(1, tmp_path).info["device_version"] == "V1"


# -- copying to drives --------------------------------------------------------------------------
def fake_drive(root: Path, name: str) -> Path:
    drive = root / name
    drive.mkdir()
    (drive / "DETAILS.TXT").write_text("Unique ID: 9904\n")
    (drive / "MICROBIT.HTM").write_text("<html>keep me</html>")
    return drive


def ticking():
    times = iter(range(0, 1000, 2))
    return lambda: float(next(times))


class BreaksMidway:
    """Opens real files, but the writes to ``broken`` fail after the first chunk."""

    def __init__(self, broken: Path, error=errno.EIO):
        self.broken, self.error = broken, error

    def __call__(self, path: Path):
        handle = open(path, "xb")
        if path.parent != self.broken:
            return handle
        error, written = self.error, []

        class Failing:
            def __enter__(self):
                return self

            def __exit__(self, *exc):
                handle.close()

            def write(self, data):
                if written:
                    raise OSError(error, "Input/output error")
                written.append(len(data))
                return handle.write(data)

            def flush(self):
                handle.flush()

            def fileno(self):
                return handle.fileno()

        return Failing()


def test_copying_writes_a_new_file_and_touches_nothing_else(tmp_path):
    drive = fake_drive(tmp_path, "MICROBIT")
    (drive / "E03.hex").write_bytes(b"left from before")
    data = b":00000001FF\n" * 5000
    reporter = RecordingReporter()
    result = fl.copy_to_drive(data, drive, reporter, "bench 1", name="E03.hex", clock=ticking())
    assert result == FlashResult("bench 1", True, 2.0)
    assert (drive / "E03-2.hex").read_bytes() == data
    assert (drive / "E03.hex").read_bytes() == b"left from before"
    assert (drive / "MICROBIT.HTM").read_text() == "<html>keep me</html>"
    events = reporter.of("bench 1")
    assert events[0] == ("started", "bench 1", len(data))
    done = [e[2] for e in events if e[0] == "advanced"]
    assert done == sorted(done) and done[-1] == len(data) and len(done) == 4
    assert events[-1] == ("finished", "bench 1", True, "flashed")


def test_one_drive_failing_midway_stops_no_other(tmp_path):
    drives = [fake_drive(tmp_path, f"MICROBIT{i}") for i in range(4)]
    gone = tmp_path / "MICROBIT9"  # unplugged before the copy started
    data = b"x" * (3 * fl.CHUNK)
    reporter = RecordingReporter()
    results = fl.flash_all(data, [*drives, gone], reporter, name="lesson.hex",
                           opener=BreaksMidway(drives[1]))
    assert [(r.board, r.ok, r.key) for r in results] == [
        (str(drives[0]), True, "flashed"), (str(drives[1]), False, "drive_gone"),
        (str(drives[2]), True, "flashed"), (str(drives[3]), True, "flashed"),
        (str(gone), False, "drive_gone")]
    for drive in (drives[0], drives[2], drives[3]):
        assert (drive / "lesson.hex").read_bytes() == data
    assert not (drives[1] / "lesson.hex").exists()  # our half-written file is removed
    assert sorted(p.name for p in drives[1].iterdir()) == ["DETAILS.TXT", "MICROBIT.HTM"]
    assert len([e for e in reporter.events if e[0] == "finished"]) == 5


@pytest.mark.parametrize("code, key", [(errno.ENOSPC, "drive_full"), (errno.EROFS, "drive_read_only"),
                                       (errno.EINVAL, "copy_failed")])
def test_copy_failures_are_named(tmp_path, code, key):
    drive = fake_drive(tmp_path, "MICROBIT")
    result = fl.copy_to_drive(b"y" * (2 * fl.CHUNK), drive, RecordingReporter(),
                              opener=BreaksMidway(drive, code))
    assert (result.ok, result.key) == (False, key)


def test_flash_all_with_no_drives_does_nothing():
    assert fl.flash_all(b"x", [], RecordingReporter()) == []


# -- the command --------------------------------------------------------------------------------
def test_a_lesson_goes_on_as_main_py():
    files, name = flash_command.gather_files(["E03"])
    solution = next((ROOT / "lessons").glob("E03-*")) / "solution.py"
    assert files == {"main.py": solution} and name == "E03"


def test_py_files_and_folders(tmp_path):
    (tmp_path / "game.py").write_text("import util\n")
    (tmp_path / "util.py").write_text("x = 1\n")
    files, name = flash_command.gather_files([str(tmp_path / "game.py"), str(tmp_path / "util.py")])
    assert flash_command.read_files(files) == {"main.py": b"import util\n", "util.py": b"x = 1\n"}
    assert name == "game"
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "main.py").write_text("print(1)\n")
    (folder / "util.py").write_text("y = 2\n")
    files = flash_command.read_files(flash_command.gather_files([str(folder)])[0])
    assert files == {"main.py": b"print(1)\n", "util.py": b"y = 2\n"}


@pytest.mark.parametrize("make, key", [
    (lambda t: ["NO-SUCH-LESSON"], "not_found"),
    (lambda t: [str(t / "a.py"), str(t / "notes.txt")], "not_py"),
    (lambda t: [str(t / "a.py"), str(t / "sub" / "a.py"), str(t / "a.py")], "same_name"),
    (lambda t: [str(t / "a.py"), str(t / "missing.py")], "not_found"),
])
def test_sources_that_do_not_work_are_named(tmp_path, make, key):
    (tmp_path / "a.py").write_text("print(1)\n")
    (tmp_path / "notes.txt").write_text("hello")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.py").write_text("print(2)\n")
    with pytest.raises(FlashError) as info:
        flash_command.gather_files(make(tmp_path))
    assert info.value.key == key


def test_output_is_never_overwritten(tmp_path, capsys):
    out = tmp_path / "class.hex"
    assert main(["flash", "microbit", "E03", "--output", str(out)]) == 0
    first = out.read_text()
    out.write_text("the teacher's own file")
    assert main(["flash", "microbit", "E03", "--output", str(out)]) == 0
    assert out.read_text() == "the teacher's own file"
    assert (tmp_path / "class-2.hex").read_text() == first
    text = capsys.readouterr().out
    assert "already exists" in text and "class-2.hex" in text and "files checked" in text


def test_flashing_one_drive_through_the_cli(tmp_path, capsys):
    drive = fake_drive(tmp_path, "MICROBIT")
    assert main(["flash", "microbit", "E03", "--drive", str(drive), "--lang", "ja"]) == 0
    (hex_file,) = drive.glob("*.hex")
    assert hex_file.name == "E03.hex" and fl.read_back(hex_file.read_text())[2]["main.py"]
    assert "1 台に書き込みました" in capsys.readouterr().out


def test_all_flashes_every_drive_and_the_exit_code_tells_of_a_failure(tmp_path, monkeypatch, capsys):
    drives = [fake_drive(tmp_path, f"MICROBIT{i}") for i in range(3)]
    monkeypatch.setattr(boards, "find_drives", lambda: [*drives, tmp_path / "MICROBIT_GONE"])
    assert main(["flash", "microbit", "E03", "--all"]) == 1
    assert all((d / "E03.hex").is_file() for d in drives)
    out = capsys.readouterr().out
    assert "3 of 4 boards flashed" in out and "went away" in out and "Traceback" not in out


def test_the_table_and_exit_code_with_a_drive_failing_midway(tmp_path, capsys):
    drives = [fake_drive(tmp_path, f"MICROBIT{i}") for i in range(2)]
    reporter = RecordingReporter()
    code = flash_command.flash_drives(b"z" * (2 * fl.CHUNK), drives, "E03", "en", reporter,
                                      opener=BreaksMidway(drives[0]))
    assert code == 1
    out = capsys.readouterr().out
    assert "1 of 2 boards flashed" in out and "done" in out


def test_several_drives_need_all_or_drive(tmp_path, monkeypatch, capsys):
    drives = [fake_drive(tmp_path, f"MICROBIT{i}") for i in range(2)]
    monkeypatch.setattr(boards, "find_drives", lambda: drives)
    assert main(["flash", "microbit", "E03"]) == 2
    assert "--all" in capsys.readouterr().err


def test_no_drive_plugged_in_says_what_to_do(monkeypatch, capsys):
    monkeypatch.setattr(boards, "find_drives", lambda: [])
    assert main(["flash", "microbit", "E03"]) == 1
    assert "No MICROBIT drive found" in capsys.readouterr().err


@pytest.mark.parametrize("argv, words", [
    (["flash", "esp32", "E03"], "terakoya deploy"),
    (["flash", "microbit", "E03", "--drive", "/no/such/drive"], "is not a drive"),
    (["flash", "microbit", "NO-SUCH-LESSON", "--output", "x.hex"], "Cannot find"),
])
def test_usage_problems_are_one_line_exit_2(argv, words, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert words in err and err.count("\n") == 1


def test_every_message_has_english_and_japanese():
    for key, (en, ja) in flash_command.MESSAGES.items():
        assert en and ja and en != ja, key


BROKEN = "from microbit import *\ndisplay.show(f'{1}')\n"  # no f-strings on the board


def test_a_program_the_board_would_refuse_is_not_flashed_unasked(tmp_path, capsys):
    program = tmp_path / "game.py"
    program.write_text(BROKEN)
    out = tmp_path / "game.hex"
    assert main(["flash", "microbit", str(program), "--output", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{program}:2:" in err and "f-strings" in err and "--no-check" in err
    assert not out.exists()
    assert main(["flash", "microbit", str(program), "--output", str(out), "--no-check"]) == 0
    assert out.is_file()  # a lesson's deliberate mistake can still go on


@pytest.mark.parametrize("answer, fine", [("y", True), ("", False), ("はい", True)])
def test_at_a_keyboard_the_teacher_decides(tmp_path, capsys, answer, fine):
    program = tmp_path / "main.py"
    program.write_text(BROKEN)
    asked = []
    result = code_is_fine({"main.py": program}, "microbit", "ja", interactive=True,
                          ask=lambda q: asked.append(q) or answer)
    assert result is fine and asked and "それでもコピーしますか" in asked[0]
    assert ("何もコピーしていません" in capsys.readouterr().err) is not fine


def test_every_lesson_solution_passes_the_check_before_flashing():
    for lesson in sorted((ROOT / "lessons").glob("*/solution.py")):
        assert code_is_fine({"main.py": lesson}, "microbit", "en", interactive=False,
                            ask=pytest.fail), lesson


def test_only_python_files_are_checked_and_a_missing_compiler_does_not_block(tmp_path,
                                                                             monkeypatch, capsys):
    notes = tmp_path / "notes.txt"
    notes.write_text("not python at all {")
    assert code_is_fine({"notes.txt": notes}, "esp32", "en", interactive=False)
    from terakoya.host_tools.check import compile as compiler

    def missing(*args):
        raise compiler.CompilerUnavailable("missing", "", missing=True)

    monkeypatch.setattr(compiler, "_binary", missing)
    program = tmp_path / "main.py"
    program.write_text("print(1)\n")
    assert code_is_fine({"main.py": program}, "microbit", "en", interactive=False)
    assert "not installed" in capsys.readouterr().err


def test_a_cache_that_cannot_be_written_leaves_nothing_behind(tmp_path, monkeypatch):
    def full_disk(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(fl.os, "replace", lambda a, b: full_disk(None))
    fl._write_cache(tmp_path / "microbit-v2-x.json", {"info": {}, "text": ""})
    assert list(tmp_path.iterdir()) == []


def test_data_files_count_against_the_boards_storage(tmp_path):
    program, data = tmp_path / "main.py", tmp_path / "data.txt"
    program.write_text("print(1)\n")
    data.write_bytes(b"1," * 100_000)
    assert not code_is_fine({"main.py": program, "data.txt": data}, "microbit", "en",
                            interactive=False)


@pytest.mark.parametrize("damage", [
    lambda c: {**c, "text": ""},  # emptied: it must not build a hex claiming V2 MicroPython
    lambda c: {**c, "text": c["text"][: len(c["text"]) // 2]},  # cut short
    lambda c: {**c, "info": {**c["info"], "device_version": "V1"}},  # another board's
    lambda c: [c],
])
def test_a_cache_that_is_valid_json_but_not_whole_is_made_again(tmp_path, damage):
    import json

    whole = fl._load_runtime(2, tmp_path)
    (cache,) = tmp_path.glob("microbit-v2-*.json")
    cache.write_text(json.dumps(damage(json.loads(cache.read_text()))))
    again = fl._load_runtime(2, tmp_path)
    assert again == whole and len(again.text) > 1_000_000
    assert json.loads(cache.read_text())["text"] == whole.text  # and the cache is whole again
