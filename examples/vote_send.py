# A voter: press A to vote "yes", B to vote "no".
from microbit import *
import radio

radio.config(group=7)
radio.on()
while True:
    if button_a.was_pressed():
        radio.send("yes")
        display.show(Image.YES)
    if button_b.was_pressed():
        radio.send("no")
        display.show(Image.NO)
    sleep(20)
