# 暑くなったら回る扇風機 / A fan that starts when it gets hot
# モーターはドライバー（トランジスタの基板）を通して pin0 につなぎます。
# The motor is wired to pin 0 through a motor driver (a transistor board).
from microbit import *

# 1. まずは手で動かす: A でモーターを回す、B で止める
#    First by hand: A starts the motor, B stops it.
while True:
    if button_a.was_pressed():
        pin0.write_digital(1)
        display.show(Image.ARROW_E)
    if button_b.was_pressed():
        pin0.write_digital(0)
        display.show(Image.ASLEEP)
    # 2. ここに温度を調べるプログラムを書きます
    #    Step 2: write the temperature check here.
    sleep(100)
