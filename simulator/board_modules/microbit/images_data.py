"""The built-in pictures, for the modules and the lessons' tests (the data is the board's:
``simulator/boards/microbit/images.py``)."""

from ...boards.microbit.images import ALL_ARROWS, ALL_CLOCKS, BUILTIN_IMAGES

__all__ = ["ALL_ARROWS", "ALL_CLOCKS", "BUILTIN_IMAGES"]
