"""microbit.display: what shows when, on the virtual clock (firmware timing)."""

import pytest
from helpers import output, run
from terakoya.simulator.board_modules.microbit.text import frame_period, scroll_columns

A = "09900:90090:99990:90090:90090"
BLANK = "00000:00000:00000:00000:00000"


@pytest.mark.parametrize("text, frames", [
    ("A", 9), ("Hi", 12), ("i", 8), (" ", 8), ("11", 13), ("micro:bit", 44),
    ("Hello, World!", 61), ("", 5)])
def test_scroll_frame_counts_match_the_firmware(text, frames):
    assert len(scroll_columns(text.encode(), monospace=False)) == frames


def test_monospace_uses_six_columns_a_character():
    assert len(scroll_columns(b"Hello, World!", monospace=True)) == 6 * 13 + 4


def test_frame_period_rounds_up_to_the_display_tick():
    assert [frame_period(d) for d in (150, 400, 0, 1, -5)] == [150, 402, 6, 6, None]


def test_scroll_blocks_for_every_frame_and_ends_blank():
    text = output("""
        from microbit import *
        t = running_time()
        display.scroll('Hi')
        print(running_time() - t, display.get_pixel(0, 0))
    """)
    assert text == "1800 0\n"  # 12 frames of 150 ms


def test_scroll_starts_at_the_right_edge_at_once():
    board = run("""
        from microbit import *
        display.scroll('A', wait=False)
    """)
    assert board.display_history()[0] == "00000:00009:00009:00009:00009"


def test_show_text_holds_each_character_and_keeps_the_last():
    board = run("""
        from microbit import *
        t = running_time()
        display.show('AB')
        print(running_time() - t)
    """)
    assert board.serial_output == "804\n"  # 2 x 402 ms
    assert board.display_history()[0] == A
    assert board.display_image() != BLANK


def test_show_single_image_or_character_is_immediate():
    text = output("""
        from microbit import *
        display.show(Image.HEART, delay=1000)
        display.show('A')
        print(running_time(), display.get_pixel(1, 0))
    """)
    assert text == "0 9\n"


def test_show_with_clear_blanks_after_the_last_frame():
    board = run("""
        from microbit import *
        display.show('A', clear=True)
        print(running_time())
    """)
    assert board.serial_output == "804\n"
    assert board.display_image() == BLANK


def test_show_numbers_as_text_and_a_list_of_images():
    board = run("""
        from microbit import *
        display.show(1.5, delay=100)
        display.show([Image.YES, Image.NO], delay=100)
    """)
    history = board.display_history()
    assert history[-1] == "90009:09090:00900:09090:90009"
    assert len(history) == 5  # '1', '.', '5', YES, NO


def test_background_animation_runs_while_the_program_sleeps():
    board = run("""
        from microbit import *
        display.scroll('Hello', wait=False)
        print(display.get_pixel(4, 1))
        sleep(300)
        print(display.get_pixel(4, 1) or display.get_pixel(3, 1) or display.get_pixel(2, 1))
    """)
    assert board.serial_output == "9\n9\n"


def test_show_and_clear_stop_a_running_animation():
    board = run("""
        from microbit import *
        display.scroll('Hello', loop=True, wait=False)
        sleep(100)
        display.clear()
        sleep(1000)
        print([display.get_pixel(x, y) for x in range(5) for y in range(5)].count(0))
    """)
    assert board.serial_output == "25\n"


def test_pixel_errors_and_values():
    text = output("""
        from microbit import *
        display.set_pixel(1, 2, 7)
        print(display.get_pixel(1, 2))
        try:
            display.set_pixel(5, 0, 1)
        except ValueError as e:
            print(e)
        try:
            display.set_pixel(0, 0, 10)
        except ValueError as e:
            print(e)
        display.get_pixel(1.0, 2)
    """)
    lines = text.splitlines()
    assert lines[:3] == ["7", "index out of bounds", "brightness out of bounds"]
    assert lines[-1] == "TypeError: can't convert float to int"


def test_on_off_and_light_level():
    board = run("""
        from microbit import *
        display.off()
        print(display.is_on())
        display.on()
        print(display.is_on())
        print(display.read_light_level())
        sleep(100)
        print(display.read_light_level())
    """, 50)
    assert board.serial_output.splitlines()[:3] == ["False", "True", "0"]


def test_light_level_follows_the_sensor(sim):
    board = sim.add_board(source="from microbit import *\n"
                                 "display.read_light_level()\n"
                                 "while True:\n"
                                 "    print(display.read_light_level())\n"
                                 "    sleep(1000)\n")
    sim.run(500)
    board.set("light_level", 20)
    sim.run(1000)
    assert board.serial_output.split() == ["127", "20"]


def test_a_non_image_in_a_sequence_raises_in_the_program():
    text = output("""
        from microbit import *
        display.show([Image.HAPPY, 5], delay=100)
    """)
    assert text.splitlines()[-1] == "TypeError: not an image"


def test_loop_animation_keeps_going_until_replaced(sim):
    board = sim.add_board(source="from microbit import *\n"
                                 "display.show(Image.ALL_CLOCKS, delay=100, loop=True, wait=False)\n"
                                 "sleep(5000)\n")
    sim.run(2500)
    assert len(board.display_history()) >= 24
