"""``terakoya circuit``: a Wokwi diagram becomes a circuit.toml (never over a teacher's file),
and ``check`` says in one line whether a circuit fits the board."""

import json

from terakoya.cli import main

DIAGRAM = {"version": 1, "parts": [
    {"type": "board-esp32-devkit-c-v4", "id": "esp", "attrs": {}},
    {"type": "wokwi-led", "id": "led1", "attrs": {"color": "green"}},
    {"type": "wokwi-lcd1602", "id": "lcd", "attrs": {}}],
    "connections": [["led1:A", "esp:2", "", []], ["led1:C", "esp:GND.1", "", []]]}


def test_import_writes_a_circuit_that_checks_and_keeps_an_existing_file(tmp_path, capsys):
    diagram = tmp_path / "diagram.json"
    diagram.write_text(json.dumps(DIAGRAM), encoding="utf-8")
    mine = tmp_path / "circuit.toml"
    mine.write_text("# my own circuit\n", encoding="utf-8")
    assert main(["circuit", "import", str(diagram)]) == 0
    assert mine.read_text(encoding="utf-8") == "# my own circuit\n"
    made = tmp_path / "circuit-2.toml"
    text = made.read_text(encoding="utf-8")
    assert 'type = "led"' in text and "pin = 2" in text and "lcd" in text  # left out, named
    assert not list(tmp_path.glob(".*.tmp"))
    capsys.readouterr()
    assert main(["circuit", "check", str(made)]) == 0
    assert "1 parts" in capsys.readouterr().out


def test_a_wrong_circuit_is_one_line_naming_the_part(tmp_path, capsys):
    (tmp_path / "circuit.toml").write_text('[[part]]\nid = "led1"\ntype = "led"\npin = 34\n',
                                           encoding="utf-8")
    assert main(["circuit", "check", str(tmp_path)]) == 1
    out = capsys.readouterr().out.strip()
    assert "led1" in out and "34" in out and "\n" not in out and "Traceback" not in out


def test_a_bad_diagram_and_a_folder_without_a_circuit_are_usage_errors(tmp_path, capsys):
    diagram = tmp_path / "diagram.json"
    diagram.write_text("{not json", encoding="utf-8")
    assert main(["circuit", "import", str(diagram)]) == 2
    assert main(["--lang", "ja", "circuit", "check", str(tmp_path), "--board", "microbit"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "circuit.toml" in err and "見つかりません" in err
    assert main(["circuit", "import", str(diagram), "--to", str(tmp_path / "no" / "c.toml")]) == 2
