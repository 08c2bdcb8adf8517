# L02 センサーデータでわかること / What sensor data tells (starter)
# 部屋の明るさと温度を 1 分ごとに記録します。シミュレーターでは G キーで表とグラフ。
# The room's light and temperature, logged every minute. In the simulator, G shows the
# table and the graph.
# 1 日分たまると、この記録から何がわかるでしょう？ 部屋にいた人のことまで、わかりませんか？
# After a day, what does this log tell? Does it tell about the people in the room, too?
from microbit import *
import log

SAMPLE_MS = 60 * 1000  # 1 分ごとに測る / measure every minute

log.set_labels("light", "temperature", timestamp=log.HOURS)
log.set_mirroring(True)  # 記録をシリアルにも出す / also print each row
display.read_light_level()  # 1 回目は 0 になるので先に読んでおく / the first reading is 0
display.show(Image.DIAMOND_SMALL)

while True:
    log.add(light=display.read_light_level(), temperature=temperature())
    sleep(SAMPLE_MS)
