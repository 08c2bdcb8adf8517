"""Switch access: the whole window with one switch (automatic scanning) or two (step
scanning), for learners who cannot use a keyboard or a mouse. No pygame here.

- **One switch**: the focus moves by itself to the next control every ``interval_ms``
  (real time); the switch chooses the control in focus.
- **Two switches**: the first moves the focus on, the second chooses.
Choosing a button presses it and keeps it held until the next switch press (so "hold A for
two seconds" is possible); choosing a slider or a choice opens its three steps — "less",
"more", "done" — which are scanned the same way; any other control is activated.
Each move is told to the narrator, so the learner hears where the scan is.
"""

from __future__ import annotations

from dataclasses import dataclass

from .controller import Controller
from .strings import label

STEPS = ("less", "more", "done")


@dataclass
class Scanner:
    ctl: Controller
    switches: int = 1  # 1: automatic scanning, 2: step scanning
    interval_ms: float = 1500.0
    step: int | None = None  # inside a slider: the index in STEPS
    holding: str | None = None  # the button held down (an action name)
    _waited: float = 0.0

    def word(self, key: str, **values: object) -> str:
        return label(f"scan_{key}", self.ctl.lang, **values)

    # -- time --------------------------------------------------------------------------
    def tick(self, wall_ms: float) -> None:
        """One switch: move on by itself (not while a button is held)."""
        if self.switches != 1 or self.holding is not None:
            return
        self._waited += wall_ms
        if self._waited >= self.interval_ms:
            self._waited = 0.0
            self.next()

    # -- the switches ------------------------------------------------------------------
    def press(self, switch: int) -> None:
        """A switch was pressed: with two, switch 1 moves on and switch 2 chooses."""
        self._waited = 0.0
        if self.holding is not None:
            self.release()
        elif self.switches == 2 and switch == 1:
            self.next()
        else:
            self.choose()

    def next(self) -> None:
        if self.step is not None:
            self.step = (self.step + 1) % len(STEPS)
            self._say(self.word(STEPS[self.step]))
            self.ctl.changes += 1
        else:
            self.ctl.move_focus(1)

    def choose(self) -> None:
        ctl = self.ctl
        control = ctl.focused()
        if self.step is not None:
            if STEPS[self.step] == "done":
                self.step = None
                ctl.announce()
            else:
                ctl.adjust(-1 if STEPS[self.step] == "less" else 1)
            return
        if control.kind in ("slider", "choice"):
            self.step = 0
            self._say(self.word(STEPS[0]))
        elif control.kind == "hold":
            self.holding = control.id
            ctl.perform(control.id, True, control.board)
            self._say(self.word("holding", name=control.label(ctl.lang)))
        else:
            ctl.activate(control)
        ctl.changes += 1

    def release(self) -> None:
        control = self.ctl.focused()
        self.ctl.perform(self.holding or control.id, False, control.board)
        self.holding = None
        self.ctl.announce()

    def _say(self, text: str) -> None:
        if self.ctl.narrator is not None:
            self.ctl.narrator.say(text, urgent=True)

    def status(self) -> str:
        """What the status line shows while scanning."""
        where = self.word(STEPS[self.step]) if self.step is not None else \
            self.ctl.focused().label(self.ctl.lang)
        return f"{label('scan', self.ctl.lang)}: {where}"
