# JSON status: the board reports its sensors and settings as JSON (as a web page would),
# and keeps its settings in settings.json.
from machine import Pin, ADC
import json
import time

led = Pin(2, Pin.OUT)
pot = ADC(Pin(32), atten=ADC.ATTN_11DB)
try:
    with open("settings.json") as f:
        settings = json.load(f)
    print("loaded settings")
except OSError:
    settings = {"name": "club-esp32", "threshold": 50}
    print("new settings")
for i in range(3):
    percent = pot.read() * 100 // 4095
    led.value(percent > settings["threshold"])
    status = {"name": settings["name"], "knob": percent, "led": bool(led.value()),
              "uptime_s": time.ticks_ms() // 1000}
    print(json.dumps(status))
    time.sleep(1)
settings["threshold"] = 75
with open("settings.json", "w") as f:
    json.dump(settings, f)
with open("settings.json") as f:
    print("saved:", f.read())
back = json.loads('{"knob": 80, "tags": ["a", "b"], "ok": true, "none": null}')
print(back["tags"], back["ok"], back["none"])
