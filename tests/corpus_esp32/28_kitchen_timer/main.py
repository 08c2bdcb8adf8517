# Kitchen timer: "+" adds 1 second (3 s for the demo: real timers add minutes), "start"
# counts down on the OLED, and the buzzer rings at zero.
from machine import Pin, PWM, SoftI2C
import time
from ssd1306 import SSD1306_I2C

oled = SSD1306_I2C(128, 32, SoftI2C(scl=Pin(22), sda=Pin(21)))
plus = Pin(18, Pin.IN, Pin.PULL_UP)
start = Pin(19, Pin.IN, Pin.PULL_UP)
buzzer = PWM(Pin(23), freq=1000, duty=0)


def show(seconds):
    oled.fill(0)
    oled.text("TIMER", 0, 0)
    oled.text("%02d:%02d" % (seconds // 60, seconds % 60), 40, 16)
    oled.show()


seconds = 0
show(seconds)
while start.value() == 1:
    if plus.value() == 0:
        seconds += 1
        show(seconds)
        print("set", seconds, "s")
        while plus.value() == 0:
            time.sleep_ms(10)
    time.sleep_ms(10)
print("start")
end = time.ticks_add(time.ticks_ms(), seconds * 1000)
while time.ticks_diff(end, time.ticks_ms()) > 0:
    left = (time.ticks_diff(end, time.ticks_ms()) + 999) // 1000
    show(left)
    time.sleep_ms(100)
show(0)
print("ring!")
for i in range(3):
    buzzer.duty(512)
    time.sleep_ms(200)
    buzzer.duty(0)
    time.sleep_ms(200)
oled.invert(1)
print("done")
