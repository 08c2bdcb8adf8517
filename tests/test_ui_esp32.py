"""The window with an ESP32 board and a circuit: the board, its parts drawn from what they
publish, a control for each part's input, and the BOOT button under the mouse."""

from pathlib import Path

import pygame
from terakoya.simulator.ui.app import WindowOptions, make_controller
from terakoya.simulator.ui.render import Renderer

PROGRAM = """
from machine import Pin
import neopixel, time
led = Pin(2, Pin.OUT)
led.on()
ring = neopixel.NeoPixel(Pin(5), 8)
ring.fill((0, 200, 0))
ring.write()
boot = Pin(0, Pin.IN)
while True:
    print(boot.value())
    time.sleep_ms(100)
"""

CIRCUIT = """
[[part]]
id = "led1"
type = "led"
pin = 2
color = "red"

[[part]]
id = "ring"
type = "ws2812"
pin = 5
count = 8

[[part]]
id = "pot1"
type = "potentiometer"
pin = 34

[[part]]
id = "btn1"
type = "button"
pin = 4
"""


def controller(tmp_path: Path):
    (tmp_path / "main.py").write_text(PROGRAM, encoding="utf-8")
    (tmp_path / "circuit.toml").write_text(CIRCUIT, encoding="utf-8")
    return make_controller(WindowOptions([tmp_path], board="esp32"))


def test_parts_are_drawn_from_what_they_publish_and_have_controls(tmp_path):
    ctl = controller(tmp_path)
    try:
        ctl.tick(300)
        values = ctl.part_values[1]
        assert values["led1.brightness"] == 1.0
        assert values["ring.pixels"] == ((0, 200, 0),) * 8
        assert values["pot1.position"] == 0.5  # set before the window listened: seeded
        ids = [c.id for c in ctl.controls]
        assert "button_boot" in ids and "press_btn1" in ids and "pot1.position" in ids
        renderer = Renderer(1.0)
        surface = pygame.Surface(renderer.size)
        renderer.draw(surface, ctl)
        assert any(hit.action == "button_boot" for hit in renderer.hits)
        reds = sum(1 for x in range(0, renderer.size[0], 2) for y in range(0, 500, 2)
                   if surface.get_at((x, y))[:3] == (255, 40, 40))
        assert reds > 50  # the lit LED
    finally:
        ctl.close()


def test_holding_boot_and_a_slider_reach_the_board(tmp_path):
    ctl = controller(tmp_path)
    try:
        ctl.tick(50)
        ctl.perform("button_boot", True)
        ctl.tick(250)
        ctl.perform("button_boot", False)
        pot = next(c for c in ctl.controls if c.id == "pot1.position")
        ctl.adjust(1, pot)
        assert ctl.boards[0].model.value("pot1.position") == 0.51
        ctl.perform("press_btn1", True)
        assert ctl.boards[0].model.gpio.volts(4) == 0.0
        ctl.tick(100)
        assert "0\n" in ctl.boards[0].serial_output and "1\n" in ctl.boards[0].serial_output
    finally:
        ctl.close()


def test_a_buzzers_notes_are_captioned_in_the_windows_language(tmp_path):
    (tmp_path / "main.py").write_text(
        "from machine import Pin, PWM\nimport time\nbz = PWM(Pin(25), freq=440, duty_u16=32768)\n"
        "time.sleep_ms(100)\nbz.freq(262)\ntime.sleep_ms(100)\nbz.duty_u16(0)\n"
        "time.sleep_ms(100)\n", encoding="utf-8")
    (tmp_path / "circuit.toml").write_text('[[part]]\nid = "bz"\ntype = "buzzer"\npin = 25\n',
                                           encoding="utf-8")
    ctl = make_controller(WindowOptions([tmp_path], board="esp32", lang="ja"))
    try:
        ctl.tick(400)
        # 262 Hz asked; the ESP32's PWM divider gives 261
        assert ctl.captions[-3:] == ["bz: ♪ ラ4 (440 Hz)", "bz: ♪ ド4 (261 Hz)", "bz: （静か）"]
    finally:
        ctl.close()
