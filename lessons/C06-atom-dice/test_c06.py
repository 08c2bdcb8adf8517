"""C06 ATOM Matrix で micro:bit の授業: a micro:bit program, a shake dice, that runs unchanged
on a micro:bit and on an M5Stack ATOM Matrix with the micro:bit module of Terakoya's
firmware (firmware/atom_matrix/microbit.py, a copy of which is in this folder).

A shake is eight swings of 1.5 g along x, 60 ms each, given to the accelerometer (on the
ATOM, its MPU6886), as both boards' gesture recognisers see a shake. A dice face is 1 to 6
separate dots (a dot: one or two lit LEDs), whatever colour or brightness they are."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from terakoya.simulator import Simulation
from terakoya.simulator.model.events import ValueChanged

from terakoya.curriculum.learner_tests import criterion, program

HERE = Path(__file__).parent
PROGRAM = program(HERE)
CIRCUIT = (HERE / "circuit.toml").read_text(encoding="utf-8")
MICROBIT_PY = (HERE / "microbit.py").read_text(encoding="utf-8")
FIRMWARE = files("terakoya.firmware") / "atom_matrix" / "microbit.py"


class Dice:
    """The pupil's program on a micro:bit or an ATOM Matrix; what its 25 LEDs show, as lit or
    not, and its inputs by their micro:bit names."""

    def __init__(self, sim: Simulation, kind: str):
        self.sim, self.kind = sim, kind
        if kind == "microbit":
            self.board = sim.add_board(PROGRAM)
        else:
            self.board = sim.add_board(PROGRAM, kind="atom-matrix", circuit=CIRCUIT,
                                       files={"microbit.py": MICROBIT_PY})
        sim.run(600)

    def lit(self) -> list[list[bool]]:
        if self.kind == "microbit":
            return [[v != "0" for v in row] for row in self.board.display_rows()]
        shown = [e.value for e in self.board.events
                 if isinstance(e, ValueChanged) and e.id == "matrix.pixels"]
        pixels = list(shown[-1]) if shown else [(0, 0, 0)] * 25
        return [[any(pixels[r * 5 + c]) for c in range(5)] for r in range(5)]

    def tilt_x(self, mg: float) -> None:
        if self.kind == "microbit":
            self.board.set("accelerometer_x", mg)
        else:
            self.board.set("imu.accelerometer_x", mg / 1000)

    def shake(self) -> None:
        for swing in range(8):
            self.tilt_x(1500 if swing % 2 == 0 else -1500)
            self.sim.run(60)
        self.tilt_x(0)

    def roll(self) -> int | None:
        """Shake, wait, and give the number of dots shown (None: not a dice face)."""
        self.shake()
        self.sim.run(1500)
        return dots(self.lit())

    def ok(self) -> None:
        assert self.board.error is None, f"the program stopped ({self.kind}): {self.board.error}"


def dots(lit: list[list[bool]]) -> int | None:
    """How many separate dots are lit (None if any lit group is bigger than a dot)."""
    seen: set[tuple[int, int]] = set()
    count = 0
    for r in range(5):
        for c in range(5):
            if lit[r][c] and (r, c) not in seen:
                group, todo = 0, [(r, c)]
                seen.add((r, c))
                while todo:
                    y, x = todo.pop()
                    group += 1
                    for ny, nx in ((y + 1, x), (y - 1, x), (y, x + 1), (y, x - 1)):
                        if 0 <= ny < 5 and 0 <= nx < 5 and lit[ny][nx] and (ny, nx) not in seen:
                            seen.add((ny, nx))
                            todo.append((ny, nx))
                if group > 2:
                    return None
                count += 1
    return count if 1 <= count <= 6 else None


@criterion(1)
def test_shaking_the_micro_bit_rolls_the_dice():
    with Simulation(seed=1) as sim:
        dice = Dice(sim, "microbit")
        sim.run(1000)
        still = dice.lit()
        sim.run(3000)
        assert dice.lit() == still, "lying still, the dice should not roll by itself"
        pictures = []
        for _ in range(6):
            dice.shake()
            sim.run(1500)
            pictures.append(dice.lit())
        dice.ok()
        assert any(p != still for p in pictures), \
            "shaking the board should roll the dice: accelerometer.was_gesture('shake')"


@criterion(2)
def test_every_number_shows_as_dots_like_a_real_dice():
    with Simulation(seed=1) as sim:
        dice = Dice(sim, "microbit")
        before = dice.lit()
        shown, pictures = [], []
        for _ in range(36):
            shown.append(dice.roll())
            pictures.append(dice.lit())
        dice.ok()
        assert any(p != before for p in pictures), \
            "the dice never rolled when shaken: roll on accelerometer.was_gesture('shake') first"
        assert None not in shown, ("after a roll the dice should show 1 to 6 separate dots, "
                                   "like a real dice, not a digit")
        assert set(shown) == {1, 2, 3, 4, 5, 6}, \
            f"in 36 rolls only {sorted(set(shown))} came up: random.randint(1, 6)"


@criterion(3)
def test_the_same_program_rolls_on_the_atom_matrix():
    with Simulation(seed=1) as sim:
        atom = Dice(sim, "atom-matrix")
        microbit = Dice(sim, "microbit")
        atom.ok()
        shown = {"atom-matrix": [atom.roll() for _ in range(5)],
                 "microbit": [microbit.roll() for _ in range(5)]}
        atom.ok()
        microbit.ok()
        for kind, faces in shown.items():
            assert None not in faces, f"on the {kind} a roll did not end in a dice face: {faces}"


def test_the_lessons_microbit_py_is_the_firmwares():
    assert MICROBIT_PY == FIRMWARE.read_text(encoding="utf-8"), \
        "lessons/C06-atom-dice/microbit.py must be a copy of firmware/atom_matrix/microbit.py"
