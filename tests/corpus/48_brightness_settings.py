# Favourite brightness: A makes the heart dimmer, B brighter. The setting is saved in
# a file so the micro:bit remembers it next time; touch the logo to forget it.
from microbit import *
import os

FILE = 'settings.txt'
level = 5
if FILE in os.listdir():
    with open(FILE) as f:
        level = int(f.read())
    print('loaded brightness', level, 'from', os.size(FILE), 'byte file')


def save():
    with open(FILE, 'w') as f:
        f.write(str(level))


while True:
    if button_a.was_pressed() and level > 1:
        level -= 1
        save()
    if button_b.was_pressed() and level < 9:
        level += 1
        save()
    if pin_logo.is_touched() and FILE in os.listdir():
        os.remove(FILE)
        level = 5
        print('settings forgotten, files now:', os.listdir())
    display.show(Image.HEART * (level / 9))
    sleep(50)
