"""The state of one simulated micro:bit V2, with no drawing and no student-facing API.

Everything that changes a board from outside (a scenario, a test, the window) goes through
``set_value``, ``press``, ``touch``, ``gesture``, ``feed_serial`` or ``receive_radio``;
everything the board wants to say comes out as events on its bus.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..boards.microbit import MICROBIT
from .audio import Audio
from .board import UART_BYTE_US, Board, Repeating, sensors_of
from .breadboard import Breadboard
from .clock import US_PER_MS, Scheduler, Timer
from .datalog import DataLog
from .edge import EdgeConnector
from .events import DisplayChanged, ValueChanged
from .filesystem import FileSystem
from .motion import Motion
from .neopixel import NeoPixels
from .parts import Part
from .pins import Pins
from .radio import Radio, RadioSpace
from .sensors import Sensor, SensorValueError

GESTURES = MICROBIT.gestures()
BUTTONS = tuple(b.name for b in MICROBIT.buttons)
TOUCH_PINS = MICROBIT.touch

Rows = tuple[tuple[int, ...], ...]
Frame = tuple[Rows, int | None]  # (5x5 brightness rows, ms to hold them; None: for ever)


def sensor_specs() -> dict[str, Sensor]:
    return sensors_of(MICROBIT)


class Button:
    def __init__(self) -> None:
        self.pressed = False
        self.presses = 0
        self.was_pressed = False

    def reset(self) -> None:
        self.presses = 0
        self.was_pressed = False


class Animation:
    """Frames shown one after another on the display by the scheduler, not the program."""

    def __init__(self, display: Display, frames: Iterator[Frame]):
        self.display = display
        self._frames = frames
        self._timer: Timer | None = None
        self.done = False
        self.error: BaseException | None = None

    def step(self) -> None:
        self._timer = None
        if self.done:
            return
        try:
            rows, hold_ms = next(self._frames)
        except StopIteration:
            self._finish()
            return
        except Exception as exc:  # a student's iterable raised: the waiting program sees it
            self.error = exc
            self._finish()
            return
        self.display.set_rows(rows)
        if hold_ms is not None:  # None: this frame stays until something else is shown
            sched = self.display.board.scheduler
            self._timer = sched.call_later(max(0, hold_ms) * US_PER_MS, self.step)

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        self._finish()

    def _finish(self) -> None:
        if not self.done:
            self.done = True
            self.display.board.wake_program()


class Display:
    def __init__(self, board: MicrobitBoard):
        self.board = board
        self.pixels = [[0] * 5 for _ in range(5)]
        self.is_on = True
        self.animation: Animation | None = None

    def rows(self) -> Rows:
        return tuple(tuple(row) for row in self.pixels)

    def _changed(self) -> None:
        self.board.bus.publish(DisplayChanged(self.board.number, self.rows(), self.is_on))

    def set_pixel(self, x: int, y: int, value: int) -> None:
        if self.pixels[y][x] != value:
            self.pixels[y][x] = value
            self._changed()

    def set_rows(self, rows: Rows) -> None:
        new = [list(row) for row in rows]
        if new != self.pixels:
            self.pixels = new
            self._changed()

    def clear(self) -> None:
        self.set_rows(((0,) * 5,) * 5)

    def set_on(self, on: bool) -> None:
        if self.is_on != on:
            self.is_on = on
            self._changed()

    def stop_animation(self) -> None:
        if self.animation is not None:
            self.animation.cancel()
            self.animation = None

    def animate(self, frames: Iterator[Frame]) -> Animation:
        """Replace any running animation; the first frame shows at once."""
        self.stop_animation()
        self.animation = Animation(self, frames)
        self.animation.step()
        return self.animation


class MicrobitBoard(Breadboard, Board):
    """One micro:bit V2: display, buttons, touch, sensors, serial, radio and files, and the
    parts of its circuit on the edge connector's pins (``self.circuit``, wired through
    ``self.gpio``: see ``edge.py``).

    Its serial line is CODAL's: ``write_serial`` sends with ``SYNC_SPINWAIT`` into a 20-byte
    transmit buffer (CODAL_SERIAL_DEFAULT_BUFFER_SIZE), as the board model's base does.
    """

    default_spec = MICROBIT

    def __init__(self, scheduler: Scheduler, number: int = 1,
                 radio_space: RadioSpace | None = None, spec=None,
                 network=None):  # type: ignore[no-untyped-def]
        super().__init__(scheduler, number, radio_space, spec, network)
        self.circuit: list[Part] = []  # parts on the edge connector (circuit.toml)
        self.display = Display(self)
        self.buttons = {name: Button() for name in BUTTONS}
        self.touched = {name: False for name in TOUCH_PINS}
        self.touches = {name: 0 for name in TOUCH_PINS}
        self.gesture_history: list[str] = []
        self.volume = 255
        # the parts of the board, each kept in its own model file
        self.motion = Motion(self)
        self.pins = Pins(self)
        self.audio = Audio(self)
        self.radio = Radio(self, self.radio_space)
        self.datalog = DataLog(self)
        self.fs = FileSystem(self)
        self.neopixels = NeoPixels(self)
        self.gpio = EdgeConnector(self)
        self.parts = (self.motion, self.pins, self.audio, self.radio, self.datalog, self.fs,
                      self.neopixels, self.gpio)

    # -- inputs -----------------------------------------------------------------
    def press(self, button: str, down: bool) -> None:
        """Button A or B, or a button of the circuit (``sw1``, in any case)."""
        if self.press_part(button, down):
            return
        state = self.buttons.get(button.upper())
        if state is None:
            names = ", ".join([*self.buttons, *(p.id for p in self.circuit
                                                if any(i.id == "pressed" for i in p.inputs))])
            raise SensorValueError(f"the micro:bit has no button {button!r} (it has: {names})")
        button = button.upper()
        if down and not state.pressed:
            state.presses += 1
            state.was_pressed = True
        state.pressed = down
        self.bus.publish(ValueChanged(self.number, f"button_{button.lower()}", down))
        self.wake_program()

    def touch(self, pin: str, down: bool) -> None:
        if down and not self.touched[pin]:
            self.touches[pin] += 1
        self.touched[pin] = down
        self.bus.publish(ValueChanged(self.number, f"touch_{pin}", down))
        self.wake_program()

    def set_value(self, sensor_id: str, value: object) -> None:
        """A board sensor (``light_level``, ``pin0``), or a part's input (``pot1`` for its
        first input, ``sw1.pressed``)."""
        if not self.set_part_value(sensor_id, value):
            super().set_value(sensor_id, value)

    def value(self, sensor_id: str) -> object:
        found, value = self.part_value(sensor_id)
        return value if found else super().value(sensor_id)

    def gesture(self, name: str) -> None:
        self.sensors["gesture"].coerce(name)
        self.gesture_history.append(name)
        self.set_value("gesture", name)
        self.wake_program()

    def core_started(self, link: object) -> None:
        """The board keeps its own copy of its radio queue; a new core starts with the radio
        off, as the firmware's MicroPython state does."""
        self.radio.mirror = link.radio_mirror  # type: ignore[attr-defined]
        self.radio.off()

    def close(self) -> None:
        super().close()
        self.display.stop_animation()

    def receive_radio(self, packet: bytes) -> bool:
        """A packet arrives on the board's current group; False if dropped."""
        return self.radio.receive(packet)

    # -- lifecycle -------------------------------------------------------------------
    def reset_state(self) -> None:
        """What a reset clears: not the sensors (the room) and not the files."""
        self.display.stop_animation()
        self.display.clear()
        self.display.set_on(True)
        for button in self.buttons.values():
            button.reset()
        self.touches = {name: 0 for name in TOUCH_PINS}
        self.gesture_history.clear()
        super().reset_state()
        self.reset_parts()

    def stop(self, kind: str) -> None:
        """Stop the program (from outside) and any background work it started."""
        self.cancel_background()
        self.display.stop_animation()
        self.audio.silence()
        super().stop(kind)


__all__ = ["MicrobitBoard", "GESTURES", "BUTTONS", "TOUCH_PINS", "Frame", "Repeating",
           "UART_BYTE_US", "sensor_specs"]
