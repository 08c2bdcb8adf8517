"""What every simulated board has, whatever its kind: its specification, an event bus, its
sensors, the serial line, files, time as its program sees it, and its parts.

A kind of board (``microbit.py``, ``esp32.py``) adds its own parts. Everything that changes a
board from outside (a scenario, a test, the window) goes through ``set_value``, ``press``,
``feed_serial`` and the like; everything the board wants to say comes out as events on its bus.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Protocol

from ..boards.spec import BoardSpec, SensorSpec
from .clock import US_PER_MS, Scheduler, Task, TaskStopped, Timer
from .events import EventBus, SerialOutput, ValueChanged
from .network import Network
from .radio import RadioSpace
from .sensors import EnumSensor, RangeSensor, Sensor, SensorValueError

UART_BYTE_US = 10 * 1_000_000 / 115200  # a start bit, 8 data bits, a stop bit at 115200 baud
UART_BUFFER_BYTES = 20  # what may wait to be sent without the program waiting


class Part(Protocol):
    def reset(self) -> None: ...


def make_sensor(spec: SensorSpec) -> Sensor:
    if spec.choices:
        return EnumSensor(spec.id, spec.choices, str(spec.default))
    return RangeSensor(spec.id, spec.minimum, spec.maximum, spec.default, spec.unit,  # type: ignore[arg-type]
                       spec.integer)


def sensors_of(spec: BoardSpec) -> dict[str, Sensor]:
    return {s.id: make_sensor(s) for s in spec.sensors}


class Repeating:
    """A callback fired by the scheduler every ``period_us`` until cancelled."""

    def __init__(self, scheduler: Scheduler, period_us: int, callback: Callable[[], None]):
        self._scheduler = scheduler
        self._period_us = max(1, int(period_us))
        self._callback = callback
        self._timer: Timer = scheduler.call_later(self._period_us, self._fire)

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


class Board:
    """One simulated board. ``spec`` says which (a subclass has a default one)."""

    default_spec: BoardSpec

    def __init__(self, scheduler: Scheduler, number: int = 1,
                 radio_space: RadioSpace | None = None, spec: BoardSpec | None = None,
                 network: Network | None = None):
        self.spec = spec or self.default_spec
        self.network = network  # the simulation's Wi-Fi and IP network (boards with Wi-Fi)
        self.scheduler = scheduler
        self.number = number
        self.radio_space = radio_space or RadioSpace()
        self.bus = EventBus()
        self.sensors = sensors_of(self.spec)
        self.files: dict[str, bytes] = {}
        self.serial_in = ""
        self.serial_filter: Callable[[str], str] | None = None
        self.uart_free_us = 0  # when the UART will have sent everything written to it
        self.random = random.Random()
        self.boot_us = scheduler.now_us
        self.task: Task | None = None
        self.background_timers: list[Repeating] = []
        self.parts: tuple[Part, ...] = ()
        self.core_runs = 0  # how many MicroPython cores have started for it (soft resets too)
        # the last value of each input and output that changed (a window or a narrator that
        # starts listening late learns the board's state here, without asking its parts)
        self.last_values: dict[str, object] = {}
        self.bus.subscribe(self._remember, ValueChanged)
        # its real-time clock (µs since its epoch) minus the scheduler's time: 0 at power-on
        # keeps the two together; a program setting the clock moves it
        self.rtc_offset_us = -scheduler.now_us

    def _remember(self, event: ValueChanged) -> None:
        self.last_values[event.id] = event.value

    @property
    def kind(self) -> str:
        return self.spec.id

    # -- the one way in for measured values ---------------------------------
    def set_value(self, sensor_id: str, value: object) -> None:
        sensor = self.sensors.get(sensor_id)
        if sensor is None:
            raise SensorValueError(f"the {self.spec.name.en} has no sensor called {sensor_id!r}")
        sensor.set_value(value)
        self.bus.publish(ValueChanged(self.number, sensor_id, sensor.value))

    def value(self, sensor_id: str) -> object:
        return self.sensors[sensor_id].value

    def press(self, button: str, down: bool) -> None:
        raise SensorValueError(f"the {self.spec.name.en} has no button called {button!r}")

    # -- the serial line -------------------------------------------------------
    def feed_serial(self, text: str) -> None:
        if self.serial_filter is not None:  # what the running program takes off the line
            text = self.serial_filter(text)
        self.serial_in += text
        self.wake_program()

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

    def write_serial(self, text: str) -> None:
        """Output on the USB serial line: the board's UART at 115200 baud.

        A program that prints waits while all but the last ``UART_BUFFER_BYTES`` go out (87 µs
        a byte, ``\\n`` sent as ``\\r\\n``). Output made while the program is not running (a
        background timer) only takes its time on the line.
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
        if self.task is not None and not self.task.done:
            self.task.stop(kind)

    def core_started(self, link: object) -> None:
        """A new MicroPython core starts for the board (``link`` serves it): a board with
        state the core keeps a copy of (the micro:bit's radio queue) hands it over here."""

    def close(self) -> None:
        """The simulation ends: nothing of the board may go on in the background."""
        self.cancel_background()


__all__ = ["Board", "Repeating", "UART_BYTE_US", "make_sensor", "sensors_of"]
