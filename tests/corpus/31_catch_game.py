# Catch the falling star: move the basket with A (left) and B (right)
# and catch the stars as they fall. Three misses and the game is over.
from microbit import *
import random

basket = 2
score = 0
misses = 0
while misses < 3:
    x = random.randint(0, 4)
    for y in range(5):
        if button_a.was_pressed() and basket > 0:
            basket -= 1
        if button_b.was_pressed() and basket < 4:
            basket += 1
        display.clear()
        display.set_pixel(basket, 4, 5)
        display.set_pixel(x, y, 9)
        sleep(150)
    if x == basket:
        score += 1
        print('caught! score', score)
    else:
        misses += 1
        print('missed', misses)
print('Game over, score', score)
display.scroll(score)
