# Heatstroke alarm, a guide only / 熱中症アラーム（目安） (starter)
# Not a medical device. It estimates the heat index (WBGT) from the temperature and the
# humidity, and sorts it into the Ministry of the Environment's bands (環境省 熱中症予防情報サイト).
#   Button B: set the humidity (read it from the room's hygrometer): +10 %, after 90 back to 30.
#   The gauge: more rows lit = more danger.
# Your job (see your steps): the colour on pin 1, then an alarm that repeats until A.
from microbit import *
import neopixel
import music

OFFSET = 0       # the micro:bit measures its own chip; room thermometer 2 lower? OFFSET = -2

# From the lowest heat index of each band: name, colour (red, green, blue)
BANDS = [
    (0, "ほぼ安全 (almost safe)", (0, 0, 80)),
    (21, "注意 (caution)", (0, 60, 80)),
    (25, "警戒 (warning)", (80, 70, 0)),
    (28, "厳重警戒 (severe warning)", (90, 30, 0)),
    (31, "危険 (danger)", (100, 0, 0)),
]

strip = neopixel.NeoPixel(pin1, 8)
humidity = 60


def heat_index(t, rh):
    # 環境省の推定式（小野ら 2014）: in a room, with no sunshine and no wind
    return 0.735 * t + 0.0374 * rh + 0.00292 * t * rh - 4.064


def band_of(wbgt):
    band = 0
    for number in range(len(BANDS)):
        if wbgt >= BANDS[number][0]:
            band = number
    return band


def show(band):
    rows = []
    for row in range(5):
        rows.append("99999" if 4 - row <= band else "00000")
    display.show(Image(":".join(rows)))


while True:
    wbgt = heat_index(temperature() + OFFSET, humidity)
    band = band_of(wbgt)
    if button_b.was_pressed():
        humidity = humidity + 10 if humidity < 90 else 30
        print("湿度 / humidity", humidity, "%")
        display.scroll(str(humidity) + "%", delay=250)
    show(band)
    sleep(200)
