# Radio voting machine for a club (E09).
# Every board runs this same program. At the start it shows "?":
#   press A on a voter's board, press B on the teacher's (counting) board.
# Voters press A or B once to vote. The counting board counts the votes it hears;
# on the counting board, A shows the result and B starts a new vote.
from microbit import *
import radio
import music

radio.config(group=12, queue=20)  # queue=20: keep up to 20 votes waiting
radio.on()

# 1. Choose this board's job
display.show("?")
role = ""
while role == "":
    if button_a.was_pressed():
        role = "voter"
    elif button_b.was_pressed():
        role = "counter"
    sleep(20)

# 2a. A voter's board: one vote per person, until the teacher starts a new vote
if role == "voter":
    voted = False
    display.show(Image.DIAMOND_SMALL)
    while True:
        if not voted:
            if button_a.was_pressed():
                radio.send("A")
                voted = True
                display.show(Image.YES)
            elif button_b.was_pressed():
                radio.send("B")
                voted = True
                display.show(Image.YES)
        if radio.receive() == "new":
            voted = False
            button_a.was_pressed()  # forget presses made before the new vote
            button_b.was_pressed()
            display.show(Image.DIAMOND_SMALL)
        sleep(20)

# 2b. The counting board
a = 0
b = 0
display.show(0)
while True:
    vote = radio.receive()
    if vote == "A":
        a = a + 1
    elif vote == "B":
        b = b + 1
    if vote == "A" or vote == "B":
        print("votes:", a + b)
        display.show(a + b, wait=False)
    if button_a.was_pressed():
        print("result: A", a, "B", b)
        display.scroll("A" + str(a) + " B" + str(b))
        if a > b:
            display.show("A")
        elif b > a:
            display.show("B")
        else:
            display.show("=")
        music.play(music.BA_DING)
    if button_b.was_pressed():
        a = 0
        b = 0
        radio.send("new")
        print("new vote")
        display.show(0)
    sleep(20)
