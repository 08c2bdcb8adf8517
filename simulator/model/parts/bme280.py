"""The Bosch BME280: temperature, pressure and humidity at I2C address 0x76 (0x77 with SDO
high).

Registers (Bosch's BME280 datasheet, section 5): chip id 0xD0 reads 0x60; reset 0xE0 (write
0xB6); calibration words 0x88..0xA1 and 0xE1..0xE7; ctrl_hum 0xF2, status 0xF3, ctrl_meas
0xF4 (oversampling and mode: 00 sleep, 01/10 forced, 11 normal), config 0xF5; the raw
readings 0xF7..0xFE (pressure and temperature 20 bits, humidity 16 bits, high byte first).
A write is register/value pairs; a read moves on one register per byte.

The chip measures raw ADC counts and the program turns them into °C, hPa and %RH with the
calibration words and the compensation formulas of the datasheet (section 4.2.3; every
MicroPython bme280 driver carries them). So that any driver gives back the values set here,
the part searches for the raw counts those formulas turn into them: each formula grows (or,
for pressure, falls) steadily with its count, so a binary search over the count's range
finds the nearest one. Temperature comes first, as its ``t_fine`` enters the other two.
A forced measurement is taken when ctrl_meas is written; in normal mode each read of the
data registers takes a fresh one. A quantity whose oversampling is 0 (skipped) reads
0x80000 (0x8000 for humidity), as on the chip.
"""

from __future__ import annotations

import functools
import struct

from .common import PLUGGED, spec
from .i2c import RegisterDevice, address_option

CHIP_ID, CHIP_ID_VALUE, RESET = 0xD0, 0x60, 0xE0
CTRL_HUM, STATUS, CTRL_MEAS, CONFIG, DATA = 0xF2, 0xF3, 0xF4, 0xF5, 0xF7
# calibration words of one real chip (dig_T1..T3, dig_P1..P9, dig_H1..H6)
T_CAL = (27504, 26435, -1000)
P_CAL = (36477, -10685, 3024, 2855, 140, -7, 15500, -14600, 6000)
H_CAL = (75, 370, 0, 313, 50, 30)


def calibration_registers() -> dict[int, int]:
    """The calibration words laid out in the chip's registers."""
    low = struct.pack("<HhhHhhhhhhhh", *T_CAL, *P_CAL) + bytes((0, H_CAL[0]))  # 0x88..0xA1
    h2, h3, h4, h5, h6 = H_CAL[1:]
    high = struct.pack("<hB", h2, h3) + bytes((
        (h4 >> 4) & 0xFF, (h4 & 0x0F) | ((h5 & 0x0F) << 4), (h5 >> 4) & 0xFF, h6 & 0xFF))
    regs = {0x88 + i: b for i, b in enumerate(low)}
    regs.update({0xE1 + i: b for i, b in enumerate(high)})
    return regs


# -- the datasheet's floating-point compensation, used to search for raw counts ----------
def t_fine_of(adc_t: int) -> float:
    t1, t2, t3 = T_CAL
    var1 = (adc_t / 16384.0 - t1 / 1024.0) * t2
    var2 = (adc_t / 131072.0 - t1 / 8192.0) ** 2 * t3
    return var1 + var2


def pressure_of(adc_p: int, t_fine: float) -> float:
    p1, p2, p3, p4, p5, p6, p7, p8, p9 = P_CAL
    var1 = t_fine / 2.0 - 64000.0
    var2 = var1 * var1 * p6 / 32768.0 + var1 * p5 * 2.0
    var2 = var2 / 4.0 + p4 * 65536.0
    var1 = (p3 * var1 * var1 / 524288.0 + p2 * var1) / 524288.0
    var1 = (1.0 + var1 / 32768.0) * p1
    p = (1048576.0 - adc_p - var2 / 4096.0) * 6250.0 / var1
    return p + (p9 * p * p / 2147483648.0 + p * p8 / 32768.0 + p7) / 16.0  # Pa


def humidity_of(adc_h: int, t_fine: float) -> float:
    h1, h2, h3, h4, h5, h6 = H_CAL
    h = t_fine - 76800.0
    h = (adc_h - (h4 * 64.0 + h5 / 16384.0 * h)) * (
        h2 / 65536.0 * (1.0 + h6 / 67108864.0 * h * (1.0 + h3 / 67108864.0 * h)))
    return h * (1.0 - h1 * h / 524288.0)  # %RH, before the 0..100 limit


def nearest_count(formula, target: float, top: int, rising: bool = True) -> int:  # type: ignore[no-untyped-def]
    """The count in 0..top whose formula value is nearest ``target`` (formula monotonic)."""
    low, high = 0, top
    while low < high:
        middle = (low + high) // 2
        below = formula(middle) < target if rising else formula(middle) > target
        if below:
            low = middle + 1
        else:
            high = middle
    candidates = [c for c in (low - 1, low) if 0 <= c <= top]
    return min(candidates, key=lambda c: abs(formula(c) - target))


@functools.lru_cache(maxsize=64)
def raw_counts(celsius: float, hpa: float, percent: float) -> tuple[int, int, int]:
    adc_t = nearest_count(lambda c: t_fine_of(c) / 5120.0, celsius, (1 << 20) - 1)
    t_fine = float(int(t_fine_of(adc_t)))
    adc_p = nearest_count(lambda c: pressure_of(c, t_fine), hpa * 100, (1 << 20) - 1, False)
    adc_h = nearest_count(lambda c: humidity_of(c, t_fine), percent, 0xFFFF)
    return adc_t, adc_p, adc_h


class Bme280(RegisterDevice):
    type_name = "bme280"
    settings = (address_option(0x76, 0x76, 0x77),)
    inputs = (spec("temperature", "Temperature", "温度", -40, 85, 24, "°C", 0.1),
              spec("pressure", "Air pressure", "気圧", 300, 1100, 1013.25, "hPa", 1),
              spec("humidity", "Humidity", "湿度", 0, 100, 40, "%", 1), PLUGGED)

    def __init__(self, part_id: str, pins: dict[str, int], options: dict[str, object]):
        super().__init__(part_id, pins, options)
        self.calibration = calibration_registers()
        self._reset_registers()

    def _reset_registers(self) -> None:
        self.control = {CTRL_HUM: 0, CTRL_MEAS: 0, CONFIG: 0}
        self.data = bytes((0x80, 0, 0, 0x80, 0, 0, 0x80, 0))

    def write_register(self, register: int, value: int) -> None:
        if register == RESET and value == 0xB6:
            self._reset_registers()
        elif register in self.control:
            self.control[register] = value
            if register == CTRL_MEAS and value & 3 in (1, 2):
                self.measure()  # forced mode: one measurement, then back to sleep
                self.control[CTRL_MEAS] = value & ~3

    def i2c_write(self, data: bytes) -> None:
        # the BME280 takes register/value pairs (no auto-increment on writes)
        if len(data) == 1:
            self.pointer = data[0]
        for index in range(0, len(data) - 1, 2):
            self.pointer = data[index]
            self.write_register(data[index], data[index + 1])

    def before_read(self, register: int, count: int) -> None:
        if self.control[CTRL_MEAS] & 3 == 3 and register < DATA + 8 and register + count > DATA:
            self.measure()

    def read_register(self, register: int) -> int:
        if register == CHIP_ID:
            return CHIP_ID_VALUE
        if register in self.calibration:
            return self.calibration[register]
        if register in self.control:
            return self.control[register]
        if DATA <= register < DATA + 8:
            return self.data[register - DATA]
        return 0  # status: never busy (a measurement is ready at once)

    def measure(self) -> None:
        adc_t, adc_p, adc_h = raw_counts(float(self.values["temperature"]),  # type: ignore[arg-type]
                                         float(self.values["pressure"]),  # type: ignore[arg-type]
                                         float(self.values["humidity"]))  # type: ignore[arg-type]
        if not self.control[CTRL_MEAS] >> 5:
            adc_t = 0x80000
        if not (self.control[CTRL_MEAS] >> 2) & 7:
            adc_p = 0x80000
        if not self.control[CTRL_HUM] & 7:
            adc_h = 0x8000
        self.data = ((adc_p << 4).to_bytes(3, "big") + (adc_t << 4).to_bytes(3, "big")
                     + adc_h.to_bytes(2, "big"))

    def changed(self, key: str) -> None:
        self.publish(key, self.values[key])
