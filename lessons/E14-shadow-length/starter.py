# かげの長さをはかろう (E14) はじめのプログラム / Measure the shadow: starter
# 日なたなら たいよう、日かげなら かげの 絵を 出します。
# It shows a sun in the sunshine and a shadow picture in the shade.
from microbit import *

SUN = Image("90909:09990:99999:09990:90909")    # 日なた / sunshine
SHADE = Image("00000:00000:09990:99999:00000")  # 日かげ / shade
BORDER = 100  # これより 明るいと 日なた / brighter than this: sunshine

display.read_light_level()  # 1回目は 0 なので 先に 読んでおく / the first reading is 0

# TODO: 1分ごとに 明るさを きろく（log）しよう / log the light level every minute

while True:
    if display.read_light_level() > BORDER:
        display.show(SUN)
    else:
        display.show(SHADE)
    sleep(1000)
