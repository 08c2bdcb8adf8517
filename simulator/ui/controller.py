"""What the window can do, without any drawing: the input layer.

Every control (buttons, touch, sensor values, gestures, Run/Stop/Reset, speed, pause, mute)
is a ``Control`` in one ordered list with a keyboard focus. Keys map to action names in
one table that a person can change (``--keymap``). A switch-scanning driver or a narrator
can reach every control and every board event through this class alone; the renderer only
reads it. No pygame here.
"""

from __future__ import annotations

import re
import threading
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from ...accessibility.captions import caption as sound_caption
from ...accessibility.narrator import Narrator
from ...accessibility.sonify import Chord, led_sweep, value_cue
from ...host_tools.paths import write_new
from ..boards import DEFAULT_BOARD, BoardSpec
from ..boards.spec import Words
from ..model.board import Board
from ..model.events import (
    DisplayChanged,
    Event,
    NetworkChanged,
    ProgramError,
    SerialOutput,
    ValueChanged,
)
from ..runner.session import SimBoard, Simulation
from .flash import FlashGuard
from .network_notes import NetworkNotes
from .strings import label

if TYPE_CHECKING:
    from .scanning import Scanner

CONTROL_BYTES = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
SPEEDS = (0.25, 0.5, 1.0)
CONSOLE_LINES = 200
CONSOLE_LINE_CHARS = 1000  # more than any window shows of one line
CAPTION_LOG_LINES = 500
TILT_STEP_MG = 250

# key name (pygame.key.name) -> action; changed with --keymap FILE.toml ([keys] a = "button_a")
DEFAULT_KEYS = {
    "a": "button_a", "b": "button_b", "l": "touch_logo", "0": "touch_pin0", "1": "touch_pin1",
    "2": "touch_pin2", "s": "gesture_shake", "left": "tilt_left", "right": "tilt_right",
    "up": "tilt_forward", "down": "tilt_back", "r": "reset", "x": "stop", "p": "pause",
    "m": "mute", "=": "faster", "-": "slower", "h": "theme", "g": "show_log",
    "e": "export_log", "tab": "focus_next",
    "return": "activate", "space": "activate", "f1": "help",
    "f2": "say_again", "f3": "describe_board", "f4": "read_console", "f5": "stop_speaking",
    "f6": "speak_slower", "f7": "speak_faster", "f8": "hear_display", "f9": "hear_values",
    "c": "show_captions", "z": "magnify", "o": "more_controls",
}
HOLD_PREFIXES = ("button_", "touch_", "press_")  # held while the key or the mouse button is down
GROUP_ORDER = ("motion", "environment", "pins")  # after the buttons and touch, in this order



def console_text(text: str) -> str:
    """Serial output as the console shows it: bytes that are no text as the mark for it, and
    no control bytes (a tool at the board's raw REPL sends and gets them) but line ends and
    tabs."""
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return CONTROL_BYTES.sub("", text)

class Attached(Protocol):
    """A board the window shows but does not own: ``terakoya device --window``.

    Its time runs only through ``run``; the window never rebuilds it.
    """

    port: str

    @property
    def sim(self) -> Simulation: ...

    def run(self, virtual_ms: float) -> None: ...

    def restart(self) -> None: ...

    def interrupt(self) -> None: ...

    def send(self, text: str) -> None: ...


@dataclass
class Control:
    """One thing a person can operate. ``kind``: action, hold, slider or choice."""

    id: str
    kind: str
    board: int = 1
    minimum: float = 0
    maximum: float = 0
    step: float = 1
    choices: tuple[str, ...] = ()
    value: object = None
    words: Words | None = None  # its name from the board's specification
    group: str = ""

    def label(self, lang: str) -> str:
        return self.words(lang) if self.words is not None else label(self.id, lang)


@dataclass
class ConsoleLine:
    board: int
    text: str
    kind: str = "output"  # output, help (about a problem) or note (for information)
    open: bool = False  # the board has not ended this line yet


@dataclass(frozen=True)
class CaptionLine:
    seconds: float  # the board's clock when it sounded
    board: int
    text: str


@dataclass
class Controller:
    """The state of the window and everything a person can do to it."""

    paths: list[Path]
    lang: str = "en"
    board: str = DEFAULT_BOARD  # the kind of board each file runs on
    theme: str = "default"
    allow_flashing: bool = False
    keys: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_KEYS))
    sim: Simulation | None = None
    controls: list[Control] = field(default_factory=list)
    focus: int = 0
    speed: float = 1.0
    paused: bool = False
    muted: bool = False
    console: list[ConsoleLine] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)  # the newest few, for the caption bar
    caption_log: list[CaptionLine] = field(default_factory=list)  # every caption, in order
    listeners: list[Callable[[Event], None]] = field(default_factory=list)
    flash: FlashGuard = field(default_factory=FlashGuard)
    typed: str = ""  # what is being typed into the serial console
    changes: int = 0  # goes up whenever anything on screen may have changed
    show_log: bool = False  # the data log (table and plot) instead of the console
    show_captions: bool = False  # the captions log instead of the console
    big_captions: bool = False  # the newest caption in large print over the boards
    magnify: bool = False  # the focused board's LEDs drawn large over the boards
    kana: bool = False  # Japanese in kana only (young learners): the renderer converts
    hear_values: bool = False  # a slider's value is heard as a pitch when it changes
    cue: Callable[[list[Chord]], None] | None = None  # plays sonification (the window's sound)
    all_controls: bool = True  # with a lesson: False shows only its controls (one key away)
    part_values: dict[int, dict[str, object]] = field(default_factory=dict)  # board -> id.name
    run_checks: bool = True  # show terakoya check's findings when a file is (re)loaded
    open_pages: Callable[[str], object] | None = None  # opens a board's web page (a browser)
    narrator: Narrator | None = None  # speaks what happens and where the focus is
    scanner: Scanner | None = None  # switch access (scanning.py), when it is on
    features: tuple[str, ...] = ()  # a lesson's features_used: their controls come first
    broker: tuple[str, int] | None = None  # the class's MQTT broker (None: Terakoya's own)
    attached: Attached | None = None  # a board served on a port, instead of files
    check_thread: threading.Thread | None = None
    _check_results: list[ConsoleLine] = field(default_factory=list)
    _mtimes: dict[Path, float] = field(default_factory=dict)

    # -- the program ----------------------------------------------------------------------
    def load(self) -> None:
        """(Re)start every board from its file; a new simulation each time."""
        self.changes += 1
        self.console.clear()
        self.part_values.clear()
        self.flash = FlashGuard()
        if self.attached is not None:
            self._load_attached(self.attached)
            return
        if self.sim is not None:
            self.sim.close()
        self.sim = Simulation(broker=self.broker)
        self.sim.boot_log = True  # the console is the board's serial line, from power-on
        for path in self.paths:
            board = self.sim.add_board(path, kind=self.board, start=False)
            board.model.bus.subscribe(self._on_event)
            self._seed_parts(board)
            self._mtimes[path] = _mtime(path)
        self._set_controls()
        for board in self.sim.boards:
            board.program.start()
        if self.run_checks:
            self.check_thread = threading.Thread(target=self._check, args=(list(self.paths),),
                                                 daemon=True)
            self.check_thread.start()

    def _set_controls(self) -> None:
        """The controls shown: with a lesson, its own (the rest one key or one control away,
        ``more_controls``); else every control."""
        self.controls = shown_controls(build_controls([b.model for b in self.boards]),
                                       self.features, self.all_controls)
        self.focus = max(0, min(self.focus, len(self.controls) - 1))

    def toggle_controls(self) -> None:
        """Show the controls the lesson does not use, or hide them again; the focus stays
        on the control it was on (or on ``more_controls``)."""
        if not self.features:
            return
        was = self.focused() if self.controls else None
        self.all_controls = not self.all_controls
        self._set_controls()
        same = [i for i, c in enumerate(self.controls)
                if was is not None and (c.id, c.board) == (was.id, was.board)]
        more = [i for i, c in enumerate(self.controls) if c.id == "more_controls"]
        self.set_focus((same or more or [0])[0])

    def _seed_parts(self, board: SimBoard) -> None:
        """What a circuit's parts were set to before the window listened (their inputs)."""
        values = self.part_values.setdefault(board.number, {})
        for part in getattr(board.model, "circuit", ()):
            for key, value in part.values.items():
                values.setdefault(f"{part.id}.{key}", value)
        for key, value in board.model.last_values.items():  # outputs published at wiring
            if "." in key:
                values.setdefault(key, value)

    def _load_attached(self, attached: Attached) -> None:
        """Show the served board (the first time) and press its reset button, so that the
        window shows main.py from its start."""
        if self.sim is None:
            self.sim = attached.sim
            for board in self.sim.boards:
                board.model.bus.subscribe(self._on_event)
            self._set_controls()
        self.console.append(ConsoleLine(0, label("device_port", self.lang, port=attached.port),
                                        "note"))
        attached.restart()

    def _check(self, paths: list[Path]) -> None:
        """The same findings as ``terakoya check``, found beside the running program."""
        from terakoya.host_tools.check.run import check_paths

        try:
            findings = check_paths(paths, self.board)
        except Exception as exc:  # a checker problem must never stop the window
            findings = []
            self._check_results.append(ConsoleLine(0, f"check: {exc}", "help"))
        for finding in findings:
            board = next((n for n, p in enumerate(paths, 1)
                          if str(finding.file).startswith(str(p))), 1)
            self._check_results.append(ConsoleLine(board, finding.text(self.lang), "help"))

    @property
    def boards(self) -> list[SimBoard]:
        return self.sim.boards if self.sim is not None else []

    def tick(self, wall_ms: float) -> None:
        """Let ``wall_ms`` of real time pass (scaled by the speed, unless paused)."""
        while self._check_results:
            self.console.append(self._check_results.pop(0))
            self.changes += 1
        virtual_ms = 0.0 if self.paused else wall_ms * self.speed
        if self.attached is not None:
            self.attached.run(virtual_ms)  # the port is answered even while paused
        elif self.sim is not None and virtual_ms:
            self.sim.run(virtual_ms)
        if self.narrator is not None and self.sim is not None:
            self.narrator.tick(self.sim.now_ms)

    def reload_if_changed(self) -> bool:
        """Students edit in their own editor: a saved file restarts its program."""
        if any(_mtime(path) != self._mtimes.get(path) for path in self.paths):
            self.load()
            return True
        return False

    def stop(self) -> None:
        """The Stop button: programs end (on a served board: Ctrl-C, as from the host)."""
        if self.attached is not None:
            self.attached.interrupt()
        elif self.sim is not None:
            self.sim.stop()

    def close(self) -> None:
        if self.sim is not None and self.attached is None:  # a served board is its server's
            self.sim.close()

    def _on_event(self, event: Event) -> None:
        self.changes += 1
        if isinstance(event, SerialOutput):
            self._add_output(event.board, console_text(event.text))
        elif isinstance(event, ProgramError):
            self._explain(event)
        elif isinstance(event, NetworkChanged) and self.sim is not None:
            notes = NetworkNotes(self.sim.network, print, self.lang, True, "terakoya")
            self.console.append(ConsoleLine(event.board, notes.line(event), "note"))
            if event.what == "published" and self.open_pages is not None:
                self.open_pages(event.name)
        elif isinstance(event, DisplayChanged):
            self.flash.record(event.board, self.sim.now_ms if self.sim else 0,
                              event.pixels if event.is_on else ())
        elif isinstance(event, ValueChanged) and "." in event.id:  # a part of the circuit
            self.part_values.setdefault(event.board, {})[event.id] = event.value
        if isinstance(event, ValueChanged) and self.hear_values:
            self._hear_value(event.id, event.board)
        caption = sound_caption(event, self.lang)  # in the window's language
        if isinstance(caption, str):
            self._add_caption(getattr(event, "board", 0), caption)
        if self.narrator is not None:
            self.narrator.on_event(event, self.sim.now_ms if self.sim else 0, self.control_name)
        for listener in self.listeners:
            listener(event)

    def _add_caption(self, board: int, text: str) -> None:
        self.captions.append(text)
        del self.captions[:-3]
        now = self.sim.now_ms / 1000 if self.sim is not None else 0.0
        self.caption_log.append(CaptionLine(now, board, text))
        del self.caption_log[:-CAPTION_LOG_LINES]

    # -- sonification --------------------------------------------------------------------
    def hear_display(self, board: int) -> None:
        """The board's LEDs as sound: a sweep of the columns, left to right, each lit LED a
        note whose pitch says its row (top: highest) and loudness its brightness."""
        if self.cue is not None and self.boards:
            self.cue(led_sweep(self.boards[board - 1].display_rows()))

    def _hear_value(self, control_id: str, board: int) -> None:
        control = next((c for c in self.controls if c.id == control_id and c.board == board),
                       None)
        if control is not None and control.kind == "slider" and self.cue is not None:
            self.cue(value_cue(self.sensor_value(control), control.minimum, control.maximum))

    def _add_output(self, board: int, text: str) -> None:
        """The console shows the start of each line, up to CONSOLE_LINE_CHARS (the board's
        whole output is kept by the board, ``serial_output``): a line printed in many small
        pieces costs nothing more once that much of it is there."""
        last = self.console[-1] if self.console else None
        if last is not None and last.open and last.board == board:
            self.console.pop()  # the board goes on with the line it had begun
            if len(last.text) >= CONSOLE_LINE_CHARS and "\n" not in text:
                self.console.append(last)
                return
            text = last.text + text
        *lines, rest = text.split("\n")
        self.console += [ConsoleLine(board, line[:CONSOLE_LINE_CHARS]) for line in lines]
        if rest:
            self.console.append(ConsoleLine(board, rest[:CONSOLE_LINE_CHARS], open=True))
        del self.console[:-CONSOLE_LINES]

    def _explain(self, event: ProgramError) -> None:
        from .explain import explain

        board = self.boards[event.board - 1].model.spec if self.boards else None
        name = board.family_name(self.lang) if board is not None else "micro:bit"
        text = explain(event.error, self.lang, line=event.line, board=name)
        if text:
            self.console.append(ConsoleLine(event.board, text, "help"))
            if self.narrator is not None:
                self.narrator.say(text, event.board)

    def type_serial(self, text: str, board: int = 1) -> None:
        if self.attached is not None:
            self.attached.send(text)  # the same line the host uses
        elif self.boards:
            self.boards[board - 1].serial_input(text)

    def export_log(self, board: int = 1) -> Path | None:
        """Save the board's data log as CSV beside the program, never over another file."""
        datalog = getattr(self.boards[board - 1].model, "datalog", None) if self.boards else None
        if datalog is None:  # no board, or a board without a data log (an ESP32)
            return None
        if board > len(self.paths):  # a served board (terakoya device) has no file
            target = Path.cwd() / "microbit-log.csv"
        else:
            path = self.paths[board - 1]
            folder = path if path.is_dir() else path.parent
            target = folder / f"{path.stem}-log.csv"
        try:  # through a temporary name: a full disk leaves no half file
            saved = write_new(target, datalog.to_csv().encode("utf-8"))
        except OSError as exc:  # a read-only folder, a full disk: said, and the window goes on
            self.console.append(ConsoleLine(board, label("log_not_saved", self.lang, path=target,
                                                         why=exc.strerror or exc), "help"))
            return None
        self.console.append(ConsoleLine(board, label("log_saved", self.lang, path=saved), "note"))
        return saved

    def console_key(self, name: str) -> None:
        """A key while the console has the focus: Enter sends the line, Backspace deletes."""
        self.changes += 1
        if name in ("return", "enter"):
            self.type_serial(self.typed + "\n", self.focused().board)
            self.typed = ""
        elif name == "backspace":
            self.typed = self.typed[:-1]

    # -- controls ---------------------------------------------------------------------------
    def control_name(self, control_id: str) -> str:
        """The words for a control (an event's id), in the window's language."""
        control = next((c for c in self.controls if c.id == control_id), None)
        return control.label(self.lang) if control is not None else control_id.replace("_", " ")

    def focused(self) -> Control:
        return self.controls[self.focus]

    def move_focus(self, step: int) -> None:
        self.set_focus((self.focus + step) % len(self.controls))

    def set_focus(self, index: int) -> None:
        self.focus = index
        self.announce()
        if self.hear_values and self.focused().kind == "slider":  # its value as a pitch
            self._hear_value(self.focused().id, self.focused().board)

    def announce(self) -> None:
        """The narrator says the focused control and its value."""
        if self.narrator is None or not self.controls:
            return
        control = self.focused()
        value = None
        if control.kind == "slider" and self.boards:
            value = f"{self.sensor_value(control):g}"
        elif control.kind == "choice":
            value = str(control.value or control.choices[0])
        self.narrator.focus(control.label(self.lang), value)

    def activate(self, control: Control | None = None) -> None:
        control = control or self.focused()
        if control.kind == "hold":  # a click or Enter is a short press
            self.perform(control.id, True, control.board)
            self.perform(control.id, False, control.board)
        elif control.kind == "action":
            self.perform(control.id, board=control.board)
        elif control.kind == "choice" and self.boards:
            gesture = str(control.value or control.choices[0])
            self.boards[control.board - 1].gesture(gesture)

    def adjust(self, direction: int, control: Control | None = None) -> None:
        """Left/right on a slider or a choice."""
        control = control or self.focused()
        self.changes += 1
        board = self.boards[control.board - 1] if self.boards else None
        if control.kind == "slider" and board is not None:
            value = self.sensor_value(control) + direction * control.step
            value = max(control.minimum, min(control.maximum, value))
            board.set(control.id, round(value, 3))
        elif control.kind == "choice":
            index = control.choices.index(control.value) if control.value in control.choices else 0
            control.value = control.choices[(index + direction) % len(control.choices)]
        self.announce()

    def sensor_value(self, control: Control) -> float:
        board = self.boards[control.board - 1]
        return float(board.model.value(control.id))  # type: ignore[arg-type]

    def perform(self, action: str, down: bool = True, board: int = 1) -> None:
        """Do a named action (from a key, a click, a switch or a test)."""
        hold = action.startswith(HOLD_PREFIXES)
        handler = _hold(action) if hold else ACTIONS.get(action)
        self.changes += 1
        if handler is not None and (down or hold):
            handler(self, board, down)

    def load_keymap(self, path: Path) -> None:
        """A TOML file with a [keys] table: key name = action name."""
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for key, action in data.get("keys", {}).items():
            if not is_action(action):
                raise ValueError(f"{path}: unknown action {action!r} for key {key!r}")
            self.keys[str(key)] = action


def _mtime(path: Path) -> float:
    try:
        return max(p.stat().st_mtime for p in ([path] if path.is_file() else path.glob("*.py")))
    except (OSError, ValueError):
        return 0.0


def build_controls(boards: list[Board]) -> list[Control]:
    """Every control, in keyboard order: program, then each board's inputs and sensors, as
    its specification lists them (buttons and touch, then motion, environment and pins),
    then the inputs of the parts of its circuit."""
    count = len(boards)
    controls = [Control("run", "action"), Control("stop", "action"), Control("pause", "action"),
                Control("speed", "action"), Control("mute", "action"), Control("theme", "action"),
                Control("show_log", "action"),
                *(Control("export_log", "action", number) for number in range(1, count + 1)),
                *(Control("console", "text", number) for number in range(1, count + 1))]
    for number, board in enumerate(boards, start=1):
        controls += board_controls(board.spec, number)
        for part in getattr(board, "circuit", ()):
            controls += part_controls(part, number)
    return controls


# a lesson's features_used -> the controls that give them (id prefixes)
FEATURE_CONTROLS: dict[str, tuple[str, ...]] = {
    "buttons": ("button_", "press_"), "touch_logo": ("touch_logo",),
    "pins": ("touch_pin", "pin0", "pin1", "pin2"), "accelerometer": ("accelerometer_",),
    "gestures": ("gesture",), "light_level": ("light_level",), "temperature": ("temperature",),
    "sound_level": ("sound_level",), "microphone": ("sound_level",),
    "compass": ("compass_heading",),
}


def is_lesson_control(control: Control, features: tuple[str, ...]) -> bool:
    """Whether a lesson that uses ``features`` needs this control (the parts of a circuit:
    all of them, when the lesson names "parts")."""
    prefixes = tuple(p for f in features for p in FEATURE_CONTROLS.get(f, ()))
    return (bool(prefixes) and control.id.startswith(prefixes)) or (
        "parts" in features and control.group == "parts")


def shown_controls(controls: list[Control], features: tuple[str, ...],
                   all_controls: bool) -> list[Control]:
    """With a lesson (``features``): the program's controls, then the lesson's (so a switch
    or Tab user gets to them in a few steps), then ``more_controls`` and (when
    ``all_controls``) the others; without one: ``controls`` as they are."""
    if not any(is_lesson_control(c, features) for c in controls):
        return controls
    program = [c for c in controls if c.kind in ("action", "text")]
    rest = [c for c in controls if c.kind not in ("action", "text")]
    used = [c for c in rest if is_lesson_control(c, features)]
    others = [c for c in rest if not is_lesson_control(c, features)]
    if not others:
        return program + used
    return program + used + [Control("more_controls", "action")] + (
        others if all_controls else [])


def part_controls(part, number: int) -> list[Control]:  # type: ignore[no-untyped-def]
    """A part's inputs: a button's "pressed" is held like the board's buttons; the others
    are sliders (a 0/1 input such as a PIR's motion: a slider of two steps)."""
    controls = []
    for spec in part.inputs:
        words = Words(f"{part.id}: {spec.label.en}", f"{part.id}: {spec.label.ja}")
        if spec.id == "pressed":
            controls.append(Control(f"press_{part.id}", "hold", number, words=words,
                                    group="parts"))
        else:
            controls.append(Control(f"{part.id}.{spec.id}", "slider", number, spec.minimum,
                                    spec.maximum, spec.step, words=words, group="parts"))
    return controls


def board_controls(spec: BoardSpec, number: int) -> list[Control]:
    """One board's controls, made from its specification."""
    controls = [Control(f"button_{b.name.lower()}", "hold", number, words=b.label,
                        group="buttons") for b in spec.buttons]
    controls += [Control(f"touch_{name}", "hold", number, group="buttons") for name in spec.touch]
    for group in GROUP_ORDER:
        for sensor in spec.sensors:
            if sensor.group != group:
                continue
            if sensor.choices:
                controls.append(Control(sensor.id, "choice", number, group=group,
                                        choices=tuple(c for c in sensor.choices if c != "none")))
            else:
                controls.append(Control(sensor.id, "slider", number, sensor.minimum,
                                        sensor.maximum, sensor.step, group=group))
    return controls


def is_action(name: str) -> bool:
    """A name a key can be bound to: one of ``ACTIONS``, or holding a board's button or
    touch pin (``button_a``, ``button_boot``, ``touch_logo``)."""
    return name in ACTIONS or name.startswith(HOLD_PREFIXES)


def _hold(name: str) -> Callable[[Controller, int, bool], None]:
    def act(ctl: Controller, board: int, down: bool) -> None:
        if not ctl.boards:
            return
        target = ctl.boards[board - 1].model
        if name.startswith("press_"):  # a button of the circuit
            target.set_value(name.removeprefix("press_") + ".pressed", down)
        elif name.startswith("button_"):
            button = target.spec.button(name.removeprefix("button_"))
            if button is not None:
                target.press(button.name, down)
        else:
            target.touch(name.removeprefix("touch_"), down)
    return act


def _tilt(axis: str, step: int) -> Callable[[Controller, int, bool], None]:
    def act(ctl: Controller, board: int, down: bool) -> None:
        if ctl.boards:
            model = ctl.boards[board - 1].model
            value = int(model.value(axis)) + step  # type: ignore[call-overload]
            model.set_value(axis, max(-2000, min(2000, value)))
    return act


def _set_speed(ctl: Controller, step: int) -> None:
    index = SPEEDS.index(ctl.speed) if ctl.speed in SPEEDS else 2
    ctl.speed = SPEEDS[max(0, min(len(SPEEDS) - 1, index + step))]


ACTIONS: dict[str, Callable[[Controller, int, bool], None]] = {
    "gesture_shake": lambda c, b, d: c.boards and c.boards[b - 1].gesture("shake"),
    "tilt_left": _tilt("accelerometer_x", -TILT_STEP_MG),
    "tilt_right": _tilt("accelerometer_x", TILT_STEP_MG),
    "tilt_forward": _tilt("accelerometer_y", -TILT_STEP_MG),
    "tilt_back": _tilt("accelerometer_y", TILT_STEP_MG),
    "run": lambda c, b, d: c.load(),
    "reset": lambda c, b, d: c.load(),
    "stop": lambda c, b, d: c.stop(),
    "pause": lambda c, b, d: setattr(c, "paused", not c.paused),
    "speed": lambda c, b, d: setattr(c, "speed", SPEEDS[(SPEEDS.index(c.speed) + 1) % len(SPEEDS)]),
    "faster": lambda c, b, d: _set_speed(c, 1),
    "slower": lambda c, b, d: _set_speed(c, -1),
    "mute": lambda c, b, d: setattr(c, "muted", not c.muted),
    "theme": lambda c, b, d: setattr(c, "theme",
                                     "default" if c.theme == "high-contrast" else "high-contrast"),
    "show_log": lambda c, b, d: setattr(c, "show_log", not c.show_log),
    "export_log": lambda c, b, d: c.export_log(b),
    "focus_next": lambda c, b, d: c.move_focus(1),
    "focus_previous": lambda c, b, d: c.move_focus(-1),
    "activate": lambda c, b, d: c.activate(),
    "increase": lambda c, b, d: c.adjust(1),
    "decrease": lambda c, b, d: c.adjust(-1),
    "help": lambda c, b, d: c.console.append(ConsoleLine(0, label("keys_help", c.lang), "note")),
    "say_again": lambda c, b, d: c.narrator and c.narrator.repeat(),
    "describe_board": lambda c, b, d: c.narrator and c.boards and c.narrator.describe_board(
        c.boards[b - 1].model, b),
    "read_console": lambda c, b, d: c.narrator and c.narrator.read_console(
        [line.text for line in c.console]),
    "stop_speaking": lambda c, b, d: c.narrator and c.narrator.stop(),
    "speak_faster": lambda c, b, d: c.narrator and c.narrator.faster(1),
    "speak_slower": lambda c, b, d: c.narrator and c.narrator.faster(-1),
    "hear_display": lambda c, b, d: c.hear_display(c.focused().board if c.controls else b),
    "hear_values": lambda c, b, d: setattr(c, "hear_values", not c.hear_values),
    "show_captions": lambda c, b, d: setattr(c, "show_captions", not c.show_captions),
    "magnify": lambda c, b, d: setattr(c, "magnify", not c.magnify),
    "more_controls": lambda c, b, d: c.toggle_controls(),
}
