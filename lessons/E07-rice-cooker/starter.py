# 自動炊飯器のひみつ / Inside the rice cooker
# 状態: 0 まつ → 1 ひたす → 2 加熱 → 3 ふっとう → 4 むらす → 5 保温
# States: 0 wait -> 1 soak -> 2 heat -> 3 boil -> 4 steam -> 5 keep warm
# ヒーターのかわりに pin0 の LED が光ります。 / An LED on pin 0 stands for the heater.
from microbit import *

BOIL = 30         # これ以上なら「ふっとうした」/ boiling from here
SOAK_MS = 5000    # ひたす時間 / soaking time

state = 0
start = 0


def change(new_state):
    global state, start
    state = new_state
    start = running_time()
    display.show(state)
    print('state', state)


change(0)
while True:
    t = temperature()
    passed = running_time() - start
    heater = False
    if state == 0:
        if button_a.was_pressed():
            change(1)
    elif state == 1:
        if passed >= SOAK_MS:
            change(2)
    elif state == 2:
        heater = True
        # ここに「ふっとうしたら 3 へ」を書きます / Add: when it boils, go to 3
    if heater:
        pin0.write_digital(1)
    else:
        pin0.write_digital(0)
    sleep(100)
