# A small MPU6886 driver (the IMU of the M5Stack ATOM Matrix), from TDK's register map.
from ustruct import unpack
import time

_PWR_MGMT_1 = 0x6B
_ACCEL_CONFIG = 0x1C
_GYRO_CONFIG = 0x1B
_WHO_AM_I = 0x75
_ACCEL_XOUT_H = 0x3B
_GYRO_XOUT_H = 0x43
_TEMP_OUT_H = 0x41


class MPU6886:
    def __init__(self, i2c, address=0x68):
        self.i2c = i2c
        self.address = address
        if self.read(_WHO_AM_I, 1)[0] != 0x19:
            raise OSError("MPU6886 not found")
        self.write(_PWR_MGMT_1, 0x80)  # reset
        time.sleep_ms(10)
        self.write(_PWR_MGMT_1, 0x01)  # wake up, best clock
        time.sleep_ms(10)
        self.write(_ACCEL_CONFIG, 0x10)  # +-8 g
        self.write(_GYRO_CONFIG, 0x18)  # +-2000 deg/s
        self.accel_lsb = 4096
        self.gyro_lsb = 16.4

    def read(self, register, count):
        return self.i2c.readfrom_mem(self.address, register, count)

    def write(self, register, value):
        self.i2c.writeto_mem(self.address, register, bytes([value]))

    @property
    def acceleration(self):
        x, y, z = unpack(">hhh", self.read(_ACCEL_XOUT_H, 6))
        return (x / self.accel_lsb, y / self.accel_lsb, z / self.accel_lsb)

    @property
    def gyro(self):
        x, y, z = unpack(">hhh", self.read(_GYRO_XOUT_H, 6))
        return (x / self.gyro_lsb, y / self.gyro_lsb, z / self.gyro_lsb)

    @property
    def temperature(self):
        return unpack(">h", self.read(_TEMP_OUT_H, 2))[0] / 326.8 + 25
