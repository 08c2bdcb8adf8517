"""The corpus: realistic micro:bit V2 programs, each run for 5 virtual seconds.

Every program in ``tests/corpus/NN_name.py`` runs on one or more simulated boards (radio
games on several, in one radio space) under its inputs: the scenario ``NN_name.toml`` next
to it, if there is one, and the SimBoard calls of its ``drive`` below. Then no board may
have ended with an error, and the program must have done its job: each has a check here.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from terakoya.simulator.board_modules.microbit.images_data import BUILTIN_IMAGES as IMG
from terakoya.simulator.runner.scenario import parse_scenario, schedule_scenario
from terakoya.simulator.runner.session import SimBoard, Simulation

CORPUS = Path(__file__).parent / "corpus"
PROGRAMS = sorted(CORPUS.glob("*.py"))
RUN_MS = 5000
STEP_MS = 5
BLANK = "00000:00000:00000:00000:00000"
ALL_ON = "99999:99999:99999:99999:99999"

Check = Callable[..., None]
Drive = Callable[..., None]


@dataclass(frozen=True)
class Case:
    check: Check
    boards: int = 1
    files: dict[str, str] = field(default_factory=dict)
    drive: Drive | None = None
    gap: str | None = None  # a deliberate gap of the simulator the program runs into


CASES: dict[str, Case] = {}


def case(name: str, boards: int = 1, files: dict[str, str] | None = None,
         drive: Drive | None = None, gap: str | None = None) -> Callable[[Check], Check]:
    """Register the check (and inputs) for the corpus program ``name``."""
    def register(check: Check) -> Check:
        CASES[name] = Case(check, boards, dict(files or {}), drive, gap)
        return check
    return register


# -- what a check looks at ---------------------------------------------------------------
def printed(board: SimBoard, *texts: str) -> None:
    for text in texts:
        assert text in board.serial_output, \
            f"board {board.number} did not print {text!r}; it printed:\n{board.serial_output}"


def printed_in_order(board: SimBoard, *texts: str) -> None:
    position = 0
    for text in texts:
        found = board.serial_output.find(text, position)
        assert found >= 0, f"{text!r} not printed after {position}:\n{board.serial_output}"
        position = found + len(text)


def showed(board: SimBoard, *images: str) -> None:
    history = board.display_history()
    for image in images:
        assert image in history, f"board {board.number} never showed {image}; it showed {history}"


def lines(board: SimBoard) -> list[str]:
    return board.serial_output.splitlines()


def log_rows(board: SimBoard) -> list[list[str]]:
    """The rows the data log mirrored to the serial line, split into fields."""
    return [line.strip().split(",") for line in lines(board) if "," in line]


def number_after(board: SimBoard, pattern: str) -> list[float]:
    return [float(value) for value in re.findall(pattern, board.serial_output)]


# -- how a drive gives inputs at the right moment ----------------------------------------
def wait_until(sim: Simulation, ready: Callable[[], bool]) -> bool:
    """Run in small steps until ``ready()``, an error, or the end of the run."""
    while not ready() and sim.now_ms < RUN_MS:
        if any(board.error for board in sim.boards):
            return False
        sim.run(STEP_MS)
    return ready()


# -- the programs --------------------------------------------------------------------------
@case("01_name_badge")
def check_name_badge(b: SimBoard) -> None:
    printed(b, "Hello, my name is Aiko")
    showed(b, IMG["HEART"], IMG["RABBIT"])


@case("02_step_counter")
def check_step_counter(b: SimBoard) -> None:
    printed_in_order(b, "steps: 1", "steps: 2", "steps: 3")
    assert "steps: 4" not in b.serial_output
    showed(b, IMG["STICKFIGURE"])


@case("03_compass_north")
def check_compass_north(b: SimBoard) -> None:
    printed(b, "heading: 90")
    assert b.display_image() == IMG["CLOCK9"]  # facing east, north is to the left


@case("04_music_box")
def check_music_box(b: SimBoard) -> None:
    printed(b, "tempo: 240 beats a minute, 4 ticks a beat", "played the scale")
    showed(b, IMG["MUSIC_QUAVER"], IMG["MUSIC_CROTCHET"])


@case("05_class_vote", boards=3)
def check_class_vote(b1: SimBoard, b2: SimBoard, b3: SimBoard) -> None:
    assert lines(b1) == ["votes: yes 0 no 1"]
    assert lines(b2) == ["votes: yes 1 no 0", "votes: yes 2 no 0", "votes: yes 2 no 1"]
    assert lines(b3)[-1] == "votes: yes 2 no 1"
    showed(b1, IMG["YES"])
    showed(b2, IMG["NO"])


@case("06_rock_paper_scissors", boards=2)
def check_rock_paper_scissors(b1: SimBoard, b2: SimBoard) -> None:
    pattern = r"(\w+) against (\w+): (draw|I win|I lose)"
    (mine1, theirs1, result1), = re.findall(pattern, b1.serial_output)
    (mine2, theirs2, result2), = re.findall(pattern, b2.serial_output)
    assert (mine1, theirs1) == (theirs2, mine2)
    opposite = {"draw": "draw", "I win": "I lose", "I lose": "I win"}
    assert opposite[result1] == result2


@case("07_temperature_logger")
def check_temperature_logger(b: SimBoard) -> None:
    rows = log_rows(b)
    assert len(rows) >= 4, b.serial_output  # a row a second
    assert any("24" in row for row in rows)
    assert any("27" in row and "40" in row for row in rows)


def drive_reaction_time(sim: Simulation, b: SimBoard) -> None:
    if wait_until(sim, lambda: b.display_image() == IMG["TARGET"]):
        sim.run(250)
        b.press("A")


@case("08_reaction_time", drive=drive_reaction_time)
def check_reaction_time(b: SimBoard) -> None:
    assert "False start" not in b.serial_output
    (reaction,) = number_after(b, r"Reaction time: (\d+) ms")
    assert 250 <= reaction <= 260


@case("09_night_light")
def check_night_light(b: SimBoard) -> None:
    printed_in_order(b, "dark 20 - light on", "bright 200 - light off")
    showed(b, ALL_ON)
    assert b.display_image() == BLANK


@case("10_thermometer")
def check_thermometer(b: SimBoard) -> None:
    printed_in_order(b, "21 C\n", "30 C is 86.0 F")


@case("11_spirit_level")
def check_spirit_level(b: SimBoard) -> None:
    printed(b, "level!")
    showed(b, "00000:00000:00900:00000:00000")
    assert b.display_image() == "00009:00000:00000:00000:00000"


@case("12_dice")
def check_dice(b: SimBoard) -> None:
    faces = ["00000:00000:00900:00000:00000", "90000:00000:00000:00000:00009",
             "90000:00000:00900:00000:00009", "90009:00000:00000:00000:90009",
             "90009:00000:00900:00000:90009", "90009:00000:90009:00000:90009"]
    rolls = number_after(b, r"You rolled (\d)")
    assert len(rolls) == 2
    assert b.display_image() == faces[int(rolls[-1]) - 1]


@case("13_logo_pet")
def check_logo_pet(b: SimBoard) -> None:
    assert b.serial_output.count("hee hee!") >= 1
    showed(b, IMG["SMILE"], IMG["HAPPY"], IMG["ASLEEP"])
    assert b.display_image() == IMG["ASLEEP"]


@case("14_kitchen_timer")
def check_kitchen_timer(b: SimBoard) -> None:
    assert lines(b) == ["seconds left: 2", "seconds left: 1", "seconds left: 0", "Time's up!"]
    showed(b, "99990:00090:00900:90090:09900")  # the 3 it counted down from


@case("15_high_score", files={"best.txt": "3"})
def check_high_score(b: SimBoard) -> None:
    printed_in_order(b, "High score: 3", "You scored 5", "New high score!")
    assert b.model.files["best.txt"] == b"5"
    assert b.end_kind == "ended"


@case("16_neopixel_rainbow")
def check_neopixel_rainbow(b: SimBoard) -> None:
    printed_in_order(b, "pixel 0 is (255, 0, 0)", "ring off, pixel 0 is (0, 0, 0)")
    assert b.display_image() == IMG["HEART_SMALL"]


@case("17_servo_pointer")
def check_servo_pointer(b: SimBoard) -> None:
    assert lines(b) == ["angle 90 duty 77", "angle 180 duty 128"]


@case("18_uart_echo")
def check_uart_echo(b: SimBoard) -> None:
    assert lines(b) == ["Type something and press Enter", "echo: HELLO MICRO:BIT", "echo: AGAIN"]
    showed(b, IMG["YES"])


@case("19_talking_greeter", gap="speech.translate")
def check_talking_greeter(b: SimBoard) -> None:
    printed_in_order(b, '"hello" in phonemes:', "said hello", "sang do re mi")
    showed(b, IMG["SURPRISED"], IMG["MUSIC_QUAVERS"])


@case("20_sound_effects")
def check_sound_effects(b: SimBoard) -> None:
    assert lines(b) == ["pew!", "yay!", "whoosh", "muted"]
    assert b.display_image() == IMG["ASLEEP"]


@case("21_clap_switch")
def check_clap_switch(b: SimBoard) -> None:
    assert lines(b) == ["clap! lights on", "clap! lights off"]
    showed(b, ALL_ON)
    assert b.display_image() == BLANK


@case("22_battery_saver")
def check_battery_saver(b: SimBoard) -> None:
    assert lines(b) == ["woke up after nap 1", "woke up after nap 2", "Good night!"]
    assert not b.running  # switched off


@case("23_about_my_microbit")
def check_about_my_microbit(b: SimBoard) -> None:
    printed(b, "board: micro:bit", "implementation: micropython", "speed: 64 MHz",
            "free memory:")
    (serial,) = re.findall(r"serial number: ([0-9a-f]+)", b.serial_output)
    assert len(serial) == 16  # the nRF52833's 8-byte device id


def drive_weather_station(sim: Simulation, b1: SimBoard, b2: SimBoard) -> None:
    sim.run(2500)
    b1.radio_receive(bytes([256 - 5, 50]))  # a third station, out in the cold


@case("24_weather_station", boards=2, drive=drive_weather_station)
def check_weather_station(b1: SimBoard, b2: SimBoard) -> None:
    printed(b1, "packet size: 2 bytes", "other station: 30 C, light 200",
            "other station: -5 C, light 50")
    printed(b2, "other station: 18 C, light")
    showed(b1, IMG["ARROW_N"])
    showed(b2, IMG["ARROW_S"])


@case("25_temperature_graph")
def check_temperature_graph(b: SimBoard) -> None:
    assert lines(b)[0] == "[21, 21, 21, 21, 21]"
    assert lines(b)[-1] == "[18, 24, 24, 30, 30]"
    assert b.display_image() == "00099:00099:09999:09999:99999"


def drive_quiz(sim: Simulation, b: SimBoard) -> None:
    for asked, button in ((1, "A"), (2, "B"), (3, "A")):  # right, right, wrong
        if not wait_until(sim, lambda n=asked: b.serial_output.count("Question:") >= n):
            return
        b.press(button)


@case("26_quiz", drive=drive_quiz)
def check_quiz(b: SimBoard) -> None:
    assert lines(b)[-2:] == ["maths 1", "science 1"]
    assert b.end_kind == "ended"
    assert b.display_image() == IMG["HAPPY"]
    showed(b, IMG["YES"], IMG["NO"])


@case("27_tally_counter")
def check_tally_counter(b: SimBoard) -> None:
    assert lines(b) == ["cars: 1", "cars: 2", "cars: 3", "cars: 2", "cars: 3"]


@case("28_stopwatch")
def check_stopwatch(b: SimBoard) -> None:
    (seconds,) = number_after(b, r"Stopped at ([\d.]+) seconds")
    assert 2.25 <= seconds <= 2.27  # pressed 2.25 s apart, seen within a 10 ms loop
    printed_in_order(b, "Go!", "Stopped at", "Reset")
    showed(b, IMG["CLOCK1"])


@case("29_tilt_meter")
def check_tilt_meter(b: SimBoard) -> None:
    assert lines(b) == ["tilt: 0 degrees", "tilt: 45 degrees"]
    showed(b, IMG["YES"])
    assert b.display_image() == IMG["ARROW_S"]


@case("30_heartbeat")
def check_heartbeat(b: SimBoard) -> None:
    assert lines(b) == ["faster, rest 300 ms", "faster, rest 200 ms"]
    showed(b, "03030:33333:33333:03330:00300", "06060:66666:66666:06660:00600", IMG["HEART"],
           IMG["HEART_SMALL"])


@case("31_catch_game")
def check_catch_game(b: SimBoard) -> None:
    drops = re.findall(r"^(caught! score \d+|missed \d+)$", b.serial_output, re.MULTILINE)
    assert len(drops) >= 4  # a star falls in well under a second
    if "Game over" in b.serial_output:
        (score,) = number_after(b, r"Game over, score (\d+)")
        assert score == sum(drop.startswith("caught") for drop in drops)


@case("32_birthday_card")
def check_birthday_card(b: SimBoard) -> None:
    printed_in_order(b, "Happy birthday, Ken!", "ta-da!")
    showed(b, "00900:00900:99999:90909:99999", "00000:00900:99999:90909:99999")


@case("33_name_picker")
def check_name_picker(b: SimBoard) -> None:
    names = re.findall(r"Next up: (\w+)", b.serial_output)
    assert len(names) == 3 and len(set(names)) == 3
    assert set(names) <= {"Aiko", "Ben", "Chen", "Dina", "Eli"}


def drive_times_tables(sim: Simulation, b: SimBoard) -> None:
    def asked(n: int) -> bool:
        return b.serial_output.count("What is") >= n and b.serial_output.endswith("? ")

    if not wait_until(sim, lambda: asked(1)):
        return
    a, c = re.findall(r"What is (\d) x (\d)\? ", b.serial_output)[-1]
    b.serial_input(f"{int(a) * int(c)}\n")
    for n, reply in ((2, "seven\n"), (3, "q\n")):
        if not wait_until(sim, lambda n=n: asked(n)):
            return
        b.serial_input(reply)


@case("34_times_tables", drive=drive_times_tables)
def check_times_tables(b: SimBoard) -> None:
    printed_in_order(b, "Correct!", "ValueError", "Please type a number", "You scored 1")
    assert b.end_kind == "ended"  # sys.exit() ends the program quietly


@case("35_plant_monitor")
def check_plant_monitor(b: SimBoard) -> None:
    printed_in_order(b, "All good, moisture 700", "Water me! moisture 150")
    showed(b, IMG["HAPPY"])
    assert b.display_image() == IMG["SAD"]


@case("36_touch_piano")
def check_touch_piano(b: SimBoard) -> None:
    assert lines(b) == ["note C", "note D", "note E"]
    assert b.display_image() == IMG["MUSIC_CROTCHET"]


@case("37_traffic_lights")
def check_traffic_lights(b: SimBoard) -> None:
    assert lines(b)[:6] == ["pin0 mode: write_digital", "RED", "RED+AMBER", "GREEN", "AMBER",
                            "RED"]


@case("38_fan_controller")
def check_fan_controller(b: SimBoard) -> None:
    assert lines(b) == ["temperature 21 fan 102", "temperature 26 fan 614",
                        "temperature 35 fan 1023"]
    assert b.display_image() == "66666:66666:66666:66666:66666"


@case("39_maraca")
def check_maraca(b: SimBoard) -> None:
    printed_in_order(b, "shake 1 at 3000 Hz, ", "shake 2 at 1500 Hz, ", "gestures: (")
    showed(b, IMG["DIAMOND"])


@case("40_noise_meter")
def check_noise_meter(b: SimBoard) -> None:
    printed_in_order(b, "Too loud!", "events: (")
    showed(b, "00000:00000:00000:99999:99999", IMG["ANGRY"])


@case("41_treasure_hunt", boards=2)
def check_treasure_hunt(b1: SimBoard, b2: SimBoard) -> None:
    printed(b1, "I am the treasure")
    assert "signal" not in b1.serial_output
    levels = number_after(b2, r"signal -?\d+ glow (\d)")
    assert levels and all(1 <= level <= 9 for level in levels)


@case("42_emoji_messenger", boards=2)
def check_emoji_messenger(b1: SimBoard, b2: SimBoard) -> None:
    printed_in_order(b1, "sent happy", "got heart", "got sad")
    printed_in_order(b2, "got happy", "sent heart", "sent sad")
    showed(b1, IMG["HEART"], IMG["SAD"])
    showed(b2, IMG["HAPPY"])


@case("43_people_counter")
def check_people_counter(b: SimBoard) -> None:
    counts = [row[-1] for row in log_rows(b)]
    assert "3" in counts and "1" in counts[counts.index("3"):]  # a new log after B
    assert b.display_image() == "00900:09900:00900:00900:09990"  # 1


@case("44_fall_alarm")
def check_fall_alarm(b: SimBoard) -> None:
    assert lines(b) == ["fall detected! falls so far: 1"]
    showed(b, IMG["SURPRISED"])


@case("45_punch_meter")
def check_punch_meter(b: SimBoard) -> None:
    assert lines(b) == ["new record: 1024 mg", "new record: 2000 mg"]
    showed(b, IMG["CLOCK4"])


@case("46_parking_sensor")
def check_parking_sensor(b: SimBoard) -> None:
    assert lines(b)[:2] == ["no echo", "no echo"]  # nothing wired to pin2 answers


@case("47_animation")
def check_animation(b: SimBoard) -> None:
    assert lines(b) == ["negative", "paused, display on: False"]
    showed(b, IMG["DUCK"], "99999:90009:90909:90009:99999", "00000:09990:09090:09990:00000")


@case("48_brightness_settings", files={"settings.txt": "7"})
def check_brightness_settings(b: SimBoard) -> None:
    printed_in_order(b, "loaded brightness 7 from 1 byte file", "settings forgotten")
    showed(b, "07070:77777:77777:07770:00700", IMG["HEART"], "08080:88888:88888:08880:00800")
    assert "settings.txt" not in b.model.files
    assert b.display_image() == "05050:55555:55555:05550:00500"


@case("49_morse_code")
def check_morse_code(b: SimBoard) -> None:
    printed_in_order(b, "signal so far: .-", ".- = A", "signal so far: ...", "... = S")
    assert b.display_image() == "09990:90000:09900:00090:99900"  # S


@case("50_metal_detector")
def check_metal_detector(b: SimBoard) -> None:
    (field_nt,) = number_after(b, r"normal field: (\d+) nT")
    assert field_nt > 0
    assert "metal nearby" not in b.serial_output
    assert b.display_image() == BLANK


@case("51_mood_lamp")
def check_mood_lamp(b: SimBoard) -> None:
    assert lines(b) == ["temperature 21 colour (102, 0, 153) on 8 pixels",
                        "temperature 15 colour (0, 0, 255) on 8 pixels",
                        "temperature 30 colour (255, 0, 0) on 8 pixels"]


# -- the tests -----------------------------------------------------------------------------
@pytest.mark.parametrize("path", PROGRAMS, ids=lambda path: path.stem)
def test_program_runs_and_does_its_job(path: Path) -> None:
    corpus_case = CASES[path.stem]
    with Simulation(seed=3) as sim:
        boards = [sim.add_board(path, files=corpus_case.files)
                  for _ in range(corpus_case.boards)]
        scenario = path.with_suffix(".toml")
        if scenario.exists():
            actions = parse_scenario(scenario.read_text(encoding="utf-8"), corpus_case.boards)
            schedule_scenario(sim, actions)
        if corpus_case.drive is not None:
            corpus_case.drive(sim, *boards)
        sim.run(max(0, RUN_MS - sim.now_ms))
        if corpus_case.gap is not None:
            expect_gap(corpus_case.gap, boards)
        for board in boards:
            assert board.error is None and board.end_kind != "error", \
                f"board {board.number}: {board.error}\n{board.serial_output}"
        corpus_case.check(*boards)


def expect_gap(gap: str, boards: list[SimBoard]) -> None:
    """The program stopped at a deliberate gap, and at nothing else: an expected failure."""
    errors = [board.error for board in boards if board.error]
    assert errors, f"{gap} now works: remove gap={gap!r} from this program's case"
    for error in errors:
        assert f"NotSimulatedError: {gap} " in error, error
    pytest.xfail(f"{gap} is a deliberate gap of the simulator")


def test_every_program_has_a_check_and_every_check_a_program() -> None:
    assert sorted(CASES) == [path.stem for path in PROGRAMS]
    assert len(PROGRAMS) >= 40
    for scenario in CORPUS.glob("*.toml"):
        assert scenario.with_suffix(".py").exists(), scenario.name


@pytest.mark.parametrize("path", PROGRAMS, ids=lambda path: path.stem)
def test_program_reads_like_a_lesson(path: Path) -> None:
    """1-3 lines of comment first saying what it does, 10-60 lines (that the board's
    MicroPython 1.18 compiles it is seen when it runs, below, on the board's own core)."""
    text = path.read_text(encoding="utf-8")
    assert re.fullmatch(r"\d\d_[a-z0-9_]+", path.stem)
    assert re.match(r"(# .+\n){1,3}[^#]", text), "start with 1-3 lines of comment"
    assert text.endswith("\n") and "\t" not in text
    assert 10 <= len(text.splitlines()) <= 60


def names_used(tree: ast.AST) -> tuple[set[str], set[str]]:
    """The modules a program imports and every name and attribute it mentions."""
    modules: set[str] = set()
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, ast.Attribute):
            names.add(node.attr)
    return modules, names


MODULES = {"microbit", "music", "audio", "speech", "radio", "log", "power", "os", "machine",
           "neopixel", "random", "math", "gc", "micropython", "struct", "sys", "array",
           "collections"}
MICROBIT_NAMES = {"display", "Image", "button_a", "button_b", "accelerometer", "was_gesture",
                  "compass", "microphone", "SoundEvent", "speaker", "Sound", "pin0", "pin1",
                  "pin2", "is_touched", "pin_logo", "uart", "run_every", "scale", "set_volume",
                  "temperature", "sleep", "running_time", "SoundEffect", "open"}


def test_the_corpus_uses_every_module_of_the_board() -> None:
    modules: set[str] = set()
    names: set[str] = set()
    for path in PROGRAMS:
        more_modules, more_names = names_used(ast.parse(path.read_text(encoding="utf-8")))
        modules |= more_modules
        names |= more_names
    assert MODULES <= modules, MODULES - modules
    assert modules & {"time", "utime"} == {"time", "utime"}
    assert MICROBIT_NAMES <= names, MICROBIT_NAMES - names
