"""Issue 14's figures: a class of ESP32 boards on MQTT through Terakoya's own broker.

40 boards join the classroom Wi-Fi and publish a reading every virtual second with the
firmware's umqtt.simple; one more board subscribes to all of them. Printed: the speed as a
ratio to real time (target >= 10x), the share of messages the subscriber received, their
latency in virtual ms (publish to arrival), and memory (this process plus the board
processes).
"""

from __future__ import annotations

import statistics
import sys
import time

import psutil
from terakoya.simulator.runner.session import Simulation

JOIN = """
import network, time
from umqtt.simple import MQTTClient
w = network.WLAN(network.STA_IF)
w.active(True)
w.connect('classroom', 'terakoya')
while not w.isconnected():
    time.sleep_ms(100)
"""
PUBLISHER = JOIN + """
c = MQTTClient('board%d' % NUMBER, 'terakoya.local')
c.connect()
time.sleep_ms(500)
for i in range(SECONDS):
    c.publish(b'class/board%d/temp' % NUMBER, b'%d %d' % (time.ticks_ms(), 20 + i % 5))
    time.sleep(1)
c.disconnect()
"""
SUBSCRIBER = JOIN + """
got = []
def heard(topic, msg):
    sent = int(msg.split()[0])
    got.append(time.ticks_diff(time.ticks_ms(), sent))
c = MQTTClient('teacher', 'terakoya.local')
c.set_callback(heard)
c.connect()
c.subscribe(b'class/#')
end = time.ticks_add(time.ticks_ms(), (SECONDS + 2) * 1000)
while time.ticks_diff(end, time.ticks_ms()) > 0:
    while c.check_msg() is not None:  # every message waiting, then a short rest
        pass
    time.sleep_ms(20)
print(len(got), ' '.join(str(x) for x in got))
"""


def memory_mb(sim: Simulation) -> float:
    me = psutil.Process()
    total = me.memory_info().rss
    for child in me.children(recursive=True):
        try:
            total += child.memory_info().rss
        except psutil.Error:
            pass
    return total / 2**20


def class_on_mqtt(boards: int = 40, seconds: int = 20) -> tuple[float, float, list[int], float]:
    """(speed-up, share received, latencies in virtual ms, memory MB)."""
    with Simulation(seed=1) as sim:
        sim.broker()  # the broker's start is not the boards' time
        listener = sim.add_board(source=f"SECONDS = {seconds}\n" + SUBSCRIBER, kind="esp32")
        for number in range(1, boards + 1):
            sim.add_board(source=f"NUMBER = {number}\nSECONDS = {seconds}\n" + PUBLISHER,
                          kind="esp32")
        start = time.perf_counter()
        sim.run((seconds + 4) * 1000)
        wall = time.perf_counter() - start
        memory = memory_mb(sim)
        line = listener.serial_output.strip().splitlines()[-1].split()
    latencies = [int(x) for x in line[1:]]
    return (seconds + 4) / wall, int(line[0]) / (boards * seconds), latencies, memory


def main() -> None:
    speed, share, latencies, memory = class_on_mqtt()
    cut = sorted(latencies)
    p95 = cut[int(len(cut) * 0.95) - 1] if cut else 0
    print(f"IoT class: 40 ESP32 boards publishing every second + 1 subscriber (umqtt, "
          f"embedded broker) = {speed:.1f}x real time (target >= 10x); received "
          f"{share:.0%} of the messages; latency median {statistics.median(cut or [0]):.0f} "
          f"virtual ms, 95% within {p95} ms; memory {memory:.0f} MB in all")


if __name__ == "__main__":
    sys.exit(main())
