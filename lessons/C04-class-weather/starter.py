# みんなの気象台 (Everyone's weather station) - starter
# It tells the class broker the temperature every 30 s.
# Your tasks: send humidity and pressure too; give each board its own name (the same program
# goes on every board!); keep sending when the Wi-Fi or the broker drops out for a while.
import network
import time
from machine import Pin, I2C
from umqtt.simple import MQTTClient
import bme280

SSID = "classroom"
PASSWORD = "terakoya"
BROKER = "terakoya.local"
EVERY_MS = 30000
NAME = "station"

sensor = bme280.BME280(I2C(0, scl=Pin(22), sda=Pin(21)))
wlan = network.WLAN(network.STA_IF)
wlan.active(True)
wlan.connect(SSID, PASSWORD)
while not wlan.isconnected():
    time.sleep_ms(200)
client = MQTTClient(NAME, BROKER)
client.connect()
print("station", NAME, "on the air")
while True:
    t, p, h = sensor.read_compensated_data()
    client.publish("weather/%s/temperature" % NAME, str(round(t / 100, 1)))
    time.sleep_ms(EVERY_MS)
