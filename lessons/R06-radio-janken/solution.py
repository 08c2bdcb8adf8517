# 孫と無線じゃんけん (R06): rock, paper, scissors by radio, with no time limit
# Two boards, the same program, the same GROUP number.
#   A: the next hand (rock -> scissors -> paper -> rock ...)
#   B: "this one!" Then the board waits, as long as it takes, for the other player.
#   When both have chosen, both boards show both hands together, then the result.
#   After the result, A or B: play again.
from microbit import *
import radio
import music

GROUP = 30           # the same number on both boards; each pair its own number

HANDS = ["rock", "scissors", "paper"]
PICTURES = [Image("00000:09990:09990:09990:00000"),  # rock: a fist
            Image.SCISSORS,
            Image("99999:99999:99999:99999:99999")]  # paper: an open hand
WAITING = Image("00000:00000:90909:00000:00000")     # ... waiting for the other player
SAME = Image("00000:99999:00000:99999:00000")        # = a draw (aiko)

game = 1             # which game this is, so an old message is never taken for a new one
theirs = None        # the other player's hand in this game (None: not chosen yet)
wins = 0
losses = 0


def listen():
    global theirs
    message = radio.receive()
    if message and message.startswith("janken:"):
        parts = message.split(":")
        if len(parts) == 3 and parts[1] == str(game) and parts[2] in "012":
            theirs = int(parts[2])


def choose():
    hand = 0
    display.show(PICTURES[hand])
    while True:
        listen()
        if button_a.was_pressed():
            hand = (hand + 1) % 3
            display.show(PICTURES[hand])
            music.play(["C5:1", "R:1"] * (hand + 1), wait=False)   # 1, 2 or 3 beeps
        if button_b.was_pressed():
            return hand
        sleep(50)


def wait_for_them(mine):
    display.show(WAITING)
    print("chosen: waiting for the other player")
    while theirs is None:           # no time limit: wait as long as it takes
        listen()
        if button_b.was_pressed():  # press B again to send again (if they are far away)
            radio.send("janken:" + str(game) + ":" + str(mine))
        sleep(100)


def result(mine, other):
    if mine == other:
        return "draw"
    if (mine + 1) % 3 == other:     # rock beats scissors, scissors paper, paper rock
        return "win"
    return "lose"


def reveal(mine, other):
    global wins, losses
    for note in ["C5:2", "D5:2", "E5:4"]:  # jan, ken, pon!
        music.play(note)
    display.show(PICTURES[mine])
    sleep(1500)
    display.show(PICTURES[other])
    sleep(1500)
    outcome = result(mine, other)
    if outcome == "win":
        wins += 1
        display.show(Image.HAPPY)
        music.play(music.POWER_UP, wait=False)
    elif outcome == "lose":
        losses += 1
        display.show(Image.SURPRISED)
        music.play(["E4:2", "C4:4"], wait=False)
    else:
        display.show(SAME)
        music.play(["G4:4"], wait=False)
    print(outcome + ":", HANDS[mine], "vs", HANDS[other], "| me", wins, "- them", losses)


radio.config(group=GROUP)
radio.on()
while True:
    mine = choose()
    radio.send("janken:" + str(game) + ":" + str(mine))
    wait_for_them(mine)
    other = theirs
    theirs = None
    game += 1
    reveal(mine, other)
    button_a.was_pressed()
    button_b.was_pressed()
    while not (button_a.was_pressed() or button_b.was_pressed()):
        sleep(100)          # the result stays until someone wants another game
