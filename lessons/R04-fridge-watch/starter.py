# Fridge-door watch-over with two boards / 冷蔵庫見守り (starter)
# Put this same program on both boards. When it starts, choose:
#   button A = the DOOR board,  button B = the FAMILY board
# Now: on the door board, button A sends "open" by radio;
#      the family board counts the openings.
# Your job: notice the door moving, time since the last opening, warnings (see your steps).
from microbit import *
import radio
import music

GROUP = 12           # the same number on both boards; each family its own number

FRIDGE = Image("99999:90009:99999:90909:99999")
CHOOSE = Image("00000:90009:99099:90009:00000")  # arrows to button A and button B


def choose_role():
    display.show(CHOOSE)
    print("A: door board / B: family board")
    while True:
        if button_a.was_pressed():
            return "door"
        if button_b.was_pressed():
            return "family"
        sleep(50)


def door_board():
    display.show(FRIDGE)
    while True:
        if button_a.was_pressed():
            radio.send("open")
            print("sent: open")
            display.show(Image.YES)
            sleep(1000)
            display.show(FRIDGE)
        sleep(50)


def family_board():
    opens = 0
    display.show(Image.YES)
    while True:
        message = radio.receive()
        if message == "open":
            opens += 1
            print("door opened; openings:", opens)
            music.pitch(880, 100)
        if button_b.was_pressed():
            display.scroll(opens)
            display.show(Image.YES)
        sleep(200)


radio.config(group=GROUP)
radio.on()
if choose_role() == "door":
    door_board()
else:
    family_board()
