"""A pupil's board on the server: the window's controller, run by a thread of its own.

Each pupil has at most one ``PupilBoard``. Its thread owns a ``Controller`` (the same state and
controls as ``terakoya sim``: a new Simulation on each Run, the board's own MicroPython process,
speed and pause) and lets real time pass on it as the window's frame loop does. What the board
does is gathered into one small batch per frame (the latest LED picture, values that changed,
serial text, captions, log rows, how the program ended, with the plain explanation) and handed
to ``deliver``: the web app sends it down the pupil's WebSocket. What the page asks for comes
in through ``submit`` and is done by the board's thread between two frames, so nothing touches
the board from two threads at once. A misbehaving program costs its own board's thread and
process only; the engine's time and memory limits and its sandbox apply as everywhere.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path

from ..accessibility.captions import caption as sound_caption
from ..accessibility.describe import describe_display
from ..simulator.model.events import (
    DisplayChanged,
    Event,
    NetworkChanged,
    ProgramError,
    ProgramStarted,
    ProgramStopped,
    SerialOutput,
    ValueChanged,
)
from ..simulator.ui.controller import SPEEDS, Control, Controller, console_text

FRAME_S = 1 / 30  # the page's event stream: at most this many batches a second
MAX_STEP_MS = 250.0  # a board that falls behind catches up at most this much in one frame
SERIAL_BATCH_CHARS = 8000  # more serial text in one frame is cut (the page keeps up)
MAX_TYPED_CHARS = 256
RADIO_INBOX = 64  # class radio packets waiting for a paused board; older ones are dropped
log = logging.getLogger("terakoya.serve")


class PupilBoard:
    """One pupil's board: started once, then Run, Stop, inputs, until ``close``."""

    def __init__(self, path: Path, lang: str, deliver: Callable[[list[dict]], None],
                 kind: str = "microbit", radio: ClassRadio | None = None,
                 checker: Callable[[Path, str], list] | None = None,
                 broker: tuple[str, int] | None = None):
        self.path, self.lang, self.kind = path, lang, kind
        self.deliver = deliver
        self.radio = radio
        self.checker = checker
        self.broker = broker  # the class's MQTT broker, for an ESP32's Wi-Fi
        self.commands: queue.SimpleQueue[tuple[str, dict]] = queue.SimpleQueue()
        self.radio_inbox: deque[tuple[bytes, tuple, int]] = deque(maxlen=RADIO_INBOX)
        self.state = "idle"  # idle, running, ended, error, stopped
        self.explanation = ""  # the plain words for the last error, as the pupil sees them
        self.error = ""
        self.virtual_ms = 0.0  # virtual time run, and the wall time it took (for the bench)
        self.wall_ms = 0.0
        self.first_led_ms: float | None = None  # from Run to the first lit LED, wall clock
        self._run_at = 0.0
        self._ctl: Controller | None = None
        self._batch: list[dict] = []
        self._serial: list[str] = []
        self._display: DisplayChanged | None = None
        self._values: dict[str, object] = {}
        self._held: set[str] = set()
        self._failed = False  # the simulator failed this run: nothing more until Run
        self._flashing = False  # the LEDs flash too fast to show: held steady
        self._held_display: DisplayChanged | None = None
        self._quit = threading.Event()
        self._thread = threading.Thread(target=self._loop, name=f"board {path.parent.name}",
                                        daemon=True)
        self._thread.start()

    # -- from any thread ---------------------------------------------------------------------
    def submit(self, command: str, **values: object) -> None:
        self.commands.put((command, values))

    def close(self, timeout: float = 5.0) -> None:
        self._quit.set()
        self._thread.join(timeout)

    @property
    def running(self) -> bool:
        return self.state == "running"

    # -- the board's thread --------------------------------------------------------------------
    def _loop(self) -> None:
        last = time.perf_counter()
        try:
            while not self._quit.is_set():
                started = time.perf_counter()
                self._do_commands()
                wall = min((started - last) * 1000, MAX_STEP_MS)
                last = started
                self._tick(wall)
                self._flush()
                spare = FRAME_S - (time.perf_counter() - started)
                if spare > 0:
                    self._quit.wait(spare)
        finally:
            if self._ctl is not None:
                self._ctl.close()

    def _tick(self, wall_ms: float) -> None:
        ctl = self._ctl
        if ctl is None or ctl.sim is None or self._failed:
            return
        before = ctl.sim.now_ms
        try:
            self._take_radio(ctl)
            ctl.tick(wall_ms)
        except Exception as problem:  # a fault in the simulator must not end the board thread
            log.warning("a board stopped: the simulator failed (%s: %s)",
                        type(problem).__name__, problem)
            self._failed = True  # until the next Run
            self._ended("error", "server")
            with contextlib.suppress(Exception):
                ctl.stop()
            return
        if self.running and not ctl.paused:
            self.virtual_ms += ctl.sim.now_ms - before
            self.wall_ms += wall_ms

    def _do_commands(self) -> None:
        while True:
            try:
                command, values = self.commands.get_nowait()
            except queue.Empty:
                return
            try:
                self._do(command, values)
            except (ValueError, TypeError, KeyError, IndexError):
                pass  # a malformed request from a page: nothing happens
            except Exception as problem:  # the board refused it: the board thread goes on
                log.warning("a board did not take %r (%s: %s)", command,
                            type(problem).__name__, problem)

    def _do(self, command: str, values: dict) -> None:
        if command == "run":
            self._start()
            return
        if command == "hello":  # a page (re)opened: what it needs to draw the board now
            self._hello()
            return
        if command == "findings":
            self._batch.append({"t": "findings", "findings": values["findings"]})
            return
        ctl = self._ctl
        if ctl is None or ctl.sim is None:
            return
        if command == "release":
            for held in list(self._held):
                ctl.perform(held, False, 1)
            self._held.clear()
        elif command == "stop":
            ctl.stop()
        elif command == "pause":
            ctl.paused = bool(values.get("on", not ctl.paused))
            self._batch.append({"t": "paused", "on": ctl.paused})
        elif command == "speed":
            speed = float(values["speed"])
            if speed in SPEEDS:
                ctl.speed = speed
            self._batch.append({"t": "speed", "speed": ctl.speed})
        elif command == "type":
            text = str(values["text"])[:MAX_TYPED_CHARS]
            ctl.type_serial(text + "\n")
        else:
            self._input(ctl, command, values)

    def _input(self, ctl: Controller, command: str, values: dict) -> None:
        control = _control(ctl, str(values.get("id", "")))
        if control is None or not ctl.boards:
            return
        board = ctl.boards[0]
        if command == "hold" and control.kind == "hold":
            down = bool(values["down"])
            (self._held.add if down else self._held.discard)(control.id)
            ctl.perform(control.id, down, 1)
        elif command == "set" and control.kind == "slider":
            value = max(control.minimum, min(control.maximum, float(values["value"])))
            board.set(control.id, round(value, 3))
        elif command == "gesture" and control.kind == "choice":
            if values["value"] in control.choices:
                board.gesture(str(values["value"]))

    def release_all(self) -> None:
        """A tablet that went away mid-press lets go of what it held."""
        self.submit("release")

    def _start(self) -> None:
        if self._ctl is None:
            self._ctl = Controller(paths=[self.path], lang=self.lang, board=self.kind,
                                   run_checks=False, broker=self.broker)
            self._ctl.listeners.append(self._on_event)
        self._held.clear()
        self._failed = False
        self._display, self._values, self._serial = None, {}, []
        self.state, self.explanation, self.error = "running", "", ""
        self.first_led_ms = None
        self._run_at = time.perf_counter()
        try:
            self._ctl.load()
        except Exception as problem:  # a wrong circuit, a board that cannot start
            log.warning("board %s did not start: %s", self.path.parent.name, problem)
            self._ended("error", "no_start")
            return
        self._listen_radio()
        self._batch.append({"t": "started", "controls": self._controls(), "board": self.kind,
                            "speed": self._ctl.speed, "paused": self._ctl.paused,
                            "parts": self._parts()})
        if self.checker is not None:
            threading.Thread(target=self._check, daemon=True).start()

    def _check(self) -> None:
        """``terakoya check``'s findings for the program, in the pupil's words (no paths)."""
        found = self.checker(self.path, self.kind) if self.checker else []
        findings = [{"line": f.line, "severity": f.severity, "text": f.message(self.lang),
                     "fix": f.fix(self.lang)} for f in found]
        self.commands.put(("findings", {"findings": findings}))

    def _hello(self) -> None:
        ctl = self._ctl
        if ctl is None or ctl.sim is None:
            self._batch.append({"t": "ended", "kind": self.state, "problem": None})
            return
        self._batch.append({"t": "started", "controls": self._controls(), "speed": ctl.speed,
                            "paused": ctl.paused, "state": self.state, "board": self.kind,
                            "parts": self._parts()})
        if ctl.boards:
            model = ctl.boards[0].model
            display = getattr(model, "display", None)
            if display is not None:
                self._display = DisplayChanged(1, display.rows(), display.is_on)
        if self.state != "running":
            self._batch.append({"t": "ended", "kind": self.state, "problem": None})
        if self.explanation or self.error:
            self._batch.append({"t": "error", "error": self.error, "line": None,
                                "explanation": self.explanation})

    def _parts(self) -> dict[str, object]:
        """What the circuit's parts show now (an LED's brightness, a servo's angle), by id."""
        ctl = self._ctl
        values = ctl.part_values.get(1, {}) if ctl is not None else {}
        return {k: v if _plain(v) else str(v) for k, v in values.items()}

    def _controls(self) -> list[dict]:
        ctl = self._ctl
        assert ctl is not None
        found = []
        for c in ctl.controls:
            if c.kind not in ("hold", "slider", "choice") or c.board != 1:
                continue
            entry = {"id": c.id, "kind": c.kind, "label": c.label(self.lang), "group": c.group}
            if c.kind == "slider":
                entry |= {"min": c.minimum, "max": c.maximum, "step": c.step,
                          "value": ctl.sensor_value(c)}
            elif c.kind == "choice":
                entry["choices"] = list(c.choices)
            found.append(entry)
        return found

    # -- what the board does -------------------------------------------------------------------
    def _on_event(self, event: Event) -> None:
        if isinstance(event, SerialOutput):
            self._serial.append(console_text(event.text))
        elif isinstance(event, DisplayChanged):
            self._display = event
            if self.first_led_ms is None and event.is_on and any(any(r) for r in event.pixels):
                self.first_led_ms = (time.perf_counter() - self._run_at) * 1000
        elif isinstance(event, ValueChanged):
            self._values[event.id] = event.value if _plain(event.value) else str(event.value)
        elif isinstance(event, ProgramError):
            self.state = "error"  # at once: the board scrolls the error before it stops
            self.error = event.error
            self.explanation = self._last_help()
            self._batch.append({"t": "error", "error": event.error, "line": event.line,
                                "explanation": self.explanation})
        elif isinstance(event, ProgramStopped):
            self._ended(str(event.kind), None)
        elif isinstance(event, ProgramStarted):
            self.state = "running"
        elif isinstance(event, NetworkChanged) and event.what == "published":
            self._batch.append({"t": "published", "door": event.name})  # its web page
        elif isinstance(event, NetworkChanged):  # Wi-Fi joined, the broker reached...: the
            note = self._ctl.console[-1] if self._ctl and self._ctl.console else None  # words
            if note is not None and note.kind == "note":  # the window shows, in its language
                self._batch.append({"t": "note", "text": note.text})
        else:
            self._other(event)

    def _other(self, event: Event) -> None:
        words = sound_caption(event, self.lang)
        if isinstance(words, str):
            self._batch.append({"t": "caption", "text": words})
        name = type(event).__name__
        if name == "ToneStarted":
            self._batch.append({"t": "tone", "hz": getattr(event, "frequency_hz", 0),
                                "ms": getattr(event, "duration_ms", None)})
        elif name in ("ToneStopped", "MelodyEnded", "SoundEffectEnded"):
            self._batch.append({"t": "tone", "hz": 0})
        elif name == "SoundEffectPlayed":
            self._batch.append({"t": "effect", "parts": [
                {"wave": p.waveform, "f0": p.freq_start, "f1": p.freq_end,
                 "ms": p.duration_ms, "v0": p.vol_start, "v1": p.vol_end}
                for p in getattr(event, "parts", ())]})
        elif name == "SpeechSpoken" and getattr(event, "mode", "") == "say":
            self._batch.append({"t": "say", "text": str(getattr(event, "text", ""))[:500]})
        elif name == "LogRowAdded":
            self._batch.append({"t": "log", "headings": list(getattr(event, "headings", ())),
                                "values": list(getattr(event, "values", ()))})
        elif name == "LogDeleted":
            self._batch.append({"t": "log_clear"})
        elif name == "RadioSent" and self.radio is not None:
            self.radio.send(self, event)

    def _last_help(self) -> str:
        ctl = self._ctl
        if ctl is not None and ctl.console and ctl.console[-1].kind == "help":
            return ctl.console[-1].text
        return ""

    def _ended(self, kind: str, problem: str | None) -> None:
        self.state = kind if kind in ("ended", "error", "stopped", "panic") else "ended"
        self._batch.append({"t": "ended", "kind": self.state, "problem": problem})

    def _flash_safe(self, batch: list[dict]) -> None:
        """An LED pattern flashing more than 3 times a second is held steady on the page
        (WCAG 2.3.1), as the window does, with a notice; the true picture when it calms."""
        ctl = self._ctl
        if ctl is None or ctl.sim is None:
            return
        flashing = ctl.flash.flashing(1, ctl.sim.now_ms, ctl.speed)
        if flashing != self._flashing:
            self._flashing = flashing
            batch.append({"t": "flashing", "on": flashing})
            if not flashing and self._held_display is not None:
                self._display = self._held_display
        if flashing and self._display is not None:
            self._held_display, self._display = self._display, None

    def _flush(self) -> None:
        batch, self._batch = self._batch, []
        self._flash_safe(batch)
        if self._display is not None:
            shown = self._display
            self._display = None
            after = next((i + 1 for i, m in enumerate(batch) if m["t"] == "started"), 0)
            batch.insert(after, {"t": "display", "rows": [list(r) for r in shown.pixels],
                             "on": shown.is_on,
                             "words": describe_display(shown.pixels, shown.is_on, self.lang)})
        if self._values:
            batch.append({"t": "values", "values": self._values})
            self._values = {}
        if self._serial:
            text = "".join(self._serial)
            self._serial = []
            if len(text) > SERIAL_BATCH_CHARS:
                text = text[:SERIAL_BATCH_CHARS // 2] + "\n…\n" + text[-SERIAL_BATCH_CHARS // 2:]
            batch.append({"t": "serial", "text": text})
        if batch:
            self.deliver(batch)

    # -- class radio ---------------------------------------------------------------------------
    def _listen_radio(self) -> None:
        if self.radio is not None:
            self.radio.join(self)

    def _take_radio(self, ctl: Controller) -> None:
        radio = getattr(ctl.boards[0].model, "radio", None) if ctl.boards else None
        while self.radio_inbox:
            data, tuning, rssi = self.radio_inbox.popleft()
            if radio is not None and radio.tuning == tuning:
                radio.accept(data, rssi, None)

    def radio_tuning(self) -> tuple | None:
        """The sender's radio settings when it sent (read in its own thread)."""
        ctl = self._ctl
        if ctl is None or not ctl.boards:
            return None
        radio = getattr(ctl.boards[0].model, "radio", None)
        return None if radio is None else radio.tuning

    def radio_power(self) -> int:
        ctl = self._ctl
        radio = getattr(ctl.boards[0].model, "radio", None) if ctl and ctl.boards else None
        active = getattr(radio, "active", None)
        return int(getattr(active, "power", 6))


class ClassRadio:
    """One radio space for the whole class, across pupils' boards (the teacher's switch).

    Each pupil's board runs on its own clock, so a packet crosses from one to another between
    two frames (a few hundredths of a second at most), and is heard by each board whose radio is
    tuned as the sender's was (channel, address, group, data rate), as in one shared air.
    """

    def __init__(self) -> None:
        self.on = False
        self._boards: set[PupilBoard] = set()
        self._lock = threading.Lock()

    def join(self, board: PupilBoard) -> None:
        with self._lock:
            self._boards.add(board)

    def leave(self, board: PupilBoard) -> None:
        with self._lock:
            self._boards.discard(board)

    def send(self, sender: PupilBoard, event: Event) -> None:
        if not self.on:
            return
        tuning = sender.radio_tuning()
        if tuning is None:
            return
        from ..simulator.model.radio import rssi_for_power

        rssi = rssi_for_power(sender.radio_power())
        data = bytes(getattr(event, "data", b""))
        with self._lock:
            others = [b for b in self._boards if b is not sender]
        for board in others:
            board.radio_inbox.append((data, tuning, rssi))


def _control(ctl: Controller, control_id: str) -> Control | None:
    return next((c for c in ctl.controls if c.id == control_id and c.board == 1), None)


def _plain(value: object) -> bool:
    if isinstance(value, (list, tuple)):
        return all(_plain(v) for v in value)
    return value is None or isinstance(value, (bool, int, float, str))
