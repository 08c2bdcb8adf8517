# 孫と無線じゃんけん (R06, starter): rock, paper, scissors by radio
# Two boards, the same program, the same GROUP number.
#   A: the next hand (rock -> scissors -> paper -> rock ...)   B: send it
# Now the other player's hand shows AT ONCE, even before you have chosen. Is that fair?
# Your job (see your steps): wait for both, show both hands together, say who won.
from microbit import *
import radio
import music

GROUP = 30           # the same number on both boards; each pair its own number

HANDS = ["rock", "scissors", "paper"]
PICTURES = [Image("00000:09990:09990:09990:00000"),  # rock: a fist
            Image.SCISSORS,
            Image("99999:99999:99999:99999:99999")]  # paper: an open hand

radio.config(group=GROUP)
radio.on()
hand = 0
display.show(PICTURES[hand])
while True:
    message = radio.receive()
    if message and message.startswith("janken:"):
        other = int(message.split(":")[2])
        print("they chose", HANDS[other])
        display.show(PICTURES[other])
    if button_a.was_pressed():
        hand = (hand + 1) % 3
        display.show(PICTURES[hand])
        music.play(["C5:1", "R:1"] * (hand + 1), wait=False)   # 1, 2 or 3 beeps
    if button_b.was_pressed():
        radio.send("janken:1:" + str(hand))
        print("sent", HANDS[hand])
    sleep(50)
