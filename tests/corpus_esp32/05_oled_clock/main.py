# OLED clock: the RTC keeps the time; button A adds an hour, button B a minute.
from machine import Pin, I2C, RTC
import time
import ssd1306

oled = ssd1306.SSD1306_I2C(128, 64, I2C(0, scl=Pin(22), sda=Pin(21)))
rtc = RTC()
rtc.datetime((2026, 12, 7, 0, 9, 58, 30, 0))  # Monday 7 December, 09:58:30
hour_button = Pin(32, Pin.IN, Pin.PULL_UP)
minute_button = Pin(33, Pin.IN, Pin.PULL_UP)
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def set_clock(add_hours, add_minutes):
    y, mo, d, wd, h, mi, s, sub = rtc.datetime()
    rtc.datetime((y, mo, d, wd, (h + add_hours) % 24, (mi + add_minutes) % 60, s, sub))


last = None
for tick in range(90):
    if hour_button.value() == 0:
        set_clock(1, 0)
        print("hour +1")
        time.sleep_ms(300)
    if minute_button.value() == 0:
        set_clock(0, 1)
        print("minute +1")
        time.sleep_ms(300)
    y, mo, d, wd, h, mi, s, _ = rtc.datetime()
    now = "%02d:%02d" % (h, mi)
    if now != last:
        last = now
        oled.fill(0)
        oled.text("%d/%02d/%02d %s" % (y, mo, d, DAYS[wd]), 0, 8)
        oled.text(now, 44, 32)
        oled.show()
        print(now)
    time.sleep_ms(100)
