# 自動炊飯器のひみつ / Inside the rice cooker
# 状態: 0 まつ → 1 ひたす → 2 加熱 → 3 ふっとう → 4 むらす → 5 保温
# States: 0 wait -> 1 soak -> 2 heat -> 3 boil -> 4 steam -> 5 keep warm
# ヒーターのかわりに pin0 の LED が光ります。 / An LED on pin 0 stands for the heater.
# 温度はモデルの数です（30 で ふっとう、40 で 水がなくなった、とみなします）。
# The temperatures are a model: 30 counts as boiling, 40 as "the water is gone".
from microbit import *

BOIL = 30         # これ以上なら「ふっとうした」/ boiling from here
DRY = 40          # これ以上なら「水がなくなった」/ the pot is dry from here
WARM = 25         # 保温: これより低いとヒーターをつける / keep warm below this
SOAK_MS = 5000    # ひたす時間（本物は 30 分くらい）/ soaking (about 30 min for real)
STEAM_MS = 5000   # むらす時間（本物は 10 分くらい）/ steaming (about 10 min for real)
NAMES = ['wait', 'soak', 'heat', 'boil', 'steam', 'keep warm']

state = 0
start = 0


def change(new_state):
    global state, start
    state = new_state
    start = running_time()
    display.show(state)
    print('state', state, NAMES[state])


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
        if t >= BOIL:
            change(3)
    elif state == 3:
        heater = True
        if t >= DRY:
            change(4)
    elif state == 4:
        if passed >= STEAM_MS:
            change(5)
    elif state == 5:
        heater = t < WARM
    if button_b.was_pressed():
        heater = False
        change(0)
    if heater:
        pin0.write_digital(1)
    else:
        pin0.write_digital(0)
    sleep(100)
