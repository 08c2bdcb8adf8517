# A board that listens to every room's temperature and prints it.
import network
import time
from umqtt.simple import MQTTClient


def heard(topic, message):
    print(topic.decode(), message.decode())


wlan = network.WLAN(network.STA_IF)
wlan.active(True)
wlan.connect("classroom", "terakoya")
while not wlan.isconnected():
    time.sleep_ms(100)

client = MQTTClient("logger", "terakoya.local")
client.set_callback(heard)
client.connect()
client.subscribe(b"+/temperature")
while True:
    client.wait_msg()
