# Night light: when the room gets dark all the LEDs come on,
# when it is light again they go off.
from microbit import *

lamp = Image('99999:99999:99999:99999:99999')
dark = False

while True:
    level = display.read_light_level()
    if level < 60 and not dark:
        dark = True
        display.show(lamp)
        print('dark', level, '- light on')
    elif level > 100 and dark:
        dark = False
        display.clear()
        print('bright', level, '- light off')
    sleep(500)
