# Talking and flashing thermometer / おしゃべり温度計
# The picture always shows it: snowflake = cold, smile = just right, sun = hot.
# Button A: the micro:bit says the temperature.  Button B: the number scrolls by.
# When it becomes hot, it says so, the sun blinks slowly and pin 0 lights an extra LED.
# temperature() is the temperature of the micro:bit's processor (its chip),
# so it is often a little warmer than the room.
from microbit import *
import speech

COLD = 15   # below this: cold
HOT = 28    # this or more: hot

SNOW = Image("00900:90909:09990:90909:00900")
SUN = Image("09990:99999:99999:99999:09990")

ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
        "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen",
        "sixteen", "seventeen", "eighteen", "nineteen"]
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy",
        "eighty", "ninety"]


def words(number):
    # The voice would read "21" as "two one", so we write the number in words.
    if number < 0:
        return "minus " + words(-number)
    if number < 20:
        return ONES[number]
    if number % 10 == 0:
        return TENS[number // 10]
    return TENS[number // 10] + " " + ONES[number % 10]


def picture(t):
    if t < COLD:
        return SNOW
    if t < HOT:
        return Image.HAPPY
    return SUN


was_hot = False
blink = False
while True:
    t = temperature()
    hot = t >= HOT
    if button_a.was_pressed():
        display.show(picture(t))
        print("temperature:", t, "C")
        speech.say("It is " + words(t) + " degrees.")
    if button_b.was_pressed():
        display.scroll(str(t) + " C")
    if hot and not was_hot:
        print("hot:", t, "C")
        speech.say("Hot! " + words(t) + " degrees.")
    was_hot = hot
    pin0.write_digital(1 if hot else 0)
    if hot and blink:
        display.clear()
    else:
        display.show(picture(t))
    blink = not blink
    sleep(500)
