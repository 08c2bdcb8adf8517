"""The ESP32 corpus: realistic club programs for the simulated ESP32 boards.

Each folder ``tests/corpus_esp32/NN_name/`` holds what a club would copy to the board:
``main.py`` (and any driver it imports, such as ``ssd1306.py``), the ``circuit.toml`` of
its breadboard, the ``scenario.toml`` that presses its buttons and changes its sensors
(``terakoya run FOLDER --board BOARD --scenario FOLDER/scenario.toml`` runs it the same
way), and ``expected.txt``: a header, a line ``---``, then the expected output::

    board: esp32          # esp32, atom-matrix or esp32-s3
    check: in-order       # exact: the whole output; in-order: each line below appears, in order
    duration: 10          # virtual seconds (default 10)
    wall: 10              # real seconds before a hung run is stopped (default 10)
    seen: fan1.on = True  # a part published this value at some moment (any number of lines)
    final: vent.angle = 0 # the last value a part published
    xfail: <bug>          # a simulator bug this program runs into (reported)
    ---
    ...

No program may end with an error (a traceback), and each must have done its job.
"""

from __future__ import annotations

import math
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from terakoya.simulator.model.events import ValueChanged
from terakoya.simulator.runner.core_program import engine_executable
from terakoya.simulator.runner.scenario import load_scenario, schedule_scenario
from terakoya.simulator.runner.session import SimBoard, Simulation

CORPUS = Path(__file__).parent / "corpus_esp32"
LIB = CORPUS / "lib"  # the drivers a club copies into the board's /lib (one copy here)
PROGRAMS = sorted(p for p in CORPUS.iterdir() if p.is_dir() and p != LIB)
BOARDS = {"esp32", "atom-matrix", "esp32-s3"}
WALL_LIMIT_S = 10  # real seconds a run may take (a program's "wall:" may say more)
HEADER_KEYS = {"board", "check", "duration", "wall", "seen", "final", "xfail"}


@dataclass
class Expected:
    board: str = "esp32"
    check: str = "in-order"
    duration_s: float = 10
    seen: list[tuple[str, object]] = field(default_factory=list)
    final: list[tuple[str, object]] = field(default_factory=list)
    xfail: str | None = None
    wall_s: float = WALL_LIMIT_S
    lines: list[str] = field(default_factory=list)


def _value(text: str) -> object:
    """A Python value (such as ``((0, 0, 0),) * 16``), else the text itself."""
    try:
        return eval(text, {"__builtins__": {}})  # noqa: S307 (our own test data)
    except Exception:  # noqa: BLE001
        return text


def read_expected(folder: Path) -> Expected:
    text = (folder / "expected.txt").read_text(encoding="utf-8")
    header, sep, body = text.partition("\n---\n")
    assert sep, f"{folder.name}/expected.txt needs a line --- after its header"
    expected = Expected(lines=body.splitlines())
    for line in header.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, _, value = (s.strip() for s in line.partition(":"))
        assert key in HEADER_KEYS, f"{folder.name}/expected.txt: unknown key {key!r}"
        if key == "board":
            assert value in BOARDS, value
            expected.board = value
        elif key == "check":
            assert value in ("exact", "in-order"), value
            expected.check = value
        elif key == "duration":
            expected.duration_s = float(value)
        elif key == "wall":
            expected.wall_s = float(value)
        elif key in ("seen", "final"):
            name, _, wanted = (s.strip() for s in value.partition("="))
            getattr(expected, key).append((name, _value(wanted)))
        elif key == "xfail":
            expected.xfail = value
    return expected


def same(value: object, wanted: object) -> bool:
    if isinstance(value, (tuple, list)) and isinstance(wanted, (tuple, list)):
        return len(value) == len(wanted) and all(same(v, w) for v, w in zip(value, wanted))
    if isinstance(wanted, (int, float)) and isinstance(value, (int, float)):
        return math.isclose(value, wanted, rel_tol=0.02, abs_tol=0.02)
    return value == wanted


def published(board: SimBoard, name: str) -> list[object]:
    return [e.value for e in board.events if isinstance(e, ValueChanged) and e.id == name]


def run(folder: Path, expected: Expected) -> SimBoard:
    engine_executable(expected.board)  # built (once) before the wall clock counts
    with Simulation(seed=7) as sim:
        drivers = {f"lib/{p.name}": p.read_bytes() for p in sorted(LIB.glob("*.py"))}
        board = sim.add_board(folder, files=drivers, kind=expected.board, start=False)
        scenario = folder / "scenario.toml"
        actions = load_scenario(scenario, boards=[expected.board],
                                circuits=[board.model.circuit])
        schedule_scenario(sim, actions)
        board.program.start()
        guard = threading.Timer(expected.wall_s, sim.request_stop)  # a hung simulator fails,
        guard.start()                                             # it does not hang the suite
        try:
            sim.run_until_done(expected.duration_s * 1000)
        finally:
            guard.cancel()
            if sim.stop_requested:
                board.program.kill()  # its board process must not outlive the test
        assert not sim.stop_requested, f"{folder.name} did not finish in {expected.wall_s} s"
        return board


def check_output(output: str, expected: Expected) -> None:
    if expected.check == "exact":
        assert output.splitlines() == expected.lines, output
        return
    position = 0
    for line in expected.lines:
        found = output.find(line, position)
        assert found >= 0, f"{line!r} not printed after position {position}:\n{output}"
        position = found + len(line)


def _param(folder: Path):  # type: ignore[no-untyped-def]
    bug = read_expected(folder).xfail
    marks = [pytest.mark.xfail(reason=bug, strict=True)] if bug else []
    return pytest.param(folder, marks=marks, id=folder.name)


@pytest.mark.parametrize("folder", [_param(f) for f in PROGRAMS])
def test_program_runs_and_does_its_job(folder: Path) -> None:
    expected = read_expected(folder)
    board = run(folder, expected)
    output = board.serial_output
    assert board.end_kind != "error" and "Traceback" not in output, output
    check_output(output, expected)
    for name, wanted in expected.seen:
        values = published(board, name)
        assert any(same(v, wanted) for v in values), f"{name} never was {wanted!r}: {values}"
    for name, wanted in expected.final:
        values = published(board, name)
        assert values and same(values[-1], wanted), f"{name} ended as {values[-1:]}, not {wanted!r}"


def test_every_folder_is_a_complete_program() -> None:
    assert len(PROGRAMS) >= 30
    boards = set()
    for folder in PROGRAMS:
        assert re.fullmatch(r"\d\d_[a-z0-9_]+", folder.name), folder.name
        for name in ("main.py", "circuit.toml", "scenario.toml", "expected.txt"):
            assert (folder / name).is_file(), f"{folder.name} has no {name}"
        text = (folder / "main.py").read_text(encoding="utf-8")
        assert re.match(r"(# .+\n){1,3}", text), f"{folder.name}: start with a comment"
        assert "terakoya" not in text.lower(), "a learner's program knows nothing of the simulator"
        boards.add(read_expected(folder).board)
    assert boards == BOARDS


@pytest.mark.parametrize("folder", PROGRAMS, ids=lambda f: f.name)
def test_terakoya_run_accepts_the_scenario(folder: Path) -> None:
    """The scenario is checked as `terakoya run FOLDER --board B --scenario ...` checks it."""
    from terakoya.simulator.boards import spec_for

    from terakoya.run_command import _circuit

    spec = spec_for(read_expected(folder).board)
    _, parts = _circuit(folder, spec, "en")
    load_scenario(folder / "scenario.toml", boards=[spec.id], circuits=[parts])
