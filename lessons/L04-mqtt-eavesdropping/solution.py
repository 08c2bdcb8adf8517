# L04 MQTT をのぞき見されないために / Keep MQTT from prying eyes (solution)
# 「つながるライト」：2 つの家に同じものを置きます。どちらかのボタンを押すと、
# 教室の MQTT ブローカーを通って、2 つのライトがいっしょに 10 秒つきます。
# "Linked lamps": one in each home. Press either button and, through the class's MQTT
# broker, both lamps light together for 10 seconds.
# メッセージは "on:送った人:番号:はんこ"。はんこは 2 つの家だけの合言葉でつくります。
# ライトは、はんこが合い、その人の番号が前より大きいときだけつきます。
# A message is "on:sender:number:stamp"; the stamp is made with the two homes' secret.
# A lamp lights only when the stamp matches and the sender's number is bigger than before.
import binascii
import hashlib
import machine
import network
import time
from machine import Pin
from umqtt.simple import MQTTClient

TOPIC = b"club/lamp-k7x2"   # 名前や住所を入れない / no names or addresses in a topic
SECRET = b"yuzu-kite-hikari-58"  # 2 つの家だけの合言葉 / the two homes' secret
MQTT_USER = "lamp"          # 教室のブローカーはだれでも入れるので、ここでは調べられない
MQTT_PASSWORD = "ame-tsuki-31"  # the class broker lets anyone in: checked by a real one only
LIGHT_MS = 10000

lamp = Pin(2, Pin.OUT)
button = Pin(4, Pin.IN, Pin.PULL_UP)
me = binascii.hexlify(machine.unique_id())
lit_at = None
sent = 0
last = {}  # the last number heard from each sender

wlan = network.WLAN(network.STA_IF)
wlan.active(True)
wlan.connect("classroom", "terakoya")
while not wlan.isconnected():
    time.sleep_ms(100)


def stamp(text):
    """HMAC-SHA256 of text with the secret (the first 16 hex digits)."""
    key = SECRET + b"\x00" * (64 - len(SECRET))
    inner = hashlib.sha256(bytes(b ^ 0x36 for b in key) + text).digest()
    outer = hashlib.sha256(bytes(b ^ 0x5C for b in key) + inner).digest()
    return binascii.hexlify(outer)[:16]


def heard(topic, message):
    global lit_at
    parts = message.split(b":")
    if len(parts) != 4 or parts[0] != b"on":
        print("ignored:", message)
        return
    sender = parts[1]
    try:
        number = int(parts[2])
    except ValueError:
        print("ignored:", message)
        return
    if stamp(b":".join(parts[:3])) != parts[3] or number <= last.get(sender, 0):
        print("ignored:", message)
        return
    last[sender] = number
    lamp.value(1)
    lit_at = time.ticks_ms()
    print("lamp on")


def send_on():
    global sent
    sent += 1
    text = b"on:" + me + b":" + str(sent).encode()
    client.publish(TOPIC, text + b":" + stamp(text))


client = MQTTClient(b"lamp-" + me, "broker.local", user=MQTT_USER, password=MQTT_PASSWORD)
client.set_callback(heard)
client.connect()
client.subscribe(TOPIC)
print("ready")
was = 1
while True:
    client.check_msg()
    now = button.value()
    if was == 1 and now == 0:  # just pressed
        send_on()
    was = now
    if lit_at is not None and time.ticks_diff(time.ticks_ms(), lit_at) > LIGHT_MS:
        lamp.value(0)
        lit_at = None
    time.sleep_ms(50)
