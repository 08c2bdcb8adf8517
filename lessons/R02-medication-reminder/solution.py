# Medication reminder (R02). A helper for remembering: NOT a medical device.
# The micro:bit has no clock: it counts the time since it was switched on,
# or since you last pressed A. When the time is up it shows a pill and plays a soft chime
# every 10 seconds until you press button A ("I have taken it").
# Button B scrolls how many minutes have passed since you last pressed A.
from microbit import *
import music

INTERVAL = 60 * 1000  # practice: 1 minute. At home, for example 8 hours: 8 * 60 * 60 * 1000
PILL = Image("00000:05990:55999:05990:00000")
CHIME = ["E5:4", "C5:4", "E5:4", "C5:8"]

last_taken = running_time()
reminding = False


@run_every(s=1)
def look_at_the_time():
    global reminding
    if running_time() - last_taken >= INTERVAL:
        reminding = True


@run_every(s=10)
def chime():
    if reminding:
        music.play(CHIME, wait=False)


display.show(Image.ASLEEP)
while True:
    if reminding:
        display.show(PILL)
    if button_a.was_pressed() and reminding:
        last_taken = running_time()  # first the new time, then stop reminding
        reminding = False
        music.stop()
        print("taken")
        display.show(Image.YES)
        sleep(2000)
        display.show(Image.ASLEEP)
    if button_b.was_pressed():
        minutes = (running_time() - last_taken) // 60000
        print("minutes since A:", minutes)
        display.scroll(str(minutes) + " min", delay=180)
        if not reminding:
            display.show(Image.ASLEEP)
    sleep(100)
