# Sound effects board for a class play: A fires a laser, B plays a happy sound,
# and touching the logo plays a wobbly spaceship sound. Shake mutes the speaker.
from microbit import *
import audio

set_volume(160)
speaker.on()
laser = audio.SoundEffect(freq_start=1600, freq_end=200, duration=300,
                          waveform=audio.SoundEffect.WAVEFORM_SQUARE,
                          shape=audio.SoundEffect.SHAPE_LOG)
spaceship = laser.copy()
spaceship.freq_start = 300
spaceship.freq_end = 600
spaceship.duration = 800
spaceship.fx = audio.SoundEffect.FX_WARBLE
display.show(Image.PITCHFORK)

while True:
    if button_a.was_pressed():
        audio.play(laser)
        print('pew!')
    if button_b.was_pressed():
        audio.play(Sound.HAPPY)
        print('yay!')
    if pin_logo.is_touched():
        audio.play(spaceship)
        print('whoosh')
    if accelerometer.was_gesture('shake'):
        speaker.off()
        display.show(Image.ASLEEP)
        print('muted')
    sleep(50)
