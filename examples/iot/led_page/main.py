# The board's own web page: a button that turns the LED on GPIO2 on and off.
import network
import socket
import time
from machine import Pin

led = Pin(2, Pin.OUT)
wlan = network.WLAN(network.STA_IF)
wlan.active(True)
wlan.connect("classroom", "terakoya")
while not wlan.isconnected():
    time.sleep_ms(100)
print("My address:", wlan.ifconfig()[0])

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>LED</title></head>
<body><h1>LED: {}</h1><form action="/toggle"><button>ON / OFF</button></form></body></html>"""

server = socket.socket()
server.bind(("0.0.0.0", 80))
server.listen(2)
while True:
    conn, address = server.accept()
    request = conn.recv(1024)
    if request.startswith(b"GET /toggle"):
        led.value(not led.value())
    if request.startswith(b"GET /favicon"):
        conn.send(b"HTTP/1.0 404 Not Found\r\n\r\n")
    else:
        state = "ON" if led.value() else "OFF"
        conn.send(b"HTTP/1.0 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n")
        conn.send(PAGE.format(state).encode())
    conn.close()
