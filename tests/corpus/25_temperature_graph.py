# Temperature graph: reads the temperature every half second, keeps the last
# five readings in an array and draws them as bars, newest on the right.
from microbit import *
from array import array

readings = array('b', [temperature()] * 5)


def draw():
    picture = Image(5, 5)
    for x in range(5):
        height = scale(readings[x], from_=(15, 30), to=(0, 5))
        height = min(5, max(0, height))
        for y in range(height):
            picture.set_pixel(x, 4 - y, 9)
    display.show(picture)


while True:
    for i in range(4):
        readings[i] = readings[i + 1]
    readings[4] = temperature()
    draw()
    print(list(readings))
    sleep(500)
