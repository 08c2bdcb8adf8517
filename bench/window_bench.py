"""How the simulator window performs: frames per second and CPU while text scrolls, and
how soon the first frame appears. ``python bench/window_bench.py`` prints the figures.

Targets (issue 4): 60 frames per second while a scroll runs, under 15 % of one core;
first frame under 1.5 s after the command starts. Measured with SDL's dummy video driver,
and under a real X server (Xvfb) when ``xvfb-run`` is installed.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SCROLL = "from microbit import *\nwhile True:\n    display.scroll('Hello, Terakoya!')\n"
FRAMES = 300  # five seconds at 60 fps


def _run(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system) of a child command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(args, env=env, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def window_figures(xvfb: bool = False) -> dict[str, float]:
    env = {**os.environ, "SDL_AUDIODRIVER": "dummy", "PYGAME_HIDE_SUPPORT_PROMPT": "1",
           "TERAKOYA_CHECK_ON_LOAD": "0"}  # the window alone, not the check it starts
    prefix: list[str] = []
    if xvfb:
        env.pop("SDL_VIDEODRIVER", None)
        prefix = ["xvfb-run", "-a", "-s", "-screen 0 1280x800x24"]
    else:
        env["SDL_VIDEODRIVER"] = "dummy"
    with tempfile.TemporaryDirectory() as folder:
        program = Path(folder) / "scroll.py"
        program.write_text(SCROLL)
        command = [*prefix, "terakoya", "sim", str(program), "--frames"]
        first_wall, _ = _run([*command, "1"], env)
        wall, cpu = _run([*command, str(FRAMES)], env)
    seconds = wall - first_wall  # the frames beyond the first
    return {"first_frame_s": first_wall, "fps": (FRAMES - 1) / seconds,
            "cpu_percent": 100 * cpu / wall}


def main() -> None:
    drivers = [("dummy driver", False)]
    if shutil.which("xvfb-run"):
        drivers.append(("Xvfb", True))
    for name, xvfb in drivers:
        f = window_figures(xvfb)
        print(f"window ({name}): first frame {f['first_frame_s']:.2f} s (target < 1.5 s); "
              f"{f['fps']:.0f} fps while scrolling (target 60) using {f['cpu_percent']:.0f} % "
              f"of one core (target < 15 %)")


if __name__ == "__main__":
    sys.exit(main())
