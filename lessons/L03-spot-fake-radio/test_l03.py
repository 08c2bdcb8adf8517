"""L03 spot a fake radio message: a home board sends "genki", a watcher smiles for it; a
stranger's micro:bit (lab.RadioTap) records, replays, makes up and changes messages."""

from __future__ import annotations

import re
from pathlib import Path

from terakoya.simulator import Simulation
from terakoya.simulator.board_modules.microbit.images_data import BUILTIN_IMAGES as IMG
from terakoya.simulator.runner.lab import RadioTap

from terakoya.curriculum.learner_tests import criterion, program

HERE = Path(__file__).parent
PROGRAM = program(HERE)
HAPPY = IMG["HAPPY"]
REST_MS = 4000  # the watcher smiles for about 2 s: by then it is waiting again


def start(sim: Simulation):
    home = sim.add_board(PROGRAM)
    watcher = sim.add_board(PROGRAM)
    sim.run(300)
    home.press("A")
    watcher.press("B")
    sim.run(500)
    assert home.error is None and watcher.error is None
    return home, watcher


def smiles(watcher) -> int:
    return watcher.display_history().count(HAPPY)


def home_sends(sim: Simulation, home, tap: RadioTap):
    """Press A on the home board; the packet it sent (None: it sent nothing)."""
    heard = len(tap.packets)
    home.press("A")
    sim.run(REST_MS)
    mine = [p for p in tap.packets[heard:] if p.board == 1]
    return mine[-1] if mine else None


def accepted(sim: Simulation, watcher, send) -> bool:
    """Whether the watcher smiles for what ``send()`` puts in the air."""
    before = smiles(watcher)
    send()
    sim.run(REST_MS)
    return smiles(watcher) > before


def changed_copies(text: str) -> list[str]:
    """What a stranger makes of a real message without the secret: each number in it
    turned into a bigger one (the next message's number, or a far one)."""
    copies = []
    for found in re.finditer(r"\d+", text):
        for step in (1, 100):
            bigger = str(int(found.group()) + step)
            copies.append(text[:found.start()] + bigger + text[found.end():])
    return copies


@criterion(1)
def test_a_real_genki_from_the_home_board_makes_the_watcher_smile_for_a_while():
    with Simulation(seed=1) as sim, RadioTap(sim) as tap:
        home, watcher = start(sim)
        assert HAPPY not in watcher.display_history()
        for _ in range(2):
            packet = home_sends(sim, home, tap)
            assert packet is not None, "pressing A on the home board sends nothing"
            assert watcher.display_image() != HAPPY, "the smile should end after 2 seconds"
        assert smiles(watcher) == 2


@criterion(2)
def test_a_recorded_genki_sent_again_is_not_believed():
    with Simulation(seed=1) as sim, RadioTap(sim) as tap:
        home, watcher = start(sim)
        first = home_sends(sim, home, tap)
        second = home_sends(sim, home, tap)
        assert first is not None and second is not None and smiles(watcher) == 2
        for packet in (second, first):
            index = tap.packets.index(packet)
            assert not accepted(sim, watcher, lambda i=index: tap.replay(i)), \
                f"the watcher believed a recording sent again: {packet.text!r}"
        assert home_sends(sim, home, tap) is not None
        assert smiles(watcher) == 3, "after a replay, a real genki must still be believed"


@criterion(3)
def test_a_made_up_or_changed_genki_is_not_believed():
    with Simulation(seed=1) as sim, RadioTap(sim) as tap:
        home, watcher = start(sim)
        real = home_sends(sim, home, tap)
        assert real is not None and real.text is not None and smiles(watcher) == 1
        fakes = ["genki", "genki:1", f"genki:{real.group}", *changed_copies(real.text)]
        for fake in dict.fromkeys(fakes):
            assert not accepted(sim, watcher, lambda f=fake: tap.forge(f, group=real.group,
                                                                        channel=real.channel)), \
                f"the watcher believed a message a stranger made up: {fake!r}"
        assert home_sends(sim, home, tap) is not None
        assert smiles(watcher) == 2, "after the fakes, a real genki must still be believed"
