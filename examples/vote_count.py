# The teacher's board counts the votes that arrive by radio.
from microbit import *
import radio

radio.config(group=7)
radio.on()
yes = 0
no = 0
while running_time() < 3000:
    vote = radio.receive()
    if vote == "yes":
        yes += 1
    elif vote == "no":
        no += 1
    sleep(20)
print("yes", yes, "no", no)
display.scroll(yes)
