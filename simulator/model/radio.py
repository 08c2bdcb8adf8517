"""Radio between simulated boards: one shared space, per-board settings and queues.

Follows the V2 firmware (micropython-microbit-v2 ``src/codal_port/modradio.c`` and
``drv_radio.c``):

- Two copies of the settings, as in the firmware: ``config`` (what ``radio.config`` and
  ``radio.reset`` change) and ``active`` (what the radio hardware uses). ``on()`` copies
  ``config`` into ``active``; ``config()`` while on applies it at once; ``radio.reset()``
  only changes ``config``. ``active`` is None while the radio is off.
- A sender cuts its packet to its own ``length``; a receiver cuts what it hears to its own.
- The receive queue is a byte budget, not a packet count: ``(length + 6) * queue`` bytes,
  each packet taking its length plus 6 (length byte, RSSI byte, 4-byte timestamp). With
  the defaults that is 114 bytes, so ten short messages can wait where ``queue=3`` suggests
  three. A packet that does not fit is dropped.
- Turning the radio on (again), off, or changing ``length``/``queue`` while on empties
  the queue (the firmware frees and reallocates the buffer).

Timing (virtual microseconds): the transmitter needs ``RAMP_US`` to start, then the packet
is on air for ``airtime_us``: preamble (1 byte; 2 at 2 Mbit/s), 5 address bytes, 1 length
byte, the payload and a 2-byte CRC, at 1 µs a bit (1 Mbit/s), 0.5 µs (2 Mbit/s) or 4 µs
(250 kbit/s). Receivers get the packet at the end of it, ``RAMP_US + airtime`` after the
send; the sender's ``send()`` returns after another ``RAMP_US`` (back to listening).
``radio.send('hello')`` (8 payload bytes) arrives 266 µs after the call at 1 Mbit/s.

Not modelled (listed under "Deliberate gaps" in the README): distance, walls and
interference; two packets in the air at once never collide (every packet arrives, in the
order the boards sent them); RSSI comes from the sender's power setting only.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from .microbit import MicrobitBoard

RATE_1MBIT = 0  # RADIO_MODE_MODE_Nrf_1Mbit on the nRF52833
RATE_2MBIT = 1  # RADIO_MODE_MODE_Nrf_2Mbit
RATE_250KBIT = 2  # deprecated: no constant in the module, but config(data_rate=2) works
DATA_RATES = (RATE_1MBIT, RATE_2MBIT, RATE_250KBIT)
POWER_DBM = (-30, -20, -16, -12, -8, -4, 0, 4)  # radio.config(power=0..7)
MAX_CHANNEL = 83  # MICROBIT_RADIO_MAX_CHANNEL: 2483 MHz
PACKET_OVERHEAD = 6  # bytes each queued packet costs besides its data (drv_radio.c)
RAMP_US = 130  # nRF52833 TXEN/RXEN ramp-up, default (not fast) mode
US_PER_BIT = {RATE_1MBIT: 1.0, RATE_2MBIT: 0.5, RATE_250KBIT: 4.0}
PREAMBLE_BYTES = {RATE_1MBIT: 1, RATE_2MBIT: 2, RATE_250KBIT: 1}
FRAME_BYTES = 5 + 1 + 2  # address, length field, CRC
PATH_LOSS_DB = 45  # RSSI = sender's power in dBm minus this: -45 at the default power
TICKS_MASK = (1 << 30) - 1  # receive_full() timestamps wrap like time.ticks_us()


@dataclass(frozen=True)
class RadioConfig:
    """The settings ``radio.config`` takes, with the firmware's defaults."""

    length: int = 32
    queue: int = 3
    channel: int = 7
    power: int = 6
    address: int = 0x75626974  # "uBit"
    group: int = 0
    data_rate: int = RATE_1MBIT

    def tuning(self) -> tuple[int, int, int, int]:
        """What must match for one radio to hear another."""
        return (self.channel, self.address, self.group, self.data_rate)


class RadioPacket(NamedTuple):
    data: bytes
    rssi: int  # dBm, 0 (strongest) to -127
    timestamp_us: int  # the receiver's ticks_us() when the packet ended


@dataclass(frozen=True)
class RadioSent:
    board: int
    data: bytes  # as sent, after cutting to the sender's length
    channel: int
    group: int


@dataclass(frozen=True)
class RadioReceived:
    board: int
    data: bytes
    rssi: int
    sender: int | None  # board number; None for a scenario or test packet


@dataclass(frozen=True)
class RadioDropped:
    """A packet for this board that it could not keep (``reason``: queue full, radio off)."""

    board: int
    data: bytes
    reason: str
    sender: int | None


def airtime_us(payload_len: int, data_rate: int) -> int:
    bits = 8 * (PREAMBLE_BYTES[data_rate] + FRAME_BYTES + payload_len)
    return math.ceil(bits * US_PER_BIT[data_rate])


def rssi_for_power(power: int) -> int:
    return max(-127, min(0, POWER_DBM[power] - PATH_LOSS_DB))


class RadioSpace:
    """The air that all boards of one simulation share.

    A packet reaches every other board whose radio is on with the same channel, address,
    group and data rate. Packets arrive in the order they were sent, even when a shorter
    one would have finished first.
    """

    def __init__(self) -> None:
        self.radios: list[Radio] = []
        self._last_arrival_us = 0

    def transmit(self, sender: Radio, data: bytes, active: RadioConfig) -> None:
        sched = sender.board.scheduler
        arrival = max(sched.now_us + RAMP_US + airtime_us(len(data), active.data_rate),
                      self._last_arrival_us)
        self._last_arrival_us = arrival
        tuning = active.tuning()
        rssi = rssi_for_power(active.power)
        sched.call_at(arrival, lambda: self._deliver(sender, data, tuning, rssi))

    def _deliver(self, sender: Radio, data: bytes, tuning: tuple[int, int, int, int],
                 rssi: int) -> None:
        number = sender.board.number
        for radio in self.radios:
            if radio.tuning == tuning and radio is not sender:
                radio.accept(data, rssi, number)


class Radio:
    """One board's radio: settings, on/off, and the queue of packets waiting to be read."""

    def __init__(self, board: MicrobitBoard, space: RadioSpace):
        self.board = board
        self.space = space
        space.radios.append(self)
        self.config = RadioConfig()
        self.queue: deque[RadioPacket] = deque()
        self._queue_bytes = 0
        # told of every packet queued and of every change of state (which empties the queue):
        # the board keeps its own copy of the queue, as the firmware keeps it in its RAM
        self.mirror: Callable[[RadioPacket | None, bool], None] | None = None
        self._set_active(None)

    def _set_active(self, active: RadioConfig | None) -> None:
        """What the radio hardware uses now (None: off), and what follows from it."""
        self.active = active
        self.tuning: tuple[int, int, int, int] | None = None if active is None else active.tuning()
        self._capacity = 0 if active is None else (active.length + PACKET_OVERHEAD) * active.queue

    # -- state --------------------------------------------------------------------------
    @property
    def enabled(self) -> bool:
        return self.active is not None

    @property
    def group(self) -> int:
        """The group the radio listens on now (the configured one while off)."""
        return (self.active or self.config).group

    def queue_capacity_bytes(self) -> int:
        return self._capacity

    # -- what the radio module does -------------------------------------------------------
    def on(self) -> None:
        """Enable with ``config``; like the firmware, this first disables (emptying the queue)."""
        self.off()
        self._set_active(self.config)
        self._tell_mirror()

    def off(self) -> None:
        self._set_active(None)
        self._clear_queue()
        self._tell_mirror()

    def _tell_mirror(self) -> None:
        """The queue is empty now, and the radio on or off."""
        if self.mirror is not None:
            self.mirror(None, self.active is not None)

    def reset_config(self) -> None:
        """``radio.reset()``: the defaults, for the next ``on()``; the radio is not changed."""
        self.config = RadioConfig()

    def configure(self, new: RadioConfig) -> None:
        """``radio.config()`` with already checked values."""
        old, self.config = self.config, new
        if self.active is None:
            return
        if (new.length, new.queue) != (old.length, old.queue):
            self.on()  # new buffer sizes: disable, reallocate, enable
        else:  # only the radio's registers change; queue and buffer sizes stay
            self._set_active(replace(self.active, channel=new.channel, power=new.power,
                                     address=new.address, group=new.group,
                                     data_rate=new.data_rate))

    def send(self, data: bytes) -> int:
        """Transmit (cut to ``length``); returns how long send() keeps the program busy, in µs."""
        active = self.active
        if active is None:
            raise RuntimeError("the radio is off")
        data = bytes(data[:active.length])
        self.board.bus.publish(RadioSent(self.board.number, data, active.channel, active.group))
        self.space.transmit(self, data, active)
        return 2 * RAMP_US + airtime_us(len(data), active.data_rate)

    def pop(self) -> RadioPacket | None:
        if not self.queue:
            return None
        packet = self.queue.popleft()
        self._queue_bytes -= PACKET_OVERHEAD + len(packet.data)
        return packet

    # -- packets arriving -------------------------------------------------------------------
    def accept(self, data: bytes, rssi: int, sender: int | None) -> bool:
        """A packet heard on this radio's tuning: queue it if there is room."""
        board = self.board
        active = self.active
        reason = "radio off"
        if active is not None:
            data = data[:active.length]
            used = self._queue_bytes + PACKET_OVERHEAD + len(data)
            if used <= self._capacity:
                self._queue_bytes = used
                packet = RadioPacket(data, rssi, board.ticks_us())
                self.queue.append(packet)
                if self.mirror is not None:
                    self.mirror(packet, True)
                board.bus.publish(RadioReceived(board.number, data, rssi, sender))
                # No wake_program(): no radio call waits, so a sleeping program need not wake.
                return True
            reason = "queue full"
        board.bus.publish(RadioDropped(board.number, data, reason, sender))
        return False

    def receive(self, packet: bytes) -> bool:
        """A packet arrives on the board's current group (from a scenario or a test)."""
        return self.accept(bytes(packet), rssi_for_power(RadioConfig().power), None)

    def reset(self) -> None:
        """A board reset: the radio is off with the default settings until ``import radio``."""
        self.off()
        self.config = RadioConfig()

    def _clear_queue(self) -> None:
        self.queue.clear()
        self._queue_bytes = 0
