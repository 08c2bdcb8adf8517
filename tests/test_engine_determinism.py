"""Same program + seed + scenario: the same output, byte for byte, on every run."""

from terakoya.simulator.runner.session import Simulation

SENDER = """
import radio, random
from microbit import *
radio.config(group=3)
radio.on()
for i in range(40):
    radio.send(str(random.randint(0, 999)))
    total = 0
    for j in range(random.randint(10, 400)):
        total += j * j
    sleep(random.randint(1, 30))
print('sent', running_time())
"""

LISTENER = """
import radio
from microbit import *
radio.config(group=3)
radio.on()
heard = []
start = running_time()
while running_time() - start < 1500:
    m = radio.receive_full()
    if m:
        heard.append((m[0][3:], m[2] % 1000))
    if button_a.was_pressed():
        print('A at', running_time())
print(len(heard), heard[:5], heard[-3:])
"""


def run_once() -> list[str]:
    with Simulation(seed=7) as sim:
        boards = [sim.add_board(source=SENDER), sim.add_board(source=LISTENER),
                  sim.add_board(source=LISTENER)]
        sim.run(300)
        boards[1].press("A")
        sim.run_until_done(5000)
        return [board.serial_output for board in boards]


def test_a_run_is_the_same_every_time():
    first = run_once()
    assert first[0].startswith("sent ") and "A at" in first[1]
    assert run_once() == first
    assert run_once() == first
