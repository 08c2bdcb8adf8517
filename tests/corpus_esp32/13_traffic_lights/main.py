# Traffic lights with a crossing button: the button's interrupt asks for the pedestrian
# phase; the lights finish their green first.
from machine import Pin
import time

red = Pin(25, Pin.OUT)
amber = Pin(26, Pin.OUT)
green = Pin(27, Pin.OUT)
button = Pin(4, Pin.IN, Pin.PULL_UP)
waiting = False


def on_press(pin):
    global waiting
    waiting = True


button.irq(trigger=Pin.IRQ_FALLING, handler=on_press)


def lights(r, a, g, name):
    red.value(r)
    amber.value(a)
    green.value(g)
    print(name)


for cycle in range(2):
    lights(0, 0, 1, "GREEN")
    time.sleep(1)
    while not waiting:
        time.sleep_ms(50)
    lights(0, 1, 0, "AMBER")
    time.sleep(1)
    lights(1, 0, 0, "RED: walk now")
    waiting = False
    time.sleep(1.5)
    lights(1, 1, 0, "RED+AMBER")
    time.sleep_ms(500)
lights(0, 0, 1, "GREEN")
