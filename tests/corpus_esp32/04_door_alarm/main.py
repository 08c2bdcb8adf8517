# Door alarm: when the PIR sees someone, the buzzer sounds and the LED flashes,
# until the button is pressed to switch the alarm off.
from machine import Pin, PWM
import time

pir = Pin(27, Pin.IN)
button = Pin(14, Pin.IN, Pin.PULL_UP)
led = Pin(2, Pin.OUT)
buzzer = PWM(Pin(25), freq=2000, duty=0)

alarms = 0
print("alarm armed")
start = time.ticks_ms()
while time.ticks_diff(time.ticks_ms(), start) < 8000:
    if pir.value() == 1:
        alarms += 1
        print("intruder! alarm", alarms)
        while button.value() == 1:
            led.value(not led.value())
            buzzer.duty(512)
            time.sleep_ms(100)
            buzzer.duty(0)
            time.sleep_ms(100)
        led.off()
        print("alarm off")
        time.sleep(2)  # time to walk away
    time.sleep_ms(50)
print("alarms today:", alarms)
