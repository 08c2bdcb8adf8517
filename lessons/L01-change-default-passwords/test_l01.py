"""L01 change the default passwords: the robot's Wi-Fi and login page against the class's
100-password tool (simulator/runner/lab.py), all inside the simulation."""

from __future__ import annotations

import re
from pathlib import Path

from terakoya.simulator import Simulation
from terakoya.simulator.model.events import ValueChanged
from terakoya.simulator.runner.lab import COMMON_PASSWORDS, LabError, guess_passwords

from terakoya.curriculum.learner_tests import criterion, program

HERE = Path(__file__).parent
PROGRAM = program(HERE)
CIRCUIT = (HERE / "circuit.toml").read_text(encoding="utf-8")
MADE_UP = [f"not-it-{n}" for n in range(12)]  # wrong passwords nobody would choose


def start(sim: Simulation):
    board = sim.add_board(PROGRAM, kind="esp32", circuit=CIRCUIT)
    sim.run(500)
    assert board.error is None, board.serial_output
    return board


def wifi_password(board) -> str | None:
    """The robot's Wi-Fi password as its access point really has it (None: open)."""
    point = board.model.net.ap
    assert point is not None, "the robot makes no Wi-Fi access point (WLAN(AP_IF))"
    return point.password or None


def login_password() -> str:
    found = re.search(r"""^PASSWORD\s*=\s*["']([^"']+)["']""", PROGRAM.read_text("utf-8"),
                      re.MULTILINE)
    assert found, 'keep the login password in a line of its own: PASSWORD = "..."'
    return found.group(1)


def light_on(board) -> bool:
    """The robot's light, as its last published brightness says (none yet: dark)."""
    values = [e.value for e in board.events
              if isinstance(e, ValueChanged) and e.id == "light.brightness"]
    return bool(values) and values[-1] > 0.5


@criterion(1)
def test_nobody_joins_the_robots_wifi_with_a_common_password():
    with Simulation(seed=1) as sim:
        board = start(sim)
        own = wifi_password(board)
        assert own is not None, "the robot's Wi-Fi is open: anyone can join it"
        assert own not in COMMON_PASSWORDS, f"'{own}' is on the list of common passwords"
        for guess in [None, *(p for p in COMMON_PASSWORDS if len(p) >= 8)]:
            try:
                guess_passwords(sim, passwords=[], wifi_password=guess)
            except LabError:
                continue  # this key does not open the robot's Wi-Fi
            raise AssertionError(f"the robot's Wi-Fi lets in anyone with the key {guess!r}")


@criterion(2)
def test_the_100_password_tool_does_not_get_in_and_the_owner_does():
    password = login_password()
    assert password not in COMMON_PASSWORDS and len(password) >= 8
    with Simulation(seed=1) as sim:
        board = start(sim)
        report = guess_passwords(sim, pause_ms=10, stop_at_lockout=False,
                                 wifi_password=wifi_password(board))
        assert report.found is None, report.text("en")
        assert not light_on(board)
    with Simulation(seed=1) as sim:
        board = start(sim)
        owner = guess_passwords(sim, passwords=[password], wifi_password=wifi_password(board))
        assert owner.found == password, "the owner's own password does not log in"
        sim.run(100)
        assert light_on(board)


@criterion(3)
def test_five_wrong_tries_lock_the_page_even_for_the_right_password():
    with Simulation(seed=1) as sim:
        board = start(sim)
        report = guess_passwords(sim, passwords=[*MADE_UP, login_password()], pause_ms=50,
                                 stop_at_lockout=False, wifi_password=wifi_password(board))
        assert report.lockout is not None, "12 wrong tries and the page still answers"
        assert 3 <= report.locked_after <= 5, report.text("en")
        assert report.found is None, "after the lock the right password must not work either"
        assert not light_on(board)
