"""The MPU6886 motion sensor (the IMU of M5Stack's ATOM Matrix): a 3-axis accelerometer, a
3-axis gyroscope and a temperature sensor at I2C address 0x68 (0x69 with AD0 high).

Registers (TDK InvenSense's MPU-6886 register map): WHO_AM_I 0x75 reads 0x19; GYRO_CONFIG
0x1B and ACCEL_CONFIG 0x1C choose the full scale in bits 4:3 (±250/500/1000/2000 °/s:
131/65.5/32.8/16.4 LSB per °/s; ±2/4/8/16 g: 16384/8192/4096/2048 LSB per g); the readings
are big-endian signed 16-bit words: ACCEL_XOUT_H 0x3B..0x40, TEMP_OUT_H 0x41 (°C = raw /
326.8 + 25), GYRO_XOUT_H 0x43..0x48. PWR_MGMT_1 0x6B: bit 7 resets the registers, bit 6
sleeps (0x41 after reset: the chip starts asleep and reads zeros until a driver wakes it,
as every driver does by writing 0x00 or 0x01 there).
"""

from __future__ import annotations

from .common import PLUGGED, spec
from .i2c import RegisterDevice, address_option

WHO_AM_I, WHO_AM_I_VALUE = 0x75, 0x19
GYRO_CONFIG, ACCEL_CONFIG, PWR_MGMT_1 = 0x1B, 0x1C, 0x6B
DATA_FIRST, DATA_LAST = 0x3B, 0x48
RESET_VALUES = {PWR_MGMT_1: 0x41, 0x6C: 0x00, 0x1D: 0x00, WHO_AM_I: WHO_AM_I_VALUE}
GYRO_LSB = (131.0, 65.5, 32.8, 16.4)
TEMP_LSB, TEMP_OFFSET = 326.8, 25.0


def _axis(name: str, en: str, ja: str, low: float, unit: str, default: float, step: float):
    return spec(name, en, ja, low, -low, default, unit, step, group="motion")


class Mpu6886(RegisterDevice):
    type_name = "mpu6886"
    settings = (address_option(0x68, 0x68, 0x69),)
    inputs = (_axis("accelerometer_x", "Acceleration X", "加速度 X", -16, "g", 0, 0.1),
              _axis("accelerometer_y", "Acceleration Y", "加速度 Y", -16, "g", 0, 0.1),
              _axis("accelerometer_z", "Acceleration Z", "加速度 Z", -16, "g", 1, 0.1),
              _axis("gyro_x", "Rotation X", "回転 X", -2000, "°/s", 0, 10),
              _axis("gyro_y", "Rotation Y", "回転 Y", -2000, "°/s", 0, 10),
              _axis("gyro_z", "Rotation Z", "回転 Z", -2000, "°/s", 0, 10),
              spec("temperature", "Temperature", "温度", -40, 85, 25, "°C", 1), PLUGGED)

    def __init__(self, part_id: str, pins: dict[str, int], options: dict[str, object]):
        super().__init__(part_id, pins, options)
        self.registers = bytearray(256)
        self._power_on()

    def _power_on(self) -> None:
        self.registers[:] = bytes(256)
        for register, value in RESET_VALUES.items():
            self.registers[register] = value
        self._latched = bytes(DATA_LAST - DATA_FIRST + 1)

    def write_register(self, register: int, value: int) -> None:
        if register == WHO_AM_I or DATA_FIRST <= register <= DATA_LAST:
            return  # read-only
        if register == PWR_MGMT_1 and value & 0x80:
            self._power_on()
            return
        self.registers[register] = value

    def before_read(self, register: int, count: int) -> None:
        # one burst reads one sample: all its bytes from the same moment
        self._latched = self.sample()

    def read_register(self, register: int) -> int:
        if DATA_FIRST <= register <= DATA_LAST:
            return self._latched[register - DATA_FIRST]
        return self.registers[register]

    def sample(self) -> bytes:
        """The 14 data bytes from 0x3B for the inputs as they are now."""
        if self.registers[PWR_MGMT_1] & 0x40:
            return bytes(DATA_LAST - DATA_FIRST + 1)  # asleep
        accel_lsb = 16384 >> ((self.registers[ACCEL_CONFIG] >> 3) & 3)
        gyro_lsb = GYRO_LSB[(self.registers[GYRO_CONFIG] >> 3) & 3]
        words = [float(self.values[f"accelerometer_{a}"]) * accel_lsb for a in "xyz"]  # type: ignore[arg-type]
        words.append((float(self.values["temperature"]) - TEMP_OFFSET) * TEMP_LSB)  # type: ignore[arg-type]
        words += [float(self.values[f"gyro_{a}"]) * gyro_lsb for a in "xyz"]  # type: ignore[arg-type]
        out = b""
        for word in words:
            out += max(-32768, min(32767, round(word))).to_bytes(2, "big", signed=True)
        return out

    def changed(self, key: str) -> None:
        self.publish(key, self.values[key])
