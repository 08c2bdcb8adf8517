# Morse code key: a short press of A is a dot, a long press is a dash.
# Press B to turn the dots and dashes into a letter.
from microbit import *

CODE = {'.-': 'A', '-...': 'B', '-.-.': 'C', '-..': 'D', '.': 'E', '...': 'S',
        '---': 'O', '-': 'T', '..': 'I', '--': 'M', '.--': 'W', '..-': 'U'}
signal = ''

while True:
    if button_a.is_pressed():
        start = running_time()
        while button_a.is_pressed():
            sleep(10)
        held = running_time() - start
        signal += '.' if held < 300 else '-'
        display.show(Image('00000:00000:00900:00000:00000') if held < 300 else
                     Image('00000:00000:99999:00000:00000'))
        print('signal so far:', signal)
    if button_b.was_pressed():
        letter = CODE.get(signal, '?')
        print(signal, '=', letter)
        display.show(letter)
        signal = ''
    sleep(10)
