# 獣害おしらせ (Wildlife alert) - micro:bit version, the field unit
# A PIR's output on pin 0 (and GND, 3V). One "animal" message by radio per visit,
# "alive" every 10 s. Put house.py on a second micro:bit with the same GROUP.
import music
import radio
from microbit import Image, display, pin0, running_time, sleep

GROUP = 17                # the same number on both micro:bits
QUIET_MS = 30000          # no movement for 30 s: the visit is over
HEARTBEAT_MS = 10000

radio.config(group=GROUP)
radio.on()
visiting = False
last_motion = running_time()
last_beat = last_motion - HEARTBEAT_MS
display.show(Image.DIAMOND_SMALL)
while True:
    now = running_time()
    if pin0.read_digital() == 1:
        last_motion = now
        if not visiting:
            visiting = True
            radio.send("animal")
            display.show(Image.SURPRISED)
            music.play(["C6:2", "G5:2", "C6:2"])
    elif visiting and now - last_motion >= QUIET_MS:
        visiting = False
        display.show(Image.DIAMOND_SMALL)
    if now - last_beat >= HEARTBEAT_MS:
        last_beat = now
        radio.send("alive")
    sleep(100)
