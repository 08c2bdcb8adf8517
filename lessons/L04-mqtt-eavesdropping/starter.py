# L04 MQTT をのぞき見されないために / Keep MQTT from prying eyes (starter)
# 「つながるライト」：2 つの家に同じものを置きます。どちらかのボタンを押すと、
# 教室の MQTT ブローカーを通って、2 つのライトがいっしょに 10 秒つきます。
# "Linked lamps": one in each home. Press either button and, through the class's MQTT
# broker, both lamps light together for 10 seconds.
# このままでは、ブローカーにつないだだれもが、メッセージを読めて、同じものを送れます。
# As it is, anyone on the broker can read the messages and send the same ones.
import binascii
import machine
import network
import time
from machine import Pin
from umqtt.simple import MQTTClient

TOPIC = b"home/lamp"     # だれでも思いつく名前 / a name anyone would guess
LIGHT_MS = 10000         # ライトがついている時間 / how long the lamps stay lit

lamp = Pin(2, Pin.OUT)
button = Pin(4, Pin.IN, Pin.PULL_UP)
me = binascii.hexlify(machine.unique_id())
lit_at = None

wlan = network.WLAN(network.STA_IF)
wlan.active(True)
wlan.connect("classroom", "terakoya")
while not wlan.isconnected():
    time.sleep_ms(100)


def heard(topic, message):
    global lit_at
    if message == b"on":
        lamp.value(1)
        lit_at = time.ticks_ms()
        print("lamp on")


client = MQTTClient(b"lamp-" + me, "broker.local")
client.set_callback(heard)
client.connect()
client.subscribe(TOPIC)
print("ready")
was = 1
while True:
    client.check_msg()
    now = button.value()
    if was == 1 and now == 0:  # just pressed
        client.publish(TOPIC, b"on")
    was = now
    if lit_at is not None and time.ticks_diff(time.ticks_ms(), lit_at) > LIGHT_MS:
        lamp.value(0)
        lit_at = None
    time.sleep_ms(50)
