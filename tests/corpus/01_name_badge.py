# Name badge: scrolls my name all day long.
# Press A to show a heart, press B to show my favourite animal.
from microbit import *

name = 'Aiko'
print('Hello, my name is', name)

while True:
    if button_a.was_pressed():
        display.show(Image.HEART)
        sleep(1000)
    elif button_b.was_pressed():
        display.show(Image.RABBIT)
        sleep(1000)
    else:
        display.scroll(name, delay=100)
    sleep(100)
