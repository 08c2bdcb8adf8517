# ATOM Matrix tally counter: press the screen (the button on G39) to count people coming
# in; the count shows as lit LEDs, one per person (up to 25), in rainbow-ish colours.
from machine import Pin
import neopixel
import time

np = neopixel.NeoPixel(Pin(27), 25)
button = Pin(39, Pin.IN)  # the ATOM has its own pull-up on G39
count = 0
was_down = False
for i in range(300):
    down = button.value() == 0
    if down and not was_down:
        count += 1
        np[count - 1] = ((count * 40) % 60, 20, 60 - (count * 40) % 60)
        np.write()
        print("people:", count)
    was_down = down
    time.sleep_ms(20)
print("total", count, "lit", len([i for i in range(25) if np[i] != (0, 0, 0)]))
