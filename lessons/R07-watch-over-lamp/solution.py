# R07 見守り電球 / The watch-over lamp (solution)
# スイッチを押すと電気がついたり消えたりします。家族に知らせるのは 2 つだけ：
#   「げんき」…電気が使われた（多くても REPORT_GAP_MS に 1 回）
#   「おしらせ」…QUIET_MS のあいだ、電気が使われていない（1 回だけ）
# カメラも、つけた・消した時刻も送りません。
# Press the switch to turn the lamp on or off. The family is told only two things:
#   "genki": the lamp was used (at most once every REPORT_GAP_MS)
#   "notice": it has not been used for QUIET_MS (once)
# No camera, and no times of each switch.
import binascii
import machine
import network
import time
from machine import Pin
from umqtt.simple import MQTTClient

TOPIC = b"mimamori/family-k3/lamp"  # 家族で決めた名前（名前や住所は入れない）
REPORT_GAP_MS = 60 * 1000    # 教室では 1 分。家では 12 時間（12 * 60 * 60 * 1000）
QUIET_MS = 3 * 60 * 1000     # 教室では 3 分。家では 24 時間（24 * 60 * 60 * 1000）
GENKI = "げんき：電気を使いました".encode()
NOTICE = "おしらせ：しばらく電気が使われていません".encode()

lamp = Pin(2, Pin.OUT)
switch = Pin(4, Pin.IN, Pin.PULL_UP)

wlan = network.WLAN(network.STA_IF)
wlan.active(True)
wlan.connect("classroom", "terakoya")
while not wlan.isconnected():
    time.sleep_ms(100)

client = MQTTClient(b"lamp-" + binascii.hexlify(machine.unique_id()), "broker.local")
client.connect()
print("ready")


def tell(message):
    """Tell the family (kept on the broker, so a phone that connects later sees it too)."""
    try:
        client.publish(TOPIC, message, retain=True)
    except OSError:  # the connection was lost: once more
        client.connect()
        client.publish(TOPIC, message, retain=True)
    print("told the family:", message.decode())


last_used = time.ticks_ms()
last_told = None
quiet_told = False
was = 1
while True:
    pressed = switch.value()
    now = time.ticks_ms()
    if was == 1 and pressed == 0:  # the switch was just pressed: someone is up and about
        lamp.value(not lamp.value())
        last_used = now
        if quiet_told or last_told is None or time.ticks_diff(now, last_told) >= REPORT_GAP_MS:
            tell(GENKI)
            last_told = now
            quiet_told = False
    was = pressed
    if not quiet_told and time.ticks_diff(now, last_used) >= QUIET_MS:
        tell(NOTICE)
        quiet_told = True
    time.sleep_ms(50)
