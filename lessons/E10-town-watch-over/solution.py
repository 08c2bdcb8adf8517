# Town watch-over (E10): a gentle "I'm fine" signal for a neighbour who lives alone.
# Every board runs this same program. At the start it shows "?":
#   press A on the HOME board (in the neighbour's house),
#   press B on the WATCHER board (with the family or a neighbour nearby).
# The home board sends "genki" when it notices everyday life: the door or fridge moves
# (a shake), the room light goes on, or button A is pressed. Button B asks for help.
# The watcher shows a smile while signs arrive and a question face when none came for a while.
from microbit import *
import radio
import music

QUIET_LIMIT = 20000  # ms without a sign before the watcher worries (in class: 20 seconds)
BRIGHT = 60          # light level that means "the room light is on"

radio.config(group=31)
radio.on()

display.show("?")
role = ""
while role == "":
    if button_a.was_pressed():
        role = "home"
    elif button_b.was_pressed():
        role = "watcher"
    sleep(20)

# The home board
if role == "home":
    display.read_light_level()  # the first reading is always 0: skip it
    sleep(100)
    light_was_on = display.read_light_level() > BRIGHT
    display.show(Image.HOUSE)
    while True:
        sign = ""
        light_is_on = display.read_light_level() > BRIGHT
        if accelerometer.was_gesture("shake"):
            sign = "moved"
        elif light_is_on and not light_was_on:
            sign = "light"
        elif button_a.was_pressed():
            sign = "button"
        light_was_on = light_is_on
        if sign != "":
            radio.send("genki")
            print("sent genki:", sign)
            display.show(Image.HEART)
            sleep(1000)
            display.show(Image.HOUSE)
        if button_b.was_pressed():
            radio.send("help")
            print("sent help")
            display.show(Image.SURPRISED)
            sleep(1000)
            display.show(Image.HOUSE)
        sleep(50)

# The watcher board
last_sign = running_time()
worried = False
help_wanted = False
display.show(Image.HAPPY)
while True:
    message = radio.receive()
    if message == "genki":
        last_sign = running_time()
        if worried:
            print("a sign again")
        worried = False
    elif message == "help":
        help_wanted = True
        button_a.was_pressed()  # forget presses made before the call for help
        print("help!")
    if not worried and running_time() - last_sign > QUIET_LIMIT:
        worried = True
        print("no sign for a while")
        music.play(music.BA_DING)
    if help_wanted:
        display.show(Image.SURPRISED)
        music.play(["C5:2", "E5:2", "G5:4"])
        sleep(1000)
        if button_a.was_pressed():
            help_wanted = False
            print("help answered")
    elif worried:
        display.show(Image.CONFUSED)
    else:
        display.show(Image.HAPPY)
    sleep(50)
