# A small BME280 driver (I2C) from Bosch's datasheet, section 4.2.3:
# the compensation formulas in 32-bit integers (temperature, humidity) and 64-bit (pressure).
import time

from ustruct import unpack


class BME280:
    def __init__(self, i2c, address=0x76):
        self.i2c = i2c
        self.address = address
        chip = self.i2c.readfrom_mem(address, 0xD0, 1)[0]
        if chip != 0x60:
            raise OSError("BME280 not found, chip id 0x%02x" % chip)
        c = self.i2c.readfrom_mem(address, 0x88, 26)
        (self.T1, self.T2, self.T3, self.P1, self.P2, self.P3, self.P4, self.P5, self.P6,
         self.P7, self.P8, self.P9, _, self.H1) = unpack("<HhhHhhhhhhhhBB", c)
        e = self.i2c.readfrom_mem(address, 0xE1, 7)
        self.H2, self.H3 = unpack("<hB", e[0:3])
        self.H4 = (e[3] << 4) | (e[4] & 0x0F)
        if self.H4 & 0x800:
            self.H4 -= 0x1000
        self.H5 = (e[5] << 4) | (e[4] >> 4)
        if self.H5 & 0x800:
            self.H5 -= 0x1000
        self.H6 = e[6] - 256 if e[6] > 127 else e[6]
        self.t_fine = 0

    def read_raw(self):
        self.i2c.writeto_mem(self.address, 0xF2, b"\x01")  # humidity x1
        self.i2c.writeto_mem(self.address, 0xF4, b"\x25")  # temp x1, pressure x1, forced
        time.sleep_ms(10)
        d = self.i2c.readfrom_mem(self.address, 0xF7, 8)
        raw_p = (d[0] << 12) | (d[1] << 4) | (d[2] >> 4)
        raw_t = (d[3] << 12) | (d[4] << 4) | (d[5] >> 4)
        raw_h = (d[6] << 8) | d[7]
        return raw_t, raw_p, raw_h

    def read_compensated_data(self):
        """(temperature in 1/100 C, pressure in 1/256 Pa, humidity in 1/1024 %RH)"""
        raw_t, raw_p, raw_h = self.read_raw()
        var1 = (((raw_t >> 3) - (self.T1 << 1)) * self.T2) >> 11
        var2 = (((((raw_t >> 4) - self.T1) * ((raw_t >> 4) - self.T1)) >> 12) * self.T3) >> 14
        self.t_fine = var1 + var2
        temp = (self.t_fine * 5 + 128) >> 8

        var1 = self.t_fine - 128000
        var2 = var1 * var1 * self.P6
        var2 = var2 + ((var1 * self.P5) << 17)
        var2 = var2 + (self.P4 << 35)
        var1 = ((var1 * var1 * self.P3) >> 8) + ((var1 * self.P2) << 12)
        var1 = (((1 << 47) + var1) * self.P1) >> 33
        if var1 == 0:
            pressure = 0
        else:
            p = 1048576 - raw_p
            p = (((p << 31) - var2) * 3125) // var1
            var1 = (self.P9 * (p >> 13) * (p >> 13)) >> 25
            var2 = (self.P8 * p) >> 19
            pressure = ((p + var1 + var2) >> 8) + (self.P7 << 4)

        h = self.t_fine - 76800
        h = (((((raw_h << 14) - (self.H4 << 20) - (self.H5 * h)) + 16384) >> 15) *
             (((((((h * self.H6) >> 10) * (((h * self.H3) >> 11) + 32768)) >> 10) +
                2097152) * self.H2 + 8192) >> 14))
        h = h - (((((h >> 15) * (h >> 15)) >> 7) * self.H1) >> 4)
        h = max(0, min(h, 419430400))
        return temp, pressure, h >> 12

    @property
    def values(self):
        t, p, h = self.read_compensated_data()
        return ("%.1fC" % (t / 100), "%.1fhPa" % (p / 25600), "%.1f%%" % (h / 1024))
