# L02 センサーデータでわかること / What sensor data tells (solution)
# 1 分ごとに測りますが、記録するのは 1 時間の平均だけです。
# 電気をつけた・消した時刻のような、くわしすぎることは残しません。
# It measures every minute but logs only each hour's average: nothing as detailed as the
# minute the light went on or off is kept.
# シミュレーターでは G キーで表とグラフ。/ In the simulator, G shows the table and graph.
from microbit import *
import log

SAMPLE_MS = 60 * 1000     # 1 分ごとに測る / measure every minute
HOUR = 60 * 60 * 1000     # 1 時間ごとに平均だけ記録 / log one average an hour

log.set_labels("light", "temperature", timestamp=log.HOURS)
log.set_mirroring(True)  # 記録をシリアルにも出す / also print each row
display.read_light_level()  # 1 回目は 0 になるので先に読んでおく / the first reading is 0
display.show(Image.DIAMOND_SMALL)

light_sum = 0
temperature_sum = 0
count = 0
hour_started = running_time()
while True:
    light_sum += display.read_light_level()
    temperature_sum += temperature()
    count += 1
    sleep(SAMPLE_MS)
    if running_time() - hour_started >= HOUR:
        log.add(light=light_sum // count, temperature=round(temperature_sum / count, 1))
        light_sum = 0
        temperature_sum = 0
        count = 0
        hour_started += HOUR
