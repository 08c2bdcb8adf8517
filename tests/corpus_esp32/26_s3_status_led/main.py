# ESP32-S3 DevKitC-1: the RGB LED on GPIO48 shows the state of a knob on GPIO1
# (green low, yellow middle, red high), and the board says who it is.
import sys
import os
import machine
from machine import Pin, ADC
from neopixel import NeoPixel
import time

print(sys.platform, os.uname().machine)
print("CPU", machine.freq() // 1000000, "MHz")
status = NeoPixel(Pin(48, Pin.OUT), 1)
knob = ADC(Pin(1), atten=ADC.ATTN_11DB)
last = None
for i in range(30):
    percent = knob.read_u16() * 100 // 65535
    if percent < 40:
        colour, name = (0, 30, 0), "green"
    elif percent < 70:
        colour, name = (30, 30, 0), "yellow"
    else:
        colour, name = (30, 0, 0), "red"
    if name != last:
        status[0] = colour
        status.write()
        print("knob %d%% -> %s" % (percent, name))
        last = name
    time.sleep_ms(200)
