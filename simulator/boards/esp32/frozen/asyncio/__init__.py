"""asyncio: the part of MicroPython 1.23's asyncio a lesson uses, on time.ticks_ms.

Tasks are generators (what ``async def`` makes on MicroPython) stepped by one scheduler.
A task yields to the scheduler an int (wake at that ticks_ms time) or None (parked until a
Task, Event, Lock or ThreadSafeFlag wakes it).  Waiting sleeps the board with time.sleep_ms.
"""

from time import ticks_ms, ticks_add, ticks_diff, sleep_ms as _board_sleep
import sys

from .core import (CancelledError, TimeoutError, Task, create_task, current_task, sleep,
                   sleep_ms, run, get_event_loop, new_event_loop, Loop, wait_for, wait_for_ms,
                   gather, Event, ThreadSafeFlag, Lock)

del ticks_ms, ticks_add, ticks_diff, _board_sleep, sys
