# True-or-false quiz: each question scrolls round and round until you answer:
# press A for true, B for false.
# At the end it prints the score for each topic.
from microbit import *
from collections import namedtuple, OrderedDict

Question = namedtuple('Question', ('text', 'answer', 'topic'))
questions = [Question('2+2=4', True, 'maths'),
             Question('Sun=planet', False, 'science'),
             Question('3x3=6', False, 'maths')]
scores = OrderedDict()
for q in questions:
    scores[q.topic] = 0

for q in questions:
    print('Question:', q.text)
    display.scroll(q.text, delay=80, wait=False, loop=True)
    while True:
        if button_a.was_pressed():
            answer = True
            break
        if button_b.was_pressed():
            answer = False
            break
        sleep(20)
    if answer == q.answer:
        scores[q.topic] += 1
        display.show(Image.YES)
    else:
        display.show(Image.NO)
    sleep(500)

for topic, score in scores.items():
    print(topic, score)
display.show(Image.HAPPY)
