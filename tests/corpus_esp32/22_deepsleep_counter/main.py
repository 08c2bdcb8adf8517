# Deep sleep: the board wakes every 2 seconds, counts its wake-ups in RTC memory (which
# survives deep sleep) and goes back to sleep; after 3 wake-ups it stays awake.
import machine
import time

rtc = machine.RTC()
if machine.reset_cause() == machine.DEEPSLEEP_RESET:
    count = int(rtc.memory() or b"0") + 1
    print("woke up from deep sleep, wake", count,
          "timer" if machine.wake_reason() == machine.TIMER_WAKE else "other")
else:
    count = 0
    print("power on")
rtc.memory(str(count).encode())
if count < 3:
    print("sleeping for 2 s")
    time.sleep_ms(100)
    machine.deepsleep(2000)
print("awake for good after", count, "wake-ups")
