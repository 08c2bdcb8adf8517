# Kitchen timer: press A to add a second, press B to start.
# run_every counts down once a second; at zero the timer shows a clock and says so.
from microbit import *

seconds = 0
running = False


@run_every(s=1)
def tick():
    global seconds, running
    if running:
        seconds -= 1
        print('seconds left:', seconds)
        if seconds == 0:
            running = False
            print("Time's up!")


while True:
    if button_a.was_pressed() and not running:
        seconds += 1
    if button_b.was_pressed() and seconds > 0:
        running = True
    if running or seconds > 0:
        display.show(seconds)
    else:
        display.show(Image.ALL_CLOCKS[(running_time() // 100) % 12])
    sleep(50)
