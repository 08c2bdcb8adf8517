# つながる温湿度モニター (Connected room monitor) - starter
# It joins the Wi-Fi, measures with the BME280 and shows a page at http://<its address>/
# Your tasks: answer /data with JSON, tell the club's broker (MQTT) every 10 s, and make
# sure a strange request cannot stop the board.
import network
import socket
import time
from machine import Pin, I2C
import bme280

SSID = "classroom"
PASSWORD = "terakoya"

sensor = bme280.BME280(I2C(0, scl=Pin(22), sda=Pin(21)))

wlan = network.WLAN(network.STA_IF)
wlan.active(True)
wlan.connect(SSID, PASSWORD)
while not wlan.isconnected():
    time.sleep_ms(200)
print("Open http://%s/ on a computer on the same Wi-Fi" % wlan.ifconfig()[0])

server = socket.socket()
server.bind(("", 80))
server.listen(2)
while True:
    conn, who = server.accept()
    request = conn.recv(1024)
    path = request.split()[1]
    print("asked for", path)
    t, p, h = sensor.read_compensated_data()
    conn.send("HTTP/1.0 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n")
    conn.send("<h1>Temperature: %.1f C</h1>" % (t / 100))
    conn.close()
