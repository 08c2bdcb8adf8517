# Timers: one hardware timer blinks the LED twice a second, another counts seconds,
# and a one-shot timer says when 3 seconds have passed. The main loop is free.
from machine import Pin, Timer
import time

led = Pin(2, Pin.OUT)
seconds = 0
done = False


def blink(t):
    led.value(not led.value())


def count(t):
    global seconds
    seconds += 1


def alarm(t):
    global done
    done = True


blinker = Timer(0)
blinker.init(period=250, mode=Timer.PERIODIC, callback=blink)
counter = Timer(1)
counter.init(period=1000, mode=Timer.PERIODIC, callback=count)
Timer(2).init(period=3000, mode=Timer.ONE_SHOT, callback=alarm)
while not done:
    time.sleep_ms(10)
print("one-shot fired after", seconds, "seconds")
time.sleep_ms(2100)
blinker.deinit()
counter.deinit()
print("stopped at", seconds, "seconds")
time.sleep(1)
print("still", seconds)
