"""R07 the watch-over lamp: the lamp's switch works it, and the family hears over MQTT only
that it was used (not every switch) and, once, when it has not been used for a while."""

from __future__ import annotations

from pathlib import Path

from terakoya.simulator import Simulation
from terakoya.simulator.model.events import ValueChanged
from terakoya.simulator.runner.lab import MqttTap

from terakoya.curriculum.learner_tests import criterion, program

HERE = Path(__file__).parent
PROGRAM = program(HERE)
CIRCUIT = (HERE / "circuit.toml").read_text(encoding="utf-8")
SECOND = 1000
MINUTE = 60 * SECOND


def start(sim: Simulation):
    board = sim.add_board(PROGRAM, kind="esp32", circuit=CIRCUIT)
    sim.run(3 * SECOND)  # Wi-Fi (1.6 s), then the broker
    assert board.error is None, board.serial_output
    return board


def lit(board) -> bool:
    values = [e.value for e in board.events
              if isinstance(e, ValueChanged) and e.id == "lamp.brightness"]
    return bool(values) and values[-1] > 0.5


def use(sim: Simulation, board, wait_ms: int = 2 * SECOND) -> None:
    board.press("switch")
    sim.run(wait_ms)


def told(tap: MqttTap, after: int = 0) -> list[bytes]:
    """What the family was told (every message on the broker) from capture ``after`` on."""
    return [c.payload for c in tap.captures[after:]]


@criterion(1)
def test_the_switch_turns_the_lamp_on_and_off():
    with Simulation(seed=1) as sim:
        board = start(sim)
        assert not lit(board)
        use(sim, board)
        assert lit(board)
        use(sim, board)
        assert not lit(board)


@criterion(2)
def test_the_family_hears_that_the_lamp_was_used_but_not_every_switch():
    with Simulation(seed=1) as sim, MqttTap(sim) as tap:
        board = start(sim)
        use(sim, board)
        first = told(tap)
        assert len(first) == 1, f"using the lamp should tell the family once; it told {first}"
        for _ in range(6):  # on and off again and again within half a minute
            use(sim, board, 5 * SECOND)
        assert told(tap) == first, ("every switch was sent: the family (and anyone on the "
                                    f"broker) sees each one: {told(tap)}")
        assert board.error is None


@criterion(3)
def test_a_gentle_notice_comes_once_when_the_lamp_is_not_used_for_a_while():
    with Simulation(seed=1) as sim, MqttTap(sim) as tap:
        board = start(sim)
        use(sim, board)
        genki = told(tap)
        assert len(genki) == 1, f"using the lamp should tell the family once; it told {genki}"
        sim.run(MINUTE)
        assert told(tap, 1) == [], "a notice came within a minute of the lamp being used"
        sim.run(9 * MINUTE)
        notices = told(tap, 1)
        assert notices, "10 minutes without the lamp being used, and no notice came"
        assert len(notices) <= 2 and genki[0] not in notices, \
            f"one notice (not repeated, not 'genki') was expected: {notices}"
        heard = len(tap.captures)
        use(sim, board)
        assert told(tap, heard) == genki, "after a notice, using the lamp should say genki again"
