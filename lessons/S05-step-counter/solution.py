# Step counter and bag alarm / あるいた数・かばん見守り
# Step mode: every shake is one step; a short beep for each step, a "ding" every 10.
#   Button A: the micro:bit says how many steps.  Button B: bag mode.
# Bag mode: after 3 beeps, put the micro:bit in the bag. If the bag moves, an alarm
#   sounds until you press A.  Button B (without moving it much): back to step mode.
from microbit import *
import music
import speech

MOVE = 300  # how much change in the accelerometer (mg) counts as "moved"

WALK = Image.STICKFIGURE
LOCK = Image("09990:09090:99999:99999:99999")

ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
        "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen",
        "sixteen", "seventeen", "eighteen", "nineteen"]
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy",
        "eighty", "ninety"]


def words(number):
    # The voice would read "125" as "one two five", so we write the number in words.
    if number >= 1000:
        rest = number % 1000
        text = words(number // 1000) + " thousand"
        return text if rest == 0 else text + " " + words(rest)
    if number >= 100:
        rest = number % 100
        text = ONES[number // 100] + " hundred"
        return text if rest == 0 else text + " " + words(rest)
    if number < 20:
        return ONES[number]
    if number % 10 == 0:
        return TENS[number // 10]
    return TENS[number // 10] + " " + ONES[number % 10]


def start_bag_mode():
    speech.say("Bag mode.")
    for n in (3, 2, 1):
        display.show(n)
        music.pitch(440, 200)
        sleep(800)
    display.show(LOCK)
    music.pitch(880, 300)
    accelerometer.was_gesture("shake")  # forget shakes from before
    print("bag mode: watching")
    return accelerometer.get_values()


def moved(home):
    x, y, z = accelerometer.get_values()
    change = abs(x - home[0]) + abs(y - home[1]) + abs(z - home[2])
    return change > MOVE or accelerometer.was_gesture("shake")


def alarm():
    print("bag moved! alarm")
    button_a.was_pressed()  # only a new press stops it
    while not button_a.was_pressed():
        display.show(Image.NO)
        music.play(["C6:2", "G5:2"])
        display.clear()
        music.play(["C6:2", "G5:2"])
        sleep(10)
    accelerometer.was_gesture("shake")  # the shakes of the alarm are not steps
    print("alarm stopped")
    speech.say("Alarm off. Step mode.")


steps = 0
bag = False
home = (0, 0, 0)
display.show(WALK)
while True:
    if bag:
        if moved(home):
            alarm()
            bag = False
            display.show(WALK)
        elif button_b.was_pressed():
            bag = False
            print("step mode")
            speech.say("Step mode.")
            display.show(WALK)
    else:
        if accelerometer.was_gesture("shake"):
            steps += 1
            print("steps:", steps)
            if steps % 10 == 0:
                music.play(music.BA_DING)
            else:
                music.pitch(1000, 30)
        if button_a.was_pressed():
            if steps == 1:
                speech.say("one step.")
            else:
                speech.say(words(steps) + " steps.")
            display.scroll(steps)
            display.show(WALK)
        if button_b.was_pressed():
            home = start_bag_mode()
            bag = True
    sleep(100)
