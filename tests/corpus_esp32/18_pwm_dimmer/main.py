# PWM dimmer: turn the knob to dim the LED; the lamp's brightness follows it.
from machine import Pin, ADC, PWM
import time

knob = ADC(Pin(33))
knob.atten(ADC.ATTN_11DB)
knob.width(ADC.WIDTH_12BIT)
lamp = PWM(Pin(16))
lamp.freq(5000)
last = -1
for i in range(40):
    value = knob.read()
    duty = value * 1023 // 4095
    lamp.duty(duty)
    percent = duty * 100 // 1023
    if abs(percent - last) >= 5:
        print("knob %4d -> duty %4d (%d%%)" % (value, lamp.duty(), percent))
        last = percent
    time.sleep_ms(200)
print("freq", lamp.freq())
