# ぼくらの交通安全ライト (E15) はじめのプログラム / Our road-safety light: starter
# 今は、昼も夜もずっとついたままです。
# For now it is always on, day and night.
from microbit import *

ON = Image("99999:99999:99999:99999:99999")
DARK = 60       # これより暗いと夕方 / darker than this: dusk

display.read_light_level()  # 1回目は 0 なので先に読んでおく / the first reading is 0

while True:
    display.show(ON)
    # TODO: 暗いときだけ、1秒に3回より少なく点めつさせよう
    # TODO: only when it is dark, blink (fewer than 3 times a second)
    sleep(500)
