# Class voting machine: press A to vote YES or B to vote NO.
# Every micro:bit in radio group 12 counts the votes it hears;
# touch the logo to scroll the totals.
from microbit import *
import radio

radio.config(group=12)
radio.on()
yes = 0
no = 0
display.show('?')

while True:
    if button_a.was_pressed():
        radio.send('yes')
        display.show(Image.YES)
    elif button_b.was_pressed():
        radio.send('no')
        display.show(Image.NO)
    vote = radio.receive()
    if vote == 'yes':
        yes += 1
    elif vote == 'no':
        no += 1
    if vote:
        print('votes: yes', yes, 'no', no)
    if pin_logo.is_touched():
        display.scroll('Y' + str(yes) + ' N' + str(no), delay=80)
    sleep(20)
