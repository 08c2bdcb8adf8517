# Watchdog: the program feeds the WDT in its loop; if it ever hangs (here: a sensor that
# never answers), the watchdog restarts the board instead of leaving it stuck.
import machine
from machine import Pin, WDT
import time

if machine.reset_cause() == machine.WDT_RESET:
    print("restarted by the watchdog: the last run hung")
    raise SystemExit
print("start, reset cause", machine.reset_cause())
sensor = Pin(34, Pin.IN)
wdt = WDT(timeout=1000)
for i in range(5):
    wdt.feed()
    print("loop", i, "fed the dog")
    time.sleep_ms(300)
print("waiting for the sensor...")
while sensor.value() == 0:
    pass  # forgot a timeout: stuck for ever
print("never printed")
