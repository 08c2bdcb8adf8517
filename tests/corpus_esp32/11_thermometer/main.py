# Thermometer: a DS18B20 on a 1-Wire bus (GPIO4, 4.7 kOhm pull-up), every second.
from machine import Pin
import onewire
import ds18x20
import time

bus = ds18x20.DS18X20(onewire.OneWire(Pin(4)))
roms = bus.scan()
print("sensors found:", len(roms))
print("rom:", "".join("%02x" % b for b in roms[0])[:2])
lowest = highest = None
for i in range(6):
    bus.convert_temp()
    time.sleep_ms(750)
    t = bus.read_temp(roms[0])
    lowest = t if lowest is None else min(lowest, t)
    highest = t if highest is None else max(highest, t)
    print("%.2f C" % t)
    time.sleep_ms(250)
print("min %.2f max %.2f" % (lowest, highest))
