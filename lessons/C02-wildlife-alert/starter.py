# 獣害おしらせ (Wildlife alert) - the field unit, starter
# PIR on GPIO27, buzzer on GPIO25. It already beeps when the PIR sees something.
# Your tasks: send an alert to the club's broker (club/<NAME>/alert), only ONE per visit,
# and a heartbeat (club/<NAME>/heartbeat) every 10 s so the house unit knows we are here.
import network
import time
from machine import Pin, PWM

SSID = "classroom"
PASSWORD = "terakoya"
BROKER = "terakoya.local"
NAME = "field1"

pir = Pin(27, Pin.IN)
buzzer = PWM(Pin(25), freq=2000, duty_u16=0)


def beep():
    for pitch in (2000, 3000, 2000):
        buzzer.freq(pitch)
        buzzer.duty_u16(32768)
        time.sleep_ms(200)
    buzzer.duty_u16(0)


wlan = network.WLAN(network.STA_IF)
wlan.active(True)
wlan.connect(SSID, PASSWORD)
while not wlan.isconnected():
    time.sleep_ms(200)
print("field unit", NAME, "watching")
while True:
    if pir.value() == 1:
        print("animal!")
        beep()
    time.sleep_ms(100)
