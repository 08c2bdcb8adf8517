# Regular polygons with an LED turtle / LEDタートルで 正多角形
# Button A: choose the number of sides (3 to 8).
# Button B: the turtle draws the polygon.
from microbit import *
import math

# --- the turtle / タートル -------------------------------------------
# It walks on the 5x5 LEDs and lights every LED it passes.
x = 0.0
y = 4.0
heading = 0.0    # 0 = right, 90 = up (degrees)


def start(start_x, start_y):
    global x, y, heading
    x = start_x
    y = start_y
    heading = 0.0
    display.clear()
    light()


def light():
    col = int(x + 0.45)
    row = int(y + 0.45)
    if 0 <= col <= 4 and 0 <= row <= 4:
        display.set_pixel(col, row, 9)


def forward(length):
    global x, y
    steps = max(1, int(length * 4 + 0.5))
    for i in range(steps):
        x = x + math.cos(math.radians(heading)) * length / steps
        y = y - math.sin(math.radians(heading)) * length / steps
        light()
        sleep(60)


def left(angle):
    global heading
    heading = (heading + angle) % 360


# --- the polygon / 正多角形 -------------------------------------------
def polygon(n, side):
    for i in range(n):
        forward(side)
        left(360 / n)


n = 3
display.show(n)
while True:
    if button_a.was_pressed():
        n = n + 1
        if n > 8:
            n = 3
        display.show(n)
    if button_b.was_pressed():
        side = 12 / n                  # 12 steps all the way round
        print('sides', n, 'turn', 360 / n)
        start(int((4 - side) / 2 + 0.5), 4)
        polygon(n, side)
    sleep(100)
