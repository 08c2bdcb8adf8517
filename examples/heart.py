# A beating heart, then a greeting on the serial line.
from microbit import *

for beat in range(3):
    display.show(Image.HEART)
    sleep(500)
    display.show(Image.HEART_SMALL)
    sleep(500)
print("Hello from the micro:bit!")
display.scroll("Hi")
