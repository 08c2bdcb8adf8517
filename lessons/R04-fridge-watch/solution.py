# Fridge-door watch-over with two boards / 冷蔵庫見守り
# Put this same program on both boards. When it starts, choose:
#   button A = the DOOR board (on the fridge door)
#   button B = the FAMILY board (with the family)
# Door board: when the door moves, it sends "open" by radio. Every minute it sends
#   "here", so the family board knows it is still working. A sends a test "open".
# Family board: a tick = opened recently; "!" = not opened for WARN_MINUTES;
#   "?" = no news from the door board (batteries? too far?).
#   A: minutes since the last opening.  B: openings since the start.
# This is a way to keep in touch, NOT a safety device: it cannot call for help.
from microbit import *
import radio
import music

GROUP = 12           # the same number on both boards; each family its own number
WARN_MINUTES = 2     # in class 2 minutes; at home, for example, 6 * 60 (6 hours)
JOLT = 250           # how much change in the accelerometer (mg) means "the door moved"
HERE_EVERY = 60000   # the door board says "here" every minute (ms)
LOST_AFTER = 190000  # no word for this long (ms): the family board shows "?"

FRIDGE = Image("99999:90009:99999:90909:99999")
WARN = Image("00900:00900:00900:00000:00900")
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
    x, y, z = accelerometer.get_values()
    last_sent = running_time()
    quiet_until = 0
    while True:
        nx, ny, nz = accelerometer.get_values()
        change = abs(nx - x) + abs(ny - y) + abs(nz - z)
        x, y, z = nx, ny, nz
        now = running_time()
        moved = change > JOLT and now >= quiet_until
        if moved or button_a.was_pressed():
            radio.send("open")
            print("sent: open")
            last_sent = now
            quiet_until = now + 10000  # one opening, not every wobble of the door
            display.show(Image.YES)
            sleep(1000)
            display.show(FRIDGE)
        elif now - last_sent >= HERE_EVERY:
            radio.send("here")
            last_sent = now
        sleep(50)


def show(state):
    if state == "lost":
        display.show("?")
    elif state == "warn":
        display.show(WARN)
    else:
        display.show(Image.YES)


def family_board():
    last_open = running_time()
    last_heard = running_time()
    opens = 0
    state = ""
    while True:
        message = radio.receive()
        now = running_time()
        if message == "open":
            last_open = now
            last_heard = now
            opens += 1
            print("door opened; openings:", opens)
        elif message == "here":
            last_heard = now
        minutes = (now - last_open) // 60000
        if now - last_heard > LOST_AFTER:
            new_state = "lost"
        elif minutes >= WARN_MINUTES:
            new_state = "warn"
        else:
            new_state = "ok"
        if new_state != state:
            state = new_state
            if state == "lost":
                print("no word from the door board")
            elif state == "warn":
                print("not opened for", minutes, "minutes")
                music.play(["E5:4", "C5:4"])
            show(state)
        if button_a.was_pressed():
            print("last opened", minutes, "minutes ago")
            display.scroll(str(minutes) + " min")
            show(state)
        if button_b.was_pressed():
            print("openings:", opens)
            display.scroll(opens)
            show(state)
        sleep(200)


radio.config(group=GROUP)
radio.on()
if choose_role() == "door":
    door_board()
else:
    family_board()
