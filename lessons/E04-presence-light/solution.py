# Presence light that switches itself off / 人が来たら点いて、自動で消える明かり
# A PIR (motion) sensor on pin 1 says 1 while it sees someone move.
# No sensor? Shake the micro:bit instead.
# The light stays on until nobody has moved for keep_on milliseconds.
from microbit import *

keep_on = 5000          # 5 seconds for class; a real corridor light: a few minutes
lamp = Image('99999:99999:99999:99999:99999')
standby = Image('00000:00000:00300:00000:00000')   # a dim dot: "I am watching"

light_on = False
last_seen = 0           # when someone last moved (running_time)


def someone_moved():
    if pin1.read_digital() == 1:
        return True
    if accelerometer.was_gesture('shake'):
        return True
    return False


display.show(standby)
while True:
    if someone_moved():
        last_seen = running_time()
        if not light_on:
            light_on = True
            display.show(lamp)
            pin0.write_digital(1)
            print(running_time(), 'someone is here: light on')
    if light_on and running_time() - last_seen > keep_on:
        light_on = False
        display.show(standby)
        pin0.write_digital(0)
        print(running_time(), 'nobody for a while: light off')
    sleep(100)
