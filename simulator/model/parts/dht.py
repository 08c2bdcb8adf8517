"""DHT11 and DHT22 (AM2302) temperature and humidity sensors on one data pin.

After the program's start signal the sensor sends 40 bits: five bytes, the last the low byte
of the sum of the first four.

- DHT11: humidity (whole %RH), 0, temperature (whole °C), 0, checksum. Range 0..50 °C and
  20..90 %RH, in steps of 1: the ``dht`` module reads bytes 0 and 2.
- DHT22: humidity × 10 as 16 bits (high byte first), temperature × 10 as 16 bits with the
  top bit for below zero (not two's complement), checksum. Range -40..80 °C in 0.1 °C steps
  and 0..100 %RH in 0.1 %RH steps.

With ``connected`` at 0 (its wire came loose) it does not answer the start signal: the line
stays high and the firmware's ``dht_readinto`` (drivers/dht/dht.c) gives up after 100 µs
with ``OSError: [Errno 116] ETIMEDOUT``.
"""

from __future__ import annotations

from .common import PLUGGED, CircuitPart, spec


def checksum(four: bytes) -> int:
    return sum(four) & 0xFF


class Dht11(CircuitPart):
    """A DhtDevice: ``dht_frame()`` is the frame for the inputs as they are now."""

    type_name = "dht11"
    inputs = (spec("temperature", "Temperature", "温度", 0, 50, 24, "°C", 1, integer=True),
              spec("humidity", "Humidity", "湿度", 20, 90, 40, "%", 1, integer=True), PLUGGED)

    def data(self) -> bytes:
        humidity, temperature = int(self.values["humidity"]), int(self.values["temperature"])  # type: ignore[call-overload]
        return bytes((humidity, 0, temperature, 0))

    def dht_frame(self) -> bytes:
        data = self.data()
        return data + bytes((checksum(data),))

    def changed(self, key: str) -> None:
        self.publish(key, self.values[key])


class Dht22(Dht11):
    type_name = "dht22"
    inputs = (spec("temperature", "Temperature", "温度", -40, 80, 24, "°C", 0.1),
              spec("humidity", "Humidity", "湿度", 0, 100, 40, "%", 0.1), PLUGGED)

    def data(self) -> bytes:
        humidity = round(float(self.values["humidity"]) * 10)  # type: ignore[arg-type]
        temperature = round(float(self.values["temperature"]) * 10)  # type: ignore[arg-type]
        magnitude = abs(temperature) | (0x8000 if temperature < 0 else 0)
        return humidity.to_bytes(2, "big") + magnitude.to_bytes(2, "big")
