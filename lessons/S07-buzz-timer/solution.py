# Buzz timer (S07) / ぶるぶるタイマー: a timer you feel, with no sound at all
# A vibration motor module on pin 1 (with its own driver) buzzes against your hand or wrist.
#   Button A: one more minute (1 to 10, then 1 again). A short buzz says "got it".
#   The logo: feel the number. It buzzes once for each minute (left, while it is running).
#   Button B: start (one long buzz). While it runs, B stops it (two short buzzes).
#   Time is up: long buzzes again and again, until you press A, B or the logo.
from microbit import *

STRENGTH = 700        # how strongly the motor buzzes (1-1023); gentler: a smaller number
SHORT = 150           # ms: "got it", and counting
LONG = 800            # ms: start, and "time is up"

minutes = 1


def buzz(ms):
    # written on the computer too, so the simulator (and a braille display) can show it
    print("ぶるーっ (long buzz)" if ms >= LONG else "ぶるっ (buzz)")
    pin1.write_analog(STRENGTH)
    sleep(ms)
    pin1.write_digital(0)


def count_out(number):
    for _ in range(number):
        buzz(SHORT)
        sleep(350)


def show(number):
    display.show(number if number < 10 else Image.HEART)   # 10 minutes: a heart


def run_timer():
    buzz(LONG)
    end = running_time() + minutes * 60000
    while running_time() < end:
        left = (end - running_time() + 59999) // 60000   # minutes left, rounded up
        show(left)
        if pin_logo.is_touched():
            count_out(left)
            while pin_logo.is_touched():
                sleep(50)
        if button_b.was_pressed():
            count_out(2)                                  # stopped before the end
            return
        sleep(100)
    time_is_up()


def time_is_up():
    display.show(Image.YES)
    button_a.was_pressed()
    button_b.was_pressed()
    while True:
        buzz(LONG)
        for _ in range(8):                                # 400 ms between buzzes
            if button_a.was_pressed() or button_b.was_pressed() or pin_logo.is_touched():
                buzz(SHORT)
                while pin_logo.is_touched():
                    sleep(50)
                return
            sleep(50)


speaker.off()                     # nothing to hear: no sound, even by mistake
pin1.set_analog_period(1)         # a smooth buzz (1000 pulses a second)
show(minutes)
while True:
    if button_a.was_pressed():
        minutes = minutes % 10 + 1
        show(minutes)
        buzz(SHORT)
    if pin_logo.is_touched():
        count_out(minutes)
        while pin_logo.is_touched():
            sleep(50)
    if button_b.was_pressed():
        run_timer()
        button_a.was_pressed()
        show(minutes)
    sleep(50)
