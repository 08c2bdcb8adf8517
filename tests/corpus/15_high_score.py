# Button-mash game with a saved high score: press A as often as you can in 3 seconds.
# The best score is kept in a file, so it is still there after switching off.
from microbit import *


def load_best():
    try:
        with open('best.txt') as f:
            return int(f.read())
    except OSError:
        return 0


def save_best(score):
    with open('best.txt', 'w') as f:
        f.write(str(score))


best = load_best()
print('High score:', best)
display.scroll('GO', delay=60)
button_a.get_presses()
sleep(3000)
score = button_a.get_presses()
print('You scored', score)
if score > best:
    save_best(score)
    print('New high score!')
    display.show(Image.HAPPY)
else:
    display.show(Image.SAD)
