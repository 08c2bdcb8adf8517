# いってきます・ただいま (R05): a word to the family, only when you choose to send it
# Put this same program on both boards. When it starts, choose:
#   button A = the HOME board (by the front door),  button B = the FAMILY board
# Home board:
#   pin 1: a reed switch on the door (closed while the magnet on the door is near it).
#   pin 2: the SENDING switch. On (closed) = the board may send. Off, or a loose wire =
#          the radio is switched off and nothing at all is sent.
#   When the door opens, the board asks: A = "いってきます" (I'm off), B = "ただいま" (I'm home).
#   Nothing is sent unless you press A or B yourself.
# Family board: shows the last word it got. A: minutes since then.
from microbit import *
import radio
import music

GROUP = 21           # the same number on both boards; each family its own number
ASK_MS = 60000       # after the door opens, the question stays for a minute

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


def door_closed():
    return pin1.read_digital() == 0       # the reed switch joins pin 1 to GND


def sending_on():
    return pin2.read_digital() == 0       # the sending switch joins pin 2 to GND


def send(word):
    if sending_on():
        radio.send(word)
        print("sent:", WORDS[word][0])
        display.show(Image.YES)
    else:
        print("not sent: the sending switch is off")
        display.show(Image.NO)
    sleep(1000)


def home_board():
    pin1.set_pull(pin1.PULL_UP)
    pin2.set_pull(pin2.PULL_UP)
    was_closed = door_closed()
    was_on = None
    ask_until = 0
    while True:
        on = sending_on()
        if on != was_on:
            was_on = on
            if on:
                radio.on()
                print("sending switch on")
            else:
                radio.off()                   # off: nothing can leave this board
                print("sending switch off: nothing is sent")
        closed = door_closed()
        now = running_time()
        if was_closed and not closed:         # the door has just opened
            ask_until = now + ASK_MS
            music.play(["E5:2", "C5:4"], wait=False)
        was_closed = closed
        if button_a.was_pressed():
            send("ittekimasu")
            ask_until = 0
        elif button_b.was_pressed():
            send("tadaima")
            ask_until = 0
        if now < ask_until:
            display.show(CHOOSE)
        else:
            display.show(DOOR if on else Image.NO)
        sleep(100)


def family_board():
    radio.on()
    display.show(Image.HEART)
    last = None
    heard_at = 0
    while True:
        word = radio.receive()
        if word in WORDS:
            last = word
            heard_at = running_time()
            print(WORDS[word][0])
            display.show(WORDS[word][1])
            music.play(["C5:2", "E5:2", "G5:4"], wait=False)
        if button_a.was_pressed() and last is not None:
            minutes = (running_time() - heard_at) // 60000
            print(WORDS[last][0], minutes, "min ago")
            display.scroll(str(minutes) + " min", delay=200)
            display.show(WORDS[last][1])
        sleep(100)


radio.config(group=GROUP)
if choose_role() == "home":
    home_board()
else:
    family_board()
