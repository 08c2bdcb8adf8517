# OLED でつくる時計とメッセージ (OLED clock and messages) - ESP32 + SSD1306
# The time comes from the network (NTP) in UTC; Japan is 9 hours ahead (JST = UTC+9).
# Until the time is known the screen says so, rather than show a wrong time.
# Button A (GPIO32 to GND) shows the next message: once for each press.
import network
import ntptime
import time
from machine import Pin, I2C
import ssd1306

SSID = "classroom"
PASSWORD = "terakoya"
JST = 9 * 60 * 60                    # 9 hours, in seconds
RETRY_MS = 30000                     # ask the network for the time again after 30 s
MESSAGES = ["GANBARE!", "ARIGATO", "MATA NE", "OYATSU 3PM"]   # the 8x8 font has no kana

oled = ssd1306.SSD1306_I2C(128, 64, I2C(0, scl=Pin(22), sda=Pin(21)))
button_a = Pin(32, Pin.IN, Pin.PULL_UP)
wlan = network.WLAN(network.STA_IF)


def get_time():
    # True when the clock was set from the network
    try:
        ntptime.settime()
        return True
    except OSError as error:
        print("no time from the network yet:", error)
        return False


def centre(text, y):
    oled.text(text, (128 - 8 * len(text)) // 2, y)


def draw(known, message):
    oled.fill(0)
    if known:
        y, mo, d, h, mi, s, wd, yd = time.localtime(time.time() + JST)
        centre("%d/%02d/%02d" % (y, mo, d), 4)
        centre("%02d:%02d:%02d" % (h, mi, s), 22)
    else:
        centre("NO TIME YET", 22)
    oled.hline(0, 40, 128, 1)
    centre(message, 50)
    oled.show()


wlan.active(True)
wlan.connect(SSID, PASSWORD)
known = False
asked = time.ticks_add(time.ticks_ms(), -RETRY_MS)
number = 0
print("message:", MESSAGES[number])
was_down = False
shown = None
while True:
    waited = time.ticks_diff(time.ticks_ms(), asked)
    if not known and wlan.isconnected() and waited >= RETRY_MS:
        asked = time.ticks_ms()
        known = get_time()
    down = button_a.value() == 0
    if down and not was_down:            # pressed just now: once per press
        number = (number + 1) % len(MESSAGES)
        print("message:", MESSAGES[number])
    was_down = down
    now = (known, time.time(), number)
    if now != shown:                     # draw only when something changed
        shown = now
        draw(known, MESSAGES[number])
    time.sleep_ms(50)
