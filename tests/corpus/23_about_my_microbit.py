# About this micro:bit: prints the facts a technician asks for
# (software version, serial number, speed, free memory) and scrolls the free memory.
from microbit import *
import gc
import machine
import micropython
import os
import sys

info = os.uname()
print('board:', info.machine)
print('MicroPython', info.release)
print('Python', sys.version, 'on', sys.platform)
print('implementation:', sys.implementation.name)
print('speed:', machine.freq() // 1000000, 'MHz')
serial = machine.unique_id()
print('serial number:', ''.join('%02x' % b for b in serial))
gc.collect()
free = gc.mem_free()
print('free memory:', free, 'bytes')
micropython.mem_info()
display.scroll(str(free // 1024) + 'k', delay=80)
