# 獣害おしらせ (Wildlife alert) - micro:bit version, the house unit
# An "animal" message: an angry face and a chime until button A is pressed.
# "alive" messages: a small heart. None for 35 s: a question mark, the field unit is silent.
import music
import radio
from microbit import Image, button_a, display, running_time, sleep

GROUP = 17                # the same number as the field unit
LOST_MS = 35000
PICTURES = {"alert": Image.ANGRY, "ok": Image.HEART_SMALL,
            "silent": Image("09990:00090:00900:00000:00900")}  # a question mark

radio.config(group=GROUP)
radio.on()
last_beat = None
alert = False
shown = None
while True:
    message = radio.receive()
    if message == "alive":
        last_beat = running_time()
    elif message == "animal":
        alert = True
        music.play(["A5:4", "E5:4", "A5:4"], wait=False)
    if button_a.was_pressed():
        alert = False
    silent = last_beat is None or running_time() - last_beat >= LOST_MS
    if alert:
        state = "alert"
    elif silent:
        state = "silent"
    else:
        state = "ok"
    if state != shown:
        shown = state
        display.show(PICTURES[state])
    sleep(100)
