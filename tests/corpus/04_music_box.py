# Music box: press A to hear Ode to Joy, press B to hear a scale going up.
from microbit import *
import music

music.set_tempo(bpm=240)
bpm, ticks = music.get_tempo()
print('tempo:', bpm, 'beats a minute,', ticks, 'ticks a beat')
scale_notes = ['C4:2', 'D', 'E', 'F', 'G', 'A', 'B', 'C5:4']
display.show(Image.MUSIC_QUAVERS)

while True:
    if button_a.was_pressed():
        display.show(Image.MUSIC_CROTCHET)
        music.play(music.ODE)
        print('played Ode to Joy')
        display.show(Image.MUSIC_QUAVERS)
    if button_b.was_pressed():
        display.show(Image.MUSIC_QUAVER)
        music.play(scale_notes)
        print('played the scale')
        display.show(Image.MUSIC_QUAVERS)
    sleep(50)
