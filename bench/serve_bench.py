"""Issue 18's figures: a class of 40 pupils on ``terakoya serve``, on this machine.

A real server (uvicorn, in this process) and 40 pupils' pages (WebSocket clients in one asyncio
loop, as 40 Chromebooks would be): each joins with the class code, sends a typical lesson
program (the lessons' own solutions, in turn) and presses Run. Measured: how fast each board's
virtual clock moves against the wall clock while all 40 run (a board at 1x keeps real time),
the batches the pages receive a second, the memory each board takes (its MicroPython process,
and the server's own growth), and the time from Run to the first LED picture on the page.

    python bench/serve_bench.py [--boards 40] [--seconds 20]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LESSONS = ("E01", "E03", "E04", "E05", "E06", "E08", "E09", "E10")
CODE = "2468"
HEART = "from microbit import *\ndisplay.show(Image.HEART)\n"
BUSY = """from microbit import *
n = 0
while True:
    display.show(Image.ALL_CLOCKS[n % 12])
    if n % 5 == 0:
        print('tick', n, temperature())
    n += 1
    sleep(100)
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def programs() -> list[str]:
    found = []
    for lesson in LESSONS:
        folder = next((ROOT / "lessons").glob(f"{lesson}-*"))
        found.append((folder / "solution.py").read_text(encoding="utf-8"))
    return found


def rss_kb(pid: str = "self") -> int:
    with open(f"/proc/{pid}/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS"))


def join(port: int, nickname: str) -> str:
    data = urllib.parse.urlencode({"code": CODE, "nickname": nickname}).encode()

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        opener.open(f"http://127.0.0.1:{port}/join", data)
    except urllib.error.HTTPError as answer:  # the 303 to /pupil, with the cookie
        cookie = answer.headers["set-cookie"]
        return cookie.split(";")[0]
    raise RuntimeError("no cookie")


class Page:
    """One pupil's page: counts batches and notes when the first lit LED picture came."""

    def __init__(self) -> None:
        self.batches = 0
        self.run_at = 0.0
        self.first_led_ms: float | None = None

    async def run(self, port: int, cookie: str, program: str, seconds: float) -> None:
        from websockets.asyncio.client import connect

        async with connect(f"ws://127.0.0.1:{port}/ws", additional_headers={"Cookie": cookie},
                           max_size=None) as ws:
            self.run_at = time.perf_counter()
            await ws.send(json.dumps({"t": "run", "program": "blank", "text": program}))
            end = time.perf_counter() + seconds
            while (left := end - time.perf_counter()) > 0:
                try:
                    message = json.loads(await asyncio.wait_for(ws.recv(), left))
                except TimeoutError:
                    break
                self.batches += 1
                for item in message.get("items", []):
                    if item["t"] == "display" and self.first_led_ms is None and \
                            any(any(row) for row in item["rows"]):
                        self.first_led_ms = (time.perf_counter() - self.run_at) * 1000


def start_server(classroom, port: int):  # type: ignore[no-untyped-def]
    import uvicorn

    from terakoya.serve.app import create_app

    server = uvicorn.Server(uvicorn.Config(create_app(classroom), host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    return server, thread


def clocks(classroom) -> dict[str, tuple[float, float]]:  # type: ignore[no-untyped-def]
    now = time.perf_counter()
    found = {}
    for name, pupil in classroom.pupils.items():
        ctl = pupil.board._ctl if pupil.board is not None else None  # noqa: SLF001
        if ctl is not None and ctl.sim is not None:
            found[name] = (ctl.sim.now_ms, now)
    return found


def measure(boards: int, seconds: float, sources: list[str]) -> dict[str, float]:
    from terakoya.serve.classroom import Classroom

    port = free_port()
    with tempfile.TemporaryDirectory() as data:
        classroom = Classroom(CODE, Path(data), "en")
        server, thread = start_server(classroom, port)
        host_before = rss_kb()
        cookies = [join(port, f"pupil{n}") for n in range(boards)]
        pages = [Page() for _ in range(boards)]
        marks: dict[str, dict] = {}

        async def sample() -> None:
            await asyncio.sleep(seconds * 0.35)  # everyone has started and settled
            marks["a"] = clocks(classroom)
            cpu_a = cpu_seconds(classroom), time.perf_counter()
            await asyncio.sleep(seconds * 0.5)
            marks["b"] = clocks(classroom)
            marks["cpu"] = ((cpu_seconds(classroom) - cpu_a[0]) /
                            (time.perf_counter() - cpu_a[1]))
            marks["rss"] = {"host": rss_kb(), "boards": board_rss(classroom)}

        async def everyone() -> None:
            await asyncio.gather(sample(), *(page.run(port, cookie, sources[n % len(sources)],
                                                      seconds)
                                             for n, (page, cookie) in enumerate(zip(pages,
                                                                                     cookies))))

        asyncio.run(everyone())
        ratios = [(marks["b"][k][0] - marks["a"][k][0]) / 1000 /
                  (marks["b"][k][1] - marks["a"][k][1])
                  for k in marks["b"] if k in marks["a"]]
        firsts = [p.first_led_ms for p in pages if p.first_led_ms is not None]
        server.should_exit = True
        thread.join(10)
        classroom.close()
    return {"boards": boards, "ratio_min": min(ratios), "ratio_median": statistics.median(ratios),
            "batches_per_s": statistics.median(p.batches for p in pages) / seconds,
            "board_mb": statistics.median(marks["rss"]["boards"]) / 1024,
            "host_mb_per_board": (marks["rss"]["host"] - host_before) / 1024 / boards,
            "first_led_median": statistics.median(firsts), "first_led_max": max(firsts),
            "lit": len(firsts), "cores": marks["cpu"]}


def cpu_seconds(classroom) -> float:  # type: ignore[no-untyped-def]
    """Processor seconds used so far by the server (this process, every thread) and by every
    board process running now."""
    ticks = os.sysconf("SC_CLK_TCK")
    used = time.process_time()
    for pid in board_pids(classroom):
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            used += (int(fields[11]) + int(fields[12])) / ticks  # utime + stime
        except (OSError, IndexError, ValueError):
            pass
    return used


def board_pids(classroom) -> list[int]:  # type: ignore[no-untyped-def]
    pids = []
    for pupil in list(classroom.pupils.values()):
        ctl = pupil.board._ctl if pupil.board is not None else None  # noqa: SLF001
        for board in (ctl.boards if ctl is not None else []):
            process = board.program._process  # noqa: SLF001 - a measurement, not an API
            if process is not None and process.proc.poll() is None:
                pids.append(process.proc.pid)
    return pids


def board_rss(classroom) -> list[int]:  # type: ignore[no-untyped-def]
    sizes = []
    for pupil in classroom.pupils.values():
        ctl = pupil.board._ctl if pupil.board is not None else None  # noqa: SLF001
        for board in (ctl.boards if ctl is not None else []):
            process = board.program._process  # noqa: SLF001 - a measurement, not an API
            if process is not None and process.proc.poll() is None:
                sizes.append(rss_kb(str(process.proc.pid)))
    return sizes or [0]


def main(boards: int = 40, seconds: float = 20.0) -> None:
    if not Path("/proc/self/status").exists():
        print("terakoya serve: needs Linux (/proc) to measure; not measured here")
        return
    f = measure(boards, seconds, programs())
    alone = [measure(1, 2.0, [HEART])["first_led_median"] for _ in range(5)]
    busy = measure(boards, seconds, [BUSY])
    print(f"terakoya serve, {f['boards']} pupils' boards at once (lesson solutions), over "
          f"{seconds:.0f} s: real-time ratio min {f['ratio_min']:.2f}x, median "
          f"{f['ratio_median']:.2f}x (target >= 1x), using {f['cores']:.2f} of "
          f"{os.cpu_count()} cores; {f['batches_per_s']:.1f} event batches/s "
          f"per page; memory {f['board_mb']:.1f} MB per board process + "
          f"{f['host_mb_per_board']:.1f} MB of server per board; Run -> first LED on the page "
          f"median {f['first_led_median']:.0f} ms, max {f['first_led_max']:.0f} ms "
          f"({f['lit']} boards lit, all pressing Run at once); one pupil alone showing a "
          f"heart: Run -> first LED median {statistics.median(alone):.0f} ms")
    print(f"terakoya serve, {boards} boards animating the LEDs every 100 ms and printing every "
          f"500 ms: real-time ratio min {busy['ratio_min']:.2f}x, median "
          f"{busy['ratio_median']:.2f}x, using {busy['cores']:.2f} of {os.cpu_count()} cores; "
          f"{busy['batches_per_s']:.1f} event batches/s per page")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--boards", type=int, default=40)
    parser.add_argument("--seconds", type=float, default=20.0)
    options = parser.parse_args()
    sys.exit(main(options.boards, options.seconds))
