"""How long ``terakoya check`` takes: one program, and many (the corpus stands in for a whole
curriculum until the lessons exist). Targets (issue 5): one lesson under 3 s; the whole
curriculum under 30 s with a cache (the stubs are installed into the cache on first use)."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed(args: list[str], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(["terakoya", "check", *args], capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    one = timed([str(ROOT / "examples" / "heart.py")])
    corpus = sorted((ROOT / "tests" / "corpus").glob("*.py"))
    many = timed([str(ROOT / "tests" / "corpus")])
    print(f"terakoya check: one program {one:.2f} s (target < 3 s); {len(corpus)} programs "
          f"{many:.2f} s (target: a curriculum < 30 s)")


if __name__ == "__main__":
    sys.exit(main())
