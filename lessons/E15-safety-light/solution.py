# ぼくらの交通安全ライト (E15) / Our road-safety light
# 夕方に暗くなると、ゆっくり点めつして、車から見つけてもらいやすくします。
# At dusk it blinks slowly so that drivers can see you.
# 0 番ピンに LED モジュールをつなぐと、もっと明るく光ります（なくてもよい）。
# An LED module on pin 0 makes it brighter (optional).
from microbit import *

ON = Image("99999:99999:99999:99999:99999")
DARK = 60       # これより暗いと夕方 / darker than this: dusk
BLINK_MS = 500  # 0.5 秒つき、0.5 秒消える（1秒に1回） / on 0.5 s, off 0.5 s: once a second
# BLINK_MS は 170 より小さくしない: 1秒に3回より多い点めつは、見る人の体に悪いことがある
# Never below 170: flashing more than 3 times a second can make people unwell

display.read_light_level()  # 1回目は 0 なので先に読んでおく / the first reading is 0

while True:
    if display.read_light_level() < DARK:  # 消えているときにはかる / measured while off
        display.show(ON)
        pin0.write_digital(1)
        sleep(BLINK_MS)
        display.clear()
        pin0.write_digital(0)
        sleep(BLINK_MS)
    else:
        display.clear()          # 明るいうちは消して電池を節約 / off in daylight: saves battery
        pin0.write_digital(0)
        sleep(500)
