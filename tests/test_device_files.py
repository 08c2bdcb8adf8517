"""terakoya device keeps a board's files between runs, per board name."""

import pytest
from terakoya.host_tools import device_files

from terakoya import cli


@pytest.fixture
def data(tmp_path, monkeypatch):
    monkeypatch.setenv("TERAKOYA_DATA", str(tmp_path))
    return tmp_path


def test_files_saved_are_loaded_again_and_what_is_gone_is_gone(data):
    where = device_files.save("microbit", "1", {"main.py": b"print(1)", "a.txt": b"x"})
    assert where == data / "devices" / "microbit-1"
    assert device_files.load("microbit", "1") == {"main.py": b"print(1)", "a.txt": b"x"}
    device_files.save("microbit", "1", {"main.py": b"print(2)"})
    assert device_files.load("microbit", "1") == {"main.py": b"print(2)"}
    assert not [p for p in where.iterdir() if p.name.startswith(".part")]


def test_boards_of_other_names_keep_their_own_files(data):
    device_files.save("microbit", "yui", {"main.py": b"1"})
    device_files.save("microbit", "ken", {"main.py": b"2"})
    assert device_files.load("microbit", "yui") == {"main.py": b"1"}
    assert device_files.load("microbit", "never") == {}


def test_names_that_are_no_file_names_are_not_written(data):
    device_files.save("microbit", "1", {"../evil.py": b"x", "ok.py": b"y", "a/../../b": b"z",
                                        ".terakoya-part-x": b"half"})
    assert device_files.load("microbit", "1") == {"ok.py": b"y"}
    assert not (data / "devices" / "evil.py").exists() and not (data / "b").exists()


def test_a_files_name_may_start_with_a_dot_as_deploys_manifest_does(data):
    device_files.save("microbit", "1", {".terakoya": b"# deploy's", "main.py": b"1"})
    assert device_files.load("microbit", "1") == {".terakoya": b"# deploy's", "main.py": b"1"}


def test_an_esp32s_folders_are_kept_empty_ones_too(data):
    files = {"boot.py": b"# boot", "lib/x.py": b"X = 1", "lib/sub/y.py": b"Y = 2"}
    where = device_files.save("esp32", "1", files, ["data", "lib/empty"])
    assert (where / "lib" / "sub" / "y.py").read_bytes() == b"Y = 2"
    kept = device_files.load_board("esp32", "1")
    assert kept.files == files and kept.folders == ["data", "lib/empty"]
    device_files.save("esp32", "1", {"boot.py": b"# boot"}, ["lib"])  # the rest was removed
    kept = device_files.load_board("esp32", "1")
    assert kept.files == {"boot.py": b"# boot"} and kept.folders == ["lib"]
    assert sorted(p.name for p in where.iterdir()) == ["boot.py", "lib"]


@pytest.mark.parametrize("name", ["", "a/b", "../x", "x" * 41, "名前"])
def test_a_bad_board_name_is_one_plain_line(name, capsys, data):
    assert cli.main(["device", "--name", name, "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--name may have letters, digits" in err
