"""Shared helpers: run a program on a simulated board on the virtual clock."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("TERAKOYA_CHECK_ON_LOAD", "0")  # the window's checks: tested on their own
# what terakoya device keeps of its boards goes to a folder of the test run's, not a person's
os.environ["TERAKOYA_DATA"] = tempfile.mkdtemp(prefix="terakoya-data-")
# and what Terakoya caches (the board's engine, runtimes, stubs) to the checkout's .cache/,
# not the person's cache folder (built once there, then kept between runs)
os.environ.setdefault("TERAKOYA_CACHE", str(Path(__file__).resolve().parents[1] / ".cache"
                                            / "terakoya"))

from terakoya.simulator.runner.session import Simulation  # noqa: E402


@pytest.fixture
def sim():
    with Simulation(seed=1) as simulation:
        yield simulation
