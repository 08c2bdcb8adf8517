"""urequests: the old name of requests (micropython-lib's urequests, frozen into the
MicroPython 1.23 ESP32 firmware); every attribute comes from requests when first used."""


def __getattr__(attr):
    import requests
    return getattr(requests, attr)
