# Regular polygons with an LED turtle / LEDタートルで 正多角形
# The turtle part is ready. Write your program at the bottom.
# タートルの ぶぶんは できています。いちばん 下に プログラムを かきましょう。
from microbit import *
import math

# --- the turtle / タートル (no need to change) ------------------------
# It walks on the 5x5 LEDs and lights every LED it passes.
# The middle LED is (0, 0); right is +x, up is +y; the edges are -2 and 2.
x = 0.0
y = 0.0
heading = 0.0    # 0 = right, 90 = up (degrees)
home_x = 0.0     # where it started / スタートした場所
home_y = 0.0


def start(start_x, start_y):
    global x, y, heading, home_x, home_y
    x = float(start_x)
    y = float(start_y)
    home_x = start_x
    home_y = start_y
    heading = 0.0
    print('start', round(x, 1), round(y, 1))
    display.clear()
    light()


def nearest(v):
    # the nearest whole number; a half goes away from the middle
    if v < 0:
        return -int(-v + 0.5)
    return int(v + 0.5)


def light():
    col = 2 + nearest(x)
    row = 2 - nearest(y)
    if 0 <= col <= 4 and 0 <= row <= 4:
        display.set_pixel(col, row, 9)


def forward(length):
    global x, y
    steps = max(1, int(length * 4 + 0.5))
    for i in range(steps):
        x = round(x + math.cos(math.radians(heading)) * length / steps, 3)
        y = round(y + math.sin(math.radians(heading)) * length / steps, 3)
        light()
        sleep(60)
    # where this side ends: plot it on the worksheet's grid / ワークシートの方眼に点をうとう
    print('corner', round(x, 1), round(y, 1))


def left(angle):
    global heading
    heading = (heading + angle) % 360


def home():
    # Back where it started, facing the same way? A tick if yes, a cross if not.
    # スタートの場所に、同じ向きで もどった？ もどったら チェック、ちがったら バツ。
    closed = (abs(x - home_x) < 0.05 and abs(y - home_y) < 0.05
              and min(heading, 360 - heading) < 0.5)
    print('closed' if closed else 'not closed')
    sleep(1500)
    display.show(Image.YES if closed else Image.NO)


# --- your program / あなたの プログラム ---------------------------------
start(-2, -2)      # the bottom-left corner / 左下の かど
forward(4)
left(90)
# Finish the square: 3 more sides. / のこり 3つの 辺を かこう。
home()             # did it close? a tick or a cross / とじたかな？
