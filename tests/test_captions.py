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
    assert "メロディー: ド4 レ ミ 休み ファ♯5" in seen
    assert any(c.startswith("メロディー BIRTHDAY: ド4 ド レ ド ファ ミ") for c in seen)
    assert "♪ ド4 (262 Hz)" in seen


def test_english_captions_and_events_without_sound():
    from terakoya.simulator.model.audio import VolumeChanged
    from terakoya.simulator.model.events import SerialOutput

    assert caption(VolumeChanged(1, 100), "en") == "volume 100 of 255"
    assert caption(SerialOutput(1, "hi"), "ja") is None
