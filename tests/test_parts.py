"""The parts of circuit.toml at the model level: a Scheduler and an Esp32Board, the pins
driven through board.gpio as a program's machine module would, events read off the bus."""

from __future__ import annotations

import struct

import pytest
from terakoya.simulator.model.circuit import attach_circuit, load_circuit
from terakoya.simulator.model.clock import Scheduler
from terakoya.simulator.model.esp32 import Esp32Board
from terakoya.simulator.model.events import ValueChanged
from terakoya.simulator.model.gpio import IN, IRQ_FALLING, OUT, PULL_UP, Pwm
from terakoya.simulator.model.parts import (
    BitstreamDevice,
    DhtDevice,
    I2cDevice,
    OneWireDevice,
    PulseDevice,
)
from terakoya.simulator.model.parts.ds18b20 import crc8


class Bench:
    def __init__(self, toml: str):
        self.scheduler = Scheduler()
        self.board = Esp32Board(self.scheduler)
        self.events: list[ValueChanged] = []
        self.board.bus.subscribe(self.events.append, ValueChanged)
        attach_circuit(self.board, load_circuit(toml))

    def last(self, name: str):
        values = [e.value for e in self.events if e.id == name]
        return values[-1] if values else None

    def all(self, name: str) -> list:
        return [e.value for e in self.events if e.id == name]

    def run_ms(self, ms: float) -> None:
        self.scheduler.run_until(self.scheduler.now_us + ms * 1000)


def one(type_: str, pins: str = "pin = 2", extra: str = "") -> str:
    return f'[[part]]\nid = "p"\ntype = "{type_}"\n{pins}\n{extra}\n'


# -- lights -------------------------------------------------------------------------
def test_led_follows_level_and_pwm():
    bench = Bench(one("led"))
    gpio = bench.board.gpio
    assert bench.last("p.brightness") == 0.0
    gpio.configure(2, OUT, None)
    gpio.write(2, 1)
    assert bench.last("p.brightness") == 1.0
    gpio.set_pwm(2, Pwm(1000, 0.25))
    assert bench.last("p.brightness") == 0.25
    gpio.set_pwm(2, None)
    gpio.write(2, 0)
    assert bench.last("p.brightness") == 0.0


def test_led_active_low_and_rgb_common_anode():
    bench = Bench(one("led", extra='active = "low"')
                  + '[[part]]\nid = "rgb"\ntype = "rgb-led"\nr = 4\ng = 5\nb = 18\ncommon = "anode"\n')
    gpio = bench.board.gpio
    gpio.configure(2, OUT, None)
    gpio.write(2, 0)
    assert bench.last("p.brightness") == 1.0
    for pin in (4, 5, 18):
        gpio.configure(pin, OUT, None)
        gpio.write(pin, 1)
    assert bench.last("rgb.brightness") == (0.0, 0.0, 0.0)
    gpio.write(5, 0)
    gpio.set_pwm(18, Pwm(1000, 0.75))
    assert bench.last("rgb.brightness") == (0.0, 1.0, 0.25)


# -- inputs -------------------------------------------------------------------------
def test_button_pulls_its_pin_low_and_fires_an_irq():
    bench = Bench(one("button", "pin = 4"))
    gpio, board = bench.board.gpio, bench.board
    gpio.configure(4, IN, PULL_UP)
    edges = []
    gpio.set_irq(4, IRQ_FALLING, edges.append)
    assert gpio.level(4) == 1
    board.set_value("p", True)
    assert gpio.level(4) == 0 and edges == [4] and bench.last("p.pressed") is True
    board.set_value("p.pressed", 0)
    assert gpio.level(4) == 1


def test_button_to_3v3_and_bounce_settles_within_a_millisecond():
    bench = Bench(one("button", "pin = 4", 'to = "3v3"\nbounce = true'))
    gpio = bench.board.gpio
    gpio.configure(4, IN, None)
    seen = []
    gpio.watch  # the program's view: sample the level every 20 µs
    bench.board.set_value("p", 1)
    for _ in range(60):
        seen.append(gpio.level(4))
        bench.scheduler.run_until(bench.scheduler.now_us + 20)
    changes = sum(1 for a, b in zip(seen, seen[1:]) if a != b)
    assert changes >= 2  # it bounced
    bench.run_ms(2)
    assert gpio.level(4) == 1


def test_potentiometer_and_ldr_voltages():
    bench = Bench(one("potentiometer", "pin = 34", "position = 0.25")
                  + '[[part]]\nid = "ldr"\ntype = "ldr"\npin = 35\n')
    gpio = bench.board.gpio
    assert gpio.volts(34) == pytest.approx(0.825)
    bench.board.set_value("p", 1.0)
    assert gpio.volts(34) == pytest.approx(3.3)
    bench.board.set_value("ldr", 10)
    assert gpio.volts(35) == pytest.approx(3.3 * 50 / 60, rel=1e-3)
    bench.board.set_value("ldr", 1000)
    dark, bright = 3.3 * 50 / 60, gpio.volts(35)
    assert bright < dark
    with pytest.raises(ValueError):
        bench.board.set_value("ldr", 0)


def test_pir_holds_its_output_after_motion():
    bench = Bench(one("pir", "pin = 27", "hold_s = 2"))
    gpio = bench.board.gpio
    assert gpio.level(27) == 0
    bench.board.set_value("p", True)
    assert gpio.level(27) == 1
    bench.board.set_value("p", False)
    bench.run_ms(1999)
    assert gpio.level(27) == 1
    bench.run_ms(2)
    assert gpio.level(27) == 0 and bench.all("p.level") == [0, 1, 0]


# -- actuators ----------------------------------------------------------------------
def test_servo_angle_from_pulse_width():
    bench = Bench(one("servo", "pin = 13"))
    gpio = bench.board.gpio
    gpio.configure(13, OUT, None)
    gpio.set_pwm(13, Pwm(50, 1500 / 20000))
    assert bench.last("p.angle") == 90.0
    gpio.set_pwm(13, Pwm(50, 500 / 20000))
    assert bench.last("p.angle") == 0.0
    gpio.set_pwm(13, Pwm(50, 3000 / 20000))
    assert bench.last("p.angle") == 180.0
    gpio.set_pwm(13, None)
    assert bench.last("p.angle") == 180.0  # holds


def test_buzzer_tone_and_relay_fan():
    bench = Bench(one("buzzer", "pin = 25") + '[[part]]\nid = "r"\ntype = "relay"\npin = 26\n'
                  'active = "low"\n[[part]]\nid = "f"\ntype = "fan"\npin = 27\n')
    gpio = bench.board.gpio
    gpio.configure(25, OUT, None)
    gpio.set_pwm(25, Pwm(440, 0.5))
    assert bench.last("p.tone") == 440
    gpio.set_pwm(25, Pwm(440, 0))
    assert bench.last("p.tone") == 0
    gpio.configure(26, OUT, None)
    gpio.write(26, 0)
    assert bench.last("r.on") is True
    gpio.write(26, 1)
    assert bench.last("r.on") is False
    gpio.configure(27, OUT, None)
    gpio.set_pwm(27, Pwm(1000, 0.4))
    assert bench.last("f.on") is True and bench.last("f.speed") == 0.4


def test_hcsr04_answers_only_after_a_trigger():
    bench = Bench(one("hc-sr04", "pins = { trig = 5, echo = 18 }", "distance = 50"))
    gpio, board = bench.board.gpio, bench.board
    sensor = board.parts_on(18, PulseDevice)[0]
    assert sensor.pulse_us(1) is None
    gpio.configure(5, OUT, None)
    gpio.write(5, 1)
    bench.scheduler.run_until(bench.scheduler.now_us + 10)
    gpio.write(5, 0)
    assert sensor.pulse_us(1) == 50 * 58
    assert sensor.pulse_us(1) is None  # one trigger, one echo
    assert gpio.level(18) == 0


def test_ws2812_takes_grb_bytes():
    bench = Bench(one("ws2812", "pin = 27", 'count = 3\nlayout = "ring"'))
    strip = bench.board.parts_on(27, BitstreamDevice)[0]
    strip.bitstream(bytes([10, 20, 30, 0, 255, 0]))
    assert bench.last("p.pixels") == ((20, 10, 30), (255, 0, 0), (0, 0, 0))


# -- DHT ------------------------------------------------------------------------------
def decode_dht22(frame: bytes) -> tuple[float, float]:
    assert frame[4] == sum(frame[:4]) & 0xFF
    humidity = (frame[0] << 8 | frame[1]) * 0.1
    t = ((frame[2] & 0x7F) << 8 | frame[3]) * 0.1
    return humidity, -t if frame[2] & 0x80 else t


def test_dht11_and_dht22_frames():
    bench = Bench(one("dht11", "pin = 4", "temperature = 23\nhumidity = 55")
                  + '[[part]]\nid = "d22"\ntype = "dht22"\npin = 15\n')
    dht11 = bench.board.parts_on(4, DhtDevice)[0]
    assert dht11.dht_frame() == bytes([55, 0, 23, 0, 78])
    dht22 = bench.board.parts_on(15, DhtDevice)[0]
    bench.board.set_value("d22.temperature", -12.3)
    bench.board.set_value("d22.humidity", 65.4)
    humidity, temperature = decode_dht22(dht22.dht_frame())
    assert humidity == pytest.approx(65.4) and temperature == pytest.approx(-12.3)
    with pytest.raises(ValueError):
        bench.board.set_value("p.temperature", 60)  # beyond the DHT11's 0..50


def test_a_dht_that_comes_loose_is_not_found_on_its_pin_until_plugged_in_again():
    bench = Bench(one("dht22", "pin = 15", "temperature = 21.5"))
    assert bench.board.parts_on(15, DhtDevice)
    bench.board.set_value("p.connected", 0)
    assert bench.board.parts_on(15, DhtDevice) == [] and bench.last("p.connected") == 0
    bench.board.set_value("p", 30)  # its first input is still the temperature
    bench.board.set_value("p.connected", True)
    assert decode_dht22(bench.board.parts_on(15, DhtDevice)[0].dht_frame())[1] == 30
    loose = Bench(one("dht11", "pin = 4", "connected = 0"))  # unplugged from the start
    assert loose.board.parts_on(4, DhtDevice) == []
    from terakoya.simulator.ui.controller import part_controls

    control = [c for c in part_controls(loose.board.circuit[0], 1) if c.id == "p.connected"]
    assert control and (control[0].kind, control[0].minimum, control[0].maximum) == ("slider", 0, 1)


def test_a_loose_dht_times_out_in_the_program_as_the_firmware_does():
    from terakoya.simulator import Simulation
    from terakoya.simulator.runner.scenario import parse_scenario

    circuit = one("dht22", "pin = 15").replace('id = "p"', 'id = "dht1"')
    source = ("import dht, time\nfrom machine import Pin\nd = dht.DHT22(Pin(15))\n"
              "for _ in range(3):\n"
              "    try:\n        d.measure()\n        print('ok', d.temperature())\n"
              "    except OSError as e:\n        print('error', e.args[0], e)\n"
              "    time.sleep(2)\n")
    scenario = ('[[at]]\nms = 1000\nset = { dht1 = { connected = 0 } }\n\n'
                '[[at]]\nms = 3000\nset = { dht1 = { connected = 1, temperature = 25 } }\n')
    with Simulation(seed=1) as sim:
        board = sim.add_board(source=source, kind="esp32", circuit=circuit)
        actions = parse_scenario(scenario, boards=["esp32"], circuits=[board.model.circuit])
        for action in actions:
            sim.run(ms=action.ms - sim.now_ms)
            action.apply(board)
        sim.run_until_done(max_ms=10_000)
        printed = [line for line in board.serial_output.splitlines() if line[:2] in ("ok", "er")]
    assert printed == ["ok 24.0", "error 116 [Errno 116] ETIMEDOUT", "ok 25.0"]


def test_bus_sensors_come_loose_too_but_not_the_atoms_own_imu():
    bench = Bench(one("bme280", "scl = 22\nsda = 21", "connected = 0")
                  + '[[part]]\nid = "probe"\ntype = "ds18b20"\npin = 4\n')
    assert bench.board.i2c_devices(22, 21, I2cDevice) == []
    bench.board.set_value("p.connected", 1)
    assert [d.address for d in bench.board.i2c_devices(22, 21, I2cDevice)] == [0x76]
    bench.board.set_value("probe.connected", 0)
    assert bench.board.parts_on(4, OneWireDevice) == []
    from terakoya.simulator.boards.esp32 import SPECS

    atom = Esp32Board(Scheduler(), spec=next(s for s in SPECS if s.id == "atom-matrix"))
    assert all("connected" not in [i.id for i in part.inputs] for part in atom.circuit)
    assert atom.i2c_devices(21, 25, I2cDevice)


# -- DS18B20 over 1-Wire --------------------------------------------------------------
class Bus:
    """The master's side of a 1-Wire bus with several devices (the line is wired-AND)."""

    def __init__(self, devices):
        self.devices = devices

    def reset(self) -> bool:
        return any([d.ow_reset() for d in self.devices])

    def write_bit(self, bit: int) -> None:
        for d in self.devices:
            d.ow_write_bit(bit)

    def read_bit(self) -> int:
        return int(all([d.ow_read_bit() for d in self.devices]))

    def write_byte(self, byte: int) -> None:
        for n in range(8):
            self.write_bit(byte >> n & 1)

    def read_bytes(self, count: int) -> bytes:
        return bytes(sum(self.read_bit() << n for n in range(8)) for _ in range(count))

    def search(self) -> list[bytes]:
        """Maxim's search ROM (application note 187): one ROM per pass, taking the 0
        branch at the last discrepancy not yet explored."""
        found, last_discrepancy, rom = [], -1, [0] * 64
        while True:
            if not self.reset():
                return found
            self.write_byte(0xF0)
            discrepancy = -1
            for index in range(64):
                bit, complement = self.read_bit(), self.read_bit()
                assert not (bit and complement), "no device answered"
                if bit == complement:  # both 0: devices differ here
                    choice = 1 if index == last_discrepancy else (
                        0 if index > last_discrepancy else rom[index])
                    if choice == 0:
                        discrepancy = index
                else:
                    choice = bit
                rom[index] = choice
                self.write_bit(choice)
            found.append(bytes(sum(rom[i * 8 + n] << n for n in range(8)) for i in range(8)))
            last_discrepancy = discrepancy
            if last_discrepancy == -1:
                return found


def test_ds18b20_search_convert_and_read_scratchpad():
    text = "".join(f'[[part]]\nid = "t{n}"\ntype = "ds18b20"\npin = 4\n' for n in range(3))
    bench = Bench(text)
    devices = bench.board.parts_on(4, OneWireDevice)
    bus = Bus(devices)
    roms = bus.search()
    assert sorted(roms) == sorted(d.rom for d in devices) and len(set(roms)) == 3
    for rom in roms:
        assert rom[0] == 0x28 and crc8(rom[:7]) == rom[7]
    bench.board.set_value("t1.temperature", -10.125)
    bench.board.set_value("t2.temperature", 25.0625)
    bus.reset()
    bus.write_byte(0xCC)
    bus.write_byte(0x44)
    assert bus.read_bit() == 0  # converting
    bench.run_ms(750)
    assert bus.read_bit() == 1
    expected = {d.rom: d.values["temperature"] for d in devices}
    for rom in roms:
        bus.reset()
        bus.write_byte(0x55)
        for byte in rom:
            bus.write_byte(byte)
        bus.write_byte(0xBE)
        pad = bus.read_bytes(9)
        assert crc8(pad[:8]) == pad[8]
        raw = struct.unpack("<h", pad[:2])[0]
        assert raw / 16 == expected[rom]


def test_ds18b20_power_on_value_resolution_and_write_scratchpad():
    bench = Bench(one("ds18b20", "pin = 4", "temperature = 21.3"))
    bus = Bus(bench.board.parts_on(4, OneWireDevice))

    def scratchpad() -> bytes:
        bus.reset()
        bus.write_byte(0xCC)
        bus.write_byte(0xBE)
        return bus.read_bytes(9)

    assert struct.unpack("<h", scratchpad()[:2])[0] == 85 * 16
    bus.reset()
    bus.write_byte(0xCC)
    bus.write_byte(0x4E)
    for byte in (0x20, 0x05, 0x1F):  # TH, TL, 9-bit resolution
        bus.write_byte(byte)
    pad = scratchpad()
    assert pad[2:5] == bytes([0x20, 0x05, 0x1F])
    bus.reset()
    bus.write_byte(0xCC)
    bus.write_byte(0x44)
    bench.run_ms(94)
    raw = struct.unpack("<h", scratchpad()[:2])[0]
    assert raw / 16 == 21.0  # 21.3 °C in 0.5 °C steps (9 bits)


# -- BME280: the datasheet's integer compensation, as drivers run it -------------------
def c_div(a: int, b: int) -> int:
    """C's integer division (towards zero)."""
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b >= 0) else -q


class Bme280Driver:
    """What a MicroPython bme280 driver does over I2C, with section 4.2.3's formulas."""

    def __init__(self, device):
        self.dev = device
        assert self.read(0xD0, 1) == b"\x60"
        low, high = self.read(0x88, 26), self.read(0xE1, 7)
        self.t = struct.unpack("<Hhh", low[0:6])
        self.p = struct.unpack("<Hhhhhhhhh", low[6:24])
        e4, e5, e6 = high[3], high[4], high[5]
        h4 = (struct.unpack("b", bytes([e4]))[0] << 4) | (e5 & 0x0F)
        h5 = (struct.unpack("b", bytes([e6]))[0] << 4) | (e5 >> 4)
        self.h = (low[25], struct.unpack("<h", high[0:2])[0], high[2], h4, h5,
                  struct.unpack("b", high[6:7])[0])

    def read(self, register: int, count: int) -> bytes:
        self.dev.i2c_write(bytes([register]))
        return self.dev.i2c_read(count)

    def measure(self) -> tuple[int, int, int]:
        self.dev.i2c_write(bytes([0xF2, 0x01]))
        self.dev.i2c_write(bytes([0xF4, 0x25]))  # x1 oversampling, forced
        d = self.read(0xF7, 8)
        adc_p = (d[0] << 12) | (d[1] << 4) | (d[2] >> 4)
        adc_t = (d[3] << 12) | (d[4] << 4) | (d[5] >> 4)
        adc_h = (d[6] << 8) | d[7]
        t1, t2, t3 = self.t
        var1 = (((adc_t >> 3) - (t1 << 1)) * t2) >> 11
        var2 = (((((adc_t >> 4) - t1) * ((adc_t >> 4) - t1)) >> 12) * t3) >> 14
        t_fine = var1 + var2
        temperature = (t_fine * 5 + 128) >> 8  # 0.01 °C
        return temperature, self.pressure(adc_p, t_fine), self.humidity(adc_h, t_fine)

    def pressure(self, adc_p: int, t_fine: int) -> int:
        p1, p2, p3, p4, p5, p6, p7, p8, p9 = self.p
        var1 = t_fine - 128000
        var2 = var1 * var1 * p6 + ((var1 * p5) << 17) + (p4 << 35)
        var1 = ((var1 * var1 * p3) >> 8) + ((var1 * p2) << 12)
        var1 = (((1 << 47) + var1) * p1) >> 33
        p = 1048576 - adc_p
        p = c_div(((p << 31) - var2) * 3125, var1)
        var1 = (p9 * (p >> 13) * (p >> 13)) >> 25
        var2 = (p8 * p) >> 19
        return ((p + var1 + var2) >> 8) + (p7 << 4)  # Pa × 256

    def humidity(self, adc_h: int, t_fine: int) -> int:
        h1, h2, h3, h4, h5, h6 = self.h
        v = t_fine - 76800
        v = ((((adc_h << 14) - (h4 << 20) - (h5 * v)) + 16384) >> 15) * (
            ((((((v * h6) >> 10) * (((v * h3) >> 11) + 32768)) >> 10) + 2097152) * h2 + 8192) >> 14)
        v = v - (((((v >> 15) * (v >> 15)) >> 7) * h1) >> 4)
        v = max(0, min(v, 419430400))
        return v >> 12  # %RH × 1024


@pytest.mark.parametrize("celsius,hpa,percent", [(24, 1013.25, 40), (-20.5, 850, 5),
                                                 (60.3, 1100, 95.5), (0, 300, 100)])
def test_bme280_gives_back_what_was_set(celsius, hpa, percent):
    bench = Bench(one("bme280", "scl = 22\nsda = 21"))
    device = bench.board.i2c_devices(22, 21, I2cDevice)[0]
    assert device.address == 0x76
    bench.board.set_value("p.temperature", celsius)
    bench.board.set_value("p.pressure", hpa)
    bench.board.set_value("p.humidity", percent)
    temperature, pressure, humidity = Bme280Driver(device).measure()
    assert temperature / 100 == pytest.approx(celsius, abs=0.011)
    assert pressure / 256 / 100 == pytest.approx(hpa, abs=0.02)
    assert humidity / 1024 == pytest.approx(percent, abs=0.05)


def test_bme280_skipped_and_reset():
    bench = Bench(one("bme280", "scl = 22\nsda = 21", "address = 0x77"))
    device = bench.board.i2c_devices(22, 21, I2cDevice)[0]
    assert device.address == 0x77
    device.i2c_write(bytes([0xF4, 0x01]))  # forced, every oversampling 0: skipped
    device.i2c_write(bytes([0xF7]))
    assert device.i2c_read(8) == bytes([0x80, 0, 0, 0x80, 0, 0, 0x80, 0])
    device.i2c_write(bytes([0xF4, 0x27]))
    device.i2c_write(bytes([0xF4]))
    assert device.i2c_read(1) == b"\x27"
    device.i2c_write(bytes([0xE0, 0xB6]))
    device.i2c_write(bytes([0xF4]))
    assert device.i2c_read(1) == b"\x00"


# -- MPU6886 --------------------------------------------------------------------------
def test_mpu6886_registers_and_scales():
    bench = Bench(one("mpu6886", "scl = 21\nsda = 25"))
    device = bench.board.i2c_devices(21, 25, I2cDevice)[0]

    def read(register: int, count: int) -> bytes:
        device.i2c_write(bytes([register]))
        return device.i2c_read(count)

    assert read(0x75, 1) == b"\x19"
    assert read(0x3B, 14) == bytes(14)  # asleep after power-up
    device.i2c_write(bytes([0x6B, 0x00]))
    device.i2c_write(bytes([0x1C, 0x10]))  # ±8 g
    device.i2c_write(bytes([0x1B, 0x18]))  # ±2000 °/s
    bench.board.set_value("p.accelerometer_x", 0.5)
    bench.board.set_value("p.gyro_z", -100)
    bench.board.set_value("p.temperature", 30)
    ax, ay, az, t, gx, gy, gz = struct.unpack(">7h", read(0x3B, 14))
    assert (ax / 4096, ay, az / 4096) == (0.5, 0, 1.0)
    assert gz / 16.4 == pytest.approx(-100, abs=0.1)
    assert t / 326.8 + 25 == pytest.approx(30, abs=0.01)
    device.i2c_write(bytes([0x1C, 0x00]))  # ±2 g: 3 g is beyond it
    bench.board.set_value("p.accelerometer_x", 3)
    assert struct.unpack(">h", read(0x3B, 2))[0] == 32767


# -- SSD1306: the bytes micropython-lib's driver sends ---------------------------------
class Ssd1306Driver:
    """micropython-lib's SSD1306_I2C, as bytes: each command ``80 cc``, data ``40 …``."""

    def __init__(self, device, width=128, height=64):
        self.dev, self.width, self.pages = device, width, height // 8
        self.buffer = bytearray(self.pages * width)
        for cmd in (0xAE, 0x20, 0x00, 0x40, 0xA1, 0xA8, height - 1, 0xC8, 0xD3, 0x00, 0xDA,
                    0x12, 0xD5, 0x80, 0xD9, 0xF1, 0xDB, 0x30, 0x81, 0xFF, 0xA4, 0xA6, 0xAD,
                    0x30, 0x8D, 0x14, 0xAF):
            self.cmd(cmd)
        self.show()

    def cmd(self, byte: int) -> None:
        self.dev.i2c_write(bytes([0x80, byte]))

    def pixel(self, x: int, y: int) -> None:  # framebuf MONO_VLSB
        self.buffer[(y // 8) * self.width + x] |= 1 << (y % 8)

    def show(self) -> None:
        for byte in (0x21, 0, self.width - 1, 0x22, 0, self.pages - 1):
            self.cmd(byte)
        self.dev.i2c_write(b"\x40" + bytes(self.buffer))


def test_ssd1306_shows_the_drivers_framebuffer():
    bench = Bench(one("ssd1306", "scl = 22\nsda = 21"))
    device = bench.board.i2c_devices(22, 21, I2cDevice)[0]
    assert device.address == 0x3C
    driver = Ssd1306Driver(device)
    assert bench.last("p.on") is True and bench.last("p.pixels") == (0,) * 64
    for x, y in ((0, 0), (127, 0), (5, 10), (127, 63)):
        driver.pixel(x, y)
    driver.show()
    rows = bench.last("p.pixels")
    assert rows[0] == 1 | 1 << 127 and rows[10] == 1 << 5 and rows[63] == 1 << 127
    assert sum(bin(r).count("1") for r in rows) == 4
    driver.cmd(0xA7)  # invert
    assert bench.last("p.pixels")[1] == (1 << 128) - 1
    driver.cmd(0xA6)
    driver.cmd(0xC0)  # rotate(0): COM scan and segments back to normal: upside down
    driver.cmd(0xA0)
    assert bench.last("p.pixels")[63 - 10] == 1 << (127 - 5)
    driver.cmd(0x81)
    driver.cmd(0x20)
    assert bench.last("p.contrast") == 0x20
    driver.cmd(0xAE)
    assert bench.last("p.on") is False and bench.last("p.pixels") == (0,) * 64
    device.i2c_write(b"")  # a scan's probe
    assert device.i2c_read(1) == b"\x40"


def test_ssd1306_page_addressing_and_narrow_window():
    bench = Bench(one("ssd1306", "scl = 22\nsda = 21"))
    device = bench.board.i2c_devices(22, 21, I2cDevice)[0]
    device.i2c_write(bytes([0x00, 0xA1, 0xC8, 0x8D, 0x14, 0xAF]))  # Co=0: all commands
    device.i2c_write(bytes([0x00, 0xB2, 0x03, 0x11]))  # page mode: page 2, column 0x13
    device.i2c_write(bytes([0x40, 0xFF]))
    assert device.pixel(0x13, 16) == 1 and device.pixel(0x13, 23) == 1
    device.i2c_write(bytes([0x00, 0x20, 0x00, 0x21, 32, 33, 0x22, 4, 5]))
    device.i2c_write(bytes([0x40, 1, 2, 4, 8]))  # 2 columns × 2 pages
    assert [device.pixel(x, y) for x, y in ((32, 32), (33, 33), (32, 42), (33, 43))] == [1] * 4
