# Treasure hunt: press A on the micro:bit you hide and it becomes the treasure.
# The hunters' micro:bits glow brighter the stronger the treasure's signal.
from microbit import *
import radio

radio.config(group=5, power=7)
radio.on()
treasure = False
display.show(Image.ARROW_N)

while True:
    if button_a.was_pressed():
        treasure = True
        display.show(Image.DIAMOND)
        print('I am the treasure')
    if treasure:
        radio.send('treasure')
        sleep(200)
        continue
    details = radio.receive_full()
    if details:
        message, rssi, timestamp = details
        glow = min(9, max(1, scale(rssi, from_=(-100, -40), to=(1, 9))))
        display.show(Image('99999:99999:99999:99999:99999') * (glow / 9))
        print('signal', rssi, 'glow', glow)
    sleep(50)
