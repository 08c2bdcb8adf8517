# asyncio: one task blinks the LED, another reads the knob every second; they take
# turns without waiting for each other.
from machine import Pin, ADC
import asyncio

led = Pin(2, Pin.OUT)
knob = ADC(Pin(34), atten=ADC.ATTN_11DB)
blinks = 0


async def blink(period_ms):
    global blinks
    while True:
        led.value(not led.value())
        blinks += 1
        await asyncio.sleep_ms(period_ms)


async def watch_knob():
    for i in range(4):
        print("knob", knob.read() * 100 // 4095, "% blinks", blinks)
        await asyncio.sleep(1)


async def main():
    blinker = asyncio.create_task(blink(100))
    await watch_knob()
    blinker.cancel()
    await asyncio.sleep_ms(0)
    print("done, blinks:", blinks)


asyncio.run(main())
