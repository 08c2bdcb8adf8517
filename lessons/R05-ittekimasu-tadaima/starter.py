# いってきます・ただいま (R05, starter)
# Put this same program on both boards. When it starts, choose:
#   button A = the HOME board (by the front door),  button B = the FAMILY board
# Now: on the home board, A sends "いってきます" and B sends "ただいま";
#      the family board shows the last word it got.
# Your job (see your steps): the door (reed switch on pin 1) asks the question,
#      and the SENDING switch on pin 2 stops all sending.
from microbit import *
import radio
import music

GROUP = 21           # the same number on both boards; each family its own number

CHOOSE = Image("00000:90009:99099:90009:00000")   # arrows to button A and button B
DOOR = Image("99999:90009:90099:90009:99999")
GOING = Image("00900:00090:99999:00090:00900")    # an arrow: out of the house
HOME = Image("00900:09090:99999:90009:99999")     # a house
WORDS = {"ittekimasu": ("いってきます (I'm off)", GOING),
         "tadaima": ("ただいま (I'm home)", HOME)}


def choose_role():
    display.show(CHOOSE)
    print("A: home board / B: family board")
    while True:
        if button_a.was_pressed():
            return "home"
        if button_b.was_pressed():
            return "family"
        sleep(50)


def send(word):
    radio.send(word)
    print("sent:", WORDS[word][0])
    display.show(Image.YES)
    sleep(1000)


def home_board():
    radio.on()
    while True:
        if button_a.was_pressed():
            send("ittekimasu")
        elif button_b.was_pressed():
            send("tadaima")
        display.show(DOOR)
        sleep(100)


def family_board():
    radio.on()
    display.show(Image.HEART)
    while True:
        word = radio.receive()
        if word in WORDS:
            print(WORDS[word][0])
            display.show(WORDS[word][1])
            music.play(["C5:2", "E5:2", "G5:4"], wait=False)
        sleep(100)


radio.config(group=GROUP)
if choose_role() == "home":
    home_board()
else:
    family_board()
