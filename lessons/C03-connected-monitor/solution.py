# つながる温湿度モニター (Connected room monitor) - ESP32 + BME280
# Every 10 s: measure, tell the club's broker (MQTT). All the time: the board's own web page.
#   http://<the board's address>/      a page for people
#   http://<the board's address>/data  the numbers as JSON, for other programs
# Everything stays on the club's Wi-Fi: the broker is the club's own, the page loads nothing
# from the internet.
import json
import network
import socket
import time
from machine import Pin, I2C
from umqtt.simple import MQTTClient
import bme280

SSID = "classroom"
PASSWORD = "terakoya"
BROKER = "terakoya.local"   # the club's own broker, on this Wi-Fi only
NAME = "monitor1"           # your board's name: make it your own
EVERY_MS = 10000

PAGE = """<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width"><title>Room monitor</title></head>
<body style="font-family:sans-serif;font-size:1.5em">
<h1>へやのようす / Room</h1>
<p aria-live="polite">温度 Temperature: <b id="t">-</b> C<br>
湿度 Humidity: <b id="h">-</b> %<br>気圧 Pressure: <b id="p">-</b> hPa</p>
<script>
function update() {
  fetch('/data').then(r => r.json()).then(d => {
    document.getElementById('t').textContent = d.temperature;
    document.getElementById('h').textContent = d.humidity;
    document.getElementById('p').textContent = d.pressure;
  });
}
update(); setInterval(update, 5000);
</script></body></html>"""

sensor = bme280.BME280(I2C(0, scl=Pin(22), sda=Pin(21)))
client = None


def join_wifi():
    wlan = network.WLAN(network.STA_IF)
    wlan.active(True)
    wlan.connect(SSID, PASSWORD)
    while not wlan.isconnected():
        time.sleep_ms(200)
    return wlan.ifconfig()[0]


def measure():
    t, p, h = sensor.read_compensated_data()
    return {"temperature": round(t / 100, 1), "humidity": round(h / 1024, 1),
            "pressure": round(p / 25600, 1)}


def publish(data):
    global client
    try:
        if client is None:
            client = MQTTClient(NAME, BROKER)
            client.connect()
        for key in ("temperature", "humidity", "pressure"):
            client.publish("club/%s/%s" % (NAME, key), str(data[key]))
    except OSError as error:
        print("broker not reachable, trying again later:", error)
        client = None   # the web page keeps working meanwhile


def answer(conn, status, kind, body):
    conn.send("HTTP/1.0 %s\r\nContent-Type: %s\r\nConnection: close\r\n\r\n" % (status, kind))
    conn.send(body)


def handle(conn, data):
    conn.settimeout(3)
    words = conn.recv(1024).split(b" ")
    if len(words) < 3 or words[0] != b"GET":
        answer(conn, "400 Bad Request", "text/plain", "bad request")
        return
    path = words[1].split(b"?")[0]
    if path == b"/data":
        answer(conn, "200 OK", "application/json", json.dumps(data))
    elif path == b"/":
        answer(conn, "200 OK", "text/html; charset=utf-8", PAGE)
    else:
        answer(conn, "404 Not Found", "text/plain", "not found")


address = join_wifi()
print("Open http://%s/ (or /data) on a computer on the same Wi-Fi" % address)
server = socket.socket()
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("", 80))
server.listen(2)
server.settimeout(0.5)   # stop waiting now and then, to measure on time
data = measure()
publish(data)
last = time.ticks_ms()
while True:
    if time.ticks_diff(time.ticks_ms(), last) >= EVERY_MS:
        last = time.ticks_ms()
        data = measure()
        publish(data)
    try:
        conn, who = server.accept()
    except OSError:
        continue         # nobody came: measure, then wait again
    try:
        handle(conn, data)
    except Exception as error:   # a broken request must never stop the monitor
        print("a request went wrong:", error)
    conn.close()
