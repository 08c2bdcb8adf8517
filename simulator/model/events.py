"""What a board tells the outside world: small immutable event records and a bus.

Renderers, the CLI, tests and accessibility outputs (speech, captions) subscribe to a
board's bus; none of them reaches into the board's state to find out what happened.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class DisplayChanged:
    board: int
    pixels: tuple[tuple[int, ...], ...]  # 5 rows of 5 brightness values, 0-9
    is_on: bool


@dataclass(frozen=True)
class SerialOutput:
    board: int
    text: str


@dataclass(frozen=True)
class ValueChanged:
    """A sensor or input changed: ``id`` is the sensor id (``temperature``, ``button_a``…)."""

    board: int
    id: str
    value: object


@dataclass(frozen=True)
class ProgramStarted:
    board: int


@dataclass(frozen=True)
class ProgramStopped:
    """Why a program stopped: ``kind`` is one of the StopKind values."""

    board: int
    kind: str
    detail: str | None = None


@dataclass(frozen=True)
class ProgramError:
    """An uncaught error, the moment it happens (the board then shows it, then stops).

    ``error`` is MicroPython's last traceback line; ``line`` where it was raised.
    """

    board: int
    error: str
    line: int | None


@dataclass(frozen=True)
class NetworkChanged:
    """Something on the network a teacher would want to know: ``what`` is
    ``wifi_connected`` (name: the network, detail: the board's address), ``wifi_failed``
    (detail: the reason), ``wifi_lost``, ``outside_name`` / ``outside_address`` (the program
    asked for something outside the classroom network: name), ``published`` (a board's
    server the host's browser can open: name is its address)."""

    board: int
    what: str
    name: str
    detail: str = ""


class StopKind:
    ENDED = "ended"  # the program ran to its end
    ERROR = "error"  # an uncaught exception; detail is the error line
    PANIC = "panic"  # microbit.panic(); detail is the code
    STOPPED = "stopped"  # stopped from outside (duration reached, Stop button, Ctrl-C)
    RESET = "reset"  # microbit.reset(): the board starts the program again
    POWER_OFF = "power_off"


Event = (DisplayChanged | SerialOutput | ValueChanged | ProgramStarted | ProgramStopped
         | ProgramError | NetworkChanged)


class EventBus:
    """Synchronous publish/subscribe: listeners run in the publisher's thread.

    A listener may name the event types it wants; it is then not called for others
    (a class of 30 boards passes many radio events that most parts do not care about).
    """

    def __init__(self) -> None:
        self._listeners: list[tuple[Callable[[Event], None], tuple[type, ...]]] = []
        self._by_type: dict[type, list[Callable[[Event], None]]] = {}

    def subscribe(self, listener: Callable[[Event], None], *types: type) -> Callable[[], None]:
        entry = (listener, types)
        self._listeners.append(entry)
        self._by_type.clear()

        def unsubscribe() -> None:
            self._listeners.remove(entry)
            self._by_type.clear()

        return unsubscribe

    def publish(self, event: Event) -> None:
        kind = type(event)
        listeners = self._by_type.get(kind)
        if listeners is None:
            listeners = self._by_type[kind] = [
                listener for listener, types in self._listeners
                if not types or issubclass(kind, types)]
        for listener in listeners:
            listener(event)
