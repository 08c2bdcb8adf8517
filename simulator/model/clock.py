"""Virtual time for simulated boards: one event queue and cooperative program tasks.

Exactly one thing runs at a time: either the scheduler (firing background events such as
display animation frames, timers and scenario actions) or one program task. A task hands
control back when it sleeps, waits, ends, or when its own virtual time reaches the next
event. Every run is therefore deterministic, and a program that sleeps for a minute
finishes in a fraction of a second. Real time enters only through ``RealtimePacer``.

This module imports nothing but the standard library (no pygame).
"""

from __future__ import annotations

import heapq
import itertools
import math
import threading
import time
from collections import deque
from collections.abc import Callable

US_PER_MS = 1000
US_PER_S = 1_000_000


class TaskStopped(BaseException):
    """Raised inside a program task to unwind it (stop, reset, panic).

    A BaseException, so that ``except Exception`` in a student's program does not catch it.
    """

    def __init__(self, kind: str = "stopped", detail: object = None):
        super().__init__(kind)
        self.kind = kind
        self.detail = detail


def _baton() -> threading.Lock:
    """A hand-over signal: a lock held until the other side releases it (a C-level lock
    hands over much faster than a Semaphore, which is built on a Condition)."""
    lock = threading.Lock()
    lock.acquire()
    return lock


class Timer:
    """A handle for a scheduled callback; ``cancel()`` makes it a no-op."""

    __slots__ = ("when", "callback", "cancelled")

    def __init__(self, when: int, callback: Callable[[], None]):
        self.when = when
        self.callback = callback
        self.cancelled = False

    def cancel(self) -> None:
        self.cancelled = True


class Scheduler:
    """The virtual clock (microseconds) and the queue of everything due to happen."""

    def __init__(self) -> None:
        self.now_us = 0
        self._heap: list[tuple[int, int, Timer]] = []
        self._seq = itertools.count()
        self._horizon: float = math.inf
        self._yielded = _baton()
        self.running_task: Task | None = None
        # called before the clock moves on (the network brings in what real peers sent)
        self.before_advance: list[Callable[[], None]] = []

    # -- events ---------------------------------------------------------------
    def call_at(self, when_us: int, callback: Callable[[], None]) -> Timer:
        timer = Timer(max(int(when_us), self.now_us), callback)
        heapq.heappush(self._heap, (timer.when, next(self._seq), timer))
        return timer

    def call_later(self, delay_us: int, callback: Callable[[], None]) -> Timer:
        return self.call_at(self.now_us + int(delay_us), callback)

    def next_event_us(self) -> float:
        heap = self._heap
        while heap and heap[0][2].cancelled:
            heapq.heappop(heap)
        return heap[0][0] if heap else math.inf

    def deadline_us(self) -> float:
        """When a running task must hand control back."""
        return min(self.next_event_us(), self._horizon)

    def run_until(self, end_us: float, pacer: RealtimePacer | None = None,
                  keep_going: Callable[[], bool] = lambda: True) -> None:
        """Fire every event due up to ``end_us`` in time order; tasks run in between.

        ``keep_going`` is asked before each event; returning False ends the run early.
        """
        self._horizon = end_us
        while keep_going():
            when = self.next_event_us()
            if when > self.now_us and self.before_advance:
                for hook in list(self.before_advance):
                    hook()
                when = self.next_event_us()
            if when > end_us:
                break
            if pacer is not None:
                pacer.wait_until(when)
            _, _, timer = heapq.heappop(self._heap)
            # Each event runs at its own time, even after a busy task ran a little ahead.
            self.now_us = timer.when
            timer.callback()
        else:
            return
        if end_us != math.inf:
            self.now_us = int(end_us)
            if pacer is not None:
                pacer.wait_until(self.now_us)

    # -- hand-over between the scheduler and one task --------------------------
    def _switch_to(self, task: Task) -> None:
        self.running_task = task
        task._resume.release()
        self._yielded.acquire()
        self.running_task = None


class Task:
    """A program running on its own thread, but only while the scheduler lets it.

    ``body`` runs in the task's thread. Inside it, ``sleep_until``, ``wait`` and
    ``yield_now`` give control back to the scheduler.
    """

    def __init__(self, scheduler: Scheduler, body: Callable[[], None], name: str = "program"):
        self.scheduler = scheduler
        self.body = body
        self.name = name
        self.done = False
        self.stop_kind: str | None = None
        self.stop_detail: object = None
        self._resume = _baton()
        self._wake_timer: Timer | None = None
        self._parked = False
        self._pending: deque[Callable[[], None]] = deque()
        self.resumed_us = 0  # virtual time at which the task last got control
        self.own_us = 0  # the task's own time when it last gave control back (it may be ahead)
        self._in_pending = False
        self.thread = threading.Thread(target=self._main, name=name, daemon=True)

    # -- scheduler side --------------------------------------------------------
    def start(self) -> None:
        self._parked = True
        self.thread.start()
        self._wake_timer = self.scheduler.call_at(self.scheduler.now_us, self._wake)

    def _wake(self) -> None:
        self._wake_timer = None
        if not self.done:
            self.scheduler._switch_to(self)

    def nudge(self) -> None:
        """Wake the task now if it is parked (so it can look at what changed), but never
        before the time it had reached: time a busy task spent (a print waiting for the
        serial line) is not given back."""
        if self.done or not self._parked:
            return
        when = max(self.scheduler.now_us, self.own_us)
        if self._wake_timer is not None:
            if self._wake_timer.when <= when:
                return
            self._wake_timer.cancel()
        self._wake_timer = self.scheduler.call_at(when, self._wake)

    def schedule(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` inside the task at its next chance (like micropython.schedule)."""
        self._pending.append(callback)
        self.nudge()

    def stop(self, kind: str, detail: object = None, join_timeout: float = 5.0) -> None:
        """Unwind the task with ``TaskStopped(kind)``; call only while it is not running."""
        if self.stop_kind is None:
            self.stop_kind = kind
            self.stop_detail = detail
        if self._wake_timer is not None:
            self._wake_timer.cancel()
            self._wake_timer = None
        while not self.done and self.thread.is_alive():
            self.scheduler._switch_to(self)
        self.thread.join(join_timeout)

    # -- task side ---------------------------------------------------------------
    def _main(self) -> None:
        self._resume.acquire()
        self._parked = False
        self.resumed_us = self.scheduler.now_us
        try:
            if self.stop_kind is None:
                self.body()
        except TaskStopped:
            pass
        finally:
            self.done = True
            self._pending.clear()
            self.scheduler._yielded.release()

    def check_stop(self) -> None:
        if self.stop_kind is not None:
            raise TaskStopped(self.stop_kind, self.stop_detail)

    def _park(self) -> None:
        self.own_us = self.scheduler.now_us
        self._parked = True
        self.scheduler._yielded.release()
        self._resume.acquire()
        self._parked = False
        self.resumed_us = self.scheduler.now_us
        self.check_stop()

    def run_pending(self) -> None:
        """Run callbacks handed over with ``schedule`` (never nested)."""
        if self._in_pending:
            return
        self._in_pending = True
        try:
            while self._pending:
                self._pending.popleft()()
        finally:
            self._in_pending = False

    def sleep_until(self, when_us: int) -> None:
        sched = self.scheduler
        while True:
            self._wake_timer = sched.call_at(when_us, self._wake)
            self._park()
            self.run_pending()
            if sched.now_us >= when_us:
                return

    def wait(self, ready: Callable[[], bool], timeout_us: int | None = None) -> bool:
        """Park until ``ready()`` is true (someone calls ``nudge``) or the timeout passes."""
        sched = self.scheduler
        end = None if timeout_us is None else sched.now_us + timeout_us
        while not ready():
            if end is not None and sched.now_us >= end:
                return False
            if end is not None:
                self._wake_timer = sched.call_at(end, self._wake)
            self._park()
            self.run_pending()
        return True

    def yield_now(self) -> None:
        """Hand control back; resume at the current virtual time, after due events."""
        self._wake_timer = self.scheduler.call_at(self.scheduler.now_us, self._wake)
        self._park()


class RealtimePacer:
    """Keeps virtual time from running ahead of the wall clock (scaled by ``speed``)."""

    def __init__(self, speed: float = 1.0, start_us: int = 0):
        self.speed = speed
        self._start_us = start_us
        self._start_wall = time.perf_counter()

    def wait_until(self, virtual_us: float) -> None:
        target = self._start_wall + (virtual_us - self._start_us) / US_PER_S / self.speed
        delay = target - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
