"""What a blind learner hears, lesson by lesson: a scripted run of S01, S03, S04 and E03 (their
solutions, driven by text-mode commands) gives these utterances, in Japanese and English, in
this order (other words may come between them)."""

from __future__ import annotations

import io

import pytest
from terakoya.accessibility.narrator import Narrator
from terakoya.simulator.ui.controller import Controller
from terakoya.simulator.ui.text_mode import TextMode
from test_narrator import Recording

from terakoya.curriculum.catalog import find_lesson

SCRIPTS = {
    "S01": ["press a", "wait", "press b", "wait", "touch logo", "wait"],
    "S03": ["press a", "wait", "touch 0", "wait", "touch 2", "wait"],
    "S04": ["set temperature 30", "press a", "wait", "set temperature 12", "press a", "wait"],
    "E03": ["set light 200", "wait", "set light 10", "wait"],
}
EXPECTED = {
    ("S01", "ja"): ["話す: ready", "ボタン A を押した", "効果音: happy", "ボタン B を押した",
                    "メロディー（かっこの中は拍）: ド4(1) ミ(1) ソ(2)", "ロゴ にさわった"],
    ("S01", "en"): ["says: ready", "Button A pressed", "sound: happy", "Button B pressed",
                    "melody (beats): C4(1) E(1) G(2)", "the logo touched"],
    ("S03", "ja"): ["表示: にこにこ顔", "メロディー JUMP_UP: ド5 レ ミ ファ ソ（どれも ¼ 拍）", "表示: ハート",
                    "表示: 上向きの矢印"],
    ("S03", "en"): ["the display shows: happy face", "melody JUMP_UP: C5 D E F G (¼ beat each)",
                    "the display shows: heart", "the display shows: arrow pointing up"],
    ("S04", "ja"): ["話す: It is thirty degrees.", "話す: Hot! thirty degrees.",
                    "話す: It is twelve degrees."],
    ("S04", "en"): ["says: It is thirty degrees.", "says: Hot! thirty degrees.",
                    "says: It is twelve degrees."],
    ("E03", "ja"): ["25 この LED がすべてついています（明るさ 9）", "表示は消えています",
                    "light level 200", "light level 10",
                    "25 この LED がすべてついています（明るさ 9）"],
    ("E03", "en"): ["all 25 lights are on (brightness 9)", "the display is dark",
                    "light level 200", "light level 10", "all 25 lights are on (brightness 9)"],
}


def transcript(lesson_id: str, lang: str) -> list[str]:
    folder = find_lesson(lesson_id).folder
    ctl = Controller(paths=[folder / "solution.py"], lang=lang, run_checks=False)
    voice = Recording()
    ctl.narrator = Narrator(voice, lang)
    mode = TextMode(ctl, io.StringIO(), lang)
    ctl.load()

    def run(ms: int) -> None:
        for _ in range(ms // 50):
            ctl.sim.run(50)
            mode.settle()
            ctl.narrator.tick(ctl.sim.now_ms)

    try:
        run(1500)
        for command in SCRIPTS[lesson_id]:
            if command == "wait":
                run(2500)
            else:
                mode.command(command)
    finally:
        ctl.close()
    return [text for text, _, _ in voice.spoken]


def in_order(wanted: list[str], said: list[str]) -> bool:
    rest = iter(said)
    return all(any(word == s for s in rest) for word in wanted)


@pytest.mark.parametrize("lesson_id, lang", sorted(EXPECTED))
def test_a_scripted_lesson_says_what_a_blind_learner_needs(lesson_id, lang):
    said = transcript(lesson_id, lang)
    assert in_order(EXPECTED[(lesson_id, lang)], said), said
