"""platform: what the ESP32_GENERIC firmware v1.23.0 reports about itself (C on the board).

The official build used ESP-IDF v5.0.4 with its esp-2022r1 toolchain (GCC 11.2.0, newlib
4.1.0); the strings are put together the way the firmware's modplatform does.
"""

_SYSTEM = 'MicroPython'
_VERSION = '1.23.0'
_ARCH = 'xtensa'
_IDF = 'IDFv5.0.4'
_LIBC = ('newlib', '4.1.0')
_COMPILER = 'GCC 11.2.0'


def platform():
    """System, version, architecture, ESP-IDF and libc, joined by dashes."""
    return '%s-%s-%s-%s-with-%s%s' % (_SYSTEM, _VERSION, _ARCH, _IDF, _LIBC[0], _LIBC[1])


def python_compiler():
    """The compiler that built the firmware."""
    return _COMPILER


def libc_ver():
    """The C library the firmware is linked with: (name, version)."""
    return _LIBC
