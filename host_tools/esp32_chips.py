"""The ESP32 chips Terakoya flashes MicroPython onto: one table, read by the firmware store
(which chip an image is for, where to download one) and by flashing (where it goes)."""

from __future__ import annotations

from dataclasses import dataclass

APP_OFFSET = 0x10000  # where MicroPython's (and Arduino's) partition tables put the program


@dataclass(frozen=True)
class Chip:
    key: str  # esptool's chip argument: esp32s3
    name: str  # esptool's CHIP_NAME, as people see it: ESP32-S3
    image_id: int  # the chip id in a firmware image's extended header
    offset: int  # where MicroPython's firmware .bin is written (its bootloader's place)
    board: str  # MicroPython's generic board for the chip: the name of its download page

    @property
    def download_page(self) -> str:
        return f"https://micropython.org/download/{self.board}/"


CHIPS: tuple[Chip, ...] = (
    Chip("esp32", "ESP32", 0, 0x1000, "ESP32_GENERIC"),
    Chip("esp32s2", "ESP32-S2", 2, 0x1000, "ESP32_GENERIC_S2"),
    Chip("esp32s3", "ESP32-S3", 9, 0x0, "ESP32_GENERIC_S3"),
    Chip("esp32c3", "ESP32-C3", 5, 0x0, "ESP32_GENERIC_C3"),
    Chip("esp32c6", "ESP32-C6", 13, 0x0, "ESP32_GENERIC_C6"),
)


def _plain(name: str) -> str:
    return name.lower().replace("-", "").replace("_", "").replace(" ", "")


def chip_named(name: str) -> Chip | None:
    """The chip called ``name`` ("ESP32-S3", "esp32s3", "esp32_s3"), or None."""
    wanted = _plain(name)
    return next((chip for chip in CHIPS if wanted in (chip.key, _plain(chip.name))), None)


def chip_of_image(image_id: int) -> Chip | None:
    return next((chip for chip in CHIPS if chip.image_id == image_id), None)
