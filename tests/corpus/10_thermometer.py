# Thermometer: scrolls the temperature in Celsius.
# Press A to switch to Fahrenheit, press it again to go back.
from microbit import *

fahrenheit = False

while True:
    if button_a.was_pressed():
        fahrenheit = not fahrenheit
    celsius = temperature()
    if fahrenheit:
        value = scale(celsius, from_=(0, 100), to=(32.0, 212.0))
        print(celsius, 'C is', value, 'F')
        display.scroll(str(round(value)) + 'F', delay=60)
    else:
        print(celsius, 'C')
        display.scroll(str(celsius) + 'C', delay=60)
    sleep(500)
