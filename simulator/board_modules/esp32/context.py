"""One running program's view of its ESP32 board, shared by the classes of ``machine``,
``esp``, ``esp32`` and ``_onewire``: the board, its chip state, which GPIOs the firmware
knows, and how a board callback is run as an interrupt's (through the board's scheduler)."""

from __future__ import annotations

from collections.abc import Callable

from ...model.esp32 import Esp32Board
from ...model.gpio import Gpio
from ..mp import mp_int
from .chip import Chip, chip_of, not_simulated

# The GPIOs of the firmware's pin table (machine_pin.c): the ESP32 has no 20, 24, 28-31;
# the S3 no 22-25.
ESP32_GPIOS = frozenset((*range(0, 20), 21, 22, 23, 25, 26, 27, *range(32, 40)))
S3_GPIOS = frozenset((*range(0, 22), *range(26, 49)))
FLASH_GPIOS = frozenset(range(6, 12))  # the flash chip's lines on ESP32 modules


class Context:
    """The board of one run of the program (a soft reset makes a new one)."""

    def __init__(self, board: Esp32Board):
        self.board = board
        self.chip: Chip = chip_of(board)
        self.generation = self.chip.generation
        self.run = board.core_runs
        self.gpio: Gpio = board.gpio
        self.is_s3 = board.spec.chip == "ESP32-S3"
        self.firmware_gpios = S3_GPIOS if self.is_s3 else ESP32_GPIOS
        self.first_input_only = 99 if self.is_s3 else 34
        self._release_irqs()

    @property
    def current(self) -> bool:
        """Whether this run is still the board's (callbacks of an old run do nothing)."""
        return self.chip.generation == self.generation and self.board.core_runs == self.run

    def _release_irqs(self) -> None:
        """A new run: the last run's pin interrupts are gone (``machine_pins_deinit``)."""
        for number, state in self.gpio.pins.items():
            if state.irq is not None:
                self.gpio.set_irq(number, 0, None)

    def gpio_number(self, pin: object) -> int:
        """``machine_pin_get_id``: a Pin, or a GPIO number of the firmware's table."""
        number = getattr(pin, "_number", None)
        if isinstance(number, int) and getattr(pin, "_context", None) is self:
            return number
        if isinstance(pin, int):
            wanted = mp_int(pin)
            if wanted in self.firmware_gpios:
                self.check_wired(wanted)
                return wanted
        raise ValueError("invalid pin")

    def check_wired(self, number: int) -> None:
        if number in self.gpio.pins:
            return
        if number in FLASH_GPIOS and not self.is_s3:
            raise not_simulated(f"GPIO{number} (it carries the board's flash chip)")
        raise not_simulated(f"GPIO{number} (this board does not bring it out to a pin)")

    def schedule(self, callback: object, *args: object) -> None:
        """Run a board callable as an interrupt's handler: through the board's scheduler;
        an error in it prints its traceback and the program goes on."""
        if not self.current:
            return
        run = getattr(callback, "run_scheduled", None)
        if run is not None:
            run(*args, ends_program=False)
        elif callable(callback):
            callback(*args)

    def call_later(self, us: int, fn: Callable[[], None]) -> object:
        return self.board.scheduler.call_later(max(1, int(us)), fn)


def context_for(board: Esp32Board) -> Context:
    """The context of the program now running on ``board``: the modules of one run (machine,
    esp, esp32, _onewire) share it; the next run (each new core: a soft reset, a reset) gets a
    new one."""
    chip = chip_of(board)
    ctx = chip.__dict__.get("context")
    if ctx is None or not ctx.current:
        ctx = chip.__dict__["context"] = Context(board)
    return ctx
