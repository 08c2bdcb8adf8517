# Choose with two switches (S08) / ふたつのスイッチでえらぼう
# A choice board for AAC practice (AAC: ways to say things besides speech).
#   Switch 1 on pin 0 (or button A): the next choice. Each choice has its own little tune,
#       so you can hear which one it is.
#   Switch 2 on pin 2 (or button B): choose it. The picture stays, a tune plays, and the
#       word is written on the computer for your partner.
#   There is no hurry: nothing moves or is chosen until you press a switch.
from microbit import *
import music

# picture, word (Japanese / English), the choice's own tune
CHOICES = [
    (Image("00900:00900:99999:00900:00900"), "もっと / more", ["C5:2", "E5:2"]),
    (Image("99999:90009:90009:90009:99999"), "おわり / finished", ["E5:2", "C5:2"]),
    (Image.HEART, "すき / I like it", ["G4:2", "G5:2"]),
    (Image.NO, "いや / I don't like it", ["C4:2", "C4:2"]),
]
SHOW_MS = 3000        # how long the chosen picture stays

now = 0               # the choice the board is on


def let_go(switch, button):
    # wait until the switch is let go, then rest a moment so a shaky press counts once
    while switch.is_touched() or button.is_pressed():
        sleep(20)
    sleep(300)


def offer(number):
    picture, word, tune = CHOICES[number]
    display.show(picture)
    music.play(tune, wait=False)


def choose(number):
    picture, word, tune = CHOICES[number]
    print("えらんだ / chosen:", word)
    display.show(picture)
    music.play(tune + ["R:1"] + tune + ["C6:4"])
    sleep(SHOW_MS)


offer(now)
while True:
    if pin0.is_touched() or button_a.is_pressed():
        now = (now + 1) % len(CHOICES)
        offer(now)
        let_go(pin0, button_a)
    if pin2.is_touched() or button_b.is_pressed():
        choose(now)
        let_go(pin2, button_b)
        now = 0                       # back to the first choice
        offer(now)
    sleep(20)
