# Metronome without sleep(): the loop watches the clock itself (busy waiting), so it
# could do other work between beats. 120 beats a minute, 8 beats.
from machine import Pin
import time

led = Pin(2, Pin.OUT)
BEAT_MS = 500
next_beat = time.ticks_add(time.ticks_ms(), BEAT_MS)
for beat in range(1, 9):
    while time.ticks_diff(next_beat, time.ticks_ms()) > 0:
        pass  # waiting for the beat
    next_beat = time.ticks_add(next_beat, BEAT_MS)
    led.value(beat % 2)
    print("tick" if beat % 4 else "TOCK", beat)
print("done")
