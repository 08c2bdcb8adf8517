"""The scheduler, tasks and waiting primitives of the frozen asyncio package."""

from time import ticks_ms, ticks_add, ticks_diff, sleep_ms as _board_sleep
import sys


class CancelledError(BaseException):
    pass


class TimeoutError(Exception):
    pass


_ready = []      # [due_ticks, order, task], kept sorted by due time, then order
_state = {'cur': None, 'order': 0, 'stop': False, 'handler': None}


def _schedule(task, due=None):
    """Queue ``task`` to run at ticks ``due`` (now if None)."""
    if due is None:
        due = ticks_ms()
    _state['order'] += 1
    entry = (due, _state['order'], task)
    i = len(_ready)
    while i > 0 and ticks_diff(_ready[i - 1][0], due) > 0:
        i -= 1
    _ready.insert(i, entry)
    task._queued = entry


def _unschedule(task):
    entry = task._queued
    if entry is not None:
        task._queued = None
        if entry in _ready:
            _ready.remove(entry)


class Task:
    """A coroutine being run by the scheduler; ``await task`` gives its result."""

    def __init__(self, coro):
        self.coro = coro
        self.data = None       # an exception to throw in at the next step
        self.done = False
        self._result = None
        self._error = None
        self._waiters = []
        self._queued = None
        self._parked = None    # the list this task waits in, if any

    def __repr__(self):
        return '<Task>'

    def __iter__(self):
        if not self.done:
            me = _state['cur']
            self._waiters.append(me)
            me._parked = self._waiters
            yield None
        if self._error is not None:
            raise self._error
        return self._result

    __await__ = __iter__

    def cancel(self):
        """Throw CancelledError into the task at its next step; False if it has ended."""
        if self.done:
            return False
        if self is _state['cur']:
            raise RuntimeError("can't cancel self")
        _unschedule(self)
        if self._parked is not None and self in self._parked:
            self._parked.remove(self)
        self._parked = None
        self.data = CancelledError()
        _schedule(self)
        return True

    def _finish(self, result, error):
        self.done = True
        self._result, self._error = result, error
        for waiter in self._waiters:
            waiter._parked = None
            _schedule(waiter)
        if error is not None and not self._waiters and not isinstance(error, CancelledError):
            Loop.call_exception_handler({'message': "Task exception wasn't retrieved",
                                         'exception': error, 'future': self})
        self._waiters = []


def _step(task):
    """Run ``task`` until it yields again or ends."""
    _state['cur'] = task
    task._queued = None
    try:
        if task.data is not None:
            exc, task.data = task.data, None
            got = task.coro.throw(exc)
        else:
            got = task.coro.send(None)
    except StopIteration as stop:
        task._finish(stop.value if stop.args else None, None)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:
        task._finish(None, error)
    else:
        if got is not None:
            _schedule(task, got)
    finally:
        _state['cur'] = None


def _run_until(done):
    """Step tasks, sleeping the board until the next one is due, until ``done()``."""
    while not done():
        if not _ready:
            _board_sleep(10)
            continue
        wait = ticks_diff(_ready[0][0], ticks_ms())
        if wait > 0:
            _board_sleep(wait)
            continue
        _step(_ready.pop(0)[2])


def create_task(coro):
    """Run ``coro`` as a new task, alongside the others."""
    if not hasattr(coro, 'send'):
        raise TypeError('coroutine expected')
    task = Task(coro)
    _schedule(task)
    return task


def _ensure_task(aw):
    return aw if isinstance(aw, Task) else create_task(aw)


def current_task():
    if _state['cur'] is None:
        raise RuntimeError('no running task')
    return _state['cur']


def sleep_ms(t):
    """Let other tasks run for ``t`` milliseconds."""
    yield ticks_add(ticks_ms(), max(0, t))


def sleep(t):
    """Let other tasks run for ``t`` seconds."""
    return sleep_ms(int(t * 1000))


def _cancel_later(task, ms, flag):
    yield ticks_add(ticks_ms(), max(0, ms))
    if not task.done:
        flag.append(True)
        task.cancel()


def wait_for_ms(aw, timeout):
    """Await ``aw`` but cancel it after ``timeout`` ms and raise TimeoutError."""
    task = _ensure_task(aw)
    if timeout is None:
        return (yield from task)
    fired = []
    timer = create_task(_cancel_later(task, timeout, fired))
    try:
        return (yield from task)
    except CancelledError:
        if fired:
            raise TimeoutError
        raise
    finally:
        if not timer.done:
            timer.cancel()


def wait_for(aw, timeout):
    """As wait_for_ms, with ``timeout`` in seconds (None waits for ever)."""
    return wait_for_ms(aw, None if timeout is None else int(timeout * 1000))


def gather(*aws, return_exceptions=False):
    """Run all the awaitables together; a list of their results in order."""
    tasks = [_ensure_task(aw) for aw in aws]
    results = []
    for task in tasks:
        try:
            results.append((yield from task))
        except Exception as error:
            if not return_exceptions:
                raise
            results.append(error)
    return results


def run(coro):
    """Run ``coro`` as the main task until it ends; its result."""
    return Loop.run_until_complete(create_task(coro))


class Loop:
    """The one event loop (its methods work on the module's scheduler)."""

    @staticmethod
    def create_task(coro):
        return create_task(coro)

    @staticmethod
    def run_until_complete(aw):
        task = _ensure_task(aw)
        _run_until(lambda: task.done)
        if task._error is not None:
            raise task._error
        return task._result

    @staticmethod
    def run_forever():
        _state['stop'] = False
        _run_until(lambda: _state['stop'])

    @staticmethod
    def stop():
        _state['stop'] = True

    @staticmethod
    def close():
        pass

    @staticmethod
    def set_exception_handler(handler):
        _state['handler'] = handler

    @staticmethod
    def get_exception_handler():
        return _state['handler']

    @staticmethod
    def default_exception_handler(loop, context):
        print(context['message'], file=sys.stderr)
        print('future:', context['future'], 'coro=', context['future'].coro, file=sys.stderr)
        sys.print_exception(context['exception'], sys.stderr)

    @staticmethod
    def call_exception_handler(context):
        (_state['handler'] or Loop.default_exception_handler)(Loop, context)


def get_event_loop(runq_len=0, waitq_len=0):
    return Loop


def new_event_loop():
    """Forget every queued task and give the (fresh) loop."""
    _ready[:] = []
    _state['cur'] = None
    return Loop


def _park(waiters):
    me = _state['cur']
    waiters.append(me)
    me._parked = waiters
    yield None


def _wake_all(waiters):
    while waiters:
        task = waiters.pop(0)
        task._parked = None
        _schedule(task)


class Event:
    """A flag tasks can wait for."""

    def __init__(self):
        self.state = False
        self.waiting = []

    def is_set(self):
        return self.state

    def set(self):
        self.state = True
        _wake_all(self.waiting)

    def clear(self):
        self.state = False

    def wait(self):
        if not self.state:
            yield from _park(self.waiting)
        return True


class ThreadSafeFlag:
    """A flag an interrupt handler may set; one waiting task wakes and clears it."""

    def __init__(self):
        self.state = 0
        self.waiting = []

    def set(self):
        self.state = 1
        _wake_all(self.waiting)

    def clear(self):
        self.state = 0

    def wait(self):
        while not self.state:
            yield from _park(self.waiting)
        self.state = 0


class Lock:
    """Only one task at a time holds it; ``async with lock:`` works."""

    def __init__(self):
        self.state = 0
        self.waiting = []

    def locked(self):
        return self.state == 1

    def release(self):
        if self.state != 1:
            raise RuntimeError('Lock not acquired')
        self.state = 0
        if self.waiting:
            task = self.waiting.pop(0)
            task._parked = None
            _schedule(task)

    def acquire(self):
        while self.state:
            yield from _park(self.waiting)
        self.state = 1
        return True

    def __aenter__(self):
        return self.acquire()

    def __aexit__(self, exc_type, exc, tb):
        self.release()
        yield from ()
