"""The rest of the micro:bit core: buttons, time, temperature, volume, run_every, panic, reset."""

from helpers import output, run
from terakoya.simulator.model.events import ProgramStopped, StopKind


def test_buttons_count_presses_and_keep_two_separate_memories(sim):
    board = sim.add_board(source="""
from microbit import *
sleep(1000)
print(button_a.is_pressed(), button_a.get_presses(), button_a.was_pressed(), button_a.get_presses())
print(button_b.was_pressed(), button_a.was_pressed())
""")
    for at in (100, 300, 500):
        sim.scheduler.call_at(at * 1000, lambda: board.press("A", hold_ms=50))
    sim.scheduler.call_at(900_000, lambda: board.press("A", hold_ms=500))
    sim.run_until_done(5000)
    assert board.serial_output == "True 4 True 0\nFalse False\n"


def test_sleep_rules():
    text = output("""
        from microbit import *
        sleep(1.9); a = running_time()
        sleep(-5); sleep(0); b = running_time()
        sleep(250); c = running_time()
        print(a, b, c)
        sleep('x')
    """)
    lines = text.splitlines()
    assert lines[0] == "1 1 251"
    assert lines[-1] == "TypeError: can't convert str to float"


def test_temperature_and_volume(sim):
    board = sim.add_board(source="""
from microbit import *
print(temperature())
sleep(100)
print(temperature())
set_volume(300)
set_volume(-4)
set_volume(1.5)
""")
    sim.run(50)
    board.set("temperature", 35)
    sim.run_until_done(5000)
    lines = board.serial_output.splitlines()
    assert lines[:2] == ["21", "35"]
    assert lines[-1] == "TypeError: can't convert float to int"


def test_run_every_runs_during_sleep_and_stops_when_main_ends():
    board = run("""
        from microbit import *
        @run_every(ms=300)
        def tick():
            print("tick", running_time())
        sleep(1000)
        print(type(tick).__name__ != 'function')
    """, 5000)
    assert board.serial_output == "tick 300\ntick 600\ntick 900\nTrue\n"
    assert board.end_kind == StopKind.ENDED


def test_run_every_function_form_and_units():
    text = output("""
        from microbit import *
        def hello():
            print("hello", running_time())
        run_every(hello, s=1, ms=500)
        sleep(3100)
    """)
    assert text == "hello 1500\nhello 3000\n"


def test_run_every_error_ends_the_program_with_the_callbacks_traceback():
    board = run("""
        from microbit import *
        def bad():
            return 1 / 0
        run_every(bad, ms=100)
        while True:
            sleep(10)
    """, 20_000)
    assert board.end_kind == StopKind.ERROR
    assert board.serial_output.splitlines()[-2:] == [
        '  File "main.py", line 4, in bad', "ZeroDivisionError: divide by zero"]


def test_scale():
    text = output("""
        from microbit import *
        print(scale(0, from_=(-2000, 2000), to=(0, 255)))
        print(scale(30, from_=(0.0, 100.0), to=(32.0, 212.0)))
    """)
    assert text == "128\n86.0\n"


def test_panic_shows_the_face_and_code_for_ever(sim):
    board = sim.add_board(source="from microbit import *\npanic(42)\nprint('never')\n")
    sim.run(2000)
    assert board.end_kind == StopKind.PANIC
    assert board.serial_output == ""
    history = board.display_history()
    assert history[0] == "99099:99099:00000:09990:90009"
    assert len(history) > 4  # still cycling after the program stopped
    stops = [e for e in board.events if isinstance(e, ProgramStopped)]
    assert stops[-1].detail == "42"


def test_reset_starts_the_program_again_with_a_clean_board(sim):
    board = sim.add_board(source="""
from microbit import *
print("boot", running_time(), button_a.get_presses())
display.show(Image.HEART)
sleep(1000)
reset()
""")
    sim.run(300)
    board.press("A")
    sim.run(1500)
    assert board.serial_output.splitlines() == ["boot 0 0", "boot 0 0"]


def test_utime_ticks_wrap_like_micropython():
    # 1073741823 (2**30 - 1) as a literal: the largest small int of the 32-bit board, the
    # last tick before the wrap. Computed as 2**30 - 1 it is a long int object (2**30 is past
    # the small ints and objint_mpz.c keeps the difference an mpz), and utime_mphal.c's
    # ticks_add/ticks_diff read it with MP_OBJ_SMALL_INT_VALUE, assuming a small int: on the
    # board that gives a meaningless number (CPython's ints had no such difference).
    text = output("""
        import utime, time
        print(utime.ticks_add(1073741823, 2), time.ticks_diff(1, 1073741823))
        print(time.ticks_diff(5, 10), utime.ticks_add(0, -1))
        t = time.ticks_ms(); time.sleep(0.5); u = time.ticks_us(); time.sleep_ms(20)
        time.sleep_us(1500)
        print(time.ticks_ms() - t, u)
        time.sleep_ms(1.5)
    """)
    lines = text.splitlines()
    assert lines[0] == "1 2"
    assert lines[1] == f"-5 {2**30 - 1}"
    assert lines[2].startswith("521 500")
    assert lines[-1] == "TypeError: can't convert float to int"
    assert output("import time\nprint(hasattr(time, 'time'))") == "False\n"


def test_random_is_the_micropython_subset_with_its_errors():
    text = output("""
        import random
        random.seed(5)
        a = [random.randint(1, 6) for _ in range(20)]
        random.seed(5)
        b = [random.randint(1, 6) for _ in range(20)]
        print(a == b, all(1 <= x <= 6 for x in a), hasattr(random, 'shuffle'))
        random.choice([])
    """)
    assert text.splitlines()[0] == "True True False"
    assert text.splitlines()[-1] == "IndexError: "


def test_love_this_antigravity_import():
    board = run("import love\nimport this\nimport antigravity\nprint(love.badaboom)\n")
    assert board.end_kind == StopKind.ENDED
    assert any("99" in image for image in board.display_history())
