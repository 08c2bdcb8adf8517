# Night light: the darker the room, the brighter the LED (PWM). The LDR module reads
# higher when it is dark.
from machine import Pin, ADC, PWM
import time

ldr = ADC(Pin(35), atten=ADC.ATTN_11DB)
lamp = PWM(Pin(23), freq=1000, duty_u16=0)
for i in range(8):
    darkness = ldr.read_u16()  # 0 (bright) .. 65535 (dark)
    level = 0
    if darkness > 30000:
        level = min(65535, (darkness - 30000) * 2)
    lamp.duty_u16(level)
    print("ldr %d mV -> lamp %d%%" % (ldr.read_uv() // 1000, level * 100 // 65535))
    time.sleep(1)
