# uasyncio: the LED blinks while another task watches the button; each press makes the
# blink faster (1000, 500, 250 ms, then back to 1000).
import uasyncio as asyncio
from machine import Pin

led = Pin(2, Pin.OUT)
button = Pin(15, Pin.IN, Pin.PULL_UP)
period = 1000


async def blink():
    while True:
        led.on()
        await asyncio.sleep_ms(period // 2)
        led.off()
        await asyncio.sleep_ms(period // 2)


async def watch_button():
    global period
    presses = 0
    while presses < 4:
        if button.value() == 0:
            presses += 1
            period = period // 2 if period > 250 else 1000
            print("press", presses, "-> blink every", period, "ms")
            while button.value() == 0:
                await asyncio.sleep_ms(10)
        await asyncio.sleep_ms(20)


async def main():
    asyncio.create_task(blink())
    await watch_button()
    print("bye")


asyncio.run(main())
