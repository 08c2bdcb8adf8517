# 獣害おしらせ (Wildlife alert) - the house unit, ESP32 (run it on a second board)
# Red light (GPIO2) and a chime (GPIO25) when a field unit sends an alert; BOOT turns the red
# light off. Green light (GPIO4) while heartbeats come; when none has come for 35 s the green
# light goes out and it says so: the field unit is not watching any more.
import time

import network
from machine import PWM, Pin
from umqtt.simple import MQTTClient

SSID = "classroom"
PASSWORD = "terakoya"
BROKER = "terakoya.local"
NAME = "house1"
LOST_MS = 35000           # three heartbeats missed, and a little more

alarm = Pin(2, Pin.OUT, value=0)
link = Pin(4, Pin.OUT, value=0)
chime = PWM(Pin(25), freq=880, duty_u16=0)
clear = Pin(0, Pin.IN, Pin.PULL_UP)
last_beat = None


def ring():
    for pitch in (880, 660, 880, 660):
        chime.freq(pitch)
        chime.duty_u16(20000)
        time.sleep_ms(250)
    chime.duty_u16(0)


def heard(topic, message):
    global last_beat
    words = topic.decode().split("/")
    if words[-1] == "heartbeat":
        last_beat = time.ticks_ms()
    elif words[-1] == "alert":
        print("ALERT from", words[1], ":", message.decode())
        alarm.on()
        ring()


wlan = network.WLAN(network.STA_IF)
wlan.active(True)
wlan.connect(SSID, PASSWORD)
while not wlan.isconnected():
    time.sleep_ms(200)
client = MQTTClient(NAME, BROKER)
client.set_callback(heard)
client.connect()
client.subscribe(b"club/+/alert")
client.subscribe(b"club/+/heartbeat")
print("house unit: waiting for the field unit")
watching = False
while True:
    client.check_msg()
    if clear.value() == 0:
        alarm.off()
    now_ok = last_beat is not None and time.ticks_diff(time.ticks_ms(), last_beat) < LOST_MS
    if now_ok != watching:
        watching = now_ok
        link.value(1 if watching else 0)
        print("field unit OK" if watching else
              "NO HEARTBEAT: the field unit is not watching (battery? Wi-Fi?)")
    time.sleep_ms(100)
