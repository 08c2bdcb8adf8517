# Switch-controlled toy (S03)
# Three big switches (or foil pads), three things the toy does:
#   Switch 1 on pin 0: the next picture on the LEDs.
#   Switch 2 on pin 2: the toy waves its arm (a servo on pin 1).
#   Switch 3 (the logo, or button A): a cheerful jingle.
# A switch works once per press: hold it as long as you like, nothing repeats.
from microbit import *
import music

PICTURES = [Image.HAPPY, Image.HEART, Image.RABBIT, Image.DUCK]
picture = 0


def arm(angle):
    # a servo wants a pulse every 20 ms: 0.5 ms long is 0 degrees, 2.5 ms is 180 degrees
    pin1.write_analog(scale(angle, from_=(0, 180), to=(26, 128)))


def wave():
    for angle in [40, 140, 40, 140]:
        arm(angle)
        sleep(400)
    arm(90)


def let_go(switch):
    # wait until the switch is let go, then rest a moment so a shaky press counts once
    while switch.is_touched():
        sleep(20)
    sleep(300)


pin1.set_analog_period(20)
arm(90)
display.show(PICTURES[picture])

while True:
    if pin0.is_touched():
        picture = (picture + 1) % len(PICTURES)
        display.show(PICTURES[picture])
        let_go(pin0)
    if pin2.is_touched():
        display.show(Image.ARROW_N)
        wave()
        display.show(PICTURES[picture])
        let_go(pin2)
    if pin_logo.is_touched() or button_a.is_pressed():
        # pin=None: the sound goes to the speaker only, so pin 0 stays a switch
        music.play(music.JUMP_UP, pin=None)
        while button_a.is_pressed():
            sleep(20)
        let_go(pin_logo)
    sleep(20)
