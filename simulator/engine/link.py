"""The host's side of one board process: it answers the board's requests with the board
model and the board's modules (``board_modules``), and charges the board's work as
virtual time.

It runs in the board's task (``model.clock.Task``): while the board process computes, the
task waits on its pipe, so exactly one thing runs at a time and every run is the same.
"""

from __future__ import annotations

import functools
import struct
import types
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..board_modules.tracebacks import micropython_message, micropython_type_name
from ..model.clock import Task, TaskStopped
from ..model.radio import TICKS_MASK
from .process import BoardGone, BoardProcess
from .protocol import (
    CALL,
    ERROR,
    EV_INTERRUPT,
    EV_RADIO,
    EV_RADIO_STATE,
    EV_RELEASE,
    EV_SCHEDULE,
    EV_STOP,
    EXIT,
    GO,
    MODE_CALL,
    MODE_GET,
    MODE_SET,
    NO_ATTR,
    Q_CALL,
    Q_NEXT,
    Q_SCHEDULED,
    QUERY,
    RELEASE,
    RESULT,
    SYNC,
    TAKEN,
    BoardRef,
    ClassInfo,
    ProtocolError,
    Reader,
    Writer,
)

# Virtual time one bytecode instruction takes on a micro:bit V2 (nRF52833, Cortex-M4 at
# 64 MHz): ~0.4 us derived from a PYBv1.0 loop (0.14 us per bytecode at 168 MHz, scaled by
# clock, no computed goto) and pystone on the nRF52840 at the same clock; 0.5 us with the
# firmware's background processing every 64 jumps.  Good to about a factor of two.
OP_NS = 500
# A call into the firmware's C (argument parsing, the function's own work) costs about four
# bytecodes' time more than the bytecodes that make it; a host function that does much more
# says how long the firmware takes with a ``board_cost_ns`` attribute.
HOST_CALL_NS = 4 * OP_NS
TIME_SLICE_US = 1000  # a busy board runs at least this long before others get a turn
MAX_BUDGET_OPS = 1 << 20  # a board checks in at least this often (a stop is seen soon)
SCHEDULER_DEPTH = 4  # MICROPY_SCHEDULER_DEPTH: callbacks the board's scheduler holds
STOP_GRACE_OPS = 200_000  # after Ctrl-C from a stop, the program's own handlers get this much
MAX_HANDLES = 16383  # HostObjects: as the board's proxy table (MAX_HANDLES in hostobj.c)
SYSTEM_HANDLE = 1
CALL_HEAD = struct.Struct("<BIH")  # a call's mode, handle and attribute
FRAME_HEAD = struct.Struct("<cI")  # every frame of the board's: its kind and opcodes run
RADIO_EVENT_HEAD = struct.Struct("<BcIcI")  # EV_RADIO, then a 3-tuple whose first is bytes
RADIO_EVENT_TAIL = struct.Struct("<cici")  # ... then the RSSI and the timestamp
RELEASE_EVENT = struct.Struct("<BI")  # EV_RELEASE and the board's reference
LENT_TYPES = (BoardRef, tuple, list)
SPECIAL_METHODS = ("__call__", "__iter__", "__next__", "__len__", "__getitem__",
                   "__setitem__", "__delitem__", "__contains__", "__add__", "__sub__", "__mul__",
                   "__truediv__", "__eq__", "__lt__", "__repr__", "__str__", "__enter__",
                   "__exit__", "__bytes__")
FUNCTION_TYPES = (types.FunctionType, types.BuiltinFunctionType, types.MethodType,
                  functools.partial, types.BuiltinMethodType)


class BoardInterrupted(BaseException):
    """A callback run while the board waited in a built-in failed: its error is pending on
    the board, which raises it as soon as the built-in returns; the host's work ends now."""


class BoardException(Exception):
    """An error raised by the board's own code (a callback) and reported to the host."""

    def __init__(self, type_name: str, args: tuple):
        super().__init__(*args)
        self.type_name = type_name


@dataclass
class Ending:
    """How the board's program ended: ``reason`` is one of the protocol's END_ values."""

    reason: int
    type_name: str | None = None
    message: str = ""
    line: int | None = None
    file: str | None = None
    native: bool = True  # one of the board's own exception types (not a program's class)


class HostObjects:
    """The host objects one board holds, by handle, and the classes it has been told of."""

    def __init__(self) -> None:
        self.by_handle: dict[int, object] = {}
        self._handle_of: dict[int, int] = {}  # id(obj) -> handle, while the board holds it
        self._free: list[int] = []
        self._next = SYSTEM_HANDLE + 1
        self._classes: dict[type, ClassInfo] = {}
        self._sent: set[int] = set()

    def handle(self, obj: object) -> int:
        handle = self._handle_of.get(id(obj))
        if handle is not None and self.by_handle.get(handle) is obj:
            return handle
        if self._free:
            handle = self._free.pop()
        else:
            if self._next > MAX_HANDLES:
                raise MemoryError("memory allocation failed, too many board objects")
            handle = self._next
            self._next += 1
        self.by_handle[handle] = obj
        self._handle_of[id(obj)] = handle
        return handle

    def release(self, handle: int) -> None:
        obj = self.by_handle.pop(handle, None)
        if obj is not None:
            self._handle_of.pop(id(obj), None)
            self._free.append(handle)

    def lookup(self, handle: int) -> object:
        try:
            return self.by_handle[handle]
        except KeyError:
            raise ProtocolError(f"unknown handle {handle}") from None

    def export(self, obj: object) -> tuple[str, int, ClassInfo | None, bool]:
        """How to send ``obj``: a function, a class, or an instance of a class."""
        if isinstance(obj, FUNCTION_TYPES):
            return "H", self.handle(obj), None, False
        cls = obj if isinstance(obj, type) else type(obj)
        info = self.class_info(cls)
        new = info.class_id not in self._sent
        self._sent.add(info.class_id)
        return ("K" if obj is cls else "H"), self.handle(obj), info, new

    def class_info(self, cls: type) -> ClassInfo:
        info = self._classes.get(cls)
        if info is None:
            info = ClassInfo(len(self._classes) + 1, board_name(cls), class_attrs(cls))
            self._classes[cls] = info
        return info


def board_name(cls: type) -> str:
    return getattr(cls, "BOARD_NAME", None) or cls.__name__


def class_attrs(cls: type) -> list[tuple[str, str, object]]:
    """The attributes a board sees on a host class: public methods, properties, constants,
    and the special methods that make operators and iteration work."""
    attrs: list[tuple[str, str, object]] = []
    for name in sorted(dir(cls)):
        if name.startswith("_") and name not in SPECIAL_METHODS:
            continue
        if name.startswith("_") and getattr(cls, name, None) is getattr(object, name, None):
            continue
        value = getattr(cls, name)
        static = cls.__dict__.get(name, value)
        if isinstance(static, property):
            attrs.append((name, "w" if static.fset else "p", None))
        elif isinstance(value, FUNCTION_TYPES):  # a method (Image.HEART is a value)
            attrs.append((name, "m", None))
        else:
            attrs.append((name, "v", value))
    for name in getattr(cls, "BOARD_PROPERTIES", ()):
        attrs.append((name, "w", None))
    return attrs


class BoardFunction:
    """One of the board's callables, as host code sees it: calling it runs it on the board."""

    def __init__(self, link: BoardLink, ref: BoardRef):
        self._link = link
        self.ref = ref

    def __call__(self, *args: object) -> object:
        return self._link.query(Q_CALL, self.ref, args)

    def run_scheduled(self, *args: object, ends_program: bool = True) -> None:
        """Run it as an interrupt's callback: through the board's scheduler, between the
        program's instructions or while it waits (with ``ends_program``, its error ends the
        program)."""
        self._link.schedule(self, args, ends_program)

    def __iter__(self) -> Iterator[object]:
        return self

    def __next__(self) -> object:
        return self._link.query(Q_NEXT, self.ref, ())

    def __del__(self) -> None:
        """The host no longer holds it: the board may let its object go (with its next
        answer), or a program lending a generator in a loop would fill the board's heap."""
        self._link.release_ref(self.ref)


class BoardLink:
    """Serves one board process until its program ends."""

    def __init__(self, process: BoardProcess, task: Task, system: object,
                 boot_us: Callable[[], int]):
        self.process = process
        self.task = task
        self.system = system
        # the board's speed: virtual time of one bytecode, and of a call into its firmware
        self.op_ns = int(getattr(system, "op_ns", OP_NS))
        self.host_call_ns = HOST_CALL_NS * self.op_ns // OP_NS
        self.boot_us = boot_us  # the board's time counts from this virtual time
        self.objects = HostObjects()
        self._ns = 0
        self._events: list[bytes] = []
        self._stopping = False
        self._grace_ops = 0
        self._scheduled = 0  # callbacks handed to the board's scheduler at this instant
        self._scheduled_at = -1
        self._in_call = False  # a host function runs for the board (other than a wait)
        self._waiting: bytes | None = None  # what the board waits for an answer to
        self._next_answer: bytes | None = None

    # -- time --------------------------------------------------------------------------
    def _charge_ns(self, ns: int) -> None:
        self._ns += ns
        self.task.scheduler.now_us += self._ns // 1000
        self._ns %= 1000

    def _charge(self, ops: int) -> None:
        sched = self.task.scheduler
        self._charge_ns(ops * self.op_ns)
        if self._stopping:
            self._grace_ops += ops
            if self._grace_ops > STOP_GRACE_OPS:
                raise TaskStopped(self.task.stop_kind or "stopped")
            return
        if self.task.stop_kind is not None:
            raise TaskStopped(self.task.stop_kind, self.task.stop_detail)
        if sched.running_task is self.task and \
                sched.now_us >= self.task.resumed_us + TIME_SLICE_US and \
                sched.now_us >= sched.deadline_us():
            self.task.yield_now()
            self.task.run_pending()

    def _budget(self) -> int:
        if self._stopping:  # the rest of the grace, in one go
            return max(1, STOP_GRACE_OPS - self._grace_ops + 1)
        sched = self.task.scheduler
        until = max(sched.deadline_us(), self.task.resumed_us + TIME_SLICE_US) - sched.now_us
        ops = MAX_BUDGET_OPS if until == float("inf") else int(until) * 1000 // self.op_ns + 1
        return max(1, min(ops, MAX_BUDGET_OPS))

    # -- answers -------------------------------------------------------------------------
    def _answer(self, kind: bytes) -> Writer:
        writer = Writer(kind, self.objects.export)
        board_ns = (self.task.scheduler.now_us - self.boot_us()) * 1000 + self._ns
        events, self._events = self._events, []
        writer.head(self._budget(), board_ns, events)
        return writer

    def release_ref(self, ref: BoardRef) -> None:
        self._events.append(RELEASE_EVENT.pack(EV_RELEASE, ref.ref))

    def interrupt(self) -> None:
        """Ctrl-C: KeyboardInterrupt in the program at its next chance."""
        self._events.append(bytes([EV_INTERRUPT]))

    def schedule(self, function: BoardFunction, args: tuple = (), ends_program: bool = False
                 ) -> None:
        """Hand a board callable to the board's scheduler (``mp_sched_schedule``), as an
        interrupt does: it runs between the program's instructions, or while the program
        waits. As on the board, when the scheduler's queue is full the call is skipped."""
        now = self.task.scheduler.now_us
        if self._scheduled_at != now:
            self._scheduled_at, self._scheduled = now, 0
        if self._scheduled >= SCHEDULER_DEPTH:
            return  # the queue is full: as on the board, this call is skipped
        self._scheduled += 1
        if self._in_call:  # the board waits in a built-in that runs callbacks meanwhile
            self.query(Q_SCHEDULED, function.ref, args, 1 if ends_program else 0)
            return
        writer = Writer(b"", self.objects.export)  # a callback may get a host object (a Pin)
        writer.u8(EV_SCHEDULE).u32(function.ref.ref).u8(1 if ends_program else 0)
        writer.value(args)
        self._events.append(bytes(writer.buf[4:]))
        self.task.nudge()

    def radio_mirror(self, packet: object, on: bool) -> None:
        """The board's copy of its radio queue: a packet queued (as data, RSSI, timestamp),
        or (``packet`` None) the queue emptied with the radio on or off."""
        if packet is None:
            self._events.append(bytes([EV_RADIO_STATE, 1 if on else 0]))
            return
        data = bytes(packet.data)  # type: ignore[attr-defined]
        # the value (data, rssi, timestamp), packed at once: a class's radio traffic is many
        self._events.append(RADIO_EVENT_HEAD.pack(EV_RADIO, b"t", 3, b"b", len(data)) + data
                            + RADIO_EVENT_TAIL.pack(b"i", packet.rssi, b"i",  # type: ignore
                                                    packet.timestamp_us & TICKS_MASK))

    def has_events(self) -> bool:
        """Something for the board to take in (a callback, Ctrl-C): a wait ends early."""
        return bool(self._events)

    def wait(self, us: int) -> int:
        """The board waits (a sleep): its time moves on by ``us``, unless something comes
        for it first; then it gets the rest back and goes on waiting after taking it in."""
        sched = self.task.scheduler
        end = sched.now_us + max(0, int(us))
        self.task.wait(self.has_events, end - sched.now_us)
        return max(0, end - sched.now_us)

    # -- the loop --------------------------------------------------------------------------
    def serve(self) -> Ending:
        """Answer the board until it ends. A stop first reaches the program as
        KeyboardInterrupt (its own handlers may run); a second stop, or a program that goes
        on past ``STOP_GRACE_OPS``, raises TaskStopped: the caller then ends the process."""
        while True:
            try:
                return self._serve()
            except TaskStopped as stop:
                if self._stopping or stop.kind != "stopped" or self._waiting is None:
                    raise
                self._stopping = True
                self._events.append(bytes([EV_STOP]))
                self._next_answer = self._interrupted(self._waiting)

    def _serve(self) -> Ending:
        while True:
            if self._next_answer is not None:
                answer, self._next_answer = self._next_answer, None
                self._waiting = None
                self.process.send(answer)
            kind, ops, reader = self._next_frame()
            if kind not in (CALL, SYNC, EXIT):
                raise ProtocolError(f"unexpected frame {kind!r}")
            self._waiting = None if kind == EXIT else kind
            try:
                self._charge(ops)
            except KeyboardInterrupt:  # Ctrl-C came while the host had the turn
                if kind == EXIT:
                    raise
                self._next_answer = self._interrupted(kind)
                continue
            if kind == EXIT:
                return self._ending(reader)
            self._next_answer = self._answer(GO).frame() if kind == SYNC else self._call(reader)

    def _interrupted(self, kind: bytes) -> bytes:
        """The answer that brings Ctrl-C to the board: at its next instruction, or as the
        error of the call it waits on."""
        if kind == SYNC:
            self.interrupt()
            return self._answer(GO).frame()
        writer = self._answer(ERROR)
        writer.value("KeyboardInterrupt")
        writer.value(())
        return writer.frame()

    def _next_frame(self) -> tuple[bytes, int, Reader]:
        """The board's next frame that wants an answer (its kind, the opcodes it reports,
        the rest to read); the handles it lets go of on the way are released."""
        while True:
            frame = self.process.receive()
            if len(frame) < FRAME_HEAD.size:
                raise ProtocolError("frame too short")
            kind, ops = FRAME_HEAD.unpack_from(frame)
            reader = Reader(frame, self.objects.lookup)
            reader.pos = FRAME_HEAD.size
            if kind == TAKEN:
                self.system.radio_taken(reader.u32())
            elif kind != RELEASE:
                return kind, ops, reader
            else:
                for _ in range(reader.u32()):
                    self.objects.release(reader.u32())

    def _ending(self, reader: Reader) -> Ending:
        reason = reader.u8()
        return ending_from(reason, reader.value())

    def _call(self, reader: Reader) -> bytes:
        mode, handle, attr = CALL_HEAD.unpack(reader.take(CALL_HEAD.size))
        args = reader.value()
        kwargs = {}
        for _ in range(reader.u8()):
            name = reader.value()
            if not isinstance(name, str):
                raise ProtocolError("keyword name is not a str")
            kwargs[name] = reader.value()
        if not isinstance(args, tuple):
            raise ProtocolError("arguments are not a tuple")
        if any(type(arg) in LENT_TYPES for arg in args):
            args = tuple(self._lent(arg) for arg in args)
        if kwargs:
            kwargs = {k: self._lent(v) for k, v in kwargs.items()}
        self._charge_ns(self.host_call_ns)
        try:
            result = self._dispatch(mode, handle, attr, args, kwargs)
            writer = self._answer(RESULT)
            writer.value(result)
        except BoardInterrupted:
            writer = self._answer(RESULT)
            writer.value(None)
        except TaskStopped:
            raise
        except (ProtocolError, BoardGone):
            raise
        except BaseException as exc:  # the board's error, raised in the board's program
            type_name, exc_args = error_for_board(exc)
            writer = self._answer(ERROR)
            writer.value(type_name)
            writer.value(exc_args)
            return writer.frame()
        writer.u8(len(reader.buffers))
        for buffer in reader.buffers:
            writer.value(bytes(buffer))
        return writer.frame()

    def _lent(self, value: object) -> object:
        if isinstance(value, BoardRef):
            return BoardFunction(self, value)
        if type(value) in (tuple, list):
            return type(value)(self._lent(v) for v in value)
        return value

    def _dispatch(self, mode: int, handle: int, attr: int, args: tuple, kwargs: dict) -> object:
        if handle == SYSTEM_HANDLE:
            if mode != MODE_CALL or attr >= len(SYSTEM_METHODS):
                raise ProtocolError("bad system call")
            if SYSTEM_METHODS[attr] == "wait":
                return self.wait(*args)
            return getattr(self.system, SYSTEM_METHODS[attr])(*args, **kwargs)
        self._in_call = True
        try:
            return self._dispatch_object(mode, handle, attr, args, kwargs)
        finally:
            self._in_call = False

    def _dispatch_object(self, mode: int, handle: int, attr: int, args: tuple, kwargs: dict
                         ) -> object:
        target = self.objects.lookup(handle)
        if attr == NO_ATTR:
            if mode != MODE_CALL or not (isinstance(target, (type, *FUNCTION_TYPES))):
                raise ProtocolError("not callable")
            return target(*args, **kwargs)
        info = self.objects.class_info(type(target))
        if attr >= len(info.attrs):
            raise ProtocolError("no such attribute")
        name, kind, _ = info.attrs[attr]
        if mode == MODE_CALL and kind == "m":
            method = getattr(target, name)
            self._charge_ns(getattr(method, "board_cost_ns", self.host_call_ns)
                            - self.host_call_ns)
            return method(*args, **kwargs)
        if mode == MODE_GET and kind in "pw":
            return getattr(target, name)
        if mode == MODE_SET and kind == "w" and len(args) == 1:
            setattr(target, name, args[0])
            return None
        raise ProtocolError("bad attribute use")

    # -- asking the board -----------------------------------------------------------------
    def query(self, op: int, ref: BoardRef, args: tuple, flags: int = 0) -> object:
        """Run one of the board's callables (or take its iterator's next item) now, while
        the board waits for an answer from the host."""
        writer = self._answer(QUERY)
        writer.u8(op).u32(ref.ref)
        writer.value(args)
        if op == Q_SCHEDULED:
            writer.u8(flags)
        self.process.send(writer.frame())
        while True:
            kind, ops, reader = self._next_frame()
            self._charge(ops)
            if kind == RESULT:
                return self._lent(reader.value())
            if kind == ERROR:
                type_name = reader.value()
                exc_args = reader.value()
                if type_name == "StopIteration":
                    raise StopIteration
                if op == Q_SCHEDULED:  # its error is pending on the board: the call ends
                    raise BoardInterrupted
                raise BoardException(str(type_name), tuple(exc_args))  # type: ignore[arg-type]
            if kind == CALL:  # the callback asks the host in turn
                self.process.send(self._call(reader))
            elif kind == SYNC:
                self.process.send(self._answer(GO).frame())
            else:
                raise ProtocolError(f"unexpected frame {kind!r} in a query")


def ending_from(reason: int, info: object) -> Ending:
    """How a program ended, from what the board said of it (its 'x' frame or show_error):
    ``info`` is (type, message, line, file, native), or whether a soft reset left the
    board in its raw REPL."""
    if info is True or info is False:  # a soft reset: whether in the raw REPL
        return Ending(reason, "raw" if info else None)
    if isinstance(info, tuple) and len(info) == 5:
        type_name, message, line, file, native = info
        return Ending(reason, str(type_name), str(message),
                      line if isinstance(line, int) and line >= 0 else None,
                      file if isinstance(file, str) else None, native is True)
    return Ending(reason)


def error_for_board(exc: BaseException) -> tuple[str, tuple]:
    """The type name and arguments the board raises for an error of the host's code: the
    board modules' own errors carry the firmware's words already; an error Python itself
    raised in them (a call with the wrong arguments) is given MicroPython's."""
    if isinstance(exc, BoardException):
        return exc.type_name, tuple(exc.args)
    if isinstance(exc, OSError) and exc.errno is not None:
        return "OSError", (exc.errno,)
    if isinstance(exc, KeyError):
        return "KeyError", tuple(_plain(a) for a in exc.args)
    args = tuple(_plain(a) for a in exc.args)
    if len(args) == 1 and isinstance(args[0], str):
        args = (micropython_message(exc),)
    return micropython_type_name(exc), args


SYSTEM_METHODS = ("write", "stat", "read", "getc", "open", "module", "started", "wait",
                  "set_interrupt_char", "show_error", "clock")


def _plain(value: object) -> object:
    """An exception argument the board can rebuild (anything else becomes its text)."""
    if value is None or isinstance(value, (bool, int, float, str, bytes)):
        return value
    return str(value)


__all__ = ["BoardLink", "BoardFunction", "BoardException", "Ending", "HostObjects", "ending_from"]
