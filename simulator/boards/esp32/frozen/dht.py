"""dht: DHT11 and DHT22 temperature and humidity sensors (micropython-lib's frozen driver).

measure() reads the sensor's 5 bytes through the firmware's dht_readinto (OSError ETIMEDOUT
when no sensor answers) and checks their checksum.
"""

import sys
import machine

if hasattr(machine, 'dht_readinto'):
    from machine import dht_readinto
elif sys.platform.startswith('esp'):
    from esp import dht_readinto
else:
    dht_readinto = __import__(sys.platform).dht_readinto

del machine


class DHTBase:
    def __init__(self, pin):
        self.pin = pin
        self.buf = bytearray(5)

    def measure(self):
        """Read the sensor now; raise if the bytes do not add up."""
        buf = self.buf
        dht_readinto(self.pin, buf)
        if (buf[0] + buf[1] + buf[2] + buf[3]) & 0xFF != buf[4]:
            raise Exception('checksum error')


class DHT11(DHTBase):
    def humidity(self):
        """Relative humidity in whole percent."""
        return self.buf[0]

    def temperature(self):
        """Temperature in whole degrees Celsius."""
        return self.buf[2]


class DHT22(DHTBase):
    def humidity(self):
        """Relative humidity in percent, to a tenth."""
        return (self.buf[0] << 8 | self.buf[1]) * 0.1

    def temperature(self):
        """Temperature in degrees Celsius, to a tenth (the top bit is the sign)."""
        t = ((self.buf[2] & 0x7F) << 8 | self.buf[3]) * 0.1
        return -t if self.buf[2] & 0x80 else t
