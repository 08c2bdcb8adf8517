# Times-table practice in the serial terminal: answer each question and press Enter.
# Type q to stop and see your score.
from microbit import *
import random
import sys

score = 0
while True:
    a = random.randint(2, 9)
    b = random.randint(2, 9)
    reply = input('What is %d x %d? ' % (a, b))
    if reply == 'q':
        print('You scored', score)
        display.scroll(score)
        sys.exit()
    try:
        answer = int(reply)
    except ValueError as error:
        sys.print_exception(error)
        print('Please type a number')
        continue
    if answer == a * b:
        score += 1
        print('Correct!')
        display.show(Image.YES)
    else:
        print('Not quite, it is', a * b)
        display.show(Image.NO)
