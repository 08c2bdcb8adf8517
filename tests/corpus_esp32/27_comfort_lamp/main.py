# 不快指数 (discomfort index) lamp: a DHT11 measures the room; an RGB LED shows blue
# (comfortable), yellow (a little hot) or red (too hot and humid).
from machine import Pin, PWM
import dht
import time

sensor = dht.DHT11(Pin(17))
red = PWM(Pin(25), freq=1000, duty=0)
green = PWM(Pin(26), freq=1000, duty=0)
blue = PWM(Pin(27), freq=1000, duty=0)


def colour(r, g, b):
    red.duty(r)
    green.duty(g)
    blue.duty(b)


for i in range(4):
    sensor.measure()
    t = sensor.temperature()
    h = sensor.humidity()
    di = 0.81 * t + 0.01 * h * (0.99 * t - 14.3) + 46.3
    if di < 75:
        colour(0, 0, 1023)
        feeling = "comfortable"
    elif di < 80:
        colour(1023, 700, 0)
        feeling = "a little hot"
    else:
        colour(1023, 0, 0)
        feeling = "too hot: drink water!"
    print("%d C %d %% -> DI %.1f %s" % (t, h, di, feeling))
    time.sleep(2)
