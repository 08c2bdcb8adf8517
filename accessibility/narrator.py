"""The narrator: the simulator speaks for itself, in Japanese or English, so a blind learner
can work alone. It says focus moves and control values, the board's picture once it settles
(by name when it is a built-in image), what the board prints, errors with their plain
explanation, and sounds' captions; on request it says the last words again, describes the
board, reads the console, stops speaking, or speaks faster or slower.

Every utterance is also kept (``transcript``) and handed to ``listeners``, so tests read what
was said and a braille display or captions can show it. The voice is a seam (voices.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..simulator.model.audio import MelodyEnded, MelodyStarted, ToneStarted, ToneStopped
from ..simulator.model.events import DisplayChanged, Event, ValueChanged
from ..simulator.model.pins import PinChanged
from .describe import PictureWatcher, PinWatcher, describe_display, event_words, word
from .voices import Voice

RATES = (0.6, 0.8, 1.0, 1.25, 1.5, 2.0)


@dataclass(frozen=True)
class Utterance:
    text: str
    lang: str
    board: int | None = None
    urgent: bool = False  # it cut off what was being said (a focus move, a stop)


@dataclass
class Narrator:
    voice: Voice
    lang: str = "en"
    rate: float = 1.0
    boards: int = 1  # with several boards, what a board says starts with its number
    transcript: list[Utterance] = field(default_factory=list)
    listeners: list[Callable[[Utterance], None]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.pictures = PictureWatcher(self.lang)
        self.pins = PinWatcher(self.lang)
        self._melodies: set[int | None] = set()  # boards playing a melody: its notes were said

    def words(self, key: str, **values: object) -> str:
        return word(key, self.lang, **values)

    # -- speaking --------------------------------------------------------------------------
    def say(self, text: str, board: int | None = None, urgent: bool = False) -> None:
        if not text:
            return
        if board is not None and self.boards > 1:
            text = f"{self.words('board', n=board)}: {text}"
        if urgent:
            self.voice.stop()
        utterance = Utterance(text, self.lang, board, urgent)
        self.transcript.append(utterance)
        del self.transcript[:-500]
        for listener in self.listeners:
            listener(utterance)
        self.voice.speak(text, self.lang, self.rate)

    def stop(self) -> None:
        self.voice.stop()

    def repeat(self) -> None:
        last = next((u for u in reversed(self.transcript)), None)
        self.say(last.text if last is not None else self.words("nothing"), urgent=True)

    def faster(self, step: int = 1) -> None:
        index = min(range(len(RATES)), key=lambda i: abs(RATES[i] - self.rate))
        self.rate = RATES[max(0, min(len(RATES) - 1, index + step))]
        self.say(self.words("rate", rate=f"{self.rate:g}"), urgent=True)

    # -- what happens on the boards -----------------------------------------------------------
    def on_event(self, event: Event, now_ms: int,
                 name_of: Callable[[str], str] | None = None) -> None:
        board = getattr(event, "board", None)
        if isinstance(event, DisplayChanged):
            self.pictures.saw(event, now_ms)
        elif isinstance(event, PinChanged):
            self.pins.saw(event, now_ms)
        elif isinstance(event, ValueChanged) and not isinstance(event.value, bool):
            return  # a sensor moved: said when the person moves it (focus), not twice
        elif not self._in_melody(event, board):
            for text in event_words(event, self.lang, name_of):
                self.say(text.strip(), board)

    def _in_melody(self, event: Event, board: int | None) -> bool:
        """A melody's caption names its notes: each of its tones is not said again."""
        if isinstance(event, MelodyStarted):
            self._melodies.add(board)
        elif isinstance(event, MelodyEnded):
            self._melodies.discard(board)
        return isinstance(event, ToneStarted | ToneStopped) and board in self._melodies

    def tick(self, now_ms: int) -> None:
        """Say each picture that has settled since the last tick."""
        for board, text in self.pictures.due(now_ms) + self.pins.due(now_ms):
            self.say(text, board)

    # -- on request -----------------------------------------------------------------------
    def focus(self, label: str, value: str | None = None) -> None:
        """The control the focus moved to (or whose value changed)."""
        self.say(label if value is None else f"{label}, {value}", urgent=True)

    def describe_board(self, model, number: int = 1) -> None:  # type: ignore[no-untyped-def]
        display = getattr(model, "display", None)
        if display is not None:
            self.say(describe_display(display.pixels, display.is_on, self.lang), number,
                     urgent=True)

    def read_console(self, lines: list[str]) -> None:
        shown = [line for line in lines if line.strip()][-5:]
        if not shown:
            self.say(self.words("console_empty"), urgent=True)
            return
        self.say(shown[0], urgent=True)
        for line in shown[1:]:
            self.say(line)
