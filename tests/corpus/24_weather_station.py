# Weather station network: every second each micro:bit radios its temperature and
# light level packed into two bytes, and prints the readings the other stations send.
from microbit import *
import radio
import struct

FORMAT = 'bB'  # temperature (-128..127), light (0..255)
radio.config(group=3)
radio.on()
print('packet size:', struct.calcsize(FORMAT), 'bytes')

while True:
    packet = struct.pack(FORMAT, temperature(), display.read_light_level())
    radio.send_bytes(packet)
    incoming = radio.receive_bytes()
    while incoming:
        temp, light = struct.unpack(FORMAT, incoming)
        print('other station:', temp, 'C, light', light)
        display.show(Image.ARROW_S if temp < temperature() else Image.ARROW_N)
        incoming = radio.receive_bytes()
    sleep(1000)
