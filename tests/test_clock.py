"""The scheduler: events in time order, tasks that sleep, wait, yield and stop."""

import threading

from terakoya.simulator.model.clock import RealtimePacer, Scheduler, Task, TaskStopped


def test_events_fire_in_time_order_and_ties_in_call_order():
    sched = Scheduler()
    seen = []
    sched.call_at(300, lambda: seen.append(("c", sched.now_us)))
    sched.call_at(100, lambda: seen.append(("a", sched.now_us)))
    sched.call_at(100, lambda: seen.append(("b", sched.now_us)))
    cancelled = sched.call_at(200, lambda: seen.append("never"))
    cancelled.cancel()
    sched.run_until(1000)
    assert seen == [("a", 100), ("b", 100), ("c", 300)]
    assert sched.now_us == 1000


def test_run_until_leaves_later_events_for_later():
    sched = Scheduler()
    seen = []
    sched.call_at(2000, lambda: seen.append(sched.now_us))
    sched.run_until(1000)
    assert seen == [] and sched.now_us == 1000
    sched.run_until(3000)
    assert seen == [2000]


def _sleeper(sched, log, name, step):
    task = Task(sched, lambda: None, name)

    def body():
        for _ in range(3):
            log.append((name, sched.now_us))
            task.sleep_until(sched.now_us + step)

    task.body = body
    return task


def test_tasks_interleave_by_virtual_time():
    sched = Scheduler()
    log = []
    tasks = [_sleeper(sched, log, "slow", 300), _sleeper(sched, log, "fast", 200)]
    for task in tasks:
        task.start()
    sched.run_until(10_000)
    assert log == [("slow", 0), ("fast", 0), ("fast", 200), ("slow", 300), ("fast", 400),
                   ("slow", 600)]
    assert all(t.done for t in tasks)


def test_wait_returns_when_nudged_and_times_out():
    sched = Scheduler()
    flag = []
    results = []
    task = Task(sched, lambda: results.extend([task.wait(lambda: bool(flag)),
                                               task.wait(lambda: False, timeout_us=500)]))
    task.start()
    sched.run_until(100)
    assert results == []
    flag.append(1)
    task.nudge()
    sched.run_until(10_000)
    assert results == [True, False]


def test_scheduled_callbacks_run_inside_the_task_while_it_sleeps():
    sched = Scheduler()
    ran_in = []
    task = Task(sched, lambda: task.sleep_until(1000))
    task.start()
    sched.call_at(300, lambda: task.schedule(lambda: ran_in.append(
        (threading.current_thread() is task.thread, sched.now_us))))
    sched.run_until(2000)
    assert ran_in == [(True, 300)]
    assert task.done


def test_stop_unwinds_a_sleeping_task_and_its_thread_ends():
    sched = Scheduler()
    unwound = []

    def body():
        try:
            task.sleep_until(10**9)
        except TaskStopped as stop:
            unwound.append(stop.kind)
            raise

    task = Task(sched, body)
    task.start()
    sched.run_until(1000)
    task.stop("stopped")
    assert unwound == ["stopped"]
    assert task.done and not task.thread.is_alive()


def test_pacer_waits_for_the_wall_clock(monkeypatch):
    slept = []
    monkeypatch.setattr("terakoya.simulator.model.clock.time.sleep", slept.append)
    times = iter([100.0, 100.0])
    monkeypatch.setattr("terakoya.simulator.model.clock.time.perf_counter", lambda: next(times))
    pacer = RealtimePacer(speed=2.0)
    pacer.wait_until(1_000_000)  # one virtual second at double speed: half a wall second
    assert slept == [0.5]
