# Heatstroke alarm, a guide only / 熱中症アラーム（目安）
# Not a medical device. It estimates the heat index (WBGT) from the temperature and the
# humidity, and sorts it into the Ministry of the Environment's bands (環境省 熱中症予防情報サイト).
#   Button B: set the humidity (read it from the room's hygrometer): +10 %, after 90 back to 30.
#   Button A: stop the alarm (or, when it is quiet, show the heat index).
#   The gauge: more rows lit = more danger. A NeoPixel strip on pin 1 shows the colour.
from microbit import *
import neopixel
import music

OFFSET = 0       # the micro:bit measures its own chip; room thermometer 2 lower? OFFSET = -2
ALARM_FROM = 2   # the band where the alarm starts: 2 = 警戒 (warning)
REPEAT_MS = 10000               # the alarm comes again every 10 seconds until A is pressed
REMIND_MS = 30 * 60 * 1000      # still as hot after 30 minutes: it reminds you again

# From the lowest heat index of each band: name, colour (red, green, blue), notes
BANDS = [
    (0, "ほぼ安全 (almost safe)", (0, 0, 80)),
    (21, "注意 (caution)", (0, 60, 80)),
    (25, "警戒 (warning)", (80, 70, 0)),
    (28, "厳重警戒 (severe warning)", (90, 30, 0)),
    (31, "危険 (danger)", (100, 0, 0)),
]
ADVICE = [
    "水分をとりましょう / drink water",
    "水分をとりましょう / drink water",
    "休けいと水分を / rest and drink",
    "部屋の温度に注意、エアコンを / mind the room, use the air conditioner",
    "すずしい部屋へ、外出はひかえて / go somewhere cool, stay in",
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
    strip.fill(BANDS[band][2])
    strip.show()


def tell(wbgt, band):
    print("暑さ指数（目安）", int(wbgt + 0.5), BANDS[band][1], "-", ADVICE[band])


def alarm(wbgt, band):
    tell(wbgt, band)
    music.play(["A4:4", "R:2"] * band, wait=False)   # lower notes: easier to hear
    display.scroll(str(int(wbgt + 0.5)), delay=250)
    show(band)


alarming = False
stopped_band = -1      # the band A was pressed in (-1: A not pressed)
stopped_at = 0
last_alarm = 0
while True:
    wbgt = heat_index(temperature() + OFFSET, humidity)
    band = band_of(wbgt)
    now = running_time()
    if band < ALARM_FROM:                  # cooler again: everything starts afresh
        alarming = False
        stopped_band = -1
    elif not alarming:
        hotter = band > stopped_band       # a higher band than when A was pressed
        if hotter or now - stopped_at >= REMIND_MS:
            alarming = True
            last_alarm = now - REPEAT_MS   # sound at once
    if alarming and now - last_alarm >= REPEAT_MS:
        last_alarm = now
        alarm(wbgt, band)
    if button_a.was_pressed():
        if alarming:
            alarming = False
            stopped_band = band
            stopped_at = now
            music.stop()
            print("アラームを止めました / alarm stopped")
            display.show(Image.YES)
            sleep(1000)
        else:
            tell(wbgt, band)
            display.scroll(str(int(wbgt + 0.5)), delay=250)
    if button_b.was_pressed():
        humidity = humidity + 10 if humidity < 90 else 30
        print("湿度 / humidity", humidity, "%")
        display.scroll(str(humidity) + "%", delay=250)
    show(band)
    sleep(200)
