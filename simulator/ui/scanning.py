"""Switch access: the whole window with one switch (automatic scanning) or two (step
scanning), for learners who cannot use a keyboard or a mouse. No pygame here.

Scanning goes over **groups, then items**: first the groups (this lesson's controls, the
program's, the buttons, the sensors of motion, of light and temperature, the pins, the
circuit's parts — each board's apart), then, once a group is chosen, its controls and
"back". A group of one control is that control.

- **One switch**: the scan moves by itself to the next group or item every ``interval_ms``
  (real time), waiting ``dwell_ms`` longer on the first one after a choice; the switch chooses.
- **Two switches**: the first moves on, the second chooses.
Choosing a button presses it and keeps it held until the next switch press (so "hold A for
two seconds" is possible); choosing a slider or a choice opens its three steps — "less",
"more", "done" — which are scanned the same way; any other control is activated.
Each move is told to the narrator, so the learner hears where the scan is; the renderer
highlights the whole group being offered (``highlighted``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .controller import Control, Controller, is_lesson_control
from .strings import label

STEPS = ("less", "more", "done")
BACK = "back"


@dataclass(frozen=True)
class Group:
    key: str  # lesson, program, buttons, motion, environment, pins, parts
    board: int  # 0: not one board's
    members: tuple[int, ...]  # indexes into the controller's controls


def groups(ctl: Controller) -> list[Group]:
    """The controls in groups, in the order they are listed; the lesson's first."""
    found: dict[tuple[int, str], list[int]] = {}
    for index, control in enumerate(ctl.controls):
        found.setdefault(_group_of(control, ctl.features), []).append(index)
    ordered = sorted(found.items(), key=lambda item: item[0][1] != "lesson")
    return [Group(key, board, tuple(members)) for (board, key), members in ordered]


def _group_of(control: Control, features: tuple[str, ...]) -> tuple[int, str]:
    if features and (control.id == "more_controls" or is_lesson_control(control, features)):
        return 0, "lesson"
    if control.kind in ("action", "text") or not control.group:
        return 0, "program"
    return control.board, control.group


@dataclass
class Scanner:
    ctl: Controller
    switches: int = 1  # 1: automatic scanning, 2: step scanning
    interval_ms: float = 1500.0
    dwell_ms: float = 0.0  # one switch: the extra wait on the first offer after a choice
    group: int = 0  # the group offered, or the group being scanned inside
    inside: bool = False  # scanning the items of ``group`` (else the groups)
    item: int = 0  # inside: the position in the group's members; len(members): "back"
    step: int | None = None  # inside a slider: the index in STEPS
    holding: str | None = None  # the button held down (an action name)
    _waited: float = 0.0
    _groups: list[Group] = field(default_factory=list)

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
        self._waited = -self.dwell_ms
        if self.holding is not None:
            self.release()
        elif self.switches == 2 and switch == 1:
            self.next()
        else:
            self.choose()

    def offered(self) -> Group:
        self._groups = groups(self.ctl)
        self.group = min(self.group, len(self._groups) - 1)
        return self._groups[self.group]

    def next(self) -> None:
        ctl = self.ctl
        group = self.offered()
        if self.step is not None:
            self.step = (self.step + 1) % len(STEPS)
            self._say(self.word(STEPS[self.step]))
        elif self.inside:
            self.item = (self.item + 1) % (len(group.members) + 1)
            if self.item == len(group.members):
                self._say(self.word(BACK))
            else:
                ctl.set_focus(group.members[self.item])
        else:
            self.group = (self.group + 1) % len(self._groups)
            self._offer_group()
        ctl.changes += 1

    def _offer_group(self) -> None:
        group = self.offered()
        self.ctl.focus = group.members[0]
        if len(group.members) == 1:
            self.ctl.announce()
        else:
            self._say(self.group_name(group))

    def group_name(self, group: Group) -> str:
        name = label(f"group_{group.key}", self.ctl.lang)
        if group.board and len(self.ctl.boards) > 1:
            name = f"[{group.board}] {name}"
        return f"{name} ({len(group.members)})"

    def choose(self) -> None:
        ctl = self.ctl
        group = self.offered()
        ctl.changes += 1
        if self.step is not None:
            self._step_choice()
        elif not self.inside and len(group.members) > 1:
            self.inside, self.item = True, 0
            ctl.set_focus(group.members[0])
        elif self.inside and self.item == len(group.members):  # back to the groups
            self.inside = False
            self._offer_group()
        else:
            self._use(ctl.focused())

    def _step_choice(self) -> None:
        if STEPS[self.step or 0] == "done":
            self.step = None
            self.ctl.announce()
        else:
            self.ctl.adjust(-1 if STEPS[self.step or 0] == "less" else 1)

    def _use(self, control: Control) -> None:
        ctl = self.ctl
        if control.kind in ("slider", "choice"):
            self.step = 0
            self._say(self.word(STEPS[0]))
        elif control.kind == "hold":
            self.holding = control.id
            ctl.perform(control.id, True, control.board)
            self._say(self.word("holding", name=control.label(ctl.lang)))
        else:
            ctl.activate(control)
            if control.id == "more_controls":  # the list changed: offer the groups again
                self.inside, self.group = False, 0
                self._offer_group()

    def release(self) -> None:
        control = self.ctl.focused()
        self.ctl.perform(self.holding or control.id, False, control.board)
        self.holding = None
        self.ctl.announce()

    def _say(self, text: str) -> None:
        if self.ctl.narrator is not None:
            self.ctl.narrator.say(text, urgent=True)

    # -- what the window shows -----------------------------------------------------------
    def highlighted(self) -> tuple[int, ...]:
        """The controls offered together: the group's members while groups are scanned."""
        if self.inside or self.step is not None or not self.ctl.controls:
            return ()
        return self.offered().members

    def status(self) -> str:
        """What the status line shows while scanning."""
        if self.step is not None:
            where = self.word(STEPS[self.step])
        elif self.inside and self.item == len(self.offered().members):
            where = self.word(BACK)
        elif not self.inside and len(self.offered().members) > 1:
            where = self.group_name(self.offered())
        else:
            where = self.ctl.focused().label(self.ctl.lang)
        return f"{label('scan', self.ctl.lang)}: {where}"

    def steps_to(self, index: int) -> int:
        """How many switch presses (moves and choices, two switches) reach the control at
        ``index`` from the start of a scan: for the record of each lesson's controls."""
        for position, group in enumerate(groups(self.ctl)):
            if index in group.members:
                inside = 0 if len(group.members) == 1 else 1 + group.members.index(index)
                return position + inside + 1  # moves to the group, (choose it, moves), choose
        raise ValueError(f"no control at {index}")
