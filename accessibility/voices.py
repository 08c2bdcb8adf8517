"""The narrator's voices: the system's, found when the narrator first speaks (never at import).

- Windows and macOS: ``pyttsx3`` (SAPI/OneCore voices such as Haruka, macOS voices such as
  Kyoko), when it is installed (``pip install pyttsx3``).
- Linux: Open JTalk for Japanese (Debian: ``open-jtalk``, ``open-jtalk-mecab-naist-jdic``,
  ``hts-voice-nitech-jp-atr503-m001``; played with ``aplay`` or ``paplay``) and espeak-ng for
  English (``espeak-ng``).
- Nothing found: ``Silent``, which speaks nothing (the transcript is still there).

Every voice speaks on its own thread, one utterance after the other; ``stop()`` ends the one
being spoken and drops the rest.
"""

from __future__ import annotations

import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from .kana import to_kana

JTALK_DICTIONARIES = ("/var/lib/mecab/dic/open-jtalk/naist-jdic", "/usr/share/open_jtalk/dic")
JTALK_VOICES = ("/usr/share/hts-voice/nitech-jp-atr503-m001/nitech_jp_atr503_m001.htsvoice",)
BASE_WORDS_PER_MINUTE = 175  # espeak-ng's rate at speed 1


class Voice(Protocol):
    def speak(self, text: str, lang: str, rate: float) -> None: ...
    def stop(self) -> None: ...
    def close(self) -> None: ...


class Silent:
    """No voice: the narrator's words are only in its transcript."""

    name = "silent"

    def speak(self, text: str, lang: str, rate: float) -> None:
        pass

    def stop(self) -> None:
        pass

    def close(self) -> None:
        pass


class QueuedVoice:
    """Utterances spoken in order on one thread by ``say(text, lang, rate)``; ``stop()`` ends
    the current one (a subprocess: killed) and forgets those waiting."""

    def __init__(self, say: Callable[[str, str, float, Callable[[subprocess.Popen], None]], None],
                 name: str):
        self.name = name
        self._say = say
        self._queue: queue.Queue[tuple[str, str, float] | None] = queue.Queue()
        self._current: subprocess.Popen | None = None
        self._thread = threading.Thread(target=self._work, daemon=True, name=f"voice-{name}")
        self._thread.start()

    def speak(self, text: str, lang: str, rate: float) -> None:
        self._queue.put((text, lang, rate))

    def stop(self) -> None:
        while True:
            try:
                self._queue.get_nowait()
            except queue.Empty:
                break
        process = self._current
        if process is not None and process.poll() is None:
            process.kill()

    def close(self) -> None:
        self.stop()
        self._queue.put(None)

    def _work(self) -> None:
        while (item := self._queue.get()) is not None:
            try:
                self._say(*item, self._started)
            except (OSError, subprocess.SubprocessError):
                pass  # a voice that fails says nothing; the transcript still has the words
            self._current = None

    def _started(self, process: subprocess.Popen) -> None:
        self._current = process


def _run(command: list[str], started: Callable[[subprocess.Popen], None],
         text: str | None = None) -> None:
    process = subprocess.Popen(command, stdin=subprocess.PIPE if text is not None else None,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    started(process)
    process.communicate(None if text is None else text.encode("utf-8"), timeout=120)


def linux_voice() -> Voice:
    espeak = shutil.which("espeak-ng")
    jtalk = _jtalk()
    player = shutil.which("aplay") or shutil.which("paplay")
    if espeak is None and (jtalk is None or player is None):
        return Silent()

    def say(text: str, lang: str, rate: float, started) -> None:  # type: ignore[no-untyped-def]
        if lang == "ja" and jtalk is not None and player is not None:
            with tempfile.TemporaryDirectory() as folder:
                wav = str(Path(folder) / "say.wav")
                _run([*jtalk, "-r", f"{rate:.2f}", "-ow", wav], started, text)
                _run([player, wav] if player.endswith("paplay") else [player, "-q", wav],
                     started)
        elif espeak is not None:  # espeak-ng's Japanese reads kana, not kanji: given in kana
            voice = "ja" if lang == "ja" else "en"
            words = to_kana(text) if lang == "ja" else text
            _run([espeak, "-v", voice, "-s", str(int(BASE_WORDS_PER_MINUTE * rate)), words],
                 started)

    return QueuedVoice(say, "open-jtalk+espeak-ng")


def _jtalk() -> list[str] | None:
    binary = shutil.which("open_jtalk")
    dictionary = next((d for d in JTALK_DICTIONARIES if os.path.isdir(d)), None)
    voice = next((v for v in JTALK_VOICES if os.path.isfile(v)), None)
    if binary is None or dictionary is None or voice is None:
        return None
    return [binary, "-x", dictionary, "-m", voice]


def pyttsx3_voice() -> Voice:
    try:
        import pyttsx3  # noqa: F401 (optional: Windows SAPI/OneCore, macOS voices)
    except ImportError:
        return Silent()

    def say(text: str, lang: str, rate: float, started) -> None:  # type: ignore[no-untyped-def]
        import pyttsx3

        engine = pyttsx3.init()
        engine.setProperty("rate", int(BASE_WORDS_PER_MINUTE * rate))
        wanted = ("ja", "japanese", "haruka", "kyoko") if lang == "ja" else ("en",)
        for voice in engine.getProperty("voices"):
            words = f"{voice.id} {voice.name} {getattr(voice, 'languages', '')}".lower()
            if any(w in words for w in wanted):
                engine.setProperty("voice", voice.id)
                break
        engine.say(text)
        engine.runAndWait()

    return QueuedVoice(say, "pyttsx3")


def system_voice() -> Voice:
    """The best voice this computer has (looked for now, not at import)."""
    if sys.platform.startswith("linux"):
        return linux_voice()
    return pyttsx3_voice()
