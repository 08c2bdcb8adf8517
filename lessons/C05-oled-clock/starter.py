# OLED でつくる時計とメッセージ (OLED clock and messages) - starter
# It shows the board's own clock and a message; button A (GPIO32) changes the message.
# Try it: what time does it show? Hold button A: what happens?
# Your tasks: get the time from the network (ntptime) and show Japan's time (UTC+9);
# one message per press; say "NO TIME YET" until the time is known.
import time
from machine import Pin, I2C
import ssd1306

MESSAGES = ["GANBARE!", "ARIGATO", "MATA NE", "OYATSU 3PM"]   # the 8x8 font has no kana

oled = ssd1306.SSD1306_I2C(128, 64, I2C(0, scl=Pin(22), sda=Pin(21)))
button_a = Pin(32, Pin.IN, Pin.PULL_UP)
number = 0
print("message:", MESSAGES[number])
while True:
    if button_a.value() == 0:
        number = (number + 1) % len(MESSAGES)
        print("message:", MESSAGES[number])
    y, mo, d, h, mi, s, wd, yd = time.localtime()
    oled.fill(0)
    oled.text("%02d:%02d:%02d" % (h, mi, s), 32, 22)
    oled.hline(0, 40, 128, 1)
    oled.text(MESSAGES[number], 0, 50)
    oled.show()
    time.sleep_ms(100)
