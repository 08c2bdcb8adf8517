# おはやしのリズム / Festival rhythm
from microbit import *
import music

music.set_tempo(bpm=120)  # 1拍 = 4 tick、1 tick = 0.125 秒 / 1 beat = 4 ticks

DON = 'C3:2'   # ドン（太鼓のまん中を強く）/ a deep drum hit
KA = 'G5:1'    # カッ（太鼓のふち）/ the drum's rim
SU = 'R:1'     # ス（休み）/ a rest

basic = [DON, DON, KA, KA, DON]   # ドン ドン カッ カッ ドン

display.show('A')
music.play(basic)   # 1回だけ鳴らします。くりかえすには？ / Plays once. How to repeat it?
