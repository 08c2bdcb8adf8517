# Data logger: write the temperature every second to /data/log.csv, then read the
# file back and work out the average.
from machine import Pin, ADC
import os
import time

sensor = ADC(Pin(36), atten=ADC.ATTN_11DB)  # an LM35-style sensor: 10 mV per degree
if "data" not in os.listdir("/"):
    os.mkdir("/data")
with open("/data/log.csv", "w") as f:
    f.write("second,celsius\n")
    for second in range(6):
        celsius = sensor.read_uv() / 10000
        f.write("%d,%.1f\n" % (second, celsius))
        time.sleep(1)
print("files in /data:", os.listdir("/data"))
print("size:", os.stat("/data/log.csv")[6], "bytes")
total = 0
rows = 0
with open("/data/log.csv") as f:
    print("header:", f.readline().strip())
    for line in f:
        second, celsius = line.strip().split(",")
        total += float(celsius)
        rows += 1
print("rows:", rows, "average: %.1f C" % (total / rows))
os.rename("/data/log.csv", "/data/old.csv")
print("after rename:", sorted(os.listdir("/data")))
