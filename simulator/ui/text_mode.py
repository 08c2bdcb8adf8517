"""``terakoya sim --text``: the whole simulator in a terminal, for a screen reader, a braille
display or an SSH session. One line per event (what the board prints, its LED picture by
name once it settles, buttons and sensors as they change, sounds as captions, errors with
their plain explanation) and a command for every control, in English or Japanese (kana
words work too): ``press a``, ``hold b 2``, ``set light 20``, ``tilt left``, ``describe``,
``log``, ``type hello``, ``pause``, ``speed 0.5``, ``help``.

It drives the same ``Controller`` the window does (no pygame here).
"""

from __future__ import annotations

import queue
import sys
import threading
import time
from collections.abc import Callable
from typing import TextIO

from ...accessibility.describe import PictureWatcher, PinWatcher, describe_display, event_words
from ...accessibility.kana import to_kana
from ..model.clock import US_PER_MS
from ..model.events import DisplayChanged, Event, NetworkChanged
from ..model.pins import PinChanged
from .controller import Controller
from .network_notes import NetworkNotes
from .strings import label

STEP_MS = 20  # real milliseconds between looks at the keyboard and the clock
SETTLE_MS = 300  # a picture that stays this long (virtual) is described
TILT_MG = 700
TILTS = {"left": (-TILT_MG, 0), "right": (TILT_MG, 0), "forward": (0, -TILT_MG),
         "back": (0, TILT_MG), "flat": (0, 0)}
ALIASES = {  # what people type -> the command or word meant (kana for young learners)
    "おす": "press", "ながおし": "hold", "せってい": "set", "かたむける": "tilt",
    "ようす": "describe", "ろぐ": "log", "うつ": "type", "いちじていし": "pause",
    "さいかい": "go", "はやさ": "speed", "やりなおし": "reset", "とめる": "stop",
    "へるぷ": "help", "?": "help", "？": "help", "おわり": "quit", "exit": "quit",
    "ボード": "board", "ジェスチャー": "gesture", "まつ": "wait", "ひだり": "left", "みぎ": "right",
    "まえ": "forward", "うしろ": "back", "たいら": "flat", "light": "light_level",
    "あかるさ": "light_level", "temp": "temperature", "おんど": "temperature",
    "sound": "sound_level", "おと": "sound_level", "compass": "compass_heading",
    "じまく": "captions", "きく": "listen",
}
HELP = {
    "en": ("Commands: press a | hold b 2 | touch logo | set light 20 | tilt left/right/"
           "forward/back/flat | gesture shake | describe | log | type hello | pause | go | "
           "speed 0.5 | reset | stop | board 2 | wait 2 | captions | listen | help | quit"),
    "ja": ("コマンド: press a（おす a）| hold b 2（ながおし b 2）| touch logo | "
           "set light 20（せってい あかるさ 20）| tilt left（かたむける ひだり）| gesture shake | "
           "describe（ようす）| log（ろぐ）| type hello（うつ hello）| pause（いちじていし）| "
           "go（さいかい）| speed 0.5（はやさ）| reset（やりなおし）| stop（とめる）| board 2 | "
           "wait 2（まつ 2）| captions（じまく）| listen（きく）| help | quit（おわり）"),
}
class TextMode:
    """Commands in, one line per event out; ``run()`` keeps time with the wall clock."""

    def __init__(self, ctl: Controller, out: TextIO, lang: str):
        self.ctl, self.out, self.lang = ctl, out, lang
        self.board = 1
        self.quit = False
        self.wait_until = 0.0  # "wait 2": no more commands are read before then (wall clock)
        self.pictures = PictureWatcher(lang, SETTLE_MS)
        self.pins = PinWatcher(lang)
        ctl.listeners.append(self.on_event)

    # -- what happens ------------------------------------------------------------------------
    def say(self, text: str, board: int | None = None) -> None:
        prefix = f"[{board}] " if board is not None and len(self.ctl.boards) > 1 else ""
        if self.ctl.kana and self.lang == "ja":
            text = to_kana(text)
        self.out.write(prefix + text + "\n")
        self.out.flush()

    def words(self, key: str, **values: object) -> str:
        return label(f"text_{key}", self.lang, **values)

    def on_event(self, event: Event) -> None:
        board = getattr(event, "board", None)
        if isinstance(event, DisplayChanged):
            self.pictures.saw(event, self._now())
        elif isinstance(event, PinChanged):
            self.pins.saw(event, self._now())
        elif isinstance(event, NetworkChanged) and self.ctl.sim is not None:
            self.say(NetworkNotes(self.ctl.sim.network, print, self.lang, True, "").sentence(
                event), board)
        else:
            for text in event_words(event, self.lang, self.ctl.control_name):
                self.say(text, board)

    def settle(self) -> None:
        """Describe each board's picture once it has stayed for SETTLE_MS."""
        for board, text in self.pictures.due(self._now()) + self.pins.due(self._now()):
            self.say(text, board)

    def _now(self) -> int:
        sim = self.ctl.sim
        return sim.scheduler.now_us // US_PER_MS if sim is not None else 0

    # -- what the person types ---------------------------------------------------------------
    def command(self, line: str) -> None:
        words = [ALIASES.get(w.lower(), ALIASES.get(w, w.lower())) for w in line.split()]
        if not words:
            return
        handler = COMMANDS.get(words[0])
        if handler is None:
            self.say(self.words("unknown", what=line.strip()))
            return
        try:
            handler(self, words[1:])
        except (ValueError, IndexError):
            self.say(self.words("unknown", what=line.strip()))

    def target(self):  # type: ignore[no-untyped-def]
        return self.ctl.boards[min(self.board, len(self.ctl.boards)) - 1]

    def hold(self, name: str, ms: float) -> None:
        action = self._hold_action(name)
        if action is None:
            self.say(self.words("no_such", what=name))
            return
        self.ctl.perform(action, True, self.board)
        board = self.board
        self.ctl.sim.scheduler.call_later(  # type: ignore[union-attr]
            int(ms * US_PER_MS), lambda: self.ctl.perform(action, False, board))

    def _hold_action(self, name: str) -> str | None:
        for control in self.ctl.controls:
            if control.board == self.board and control.kind == "hold" and \
                    control.id.split("_", 1)[1].lower() in (name, f"pin{name}"):
                return control.id
        return None

    # -- keeping time ------------------------------------------------------------------------
    def run(self, lines: Callable[[], str | None]) -> None:
        """Until quit: commands from ``lines`` (None: none yet), the simulation in real time."""
        self.say(HELP[self.lang])
        last = time.monotonic()
        while not self.quit:
            while time.monotonic() >= self.wait_until and not self.quit:
                line = lines()
                if line is None:
                    break
                self.command(line)
            now = time.monotonic()
            self.ctl.tick((now - last) * 1000)
            last = now
            self.settle()
            time.sleep(STEP_MS / 1000)


def _press(mode: TextMode, args: list[str]) -> None:
    mode.hold(args[0], float(args[1]) if len(args) > 1 else 100)


def _hold(mode: TextMode, args: list[str]) -> None:
    mode.hold(args[0], float(args[1]) * 1000 if len(args) > 1 else 1000)


def _set(mode: TextMode, args: list[str]) -> None:
    name = ALIASES.get(args[0], args[0])
    try:
        value = float(args[1])
    except ValueError:
        mode.say(mode.words("number", what=args[1]))
        return
    try:
        mode.target().set(name, value)
    except ValueError:
        mode.say(mode.words("no_such", what=args[0]))


def _tilt(mode: TextMode, args: list[str]) -> None:
    x, y = TILTS[ALIASES.get(args[0], args[0])]
    board = mode.target()
    for axis, value in (("accelerometer_x", x), ("accelerometer_y", y),
                        ("accelerometer_z", -1024 if (x, y) == (0, 0) else -700)):
        board.set(axis, value)


def _describe(mode: TextMode, args: list[str]) -> None:
    board = mode.target()
    display = getattr(board.model, "display", None)
    if display is not None:
        mode.say(describe_display(display.pixels, display.is_on, mode.lang), mode.board)
    for control in mode.ctl.controls:
        if control.board == mode.board and control.kind == "slider":
            value = board.model.value(control.id)
            mode.say(f"{control.label(mode.lang)}: {value:g}" if isinstance(value, float)
                     else f"{control.label(mode.lang)}: {value}", mode.board)


def _log(mode: TextMode, args: list[str]) -> None:
    lines = [line for line in mode.target().serial_output.splitlines() if line.strip()][-10:]
    mode.say(mode.words("log"))
    for line in lines or [mode.words("nothing")]:
        mode.say("  " + line)


def _captions(mode: TextMode, args: list[str]) -> None:
    """Every sound so far, as captions, with the board's time (the last 10)."""
    lines = mode.ctl.caption_log[-10:]
    mode.say(label("show_captions", mode.lang))
    for line in lines:
        prefix = f"[{line.board}] " if len(mode.ctl.boards) > 1 and line.board else ""
        mode.say(f"  {line.seconds:.1f} s  {prefix}{line.text}")
    if not lines:
        mode.say("  " + label("captions_empty", mode.lang))


def _listen(mode: TextMode, args: list[str]) -> None:
    """The LED picture as sound (a sweep of its columns), where the computer can play it."""
    if mode.ctl.cue is None:
        mode.say(mode.words("no_sound"))
        _describe(mode, [])
        return
    mode.ctl.hear_display(mode.board)


def _pause(mode: TextMode, args: list[str], paused: bool = True) -> None:
    mode.ctl.paused = paused
    mode.say(mode.words("paused" if paused else "going"))


def _speed(mode: TextMode, args: list[str]) -> None:
    mode.ctl.speed = max(0.1, min(4.0, float(args[0])))
    mode.say(mode.words("speed", value=f"{mode.ctl.speed:g}"))


def _board(mode: TextMode, args: list[str]) -> None:
    mode.board = max(1, min(len(mode.ctl.boards), int(args[0])))
    mode.say(mode.words("board", value=mode.board))


COMMANDS: dict[str, Callable[[TextMode, list[str]], None]] = {
    "press": _press, "touch": _press, "hold": _hold, "set": _set, "tilt": _tilt,
    "gesture": lambda m, a: m.target().gesture(" ".join(a)),
    "describe": _describe, "log": _log,
    "type": lambda m, a: m.target().serial_input(" ".join(a) + "\n"),
    "pause": _pause, "go": lambda m, a: _pause(m, a, False), "speed": _speed,
    "reset": lambda m, a: m.ctl.perform("reset", board=m.board),
    "stop": lambda m, a: m.ctl.perform("stop", board=m.board),
    "board": _board, "help": lambda m, a: m.say(HELP[m.lang]),
    "captions": _captions, "listen": _listen,
    "wait": lambda m, a: setattr(m, "wait_until", time.monotonic() + float(a[0])),
    "quit": lambda m, a: setattr(m, "quit", True),
}


def stdin_lines(stream: TextIO | None = None) -> Callable[[], str | None]:
    """The lines typed, read on a thread: None when no new line is waiting; "quit" at the
    end of the input."""
    stream = stream or sys.stdin
    waiting: queue.Queue[str] = queue.Queue()

    def read() -> None:
        for line in stream:
            waiting.put(line)
        waiting.put("quit")

    threading.Thread(target=read, daemon=True, name="text-mode-input").start()

    def next_line() -> str | None:
        try:
            return waiting.get_nowait()
        except queue.Empty:
            return None

    return next_line

