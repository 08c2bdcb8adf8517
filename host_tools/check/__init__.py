"""``terakoya check``: find, before flashing, what would fail on the real board."""
