"""Captions in the language of the window, naming a melody's notes in order (the lesson's aim
for a deaf or hard-of-hearing learner is the order, not the count)."""

from pathlib import Path

from terakoya.accessibility.captions import caption, note_name
from terakoya.simulator.ui.app import WindowOptions, make_controller

TUNE = 'import music\nmusic.play(["c4:4", "d", "e", "r", "f#5:2"])\nmusic.play(music.BIRTHDAY)\n'


def test_note_names_in_both_languages():
    assert [note_name(n, "ja") for n in ("c4:4", "d", "f#5:2", "eb", "r:2")] == \
        ["ド4", "レ", "ファ♯5", "ミ♭", "休み"]
    assert [note_name(n, "en") for n in ("c4:4", "b", "a#")] == ["C4", "B", "A♯"]


def test_the_window_captions_a_melody_by_its_notes_in_japanese(tmp_path: Path):
    program = tmp_path / "main.py"
    program.write_text(TUNE, encoding="utf-8")
    ctl = make_controller(WindowOptions([program], lang="ja"))
    seen: list[str] = []
    ctl.listeners.append(lambda event: seen.append(caption(event, "ja") or ""))
    try:
        ctl.tick(6000)
    finally:
        ctl.close()
    # each note with its length in beats (a rest too), the octave where it changes
    assert "メロディー（かっこの中は拍）: ド4(1) レ(1) ミ(1) 休み(1) ファ♯5(½)" in seen
    assert any(c.startswith("メロディー BIRTHDAY（かっこの中は拍）: ド4(¾) ド(¼) レ(1) ド(1) ファ(1) ミ(2)")
               for c in seen)
    assert "♪ ド4 (262 Hz)" in seen


def test_english_captions_and_events_without_sound():
    from terakoya.simulator.model.audio import VolumeChanged
    from terakoya.simulator.model.events import SerialOutput

    assert caption(VolumeChanged(1, 100), "en") == "volume 100 of 255"
    assert caption(SerialOutput(1, "hi"), "ja") is None


def test_a_melody_of_notes_the_same_length_says_the_length_once_and_follows_the_tempo():
    from terakoya.simulator import Simulation
    from terakoya.simulator.model.audio import MelodyStarted

    source = ("import music\nmusic.play(['c', 'e', 'g'])\nmusic.set_tempo(ticks=8)\n"
              "music.play(['a3:4', 'b', 'c4:8', 'e:2'])\n")
    with Simulation(seed=1) as sim:
        board = sim.add_board(source=source)
        melodies: list[MelodyStarted] = []
        board.model.bus.subscribe(
            lambda e: melodies.append(e) if isinstance(e, MelodyStarted) else None)
        sim.run(3000)
    assert [caption(m, "en") for m in melodies] == [
        "melody: C4 E G (1 beat each)",
        "melody (beats): A3(½) B(½) C4(1) E(¼)"]
    assert caption(melodies[0], "ja") == "メロディー: ド4 ミ ソ（どれも 1 拍）"
