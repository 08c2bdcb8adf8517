# 気温と明るさの記録係 / Temperature and light logger
# 10 秒ごとに温度と明るさを記録します。シミュレーターでは G キーで表とグラフが見られます。
# Every 10 seconds it logs the temperature and the light level.
# In the simulator, press G to see the table and the graph.
from microbit import *
import log

log.set_labels('temperature', 'light', timestamp=log.SECONDS)
log.set_mirroring(True)  # 記録をシリアルにも出す / also print each row
count = 0
display.read_light_level()  # 1回目は 0 になるので先に読んでおく / the first reading is 0


@run_every(s=10)
def record():
    global count
    log.add(temperature=temperature(), light=display.read_light_level())
    count = count + 1


display.show(Image.DIAMOND_SMALL)
while True:
    if button_a.was_pressed():
        display.scroll(count)          # 何回記録したか / how many rows so far
        display.show(Image.DIAMOND_SMALL)
    if button_b.was_pressed():
        display.scroll(temperature())  # 今の温度 / the temperature now
        display.show(Image.DIAMOND_SMALL)
    sleep(100)
