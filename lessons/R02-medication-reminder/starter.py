# お薬の時間ですよ (R02) はじめのプログラム / Medication reminder: starter
# 医療機器ではありません。思い出すための お手伝いです。 / Not a medical device.
# スイッチを入れてから 1 分たつと、お薬の絵が出て、10 秒ごとに音が鳴ります。
# One minute after switching on, a pill appears and a chime plays every 10 seconds.
# 次は、A ボタンで「飲みました」と知らせて、音を止められるようにします。
# Next, you will make button A say "I have taken it" and stop the chime.
from microbit import *
import music

INTERVAL = 60 * 1000  # 1 分 = 60 × 1000 ミリ秒 / one minute in milliseconds
PILL = Image("00000:05990:55999:05990:00000")
CHIME = ["E5:4", "C5:4", "E5:4", "C5:8"]

start = running_time()
display.show(Image.ASLEEP)

while True:
    if running_time() - start >= INTERVAL:
        display.show(PILL)
        music.play(CHIME)
        sleep(10000)
    sleep(100)
