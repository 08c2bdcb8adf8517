# L01 初期パスワードをかえよう / Change the default passwords (starter)
# ロボットは自分の Wi-Fi（アクセスポイント）をつくり、ログインページを出します。
# 正しいパスワードでログインすると、ライト（GPIO2）がついたり消えたりします。
# The robot makes its own Wi-Fi (access point) and serves a login page. The right
# password switches its light (GPIO2) on or off.
import network
import socket
from machine import Pin

WIFI_NAME = "robot-7"                   # 班の番号にする / your group's number
WIFI_PASSWORD = "12345678"              # 買ったときのまま / as it came from the shop
PASSWORD = "admin"                      # 買ったときのまま / as it came from the shop
# まちがえても何回でもためせます。/ Wrong tries are never counted: anyone may go on guessing.

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>robot</title></head>
<body><h1>{}</h1>{}</body></html>"""
FORM = """<form method="post" action="/login">
<input type="password" name="password"> <button>login</button></form>"""

light = Pin(2, Pin.OUT)
ap = network.WLAN(network.AP_IF)
ap.config(essid=WIFI_NAME, key=WIFI_PASSWORD, security=network.AUTH_WPA2_PSK)
ap.active(True)
print("Wi-Fi:", WIFI_NAME, " page: http://" + ap.ifconfig()[0] + "/")


def read_request(conn):
    """The request's first line and its form fields (as a dict of bytes)."""
    data = b""
    while b"\r\n\r\n" not in data and len(data) < 4096:  # the head may come in pieces
        more = conn.recv(512)
        if not more:
            break
        data += more
    end = data.find(b"\r\n\r\n")
    head = data if end < 0 else data[:end]
    body = b"" if end < 0 else data[end + 4:]
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line[15:])
    while len(body) < length:
        more = conn.recv(1024)
        if not more:
            break
        body += more
    fields = {}
    for part in body.split(b"&"):
        if b"=" in part:
            name, value = part.split(b"=", 1)
            fields[name] = value
    return head.split(b"\r\n")[0], fields


def answer(conn, status, words, form=True):
    conn.send(b"HTTP/1.0 " + status + b"\r\nContent-Type: text/html; charset=utf-8\r\n\r\n")
    conn.send(PAGE.format(words, FORM if form else "").encode())


server = socket.socket()
server.bind(("0.0.0.0", 80))
server.listen(2)
while True:
    conn, address = server.accept()
    conn.settimeout(3)  # a browser that opens a connection and sends nothing
    try:
        first, fields = read_request(conn)
        if not first.startswith(b"POST /login"):
            answer(conn, b"200 OK", "Robot login")
        elif fields.get(b"password") == PASSWORD.encode():
            light.value(not light.value())
            answer(conn, b"200 OK", "Welcome! light: " + ("ON" if light.value() else "OFF"),
                   False)
        else:
            answer(conn, b"200 OK", "Wrong password")
    except OSError:
        pass
    conn.close()
