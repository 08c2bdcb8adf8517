# Talking greeter: press A and the micro:bit says hello,
# press B and it sings do, re, mi.
from microbit import *
import speech

solfa = ['#115DOWWWWWW', '#103REYYYYYY', '#94MIYYYYYY']
print('"hello" in phonemes:', speech.translate('hello'))
display.show(Image.HAPPY)

while True:
    if button_a.was_pressed():
        display.show(Image.SURPRISED)
        speech.say('Hello, nice to meet you!', speed=92)
        print('said hello')
        display.show(Image.HAPPY)
    if button_b.was_pressed():
        display.show(Image.MUSIC_QUAVERS)
        for note in solfa:
            speech.sing(note, speed=100)
        print('sang do re mi')
        display.show(Image.HAPPY)
    sleep(50)
