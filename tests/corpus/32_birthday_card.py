# Birthday card: plays Happy Birthday while the candle on the cake flickers,
# then scrolls a message. A plays a little fanfare, B stops the music.
from microbit import *
import music

cake = Image('00900:00900:99999:90909:99999')
flicker = Image('00000:00900:99999:90909:99999')
fanfare = ['C4:2', 'E', 'G', 'C5:4']

music.set_tempo(bpm=200)
music.play(music.BIRTHDAY, wait=False)
for i in range(6):
    display.show(cake)
    sleep(150)
    display.show(flicker)
    sleep(150)
print('Happy birthday, Ken!')
display.scroll('Hooray!', delay=50)

while True:
    if button_a.was_pressed():
        music.play(fanfare)
        print('ta-da!')
    if button_b.was_pressed():
        music.stop()
        music.reset()
    display.show(cake)
    sleep(100)
