# Regular polygons with an LED turtle / LEDタートルで 正多角形
# Button A: choose the number of sides (3 to 8).
# Button B: the turtle draws the polygon, prints each corner (to plot on the worksheet's
# grid, where a pentagon and a heptagon can be told apart) and shows a tick if it closed.
from microbit import *
import math

# --- the turtle / タートル -------------------------------------------
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


# --- the polygon / 正多角形 -------------------------------------------
def polygon(n, side):
    for i in range(n):
        forward(side)
        left(360 / n)


# a side length that fits on the 5x5 LEDs, for each number of sides
sizes = {3: 4, 4: 4, 5: 2.4, 6: 2, 7: 1.7, 8: 1.5}
n = 3
display.show(n)
while True:
    if button_a.was_pressed():
        n = n + 1
        if n > 8:
            n = 3
        display.show(n)
    if button_b.was_pressed():
        side = sizes[n]
        print('sides', n, 'turn', 360 / n)
        start(-side / 2, -2)
        polygon(n, side)
        home()
    sleep(100)
