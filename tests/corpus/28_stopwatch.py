# Stopwatch: A starts and stops the watch, B sets it back to zero.
from microbit import *
import utime

start = 0
elapsed = 0
running = False
display.show(Image.ALL_CLOCKS[0])

while True:
    if button_a.was_pressed():
        if running:
            elapsed += utime.ticks_diff(utime.ticks_ms(), start)
            running = False
            print('Stopped at', elapsed / 1000, 'seconds')
            display.scroll(elapsed // 1000, wait=False)
        else:
            start = utime.ticks_ms()
            running = True
            print('Go!')
    if button_b.was_pressed() and not running:
        elapsed = 0
        print('Reset')
    if running:
        display.show(Image.ALL_CLOCKS[(utime.ticks_diff(utime.ticks_ms(), start) // 1000) % 12])
    sleep(10)
