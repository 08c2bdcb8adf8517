"""Parts that drive a pin for the program to read: a push button, a switch that stays where
it is put (a toggle or slide switch, a reed switch), a potentiometer, a light sensor (LDR), a
PIR motion sensor and a resistor (a card in a reader).

The light sensor is an LDR in series with a fixed resistor (10 kΩ unless ``fixed`` says
otherwise) across 3.3 V, the pin on the point between them, as on the common LDR modules
and Wokwi's ``wokwi-photoresistor-sensor``. The LDR's resistance falls with light:
``R = rl10 · (10 / lux) ** gamma`` (rl10: its resistance at 10 lux, in kΩ; gamma: the slope
of log R against log lux; defaults 50 kΩ and 0.7 as Wokwi's). With ``bright = "low"``
(default; the module's wiring: the fixed resistor to 3.3 V, the LDR to GND) the pin reads
``3.3 · R / (R + fixed)``: about 2.75 V at 10 lux, 1.65 V at 100 lux, 0.55 V at 1000 lux,
so a brighter room reads lower. With ``bright = "high"`` the two swap places and the pin
reads ``3.3 · fixed / (R + fixed)``: brighter reads higher.

The resistor is the same divider with a resistance that is set, not measured: ``kohm`` (kΩ)
from 3.3 V to the pin and ``fixed`` (kΩ, 10) from the pin to GND, so the pin reads
``3.3 · fixed / (kohm + fixed)``: a micro:bit's ``read_analog`` gives ``1023 · fixed /
(kohm + fixed)`` (1 kΩ: 930, 4.7 kΩ: 696, 15 kΩ: 409, 47 kΩ: 179). Taken out (``connected``
0), only the fixed resistor is left and the pin reads 0 V. Choosing a ``kohm`` puts that
resistor in (a card pushed into the reader).
"""

from __future__ import annotations

import random

from ..clock import Timer
from ..gpio import SUPPLY_V
from .common import ANY_BOARD, CircuitPart, Option, spec, switch

BOUNCE_US = 1000  # contacts settle within about a millisecond


class Button(CircuitPart):
    """A push button between its pin and GND (``to = "3v3"``: and 3.3 V). While it is not
    pressed it drives nothing: the pin's pull resistor decides (or the pin floats)."""

    type_name = "button"
    families = ANY_BOARD
    contact = "pressed"  # the input that closes it
    inputs = (switch("pressed", "Pressed", "押している"),)
    settings = (Option("to", "choice", "gnd", choices=("gnd", "3v3")),
                Option("bounce", "bool", False))

    def __init__(self, part_id: str, pins: dict[str, int], options: dict[str, object]):
        super().__init__(part_id, pins, options)
        self._timers: list[Timer] = []
        self._random = random.Random(part_id)  # the same bounce on every run

    def attach(self, board) -> None:  # type: ignore[no-untyped-def]
        super().attach(board)
        self._contact(bool(self.values[self.contact]))

    def changed(self, key: str) -> None:
        down = bool(self.values[self.contact])
        self.publish(self.contact, down)
        for timer in self._timers:
            timer.cancel()
        self._timers = []
        if self.option("bounce") and self.board is not None:
            self._bounce(down)
        else:
            self._contact(down)

    def _bounce(self, down: bool) -> None:
        """A few quick makes and breaks over about 1 ms, ending in the new state."""
        assert self.board is not None
        count = self._random.randint(2, 4) * 2 + 1  # odd: the last one is the new state
        times = sorted(self._random.randint(20, BOUNCE_US) for _ in range(count - 1))
        self._contact(down)
        state = down
        for when in times:
            state = not state
            self._timers.append(self.board.scheduler.call_later(
                when, lambda s=state: self._contact(s)))
        if state != down:  # an even number of flips would end wrong: settle at the end
            self._timers.append(self.board.scheduler.call_later(
                BOUNCE_US, lambda: self._contact(down)))

    def _contact(self, closed: bool) -> None:
        self.drive("pin", (0.0 if self.option("to") == "gnd" else SUPPLY_V) if closed else None)
        if self.board is not None:
            self.board.wake_program()


class ToggleSwitch(Button):
    """A switch that stays open or closed until it is moved (a toggle or slide switch; a reed
    switch, closed while its magnet is near): ``closed`` 0/1, between its pin and GND
    (``to = "3v3"``: and 3.3 V). Set, not pressed: the window gives it a two-step slider."""

    type_name = "toggle-switch"
    contact = "closed"
    inputs = (switch("closed", "Closed (on)", "オン（つながっている）", "pins"),)


class Potentiometer(CircuitPart):
    """A potentiometer between 3.3 V and GND, its wiper on the pin: ``position`` 0..1."""

    type_name = "potentiometer"
    families = ANY_BOARD
    analog_roles = frozenset({"pin"})
    inputs = (spec("position", "Knob", "つまみ", 0, 1, 0.5, "", 0.01, group="pins"),)

    def attach(self, board) -> None:  # type: ignore[no-untyped-def]
        super().attach(board)
        self.changed("position")

    def changed(self, key: str) -> None:
        self.drive("pin", float(self.values["position"]) * SUPPLY_V)  # type: ignore[arg-type]
        self.publish("position", self.values["position"])


class Ldr(CircuitPart):
    """A light sensor (an LDR and a fixed resistor, see the module's docstring): ``lux``."""

    type_name = "ldr"
    families = ANY_BOARD
    analog_roles = frozenset({"pin"})
    inputs = (spec("lux", "Light", "明るさ", 0.1, 100000, 500, "lx", 10),)
    settings = (Option("rl10", "float", 50.0, 0.1, 10000),
                Option("gamma", "float", 0.7, 0.1, 2.0),
                Option("fixed", "float", 10.0, 0.1, 10000),
                Option("bright", "choice", "low", choices=("low", "high")))

    def attach(self, board) -> None:  # type: ignore[no-untyped-def]
        super().attach(board)
        self.changed("lux")

    def volts(self) -> float:
        lux = float(self.values["lux"])  # type: ignore[arg-type]
        ldr = float(self.option("rl10")) * (10.0 / lux) ** float(self.option("gamma"))  # type: ignore[arg-type]
        fixed = float(self.option("fixed"))  # type: ignore[arg-type]
        share = ldr if self.option("bright") == "low" else fixed
        return SUPPLY_V * share / (ldr + fixed)

    def changed(self, key: str) -> None:
        self.drive("pin", self.volts())
        self.publish("lux", self.values["lux"])


class Pir(CircuitPart):
    """A PIR motion sensor (HC-SR501 style): its output is high while there is motion and
    for ``hold_s`` seconds after it stops (again from the start if motion comes back)."""

    type_name = "pir"
    families = ANY_BOARD
    inputs = (switch("motion", "Motion", "動き", group="environment"),)
    settings = (Option("hold_s", "float", 5.0, 0, 600),)

    def __init__(self, part_id: str, pins: dict[str, int], options: dict[str, object]):
        super().__init__(part_id, pins, options)
        self._timer: Timer | None = None

    def attach(self, board) -> None:  # type: ignore[no-untyped-def]
        super().attach(board)
        self._output(bool(self.values["motion"]))

    def changed(self, key: str) -> None:
        motion = bool(self.values["motion"])
        self.publish("motion", motion)
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        hold_us = int(float(self.option("hold_s")) * 1_000_000)  # type: ignore[arg-type]
        if motion or self.board is None or hold_us == 0:
            self._output(motion)
        else:
            self._timer = self.board.scheduler.call_later(hold_us, lambda: self._output(False))

    def _output(self, high: bool) -> None:
        self.drive("pin", SUPPLY_V if high else 0.0)
        self.publish_changed("level", int(high))
        if self.board is not None:
            self.board.wake_program()


class Resistor(CircuitPart):
    """A resistor of ``kohm`` from 3.3 V to the pin over ``fixed`` to GND (see the module's
    docstring); ``connected`` 0: taken out. Publishes ``kohm``, ``connected`` and ``volts``."""

    type_name = "resistor"
    families = ANY_BOARD
    inputs = (spec("kohm", "Resistance", "抵抗", 0, 1000, 10, "kΩ", 0.1, group="pins"),
              switch("connected", "In place", "さしてある", "pins", default=1))
    settings = (Option("fixed", "float", 10.0, 0.1, 10000),)

    def attach(self, board) -> None:  # type: ignore[no-untyped-def]
        super().attach(board)
        self._output()

    def set(self, key: str, value: object) -> None:
        super().set(key, value)
        if key == "kohm" and not self.values["connected"]:
            super().set("connected", 1)  # a card chosen is a card put in

    def changed(self, key: str) -> None:
        self.publish(key, self.values[key])
        self._output()

    def volts(self) -> float:
        if not self.values["connected"]:
            return 0.0
        fixed = float(self.option("fixed"))  # type: ignore[arg-type]
        return SUPPLY_V * fixed / (float(self.values["kohm"]) + fixed)  # type: ignore[arg-type]

    def _output(self) -> None:
        volts = self.volts()
        self.drive("pin", volts)
        self.publish_changed("volts", round(volts, 3))
        if self.board is not None:
            self.board.wake_program()
