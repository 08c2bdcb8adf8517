# みんなの気象台 (Everyone's weather station) - ESP32 + BME280
# The same program goes on every board of the class. Each board makes its own name from its
# chip's number, and every 30 s tells the class broker its temperature, humidity and
# pressure, each as a plain number on its own topic: weather/<name>/temperature ...
# The broker's page (terakoya broker) draws a chart for every topic.
import binascii
import network
import time
from machine import Pin, I2C, unique_id
from umqtt.simple import MQTTClient
import bme280

SSID = "classroom"
PASSWORD = "terakoya"
BROKER = "terakoya.local"
EVERY_MS = 30000
NAME = "st-" + binascii.hexlify(unique_id()).decode()[-4:]   # such as st-3a7c

sensor = bme280.BME280(I2C(0, scl=Pin(22), sda=Pin(21)))
wlan = network.WLAN(network.STA_IF)
client = None


def measure():
    t, p, h = sensor.read_compensated_data()
    return {"temperature": round(t / 100, 1), "humidity": round(h / 1024, 1),
            "pressure": round(p / 25600, 1)}


def publish_all(data):
    global client
    if not wlan.isconnected():
        print("no Wi-Fi: the board keeps trying, and so do we")
        client = None
        return
    try:
        if client is None:
            client = MQTTClient(NAME, BROKER)
            client.connect()
        for key in data:
            client.publish("weather/%s/%s" % (NAME, key), str(data[key]))
        print(NAME, data)
    except OSError as error:
        print("the broker did not answer, again in a moment:", error)
        client = None


wlan.active(True)
wlan.connect(SSID, PASSWORD)
while not wlan.isconnected():
    time.sleep_ms(200)
print("station", NAME, "on the air")
while True:
    publish_all(measure())
    time.sleep_ms(EVERY_MS)
