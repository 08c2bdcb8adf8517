# 暑くなったら回る扇風機 / A fan that starts when it gets hot
# モーターはドライバー（トランジスタの基板）を通して pin0 につなぎます。
# The motor is wired to pin 0 through a motor driver (a transistor board).
from microbit import *

threshold = 26  # しきい値: この温度（℃）から回す / the fan starts at this temperature


def fan_speed(t):
    # 0 = 止める、600 = 弱、1023 = 強 / 0 = stop, 600 = low, 1023 = high
    if t >= threshold + 3:
        return 1023
    if t >= threshold:
        return 600
    return 0


while True:
    if button_a.was_pressed():
        threshold = threshold - 1
        display.scroll(threshold)
    if button_b.was_pressed():
        threshold = threshold + 1
        display.scroll(threshold)
    t = temperature()
    speed = fan_speed(t)
    pin0.write_analog(speed)
    if speed == 0:
        display.show(Image.ASLEEP)
    elif speed < 1023:
        display.show(Image.DIAMOND_SMALL)
    else:
        display.show(Image.DIAMOND)
    print(t, threshold, speed)
    sleep(1000)
