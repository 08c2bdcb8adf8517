# おはやしのリズム / Festival rhythm
# A: きほんのリズム、B: にぎやかなリズム（4回くりかえすごとに切りかわります）
# A: the basic rhythm, B: the lively rhythm (it changes after each 4 repeats)
from microbit import *
import music

music.set_tempo(bpm=120)  # 1拍 = 4 tick、1 tick = 0.125 秒 / 1 beat = 4 ticks

DON = 'C3:2'   # ドン（太鼓のまん中を強く）/ a deep drum hit
DO = 'C3:1'    # ド（短いドン）/ a short deep hit
KO = 'E3:1'    # コ（軽く）/ a light hit
KA = 'G5:1'    # カッ（太鼓のふち）/ the drum's rim
SU = 'R:1'     # ス（休み）/ a rest

basic = [DON, DON, KA, KA, DON]          # ドン ドン カッ カッ ドン（8 tick）
lively = [DO, KO, DON, KA, SU, KA, KA]   # ドコ ドン カッ ス カッ カッ（8 tick）

rhythm = basic
display.show('A')
while True:
    if button_a.was_pressed():
        rhythm = basic
        display.show('A')
    if button_b.was_pressed():
        rhythm = lively
        display.show('B')
    for i in range(4):
        music.play(rhythm)
