# R07 見守り電球 / The watch-over lamp (starter)
# スイッチを押すと電気がついたり消えたりします。そのたびに、家族に MQTT で知らせます。
# Press the switch to turn the lamp on or off; each time, the family is told over MQTT.
# これでは、家族（とブローカーをのぞく人）に、電気をつけた・消した時刻が全部わかります。
# This tells the family (and anyone peeking at the broker) every minute the lamp is used.
import binascii
import machine
import network
import time
from machine import Pin
from umqtt.simple import MQTTClient

TOPIC = b"mimamori/family-k3/lamp"  # 家族で決めた名前（名前や住所は入れない）

lamp = Pin(2, Pin.OUT)
switch = Pin(4, Pin.IN, Pin.PULL_UP)

wlan = network.WLAN(network.STA_IF)
wlan.active(True)
wlan.connect("classroom", "terakoya")
while not wlan.isconnected():
    time.sleep_ms(100)

client = MQTTClient(b"lamp-" + binascii.hexlify(machine.unique_id()), "broker.local")
client.connect()
print("ready")

was = 1
while True:
    pressed = switch.value()
    if was == 1 and pressed == 0:  # the switch was just pressed
        lamp.value(not lamp.value())
        state = b"on" if lamp.value() else b"off"
        client.publish(TOPIC, state)
        print("told the family:", state)
    was = pressed
    time.sleep_ms(50)
