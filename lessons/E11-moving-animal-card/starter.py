# うごく どうぶつカード (E11) / Moving animal card
# ① の え と ② の かず を かえて みよう。
# Change the picture (1) and the number (2).
from microbit import *

# ① どうぶつの え  9 = ひかる  0 = きえる
#    The animal: 9 = on, 0 = off
e1 = Image("00000:"
           "09090:"
           "09090:"
           "09990:"
           "09990")
e2 = e1.shift_up(1)  # ぴょん! うえに 1つ / hop: one row up

# ② はやさ  1000 = 1びょう  (300 より ちいさく しない)
#    Speed: 1000 = 1 second (never below 300)
hayasa = 1000

while True:
    display.show(e1)
    sleep(hayasa)
    display.show(e2)
    sleep(hayasa)
