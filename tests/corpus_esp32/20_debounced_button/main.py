# A bouncy push button: its interrupt fires several times per press, so presses closer
# than 200 ms to the last one are ignored (time.ticks_diff).
from machine import Pin
import time

button = Pin(0, Pin.IN, Pin.PULL_UP)
led = Pin(2, Pin.OUT)
presses = 0
interrupts = 0
last_press = time.ticks_ms()


def pressed(pin):
    global presses, interrupts, last_press
    interrupts += 1
    now = time.ticks_ms()
    if time.ticks_diff(now, last_press) > 200:
        presses += 1
        last_press = now


button.irq(trigger=Pin.IRQ_FALLING, handler=pressed)
shown = 0
for i in range(60):
    if presses != shown:
        shown = presses
        led.value(presses % 2)
        print("press", presses)
    time.sleep_ms(100)
print("presses:", presses, "many interrupts:", interrupts > presses)
