# 孫へのメッセージ表示 (R01) はじめのプログラム / Message board: starter
# A ボタンを押すと、ことばが右から左へ流れます。
# Press button A and the words move across the lights.
# "GENKI?" を、お孫さんに送りたいことばに変えてみましょう(ローマ字か英語で)。
# Change "GENKI?" to your own words for your grandchild (in rōmaji or English).
from microbit import *

display.show(Image.HEART)

while True:
    if button_a.was_pressed():
        display.scroll("GENKI?", delay=180)
        display.show(Image.HEART)
    sleep(50)
