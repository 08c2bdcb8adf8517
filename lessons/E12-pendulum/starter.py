# ふりこのきまり (E12) はじめのプログラム / The pendulum's rule: starter
# micro:bit をふりこのおもりにします。いちばん下を通るたびに数えます。
# The micro:bit is the pendulum's bob. It counts each time it goes through the bottom.
# いちばん下を通るとき、糸が micro:bit を強く引っぱります（ブランコのいちばん下と同じ）。
# At the bottom of each swing the string pulls harder (as on a playground swing).
from microbit import *

HIGH = 1045  # これより強いと「いちばん下」 / stronger than this: at the bottom
LOW = 1012   # これより弱いと「はし」 / weaker than this: near an end

passes = 0       # いちばん下を通った回数 / times through the bottom
ready = False    # はしに行ったか / has it been near an end since the last pass?
display.show(Image.DIAMOND_SMALL)

while True:
    strength = accelerometer.get_strength()
    if strength < LOW:
        ready = True
    if ready and strength > HIGH:   # いちばん下を通った / through the bottom
        ready = False
        passes = passes + 1
        display.show(passes % 10, wait=False)
        # TODO: 1 往復は何回通ったとき？ 10 往復の時間をはかって print しよう
        # TODO: how many passes make one swing? Time 10 swings and print it
    sleep(5)
