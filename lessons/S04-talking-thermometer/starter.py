# Talking and flashing thermometer / おしゃべり温度計 (starter)
# Button A shows the temperature as a number.
# Your job: add a picture, the voice and the hot warning (see your steps).
# temperature() is the temperature of the micro:bit's processor (its chip).
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


display.show(Image.HAPPY)
while True:
    t = temperature()
    if button_a.was_pressed():
        print("temperature:", t, "C")
        display.scroll(str(t) + " C")
        display.show(Image.HAPPY)
    sleep(500)
