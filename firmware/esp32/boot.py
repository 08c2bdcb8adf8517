# SPDX-License-Identifier: MIT
# Terakoya firmware: safe start for ESP32 boards (needs MicroPython 1.22 or newer).
# Hold the board's button while it starts and main.py does not run: the board goes straight
# to the REPL, so Thonny or mpremote can fix a main.py that never stops.
#   ESP32-DevKitC, ESP32-S3-DevKitC-1: press EN/RST, let go, then at once hold BOOT (GPIO0)
#     for a second (BOOT held *through* the reset starts the chip's flashing mode instead).
#   M5Stack ATOM Matrix: hold the screen button (G39) and press reset or plug the USB in.
# Copy this file to the board as boot.py (Thonny: File > Save as... > MicroPython device).

# The button's GPIO number; None: find out which board this is (see below).
BUTTON = None
# How long (ms) after power-on or reset the button is looked at. After a soft reboot (Ctrl-D,
# Thonny's Stop/Restart, mpremote) and when waking from deep sleep it is looked at only once,
# so those stay quick.
WAIT_MS = 1000


def _safe_start(button, wait_ms):
    import sys
    import time

    from machine import DEEPSLEEP_RESET, Pin, reset_cause

    class SafeStart(Exception):
        pass

    def board_button():
        chip = sys.implementation._machine  # such as 'Generic ESP32S3 module with ESP32S3'
        if "C3" in chip or "C6" in chip:
            return 9
        if "ESP32S" in chip:
            return 0
        # The ATOM Matrix runs the generic ESP32 firmware too. Its IMU, an MPU6886 on I2C
        # G21 (SCL) / G25 (SDA) at 0x68, answers WHO_AM_I (0x75) with 0x19; a DevKitC has
        # nothing there (if yours has an MPU6886 on those pins, set BUTTON = 0 above).
        try:
            from machine import I2C

            atom = I2C(0, scl=Pin(21), sda=Pin(25)).readfrom_mem(0x68, 0x75, 1) == b"\x19"
            Pin(21, Pin.IN)
            Pin(25, Pin.IN)
        except (OSError, ValueError):
            atom = False
        return 39 if atom else 0

    def held(number, wait_ms):
        # GPIO34-39 have no pull resistors (the ATOM has its own on G39); GPIO0 gets one
        pin = Pin(number, Pin.IN) if 34 <= number <= 39 else Pin(number, Pin.IN, Pin.PULL_UP)
        start = time.ticks_ms()
        while True:
            if pin.value() == 0:
                time.sleep_ms(20)  # still held 20 ms later: a press, not a glitch
                if pin.value() == 0:
                    return True
            if time.ticks_diff(time.ticks_ms(), start) >= wait_ms:
                return False
            time.sleep_ms(10)

    if time.ticks_ms() > wait_ms + 5000 or reset_cause() == DEEPSLEEP_RESET:
        wait_ms = 0  # a soft reboot long after the start, or waking from deep sleep
    try:
        if button is None:
            button = board_button()
        if not held(button, wait_ms):
            return
    except Exception as e:  # a mistake here must never keep main.py from running
        print("boot.py:", repr(e))
        return
    print("\nSafe start: the button (GPIO%d) was held, so main.py did not run." % button)
    print("Thonny or mpremote can use the board now: fix main.py, then press reset.")
    print("セーフスタート: ボタン (GPIO%d) が押されていたので、" % button
          + "main.py を実行しませんでした。")
    print("Thonny や mpremote で main.py を直してから、リセットしてください。")
    # ports/esp32/main.c (1.22 and later) runs main.py only if boot.py ended well. In 1.22
    # and 1.23 boot.py ending with sys.exit() does not count as ending well, quietly; from
    # 1.24 sys.exit() is a soft reboot (boot.py again), so there an error is what stops it.
    if sys.implementation.version < (1, 24):
        sys.exit()
    raise SafeStart("main.py skipped / main.py をスキップしました")


_safe_start(BUTTON, WAIT_MS)
del BUTTON, WAIT_MS, _safe_start
