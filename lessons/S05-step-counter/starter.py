# Step counter and bag alarm / あるいた数・かばん見守り (starter)
# Every shake counts as one step. Button A scrolls the number of steps.
# Your job: add sounds, the voice and the bag mode (see your steps).
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


steps = 0
display.show(WALK)
while True:
    if accelerometer.was_gesture("shake"):
        steps += 1
        print("steps:", steps)
    if button_a.was_pressed():
        display.scroll(steps)
        display.show(WALK)
    sleep(100)
