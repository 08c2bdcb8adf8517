# はじめての ESP32: blink the LED on GPIO2 five times and say hello.
from machine import Pin
import time

led = Pin(2, Pin.OUT)
print("Hello from the ESP32!")
for i in range(5):
    led.on()
    time.sleep(0.2)
    led.off()
    time.sleep(0.2)
    print("blink", i + 1)
print("done, led is", led.value())
