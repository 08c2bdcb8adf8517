# ふりこのきまり (E12) / The pendulum's rule
# micro:bit をふりこのおもりにして、10 往復の時間をはかります。
# The micro:bit is the pendulum's bob; it times 10 swings (there and back).
# いちばん下を通るとき、糸が micro:bit を強く引っぱります（ブランコのいちばん下と同じ）。
# At the bottom of each swing the string pulls harder (as on a playground swing).
from microbit import *

HIGH = 1045  # これより強いと「いちばん下」 / stronger than this: at the bottom
LOW = 1012   # これより弱いと「はし」 / weaker than this: near an end

passes = 0       # いちばん下を通った回数 / times through the bottom
start = 0        # 1 回目に通った時刻 / time of the first pass (ms)
ready = False    # はしに行ったか / has it been near an end since the last pass?
seconds = 0      # 前にはかった時間 / the last time measured
display.show(Image.DIAMOND_SMALL)

while True:
    strength = accelerometer.get_strength()
    if strength < LOW:
        ready = True
    if ready and strength > HIGH:   # いちばん下を通った / through the bottom
        ready = False
        if passes == 0:
            start = running_time()
        passes = passes + 1
        swings = (passes - 1) // 2  # 2 回通ると 1 往復 / two passes make one swing
        display.show(swings % 10, wait=False)
        if swings == 10:
            seconds = (running_time() - start) / 1000
            print("10 swings:", seconds)
            display.scroll(seconds)
            passes = 0
    if button_a.was_pressed():      # もう一度はかる / measure again
        passes = 0
        display.show(Image.DIAMOND_SMALL)
    if button_b.was_pressed():      # 前の結果をもう一度 / show the last result again
        display.scroll(seconds)
    sleep(5)
