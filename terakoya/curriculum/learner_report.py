"""What ``terakoya lessons test`` tells a pupil: each "I can" statement of the lesson, met,
not yet, or checked by the teacher (no test is evidence for it), and a hint for the first
one not met yet. Pure: the test results come in as the plugin wrote them."""

from __future__ import annotations

MET, NOT_YET, TEACHER = "met", "not_yet", "teacher"

WORDS = {
    "en": {MET: "met", NOT_YET: "not yet", TEACHER: "your teacher checks",
           "hint": "Hint: {hint}",
           "default_hint": "Run your program with terakoya sim and try what the sentence says: "
                           "what do you see, and what did you expect?",
           "summary": "{met} of {tested} met.", "all_met": "All {tested} met. Well done!",
           "show_teacher": "Show your teacher the ones marked \"your teacher checks\"."},
    "ja": {MET: "できた", NOT_YET: "まだ", TEACHER: "せんせいと たしかめる",
           "hint": "ヒント: {hint}",
           "default_hint": "terakoya sim でプログラムを うごかして、文に 書いてあることを "
                           "ためしてみよう。どうなった？ どうなると 思っていた？",
           "summary": "{tested} こ のうち {met} こ できました。",
           "all_met": "{tested} こ ぜんぶ できました。すばらしい！",
           "show_teacher": "「せんせいと たしかめる」は、せんせいに 見せてね。"},
}


def criterion_statuses(tests: list[dict], count: int) -> list[str]:
    """For criteria 1..count: MET when every test for it passed, NOT_YET when one did not,
    TEACHER when no test is evidence for it (or all its tests were skipped)."""
    statuses = []
    for number in range(1, count + 1):
        outcomes = [t["outcome"] for t in tests if number in t.get("criteria", ())
                    and t.get("outcome") != "skipped"]
        statuses.append(TEACHER if not outcomes else
                        MET if all(o == "passed" for o in outcomes) else NOT_YET)
    return statuses


def _say(criterion: dict, lang: str) -> str:
    return str(criterion.get(lang) or criterion.get("en") or "")


def report_lines(criteria: list[dict], statuses: list[str], lang: str) -> list[str]:
    """The lines to print: one per "I can" statement, the hint, and a summary."""
    lang = "ja" if lang == "ja" else "en"
    words = WORDS[lang]
    lines = [f"  [{words[status]}] {_say(c, lang)}" for c, status in zip(criteria, statuses)]
    unmet = [c for c, status in zip(criteria, statuses) if status == NOT_YET]
    if unmet:
        hint = unmet[0].get("hint") or {}
        lines.append(words["hint"].format(goal=_say(unmet[0], lang),
                                          hint=hint.get(lang) or words["default_hint"]))
    tested = sum(status != TEACHER for status in statuses)
    met = statuses.count(MET)
    if tested:
        lines.append(words["all_met" if met == tested else "summary"].format(met=met,
                                                                             tested=tested))
    if TEACHER in statuses:
        lines.append(words["show_teacher"])
    return lines


def all_met(statuses: list[str]) -> bool:
    return NOT_YET not in statuses
