"""The state of one simulated micro:bit V2, with no drawing and no student-facing API.

Everything that changes a board from outside (a scenario, a test, the window) goes through
``set_value``, ``press``, ``touch``, ``gesture``, ``feed_serial`` or ``receive_radio``;
everything the board wants to say comes out as events on its bus.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator

from .audio import Audio
from .clock import US_PER_MS, Scheduler, Task, TaskStopped, Timer
from .datalog import DataLog
from .events import DisplayChanged, EventBus, SerialOutput, ValueChanged
from .filesystem import FileSystem
from .motion import Motion
from .neopixel import NeoPixels
from .pins import Pins
from .radio import Radio, RadioSpace
from .sensors import EnumSensor, RangeSensor, Sensor, SensorValueError

GESTURES = ("up", "down", "left", "right", "face up", "face down", "freefall",
            "3g", "6g", "8g", "shake")
BUTTONS = ("A", "B")
UART_BYTE_US = 10 * 1_000_000 / 115200  # a start bit, 8 data bits, a stop bit at 115200 baud
UART_BUFFER_BYTES = 20  # CODAL_SERIAL_DEFAULT_BUFFER_SIZE: what may wait to be sent
TOUCH_PINS = ("logo", "pin0", "pin1", "pin2")

Rows = tuple[tuple[int, ...], ...]
Frame = tuple[Rows, int | None]  # (5x5 brightness rows, ms to hold them; None: for ever)


def sensor_specs() -> dict[str, Sensor]:
    sensors: list[Sensor] = [
        RangeSensor("temperature", -5, 50, 21, "°C"),
        RangeSensor("light_level", 0, 255, 127),
        RangeSensor("sound_level", 0, 255, 0),
        RangeSensor("accelerometer_x", -2000, 2000, 0, "mg"),
        RangeSensor("accelerometer_y", -2000, 2000, 0, "mg"),
        RangeSensor("accelerometer_z", -2000, 2000, -1024, "mg"),
        RangeSensor("compass_heading", 0, 360, 0, "°"),
        RangeSensor("pin0", 0, 1023, 0),
        RangeSensor("pin1", 0, 1023, 0),
        RangeSensor("pin2", 0, 1023, 0),
        EnumSensor("gesture", ("none",) + GESTURES, "none"),
    ]
    return {s.id: s for s in sensors}


class Repeating:
    """A callback fired by the scheduler every ``period_us`` until cancelled."""

    def __init__(self, scheduler: Scheduler, period_us: int, callback: Callable[[], None]):
        self._scheduler = scheduler
        self._period_us = max(1, int(period_us))
        self._callback = callback
        self._timer = scheduler.call_later(self._period_us, self._fire)

    def _fire(self) -> None:
        self._timer = self._scheduler.call_later(self._period_us, self._fire)
        self._callback()

    def cancel(self) -> None:
        self._timer.cancel()

    def pause(self) -> int | None:
        """Hold the timer still; returns when it was next due (None if already stopped)."""
        if self._timer.cancelled:
            return None
        self._timer.cancel()
        return self._timer.when

    def resume(self, due_us: int) -> None:
        """Start again; runs that fell due while paused are skipped, keeping the rhythm."""
        now = self._scheduler.now_us
        if due_us <= now:
            due_us += ((now - due_us) // self._period_us + 1) * self._period_us
        self._timer = self._scheduler.call_at(due_us, self._fire)


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


class MicrobitBoard:
    """One micro:bit V2: display, buttons, touch, sensors, serial, radio and files."""

    kind = "microbit"

    def __init__(self, scheduler: Scheduler, number: int = 1,
                 radio_space: RadioSpace | None = None):
        self.scheduler = scheduler
        self.number = number
        self.bus = EventBus()
        self.sensors = sensor_specs()
        self.display = Display(self)
        self.buttons = {name: Button() for name in BUTTONS}
        self.touched = {name: False for name in TOUCH_PINS}
        self.touches = {name: 0 for name in TOUCH_PINS}
        self.gesture_history: list[str] = []
        self.files: dict[str, bytes] = {}
        self.serial_in = ""
        self.serial_filter: Callable[[str], str] | None = None
        self.uart_free_us = 0  # when the UART will have sent everything written to it
        self.volume = 255
        self.random = random.Random()
        self.boot_us = scheduler.now_us
        self.task: Task | None = None
        self.background_timers: list[Repeating] = []
        # the parts of the board, each kept in its own model file
        self.motion = Motion(self)
        self.pins = Pins(self)
        self.audio = Audio(self)
        self.radio = Radio(self, radio_space or RadioSpace())
        self.datalog = DataLog(self)
        self.fs = FileSystem(self)
        self.neopixels = NeoPixels(self)
        self.parts = (self.motion, self.pins, self.audio, self.radio, self.datalog, self.fs,
                      self.neopixels)

    # -- the one way in for measured values ---------------------------------
    def set_value(self, sensor_id: str, value: object) -> None:
        sensor = self.sensors.get(sensor_id)
        if sensor is None:
            raise SensorValueError(f"the micro:bit has no sensor called {sensor_id!r}")
        sensor.set_value(value)
        self.bus.publish(ValueChanged(self.number, sensor_id, sensor.value))

    def value(self, sensor_id: str) -> object:
        return self.sensors[sensor_id].value

    # -- inputs -----------------------------------------------------------------
    def press(self, button: str, down: bool) -> None:
        state = self.buttons[button]
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

    def gesture(self, name: str) -> None:
        self.sensors["gesture"].coerce(name)
        self.gesture_history.append(name)
        self.set_value("gesture", name)
        self.wake_program()

    def feed_serial(self, text: str) -> None:
        if self.serial_filter is not None:  # what the running program takes off the line
            text = self.serial_filter(text)
        self.serial_in += text
        self.wake_program()

    def receive_radio(self, packet: bytes) -> bool:
        """A packet arrives on the board's current group; False if dropped."""
        return self.radio.receive(packet)

    def take_serial_line(self) -> str | None:
        """The first line typed, ended by Enter (CR), as MicroPython's readline reads it.

        A bare line feed is not Enter on the board: it is dropped.
        """
        index = self.serial_in.find("\r")
        if index < 0:
            return None
        line = self.serial_in[:index].replace("\n", "")
        self.serial_in = self.serial_in[index + 1:]
        return line

    # -- outputs ------------------------------------------------------------------
    def write_serial(self, text: str) -> None:
        """Output on the USB serial line: the board's UART at 115200 baud.

        The firmware sends with ``SYNC_SPINWAIT`` into CODAL's 20-byte transmit buffer, so a
        program that prints waits while all but the last 20 bytes go out (87 µs a byte,
        ``\n`` sent as ``\r\n``); that includes a data log mirrored to serial by ``log.add``.
        Output made while the program is not running (a background timer) only takes its
        time on the line.
        """
        if not text:
            return
        self.bus.publish(SerialOutput(self.number, text))
        now = self.scheduler.now_us
        size = len(text.encode("utf-8", "surrogateescape")) + text.count("\n")
        self.uart_free_us = max(self.uart_free_us, now) + size * UART_BYTE_US
        task = self.task
        if task is not None and self.scheduler.running_task is task:
            self.busy_us(self.uart_free_us - UART_BUFFER_BYTES * UART_BYTE_US - now)

    # -- time, as the program sees it ------------------------------------------
    def ticks_us(self) -> int:
        return self.scheduler.now_us - self.boot_us

    def running_time_ms(self) -> int:
        return self.ticks_us() // US_PER_MS

    def current_task(self) -> Task:
        task = self.task
        if task is None or self.scheduler.running_task is not task:
            raise RuntimeError("board time can only be waited on by the board's program")
        return task

    def sleep_us(self, us: int) -> None:
        task = self.current_task()
        task.check_stop()
        task.sleep_until(self.scheduler.now_us + max(0, int(us)))

    def busy_us(self, us: int) -> None:
        """The program is busy for ``us`` (a spin in the firmware): time passes, nothing
        else runs in the program, and the next traced line hands over if others are due."""
        self.current_task()
        self.scheduler.now_us += max(0, int(us))

    def wait(self, ready: Callable[[], bool], timeout_us: int | None = None) -> bool:
        return self.current_task().wait(ready, timeout_us)

    def halt(self, kind: str, detail: object = None) -> None:
        """End the program from inside it (reset, panic, power off): it cannot be caught."""
        task = self.current_task()
        task.stop_kind = kind
        task.stop_detail = detail
        raise TaskStopped(kind, detail)

    def wake_program(self) -> None:
        if self.task is not None and self.scheduler.running_task is not self.task:
            self.task.nudge()

    def schedule_in_program(self, callback: Callable[[], None]) -> None:
        if self.task is not None and not self.task.done:
            self.task.schedule(callback)

    def every(self, period_us: int, callback: Callable[[], None]) -> Repeating:
        """Call ``callback`` (in the scheduler) every ``period_us``, until reset."""
        repeating = Repeating(self.scheduler, period_us, callback)
        self.background_timers.append(repeating)
        return repeating

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
        self.serial_in = ""
        self.uart_free_us = self.scheduler.now_us  # a reset drops what was still to be sent
        for part in self.parts:
            part.reset()
        self.cancel_background()
        self.boot_us = self.scheduler.now_us

    def cancel_background(self) -> None:
        for timer in self.background_timers:
            timer.cancel()
        self.background_timers.clear()

    def stop(self, kind: str) -> None:
        """Stop the program (from outside) and any background work it started."""
        self.cancel_background()
        self.display.stop_animation()
        self.audio.silence()
        if self.task is not None and not self.task.done:
            self.task.stop(kind)


__all__ = ["MicrobitBoard", "GESTURES", "BUTTONS", "TOUCH_PINS", "Frame", "sensor_specs"]
