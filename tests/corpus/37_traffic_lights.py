# Traffic lights: red, amber and green LEDs on pins 0, 1 and 2 go through
# the UK sequence; the display shows the first letter of the colour.
from microbit import *

red, amber, green = pin0, pin1, pin2
sequence = [('RED', 1, 0, 0, 1000),
            ('RED+AMBER', 1, 1, 0, 500),
            ('GREEN', 0, 0, 1, 1000),
            ('AMBER', 0, 1, 0, 500)]

red.write_digital(0)
print('pin0 mode:', red.get_mode())

while True:
    for name, r, a, g, wait in sequence:
        red.write_digital(r)
        amber.write_digital(a)
        green.write_digital(g)
        print(name)
        display.show(name[0])
        sleep(wait)
