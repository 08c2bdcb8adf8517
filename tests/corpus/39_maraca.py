# Maraca: shake to play a rattle. Hold the micro:bit tilted left for a low rattle,
# tilted right for a high one. A prints the gestures seen so far.
from microbit import *
import audio

rattle = audio.SoundEffect(freq_start=3000, freq_end=2000, duration=120,
                           vol_start=200, vol_end=0,
                           waveform=audio.SoundEffect.WAVEFORM_NOISE)
shakes = 0

while True:
    if accelerometer.is_gesture('left'):
        rattle.freq_start = 1500
    elif accelerometer.is_gesture('right'):
        rattle.freq_start = 4000
    if accelerometer.was_gesture('shake'):
        shakes += 1
        display.show(Image.DIAMOND)
        audio.play(rattle)
        display.show(Image.DIAMOND_SMALL)
        print('shake', shakes, 'at', rattle.freq_start, 'Hz,', accelerometer.current_gesture())
    if button_a.was_pressed():
        print('gestures:', accelerometer.get_gestures())
    sleep(20)
