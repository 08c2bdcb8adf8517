# Count presses of button A; button B shows and prints the total.
from microbit import *

count = 0
while True:
    if button_a.was_pressed():
        count += 1
        display.show(count)
    if button_b.was_pressed():
        print("A was pressed", count, "times")
        display.scroll(count)
    sleep(20)
