"""``terakoya check`` on a program that brings Terakoya's firmware files: those files are
Terakoya's (tested with it) and not reported; the ATOM Matrix's ``microbit`` module is
checked as the micro:bit's API it gives, against the micro:bit's stubs."""

from __future__ import annotations

import shutil
from pathlib import Path

from terakoya.host_tools.check.run import check_paths, terakoyas_own

FIRMWARE = Path(__file__).resolve().parents[1] / "firmware"


def atom_program(tmp_path: Path, source: str) -> Path:
    folder = tmp_path / "atom"
    folder.mkdir()
    shutil.copy(FIRMWARE / "atom_matrix" / "microbit.py", folder)
    shutil.copy(FIRMWARE / "lib" / "tunes.py", folder)
    (folder / "main.py").write_text(source, encoding="utf-8")
    return folder


def test_firmware_files_are_known_by_their_bytes():
    data = (FIRMWARE / "atom_matrix" / "microbit.py").read_bytes()
    assert terakoyas_own(data) == "atom_matrix/microbit.py"
    assert terakoyas_own(data + b"\n# mine\n") is None  # a changed copy is the pupil's


def test_a_microbit_lesson_on_the_atom_matrix_checks_clean(tmp_path):
    folder = atom_program(tmp_path, "from microbit import *\nimport tunes\n"
                                    "display.show(Image.HEART)\nwhile True:\n"
                                    "    if button_a.was_pressed():\n"
                                    "        display.scroll('hi')\n    sleep(100)\n")
    assert check_paths([folder], "atom-matrix") == []


def test_a_mistake_with_the_microbit_api_is_found_on_the_pupils_file(tmp_path):
    folder = atom_program(tmp_path, "from microbit import *\ndisplay.show(Image.HEARTT)\n"
                                    "button_a.was_presed()\n")
    findings = check_paths([folder], "atom-matrix")
    assert [(Path(f.file).name, f.line) for f in findings] == [("main.py", 2), ("main.py", 3)]
    assert all(Path(f.file).parent == folder for f in findings)


def test_the_atom_matrix_microbit_module_is_left_off_a_microbit(tmp_path):
    """A lesson for both boards brings the ATOM's 20 KB microbit.py; a micro:bit has its own
    microbit module and no room for it, so it is not counted there (deploy leaves it off)."""
    from terakoya.host_tools.check.run import on_board

    folder = atom_program(tmp_path, "from microbit import *\ndisplay.show(Image.HEART)\n")
    assert check_paths([folder], "microbit") == []
    files = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert set(on_board(files, "microbit")) == {"main.py", "tunes.py"}
    assert on_board(files, "atom-matrix") == files
    changed = folder / "microbit.py"
    changed.write_bytes(changed.read_bytes() + b"\n# mine\n")  # the pupil's own: it goes on
    assert "storage" in {f.code for f in check_paths([folder], "microbit", api=False)}
