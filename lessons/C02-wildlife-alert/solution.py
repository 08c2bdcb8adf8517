# 獣害おしらせ (Wildlife alert) - the field unit, ESP32
# PIR on GPIO27, buzzer on GPIO25. When an animal comes: beep to scare it and send ONE alert
# to the club's broker, however long it stays. Every 10 s: a heartbeat, "I am still here",
# so the house unit can tell when this unit has stopped (flat battery, no Wi-Fi...).
import network
import time
from machine import Pin, PWM
from umqtt.simple import MQTTClient

SSID = "classroom"
PASSWORD = "terakoya"
BROKER = "terakoya.local"
NAME = "field1"           # this unit's name (the house listens to club/+/alert)
QUIET_MS = 30000          # no movement for 30 s: the visit is over
HEARTBEAT_MS = 10000      # "I am still here" every 10 s

pir = Pin(27, Pin.IN)
buzzer = PWM(Pin(25), freq=2000, duty_u16=0)
client = None


def join_wifi():
    wlan = network.WLAN(network.STA_IF)
    wlan.active(True)
    wlan.connect(SSID, PASSWORD)
    while not wlan.isconnected():
        time.sleep_ms(200)


def send(what, text):
    # publish club/<NAME>/<what>; if the broker cannot be reached, try again next time
    global client
    try:
        if client is None:
            client = MQTTClient(NAME, BROKER)
            client.connect()
        client.publish("club/%s/%s" % (NAME, what), text)
        return True
    except OSError as error:
        print("broker not reachable:", error)
        client = None
        return False


def beep():
    for pitch in (2000, 3000, 2000):
        buzzer.freq(pitch)
        buzzer.duty_u16(32768)
        time.sleep_ms(200)
    buzzer.duty_u16(0)


join_wifi()
print("field unit", NAME, "watching")
visiting = False
last_motion = time.ticks_ms()
last_beat = time.ticks_add(last_motion, -HEARTBEAT_MS)
while True:
    now = time.ticks_ms()
    if pir.value() == 1:
        last_motion = now
        if not visiting:
            visiting = True
            print("animal! alert sent" if send("alert", "animal") else "animal! (not sent)")
            beep()
    elif visiting and time.ticks_diff(now, last_motion) >= QUIET_MS:
        visiting = False
        print("the visit is over")
    if time.ticks_diff(now, last_beat) >= HEARTBEAT_MS:
        last_beat = now
        send("heartbeat", "alive")
    time.sleep_ms(100)
