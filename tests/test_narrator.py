"""The narrator: focus moves and values, what the board prints and shows, errors with their
explanation, captions with notes, and the keys to repeat, describe, read, stop and pace it;
the system's voices (a fake espeak-ng on the PATH)."""

from __future__ import annotations

import os
import time

from terakoya.accessibility.narrator import Narrator
from terakoya.accessibility.voices import QueuedVoice, Silent, linux_voice
from terakoya.simulator.ui.controller import Controller


class Recording:
    def __init__(self):
        self.spoken: list[tuple[str, str, float]] = []
        self.stops = 0

    def speak(self, text, lang, rate):
        self.spoken.append((text, lang, rate))

    def stop(self):
        self.stops += 1

    def close(self):
        pass


def narrated(tmp_path, source: str, lang: str = "en"):
    path = tmp_path / "main.py"
    path.write_text(source, encoding="utf-8")
    ctl = Controller(paths=[path], lang=lang, run_checks=False)
    voice = Recording()
    ctl.narrator = Narrator(voice, lang)
    ctl.load()
    return ctl, voice


def said(voice: Recording) -> list[str]:
    return [text for text, _, _ in voice.spoken]


def test_focus_moves_and_values_are_spoken(tmp_path):
    ctl, voice = narrated(tmp_path, "from microbit import *\nsleep(99999)\n", lang="ja")
    try:
        light = next(i for i, c in enumerate(ctl.controls) if c.id == "light_level")
        ctl.set_focus(light)
        ctl.adjust(1)
        ctl.move_focus(1)
    finally:
        ctl.close()
    step = ctl.controls[light].step
    assert said(voice)[-3:-1] == ["明るさ, 127", f"明るさ, {127 + step:g}"]
    assert voice.stops >= 3  # each focus move cuts off what was being said


def test_what_the_board_prints_shows_and_fails_with_is_spoken(tmp_path):
    ctl, voice = narrated(tmp_path, "from microbit import *\nprint('hello')\n"
                                    "display.show(Image.HEART)\nsleep(500)\n"
                                    "display.scrol('x')\n", lang="ja")
    try:
        for _ in range(30):
            ctl.sim.run(50)
            ctl.narrator.tick(ctl.sim.now_ms)
    finally:
        ctl.close()
    words = said(voice)
    assert "hello" in words and "表示: ハート" in words
    assert any("AttributeError" in w for w in words)
    assert any("scroll" in w for w in words if "AttributeError" not in w)  # the explanation


def test_a_melody_is_spoken_with_its_notes(tmp_path):
    ctl, voice = narrated(tmp_path, "import music\nmusic.play(['c4:4', 'd4:4', 'e4:4'])\n")
    try:
        ctl.sim.run(1500)
    finally:
        ctl.close()
    assert "melody: C4 D E (1 beat each)" in said(voice)
    assert not any(w.startswith("♪") for w in said(voice))  # its notes are not said twice


def test_the_narrators_keys(tmp_path):
    ctl, voice = narrated(tmp_path, "from microbit import *\ndisplay.show(Image.HAPPY)\n"
                                    "print('one')\nsleep(99999)\n")
    try:
        ctl.sim.run(100)
        for key in ("f2", "f3", "f4", "f7", "f5"):
            ctl.perform(ctl.keys[key])
    finally:
        ctl.close()
    words = said(voice)
    assert words[-5:-1] == ["one", "the display shows: happy face", "one",
                            "speed 1.25"] or "the display shows: happy face" in words
    assert ctl.narrator.rate == 1.25 and voice.stops >= 4


def test_every_utterance_is_in_the_transcript_and_told_to_listeners(tmp_path):
    heard = []
    narrator = Narrator(Silent(), "en", boards=2)
    narrator.listeners.append(heard.append)
    narrator.say("hi", board=2)
    assert [u.text for u in narrator.transcript] == ["board 2: hi"] == [u.text for u in heard]


def test_espeak_ng_speaks_english_at_the_narrators_rate(tmp_path, monkeypatch):
    log = tmp_path / "spoken.txt"
    fake = tmp_path / "espeak-ng"
    fake.write_text(f"#!/bin/sh\necho \"$@\" >> {log}\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    voice = linux_voice()
    assert isinstance(voice, QueuedVoice)
    voice.speak("hello there", "en", 1.5)
    deadline = time.monotonic() + 10
    while not log.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    voice.close()
    assert log.read_text().split() == ["-v", "en", "-s", "262", "hello", "there"]


def test_without_open_jtalk_espeak_ng_gets_japanese_in_kana(tmp_path, monkeypatch):
    log = tmp_path / "spoken.txt"
    fake = tmp_path / "espeak-ng"
    fake.write_text(f"#!/bin/sh\necho \"$@\" >> {log}\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))  # espeak-ng only: no open_jtalk, no player
    voice = linux_voice()
    voice.speak("表示: ハート", "ja", 1.0)
    deadline = time.monotonic() + 10
    while not log.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    voice.close()
    assert log.read_text(encoding="utf-8").split() == ["-v", "ja", "-s", "175", "ひょうじ:",
                                                        "ハート"]
