# Plant watering: a soil moisture sensor (analog) on GPIO34; when the soil is dry the relay
# runs the pump for 2 seconds, then waits for the water to soak in.
from machine import Pin, ADC
import time

soil = ADC(Pin(34))
soil.atten(ADC.ATTN_11DB)
pump = Pin(26, Pin.OUT, value=0)
DRY = 2500  # raw reading (0..4095): dry soil reads high
waterings = 0
for i in range(7):
    moisture = soil.read()
    if moisture > DRY:
        print("reading %d: dry, watering" % moisture)
        pump.value(1)
        time.sleep(2)
        pump.value(0)
        waterings += 1
    else:
        print("reading %d: ok" % moisture)
    time.sleep(1)
print("watered", waterings, "times")
