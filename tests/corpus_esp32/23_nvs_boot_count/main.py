# Counting restarts in NVS (flash that keeps its values): press the button to restart the
# board; the count goes up each time. A long press (>1 s) resets the count.
import esp32
import machine
from machine import Pin
import time

nvs = esp32.NVS("club")
try:
    boots = nvs.get_i32("boots")
except OSError:
    boots = 0
boots += 1
nvs.set_i32("boots", boots)
nvs.commit()
print("boot number", boots)
button = Pin(0, Pin.IN, Pin.PULL_UP)
while True:
    if button.value() == 0:
        start = time.ticks_ms()
        while button.value() == 0:
            time.sleep_ms(10)
        if time.ticks_diff(time.ticks_ms(), start) > 1000:
            nvs.erase_key("boots")
            nvs.commit()
            print("count cleared")
            break
        print("restarting...")
        machine.reset()
    time.sleep_ms(20)
