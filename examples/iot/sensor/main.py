# A board that measures the room with a DHT22 and tells the class broker every 2 seconds.
import dht
import network
import time
from machine import Pin
from umqtt.simple import MQTTClient

sensor = dht.DHT22(Pin(4))
wlan = network.WLAN(network.STA_IF)
wlan.active(True)
wlan.connect("classroom", "terakoya")
while not wlan.isconnected():
    time.sleep_ms(100)

client = MQTTClient("sensor-1", "terakoya.local")
client.connect()
for reading in range(3):
    sensor.measure()
    client.publish(b"room1/temperature", str(sensor.temperature()).encode())
    time.sleep(2)
client.disconnect()
