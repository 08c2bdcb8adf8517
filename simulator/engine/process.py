"""One board process: the engine program, started with its pipes and its limits.

The process gets only its two pipes (and standard error, kept for a crash's last words),
an empty environment, a folder of its own, and OS limits on memory, file size and CPU:
a second fence behind the board's own 64 KB heap and the sandbox it enters itself.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from .protocol import ProtocolError, frame_length

MEMORY_LIMIT = 96 * 1024 * 1024  # address space of one board process (it needs ~1.5 MB)
CPU_LIMIT_S = 24 * 3600  # a board left running all day is fine; a runaway host is not


class BoardGone(Exception):
    """The board process ended without saying goodbye (it crashed, or was killed)."""


def _limits() -> None:  # pragma: no cover - runs in the child before exec
    import resource

    for limit, value in ((resource.RLIMIT_AS, MEMORY_LIMIT), (resource.RLIMIT_FSIZE, 0),
                         (resource.RLIMIT_CORE, 0), (resource.RLIMIT_CPU, CPU_LIMIT_S)):
        try:
            resource.setrlimit(limit, (value, value))
        except (ValueError, OSError):  # a system without this limit (macOS has no RLIMIT_AS)
            pass
    os.setsid()  # its own process group: a Ctrl-C in the terminal is the host's to handle


def share_cpu() -> set[int] | None:
    """Keep the calling thread on the processor it runs on now: threads and board processes
    started from it inherit that, and they take turns on one processor. Handing the turn
    over within one processor takes a few microseconds; across processors, ten times as
    long. Returns the processors the thread had (for ``restore_cpus``), or None."""
    if hasattr(os, "sched_setaffinity") and hasattr(os, "sched_getaffinity"):
        try:
            allowed = os.sched_getaffinity(0)
            os.sched_setaffinity(0, {_current_cpu(sorted(allowed))})
            return allowed
        except OSError:
            pass
    return None


def restore_cpus(allowed: set[int]) -> None:
    try:
        os.sched_setaffinity(0, allowed)
    except OSError:
        pass


def _current_cpu(allowed: list[int]) -> int:
    try:
        with open("/proc/thread-self/stat", "rb") as stat:
            fields = stat.read().rsplit(b")", 1)[1].split()
        cpu = int(fields[36])  # field 39 of stat: the processor it last ran on
        return cpu if cpu in allowed else allowed[0]
    except (OSError, IndexError, ValueError):
        return allowed[0]


def _windows_job(proc: subprocess.Popen) -> object:  # pragma: no cover - Windows only
    """Windows has no rlimit: a Job object caps the board process's memory (and lets it start
    no other process, and ends it with the job). Not run here (no Windows in this project's
    CI); if the system refuses, the board's own 64 KB heap is the only cap."""
    import ctypes
    from ctypes import wintypes

    class Basic(ctypes.Structure):
        _fields_ = [("PerProcessUserTimeLimit", ctypes.c_int64),
                    ("PerJobUserTimeLimit", ctypes.c_int64), ("LimitFlags", wintypes.DWORD),
                    ("MinimumWorkingSetSize", ctypes.c_size_t),
                    ("MaximumWorkingSetSize", ctypes.c_size_t),
                    ("ActiveProcessLimit", wintypes.DWORD), ("Affinity", ctypes.c_size_t),
                    ("PriorityClass", wintypes.DWORD), ("SchedulingClass", wintypes.DWORD)]

    class Extended(ctypes.Structure):
        _fields_ = [("BasicLimitInformation", Basic), ("IoInfo", ctypes.c_ulonglong * 6),
                    ("ProcessMemoryLimit", ctypes.c_size_t), ("JobMemoryLimit", ctypes.c_size_t),
                    ("PeakProcessMemoryUsed", ctypes.c_size_t),
                    ("PeakJobMemoryUsed", ctypes.c_size_t)]

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    job = kernel32.CreateJobObjectW(None, None)
    info = Extended()
    # process memory limit, one active process, killed when the job's handle closes
    info.BasicLimitInformation.LimitFlags = 0x100 | 0x8 | 0x2000
    info.BasicLimitInformation.ActiveProcessLimit = 1
    info.ProcessMemoryLimit = MEMORY_LIMIT
    extended_limit_information = 9
    if job and kernel32.SetInformationJobObject(job, extended_limit_information,
                                                ctypes.byref(info), ctypes.sizeof(info)):
        kernel32.AssignProcessToJobObject(job, int(proc._handle))  # type: ignore[attr-defined]
    return job


class BoardProcess:
    """The running engine program of one board, and its two pipes."""

    def __init__(self, executable: Path):
        kwargs: dict[str, object] = {}
        if sys.platform != "win32":
            kwargs["preexec_fn"] = _limits
        else:  # pragma: no cover - no Windows here
            kwargs["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP
        self.proc = subprocess.Popen(
            [str(executable)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, env={}, cwd=tempfile.gettempdir(), close_fds=True,
            bufsize=0, **kwargs)  # type: ignore[arg-type]
        # buffered: a frame usually arrives whole, and is then read with one system call
        if sys.platform == "win32":  # pragma: no cover - no Windows here
            self._job = _windows_job(self.proc)
        self._in = io.BufferedReader(self.proc.stdout, buffer_size=1 << 16)  # type: ignore[arg-type]
        self._out = self.proc.stdin
        self._lock = threading.Lock()
        self.killed = False

    def send(self, frame: bytes) -> None:
        try:
            self._out.write(frame)  # type: ignore[union-attr]
        except (BrokenPipeError, OSError, ValueError):
            raise BoardGone from None

    def receive(self) -> bytes:
        head = self._read(4)
        return self._read(frame_length(head))

    def _read(self, n: int) -> bytes:
        chunks = []
        while n > 0:
            try:
                chunk = self._in.read(n)  # type: ignore[union-attr]
            except (OSError, ValueError):
                chunk = b""
            if not chunk:
                raise BoardGone
            chunks.append(chunk)
            n -= len(chunk)
        return b"".join(chunks)

    def kill(self) -> None:
        """End the process at once (safe from any thread, and more than once)."""
        with self._lock:
            if self.proc.poll() is None:
                self.killed = True
                try:
                    self.proc.send_signal(signal.SIGKILL if hasattr(signal, "SIGKILL")
                                          else signal.SIGTERM)
                except OSError:
                    pass

    def close(self) -> int | None:
        """Wait for the process to end (killing it if it does not) and free its pipes."""
        try:
            code = self.proc.wait(timeout=1.0)
        except subprocess.TimeoutExpired:
            self.kill()
            code = self.proc.wait()
        for pipe in (self.proc.stdin, self._in, self.proc.stderr):
            try:
                if pipe is not None:
                    pipe.close()
            except OSError:
                pass
        return code

    def last_words(self) -> str:
        """What the process wrote on standard error (after it ended), for a report."""
        try:
            data = self.proc.stderr.read(2000) if self.proc.stderr else b""  # type: ignore[union-attr]
        except (OSError, ValueError):
            data = b""
        return data.decode("utf-8", "replace").strip()


__all__ = ["BoardProcess", "BoardGone", "ProtocolError"]
