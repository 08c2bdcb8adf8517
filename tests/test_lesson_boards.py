"""A lesson's own board: ``terakoya run/sim/check/deploy C03`` use the first board of the
lesson's ``boards`` that is not "simulator" (an explicit ``--board`` still wins), a folder
from ``terakoya lessons get`` too; deploy sends the files the simulator runs; and every
lesson's solution passes ``terakoya check`` on its own board."""

from collections import defaultdict
from pathlib import Path

import pytest
from terakoya.host_tools.check.run import Program, check_programs

from terakoya import check_command, deploy_command, run_command, sim_command
from terakoya.cli import main
from terakoya.curriculum.catalog import find_lessons
from terakoya.lesson_words import board_files, board_for, copy_lesson, lesson_board, try_it

LESSONS = Path(__file__).resolve().parents[1] / "lessons"
C03 = LESSONS / "C03-connected-monitor"
C06 = LESSONS / "C06-atom-dice"


def test_a_lessons_board_is_its_first_real_one():
    assert lesson_board([C03]) == "esp32"  # ["esp32", "simulator"]
    assert lesson_board([LESSONS / "E01-name-badge"]) == "microbit"
    assert lesson_board([C06]) == "microbit"  # ["microbit", "atom-matrix", "simulator"]
    assert lesson_board([C03 / "solution.py"]) == "esp32"  # a file in the lesson's folder
    assert board_for(None, [C03]) == "esp32"
    assert board_for("atom-matrix", [C03]) == "atom-matrix"  # --board wins


def test_programs_that_are_no_lessons_stay_on_the_microbit(tmp_path):
    program = tmp_path / "main.py"
    program.write_text("print(1)\n", encoding="utf-8")
    odd = tmp_path / "odd"
    odd.mkdir()
    (odd / "lesson.toml").write_text('boards = ["simulator", "toaster"]\n', encoding="utf-8")
    assert lesson_board([program, tmp_path, odd]) is None
    assert board_for(None, [program]) == "microbit"


def test_a_copied_lesson_keeps_its_board_by_its_folder_name(tmp_path):
    first, second = copy_lesson(C03, tmp_path), copy_lesson(C03, tmp_path)
    assert (first.name, second.name) == ("C03-connected-monitor", "C03-connected-monitor-2")
    assert not (first / "lesson.toml").exists()
    assert lesson_board([first]) == lesson_board([second / "main.py"]) == "esp32"
    renamed = first.rename(tmp_path / "C03-mine")  # a name the lesson did not give
    assert lesson_board([renamed]) is None
    assert try_it(first, "esp32") == f"terakoya sim {first} --board esp32"
    assert try_it(first, "microbit") == f"terakoya sim {first}"


@pytest.fixture
def chosen(monkeypatch):
    """The board each command was given, without running anything."""
    seen = {}
    monkeypatch.setattr(check_command, "run_check",
                        lambda paths, board, *_: seen.setdefault("check", board) and 0)
    monkeypatch.setattr(run_command, "run_programs",
                        lambda options: seen.setdefault("run", options.board) and 0)
    monkeypatch.setattr(run_command, "prepare_engine", lambda board, lang: None)
    monkeypatch.setattr(sim_command, "run_sim",
                        lambda args, lang: seen.setdefault("sim", args.board) and 0)
    return seen


def test_run_sim_and_check_open_a_lesson_on_its_board(chosen, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # no file called C03 here: the id names the lesson
    for command in ("check", "run", "sim"):
        assert main([command, "C03"]) == 0
    assert chosen == {"check": "esp32", "run": "esp32", "sim": "esp32"}
    chosen.clear()
    for command in ("check", "run", "sim"):
        assert main([command, "C03", "--board", "atom-matrix"]) == 0
    assert set(chosen.values()) == {"atom-matrix"}
    chosen.clear()
    for command in ("check", "run", "sim"):
        assert main([command, "E01"]) == 0
    assert set(chosen.values()) == {"microbit"}


def test_deploy_sends_the_files_the_simulator_runs():
    files = deploy_command.collect_files("C03", [], "en")
    assert files == {"main.py": C03 / "solution.py", "bme280.py": C03 / "bme280.py"}
    assert board_files(C03) == {"main.py": C03 / "starter.py", "bme280.py": C03 / "bme280.py"}
    again = deploy_command.collect_files("C03", [str(C03 / "bme280.py")], "en")  # as notes say
    assert again == files


def test_a_microbit_gets_no_atom_matrix_module():
    files = deploy_command.collect_files("C06", [], "en")
    assert set(files) == {"main.py", "microbit.py"}  # for the ATOM Matrix
    assert deploy_command.for_microbits(files) == {"main.py": C06 / "solution.py"}


def solutions_by_board() -> dict[str, list[Program]]:
    programs = defaultdict(list)
    for lesson in find_lessons(LESSONS):
        files = board_files(lesson.folder, "solution.py")
        program = Program(lesson.folder, {path: path.read_bytes() for path in files.values()})
        programs[lesson_board([lesson.folder])].append(program)
    return programs


def test_every_solution_passes_check_on_its_own_board():
    """One check (one basedpyright run) per board for all its lessons' solutions, each with
    its modules, as deploy would copy them."""
    programs = solutions_by_board()
    assert set(programs) == {"microbit", "esp32"} and len(programs["esp32"]) >= 8
    found = {board: [f"{f.file}:{f.line}: {f.message_en}" for f in check_programs(group, board)]
             for board, group in programs.items()}
    assert found == {board: [] for board in programs}


def test_the_atom_matrix_lesson_passes_on_the_atom_matrix_too():
    files = board_files(C06, "solution.py")
    program = Program(C06, {path: path.read_bytes() for path in files.values()})
    assert check_programs([program], "atom-matrix") == []
