# Weather station: a BME280 on I2C, its readings on a 128x64 OLED and the serial line.
from machine import Pin, I2C
import time
import ssd1306
import bme280

i2c = I2C(0, scl=Pin(22), sda=Pin(21), freq=400000)
print("found on I2C:", [hex(a) for a in i2c.scan()])
oled = ssd1306.SSD1306_I2C(128, 64, i2c)
sensor = bme280.BME280(i2c)

for i in range(4):
    t, p, h = sensor.read_compensated_data()
    temp = t / 100
    hpa = p / 256 / 100
    hum = h / 1024
    oled.fill(0)
    oled.text("Weather", 36, 0)
    oled.hline(0, 10, 128, 1)
    oled.text("T %.1f C" % temp, 0, 20)
    oled.text("P %.0f hPa" % hpa, 0, 34)
    oled.text("H %.0f %%" % hum, 0, 48)
    oled.show()
    print("%.1f C, %.0f hPa, %.0f %%" % (temp, hpa, hum))
    if hpa < 1000:
        print("low pressure: take an umbrella")
    time.sleep(2)
