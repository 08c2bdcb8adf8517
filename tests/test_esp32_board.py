"""An ESP32 board as a whole: its specification, the boot lines its ROM prints on a serial
line (not in `terakoya run`'s output), a circuit from a program's folder, and the CLI."""

from terakoya.simulator.boards import spec_for
from terakoya.simulator.runner.session import Simulation

from terakoya.cli import main
from terakoya.device_command import make_device

BANNER = b"MicroPython v1.23.0 on 2024-06-02; Generic ESP32 module with ESP32\r\n"


def test_a_virtual_esp32_shows_its_rom_lines_then_the_banner():
    with make_device(board="esp32") as dev:
        out = dev.take_output()
    assert out.startswith(b"ets Jun  8 2016 00:22:57\r\n\r\nrst:0x1 (POWERON_RESET)")
    assert BANNER in out and out.endswith(b">>> ")


def test_run_prints_only_the_program(tmp_path, capsys):
    (tmp_path / "main.py").write_text("print('hi')\n", encoding="utf-8")
    assert main(["run", str(tmp_path / "main.py"), "--board", "esp32"]) == 0
    assert capsys.readouterr().out == "hi\n"


def test_boards_are_found_by_id_or_alias_and_the_atom_has_its_parts():
    assert spec_for("ATOM").id == "atom-matrix"
    assert spec_for("esp32_s3").id == "esp32-s3"
    with Simulation() as sim:
        board = sim.add_board(source="pass", kind="atom-matrix", start=False)
        assert [p.id for p in board.model.circuit] == ["matrix", "imu"]
        assert board.model.spec.pin(34) is None and board.model.spec.pin(39).input_only


def test_a_program_folder_brings_its_circuit_and_a_scenario_drives_it(tmp_path, capsys):
    (tmp_path / "main.py").write_text(
        "from machine import Pin, ADC\nimport time\nb = Pin(4, Pin.IN, Pin.PULL_UP)\n"
        "pot = ADC(Pin(34), atten=ADC.ATTN_11DB)\n"
        "for i in range(4):\n    print(b.value(), pot.read_u16() > 40000)\n"
        "    time.sleep_ms(100)\n", encoding="utf-8")
    (tmp_path / "circuit.toml").write_text(
        '[[part]]\nid = "btn1"\ntype = "button"\npin = 4\n\n'
        '[[part]]\nid = "pot1"\ntype = "potentiometer"\npin = 34\nposition = 0.1\n',
        encoding="utf-8")
    (tmp_path / "s.toml").write_text(
        '[[at]]\nms = 150\npress = "btn1"\nhold_ms = 100\n\n'
        '[[at]]\nms = 250\nset = { pot1 = 0.9 }\n', encoding="utf-8")
    assert main(["run", str(tmp_path), "--board", "esp32", "--scenario",
                 str(tmp_path / "s.toml")]) == 0
    assert capsys.readouterr().out == "1 False\n1 False\n0 False\n1 True\n"


def test_a_scenario_naming_a_part_the_circuit_lacks_is_a_usage_error(tmp_path, capsys):
    (tmp_path / "main.py").write_text("pass\n", encoding="utf-8")
    (tmp_path / "s.toml").write_text('[[at]]\nms = 1\npress = "btn9"\n', encoding="utf-8")
    assert main(["run", str(tmp_path), "--board", "esp32", "--scenario",
                 str(tmp_path / "s.toml")]) == 2
    assert "btn9" in capsys.readouterr().err


def test_time_follows_the_rtc_which_keeps_counting_through_a_reset():
    program = ("import time, machine\n"
               "print(time.localtime()[:6])\n"
               "if time.localtime()[0] == 2000:\n"
               "    machine.RTC().datetime((2026, 12, 7, 0, 9, 30, 0, 0))\n"
               "    print(time.localtime()[:6], time.time())\n"
               "    time.sleep(2)\n"
               "    machine.reset()\n")
    with Simulation() as sim:
        board = sim.add_board(source=program, kind="esp32")
        sim.run(4000)
        lines = board.serial_output.splitlines()
    assert lines[0] == "(2000, 1, 1, 0, 0, 0)"
    assert lines[1] == "(2026, 12, 7, 9, 30, 0) 849951000"
    assert lines[2].startswith("(2026, 12, 7, 9, 30, 2")  # after the reset, 2 s later


def test_a_loop_of_bytecode_alone_lets_time_pass_and_stops():
    with Simulation() as sim:
        board = sim.add_board(source="import time\nt = time.ticks_ms()\n"
                                     "while time.ticks_diff(time.ticks_ms(), t) < 50:\n    pass\n"
                                     "print('done')\nwhile True:\n    pass\n", kind="esp32")
        sim.run(300)
        assert board.serial_output == "done\n" and board.running
        sim.stop()
        sim.run(10)
        assert not board.running
