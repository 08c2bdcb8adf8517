# Serial echo: type a line in the serial terminal and the micro:bit sends it back
# in capital letters, and shows a tick for every line it gets.
from microbit import *

uart.init(baudrate=115200)
uart.write('Type something and press Enter\r\n')
line = b''
lines = 0

while True:
    data = uart.read()
    if data is not None:
        line += data
        if b'\r' in line:
            text = line.decode().strip()
            uart.write('echo: ' + text.upper() + '\r\n')
            lines += 1
            line = b''
            display.show(Image.YES)
    sleep(20)
