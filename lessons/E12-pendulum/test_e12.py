"""E12 the pendulum's rule: the micro:bit is the bob of a pendulum and times 10 swings.

The tests swing it as a real pendulum would: held still at an angle, then let go. A bob on
a string feels no push along its path (gravity does all of that), only the string's pull,
which is strongest at the bottom: g(3 cos a - 2 cos a0) for angle a and amplitude a0. The
swing dies away slowly, and the sensor is a little noisy. The period depends on the length
only (T = 2 pi sqrt(L / g)); a pupil's program must find 10 T within 0.1 s, whatever the
amplitude.
"""

from __future__ import annotations

import math
import random
import re
from contextlib import contextmanager
from pathlib import Path

from terakoya.simulator import Simulation
from terakoya.simulator.runner.scenario import load_scenario, schedule_scenario

from terakoya.curriculum.learner_tests import criterion, program

HERE = Path(__file__).parent
PROGRAM = program(HERE)
G_MG = 1024  # 1 g in the accelerometer's milli-g
STEP_MS = 10
LET_GO_MS = 1000
DECAY_S = 60.0  # the amplitude falls to 1/e in a minute (air)
NOISE_MG = 6


def period_s(length_cm: float) -> float:
    return 2 * math.pi * math.sqrt(length_cm / 100 / 9.8)


def pendulum(length_cm: float, amplitude_deg: float, seconds: float, seed: int = 1,
             step_ms: int = STEP_MS):
    """(ms, x, y, z) every ``step_ms`` for a board hanging logo-up on a string."""
    rnd = random.Random(seed)
    period = period_s(length_cm)
    a0 = math.radians(amplitude_deg)
    for ms in range(0, int(seconds * 1000), step_ms):
        if ms < LET_GO_MS:  # held at the start angle: only gravity, tilted
            x, y = G_MG * math.sin(a0), -G_MG * math.cos(a0)
        else:
            t = (ms - LET_GO_MS) / 1000
            amp = a0 * math.exp(-t / DECAY_S)
            angle = amp * math.cos(2 * math.pi * t / period)
            x, y = 0.0, -G_MG * (3 * math.cos(angle) - 2 * math.cos(amp))
        yield (ms, round(x + rnd.uniform(-NOISE_MG, NOISE_MG)),
               round(y + rnd.uniform(-NOISE_MG, NOISE_MG)), rnd.randint(-NOISE_MG, NOISE_MG))


@contextmanager
def swing(length_cm: float, amplitude_deg: float, seconds: float, seed: int = 1):
    """Run the pupil's program on a swinging board; the board when the time is up."""
    with Simulation(seed=seed) as sim:
        board = sim.add_board(PROGRAM)
        for ms, x, y, z in pendulum(length_cm, amplitude_deg, seconds, seed):
            board.set("accelerometer_x", x)
            board.set("accelerometer_y", y)
            board.set("accelerometer_z", z)
            sim.run(ms=STEP_MS)
        yield board


def last_seconds(text: str) -> float | None:
    """The last number with a decimal point the program printed (its 10-swing time)."""
    numbers = re.findall(r"-?\d+\.\d+", text)
    return float(numbers[-1]) if numbers else None


def digit_picture(n: int) -> str:
    with Simulation(seed=1) as sim:
        board = sim.add_board(source=f"from microbit import *\ndisplay.show({n})\nsleep(100)\n")
        sim.run(ms=50)
        return board.display_image()


@criterion(1)
def test_the_board_counts_whole_swings_there_and_back() -> None:
    length = 49  # cm: a 1.4 s swing
    seconds = LET_GO_MS / 1000 + 3.6 * period_s(length)
    with swing(length, 20, seconds) as board:
        assert board.error is None, board.error
        assert board.display_image() == digit_picture(3), (
            "after 3 swings there and back (6 times through the bottom) it should show 3")


@criterion(2)
def test_ten_swings_of_a_1_4_second_pendulum_take_14_seconds() -> None:
    with swing(49, 20, LET_GO_MS / 1000 + 16) as board:
        measured = last_seconds(board.serial_output)
        expected = 10 * period_s(49)
        assert measured is not None, "print the time for 10 swings, in seconds (such as 14.0)"
        assert abs(measured - expected) <= 0.1, f"10 swings take {expected:.2f} s; got {measured}"


@criterion(2)
def test_a_longer_string_and_a_smaller_swing_are_timed_too() -> None:
    with swing(99, 15, LET_GO_MS / 1000 + 22, seed=2) as board:
        measured = last_seconds(board.serial_output)
        expected = 10 * period_s(99)
        assert measured is not None, "print the time for 10 swings, in seconds (such as 20.0)"
        assert abs(measured - expected) <= 0.1, f"10 swings take {expected:.2f} s; got {measured}"


def test_the_lessons_swing_scenario_is_a_1_4_second_pendulum() -> None:
    """The scenario for classes without boards (terakoya run ... --scenario) swings at 1.4 s."""
    with Simulation(seed=1) as sim:
        board = sim.add_board(HERE / "solution.py")
        schedule_scenario(sim, load_scenario(HERE / "swing-49cm.toml"))
        sim.run(ms=LET_GO_MS + 16_000)
        assert abs(last_seconds(board.serial_output) - 14.0) <= 0.1


def write_scenario(path: Path, length_cm: float = 49, amplitude_deg: float = 20) -> None:
    """Write the lesson's scenario file (run by hand: python test_e12.py)."""
    lines = [f"# A {length_cm} cm pendulum let go at {amplitude_deg} degrees after 1 s "
             f"(period {period_s(length_cm):.2f} s), for terakoya run --scenario.", ""]
    for ms, x, y, z in pendulum(length_cm, amplitude_deg, LET_GO_MS / 1000 + 17, step_ms=20):
        lines += ["[[at]]", f"ms = {ms}", f"set = {{ accelerometer = [{x}, {y}, {z}] }}"]
    temporary = path.with_suffix(".tmp")
    temporary.write_text("\n".join(lines), encoding="utf-8")
    temporary.replace(path)


if __name__ == "__main__":
    write_scenario(HERE / "swing-49cm.toml")
